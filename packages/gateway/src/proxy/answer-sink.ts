/**
 * Streams WATI's answer to the caller as it arrives. The status line and headers go out with the
 * first body byte, so a failure before it (a stalled body, a reset) still becomes a catalogue
 * error: `done` rejects with it. After the first byte a failure can only cut the answer off: the
 * caller's connection is destroyed, so a truncated answer never looks complete.
 */
import type { ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import { GatewayError } from '../errors/gateway-error.js';
import { responseTooLarge, upstreamError } from './upstream-error.js';
import type { UpstreamExchange, UpstreamSink } from './upstream-exchange.js';

export interface AnswerSinkOptions {
  requestId: string;
  res: ServerResponse;
  exchange: UpstreamExchange;
  status: number;
  /** The answer's headers as a flat `[name, value, …]` list. */
  headers: string[];
  /** Past this many body bytes the call is aborted (502 before the first byte, cut off after). */
  maxResponseBytes: number;
  timeoutMs: number;
  logger: Logger;
}

export function answerSink(options: AnswerSinkOptions): { sink: UpstreamSink; done: Promise<void> } {
  const { requestId, res, exchange, logger, maxResponseBytes } = options;
  let started = false;
  let settled = false;
  let seen = 0;
  let resolve!: () => void;
  let reject!: (error: Error) => void;
  const done = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  const settle = (error?: Error) => {
    if (settled) return;
    settled = true;
    if (error === undefined) resolve();
    else if (!started && !res.destroyed) reject(error);
    else {
      if (!res.destroyed) logger.warn({ requestId, err: error }, 'answer cut off');
      res.destroy();
      resolve();
    }
  };
  /** Sends the status line and headers; false (the call aborted) when Node refuses a header. */
  const start = (): boolean => {
    try {
      res.writeHead(options.status, options.headers);
      started = true;
      return true;
    } catch (error) {
      const refused = new GatewayError(
        'upstream_unreachable',
        'WATI answered with a header that cannot be passed on',
        { cause: error },
      );
      settle(refused);
      exchange.abort(refused);
      return false;
    }
  };
  const sink: UpstreamSink = {
    data(chunk) {
      if (settled) return true;
      seen += chunk.length;
      if (seen > maxResponseBytes) {
        const error = responseTooLarge(maxResponseBytes);
        settle(error);
        exchange.abort(error);
        return true;
      }
      if (res.destroyed) return true; // a send's answer drains (capped) after its caller left
      if (!started && !start()) return true;
      if (res.write(chunk)) return true;
      res.once('drain', () => exchange.resume());
      return false;
    },
    end() {
      if (settled) return;
      if (!res.destroyed) {
        if (!started && !start()) return;
        res.end();
      }
      settle();
    },
    error: (error) => settle(upstreamError(error, options.timeoutMs)),
  };
  return { sink, done };
}
