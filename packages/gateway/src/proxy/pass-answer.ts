/**
 * WATI's answer, once its head is in, passed back to the caller: streamed as it arrives, or, for
 * a send with an Idempotency-Key, read whole and kept for replay before the caller sees any of it
 * (so a retry always gets it, whether or not this caller is still there). An answer announced
 * larger than the cap is refused before any of it is read.
 */
import type { ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import type { SendClaim } from '../idempotency/claim-send.js';
import { unknownOutcome } from '../idempotency/claim-send.js';
import type { StoredResponse } from '../idempotency/idempotency-store.js';
import { answerSink } from './answer-sink.js';
import { answerHeaderList, filterResponseHeaders } from './filter-headers.js';
import type { ProxyBody } from './read-body.js';
import { responseTooLarge, upstreamError } from './upstream-error.js';
import { collectBody, type UpstreamExchange, type UpstreamHead } from './upstream-exchange.js';

/** Headers every answer of one request carries, lowercase: its id, then its rate-limit standing. */
export type AnswerHeaders = Record<string, string>;

export interface PassAnswerOptions {
  requestId: string;
  res: ServerResponse;
  exchange: UpstreamExchange;
  head: UpstreamHead;
  answer: AnswerHeaders;
  /** The send's Idempotency-Key claim, when it has one: its answer is kept before it is passed on. */
  claim: SendClaim | undefined;
  maxResponseBytes: number;
  timeoutMs: number;
  logger: Logger;
}

/** True when WATI announces more than `max` bytes. */
export function announcedTooLarge(head: UpstreamHead, max: number): boolean {
  const value = head.headers['content-length'];
  return Number(Array.isArray(value) ? value[0] : value) > max;
}

/** Header names lowercased, so that later entries replace earlier ones whatever their case. */
function lowerKeys(headers: Record<string, string | undefined>, into: Record<string, string>): void {
  for (const name in headers) {
    const value = headers[name];
    if (value !== undefined) into[name.toLowerCase()] = value;
  }
}

function flatHeaders(headers: Record<string, string | string[]>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) out[k] = Array.isArray(v) ? v.join(', ') : v;
  return out;
}

/** Adds `headers` to the answer's own, lowercase. */
export function addAnswerHeaders(answer: AnswerHeaders, headers: Record<string, string | undefined>): void {
  lowerKeys(headers, answer);
}

/** A whole answer with a body in memory, as kept for replay (`content-type` defaults as the replay's). */
function writeWhole(res: ServerResponse, status: number, headers: AnswerHeaders, body: Buffer): void {
  headers['content-type'] ??= 'application/octet-stream';
  headers['content-length'] = String(body.length);
  res.writeHead(status, headers).end(body);
}

/**
 * Replays a kept answer. A replay reaches nobody, so an unread upload is drained, not forwarded:
 * the caller then sees the replay, not a reset.
 */
export function writeReplay(
  res: ServerResponse,
  replay: StoredResponse,
  answer: AnswerHeaders,
  body: Readonly<ProxyBody>,
): void {
  if (body.forward && !Buffer.isBuffer(body.forward)) body.forward.resume();
  const headers: AnswerHeaders = { ...answer };
  lowerKeys(replay.headers, headers);
  headers['idempotent-replayed'] = 'true';
  writeWhole(res, replay.status, headers, Buffer.from(replay.body, 'base64'));
}

export async function passAnswer(options: PassAnswerOptions): Promise<void> {
  const { requestId, res, exchange, head, answer, claim, maxResponseBytes, timeoutMs } = options;
  const oversize = announcedTooLarge(head, maxResponseBytes) ? responseTooLarge(maxResponseBytes) : undefined;
  if (oversize) exchange.abort(oversize);
  if (claim === undefined) {
    if (oversize) throw oversize;
    const headers = answerHeaderList(answer, head.headers);
    const { sink, done } = answerSink({ ...options, status: head.status, headers });
    exchange.consume(sink);
    return done;
  }
  // A send's answer is a few hundred bytes. One that breaks off leaves the send's outcome
  // unknown, and that is what is kept.
  let body: Buffer;
  try {
    if (oversize) throw oversize;
    body = await collectBody(exchange, maxResponseBytes, () => responseTooLarge(maxResponseBytes));
  } catch (error) {
    const outcome = unknownOutcome(upstreamError(error, timeoutMs));
    await claim.storeFailure(outcome, requestId);
    throw outcome;
  }
  const kept = flatHeaders(filterResponseHeaders(head.headers));
  await claim.store({ status: head.status, headers: kept, body });
  writeWhole(res, head.status, { ...answer, ...kept }, body);
}
