/**
 * One send tool call, whichever API version: with dry_run, the pre-flight and a description of
 * what would be sent (or the refusal, as an error result); without, the send once per
 * idempotency key (sendOnce), with WATI's answer. The steps that differ by version (pre-flight,
 * description, the call itself, the one-line summary, errors in the tool's terms) come in.
 */
import { createHash } from 'node:crypto';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { WatiClient } from '@watigate/client';
import { z } from 'zod';
import { CheckedSessionWindow } from './check-session-window.js';
import { DryRunRefusal, SendPreview } from './describe-send.js';
import { newIdempotencyKey, sendOnce } from './idempotency.js';
import { errorResult, jsonResult, type McpLogger } from './tool-result.js';

export interface SendSteps<Prepared> {
  /** Pre-flight: the input to send, or a throw (a WatiValidationError) when it breaks a rule. */
  prepare(): Prepared;
  /** What the send would do, or a DryRunRefusal when WATI would refuse it. */
  describe(prepared: Prepared): Promise<SendPreview>;
  /** The send itself, carrying the idempotency key. */
  send(prepared: Prepared, options: { idempotencyKey: string }): Promise<unknown>;
  /** One sentence for a send that went out, given WATI's answer. */
  summary(prepared: Prepared, answer: unknown): string;
  /** What a second call with the same key is compared with: the operation and its input. */
  request(prepared: Prepared): Promise<unknown>;
  /** An error in the tool's terms (its field names). */
  speak(error: unknown): unknown;
}

export interface SendContext {
  client: WatiClient;
  now: () => number;
  logger: McpLogger | undefined;
}

export async function runSend<Prepared>(
  name: string,
  steps: SendSteps<Prepared>,
  { client, now, logger }: SendContext,
  dryRun: boolean,
  givenKey: string | undefined,
): Promise<CallToolResult> {
  const idempotency_key = givenKey ?? newIdempotencyKey();
  if (dryRun) {
    try {
      const preview = await steps.describe(steps.prepare());
      return jsonResult(
        { dry_run: true, sent: false, idempotency_key, ...preview },
        `Dry run, nothing sent. ${preview.summary}`,
      );
    } catch (error) {
      const found = error instanceof DryRunRefusal ? error.found : {};
      return errorResult(name, steps.speak(error), logger, {
        dry_run: true,
        sent: false,
        would_send: false,
        idempotency_key,
        ...found,
      });
    }
  }
  try {
    const prepared = steps.prepare();
    const request = await steps.request(prepared);
    const answer = await sendOnce(
      client,
      idempotency_key,
      request,
      (options) => steps.send(prepared, options),
      now,
    );
    const summary = steps.summary(prepared, answer);
    return jsonResult({ dry_run: false, sent: true, idempotency_key, summary, wati: answer }, summary);
  } catch (error) {
    // The key goes back with the error: a retry with it cannot send twice.
    return errorResult(name, steps.speak(error), logger, { idempotency_key });
  }
}

/**
 * A send's input as compared between two calls with one idempotency key: a file by its name, type
 * and the SHA-256 of its bytes, so that another file of the same name and size is a different send.
 */
export async function fingerprint(input: Record<string, unknown>): Promise<Record<string, unknown>> {
  const entries = await Promise.all(
    Object.entries(input).map(async ([k, v]) => [
      k,
      v instanceof Blob
        ? {
            name: (v as File).name,
            type: v.type,
            sha256: createHash('sha256')
              .update(new Uint8Array(await v.arrayBuffer()))
              .digest('hex'),
          }
        : v,
    ]),
  );
  return Object.fromEntries(entries);
}

/**
 * A send tool's structured content: a dry run's preview, or what was sent with WATI's answer.
 * `window` is the session window's shape in this API version's terms.
 */
export function sendOutput(answer: z.ZodType, window: z.ZodType = CheckedSessionWindow) {
  return z.object({
    dry_run: z.boolean(),
    sent: z.boolean().describe('true: WATI accepted the send'),
    idempotency_key: z.string().describe('Pass it again to retry this send without sending twice'),
    ...SendPreview,
    session_window: window.optional(),
    would_send: SendPreview.would_send.optional(),
    wati: answer.optional().describe('WATI’s answer (when sent)'),
  });
}
