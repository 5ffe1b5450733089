/**
 * Deterministic identities for a broadcast batch: the same batch of the same CSV for the same
 * template and broadcast name always gets the same Idempotency-Key and the same per-receiver
 * localMessageIds, so a batch re-sent after a crash is recognised by the gateway and replayed.
 */
import { createHash } from 'node:crypto';
import type { Receiver } from './receiver-from-row.js';

export interface BatchIdentity {
  template: string;
  broadcastName: string;
  /** Identifies the CSV (its header and size), see csvIdentity. */
  csvId: string;
  batchIndex: number;
  receivers: readonly Receiver[];
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** `wgb_` and 40 hex digits of SHA-256 over the template, broadcast, CSV, batch index and rows. */
export function batchIdempotencyKey(batch: BatchIdentity): string {
  const material = JSON.stringify([
    'watigate-broadcast/1',
    batch.template,
    batch.broadcastName,
    batch.csvId,
    batch.batchIndex,
    batch.receivers.map((r) => [r.whatsappNumber, r.customParams.map((p) => [p.name, p.value])]),
  ]);
  return `wgb_${sha256(material).slice(0, 40)}`;
}

/** A UUID-shaped id for receiver `position` of a batch, derived from the batch's key. */
export function receiverMessageId(idempotencyKey: string, position: number): string {
  const h = sha256(`${idempotencyKey}:${position}`);
  // Version 8 (custom) UUID layout, RFC 9562 §5.8.
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-8${h.slice(13, 16)}-${((Number.parseInt(h.slice(16, 17), 16) & 0x3) | 0x8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** Identifies a CSV by its header line and size: a different file, or an edited one, gets a new id. */
export function csvIdentity(header: readonly string[], size: number): string {
  return sha256(JSON.stringify([header, size])).slice(0, 16);
}
