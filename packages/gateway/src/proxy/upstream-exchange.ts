/**
 * One call to WATI on undici's `dispatch` API, with no stream object in between: the status and
 * headers arrive as a promise (`head`), and the body is handed chunk by chunk to whoever consumes
 * it (`consume`), with backpressure through `pause`/`resume` on the upstream socket. Until a
 * consumer attaches, the body waits (the upstream read is paused), so the proxy can decide what
 * to do with an answer (stream it, store it for idempotency, drop it after a 401) once it has
 * seen the head.
 *
 * Why not `dispatcher.request()`: its answer is a Readable that the proxy then pipes into the
 * response, and on small answers that stream machinery was a large share of the proxy's CPU
 * time per request (docs/benchmarks.md). This is the same call with direct writes.
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { Dispatcher } from 'undici';

export interface UpstreamHead {
  status: number;
  headers: IncomingHttpHeaders;
}

/** Receives the body of an answer. */
export interface UpstreamSink {
  /** One chunk; return false to stop the upstream read until `exchange.resume()`. */
  data(chunk: Buffer): boolean;
  /** The body is complete. */
  end(): void;
  /** The call failed after the head (body timeout, reset, abort). */
  error(error: Error): void;
}

type State = 'head' | 'body' | 'ended' | 'failed';

export class UpstreamExchange implements Dispatcher.DispatchHandler {
  /** Resolves with the status and headers; rejects when the call fails before them. */
  readonly head: Promise<UpstreamHead>;
  #resolveHead!: (head: UpstreamHead) => void;
  #rejectHead!: (error: Error) => void;
  #controller: Dispatcher.DispatchController | undefined;
  #pendingAbort: Error | undefined;
  #sink: UpstreamSink | undefined;
  #queue: Buffer[] = [];
  #state: State = 'head';
  #failure: Error | undefined;

  /**
   * @param early Called with the head as it arrives; a sink it returns takes the body at once,
   *   with no pause (the common read). Returning undefined leaves the body waiting for `consume`.
   */
  constructor(private readonly early?: (head: UpstreamHead) => UpstreamSink | undefined) {
    this.head = new Promise<UpstreamHead>((resolve, reject) => {
      this.#resolveHead = resolve;
      this.#rejectHead = reject;
    });
  }

  onRequestStart(controller: Dispatcher.DispatchController): void {
    this.#controller = controller;
    if (this.#pendingAbort) controller.abort(this.#pendingAbort);
  }

  onResponseStart(
    controller: Dispatcher.DispatchController,
    status: number,
    headers: IncomingHttpHeaders,
  ): void {
    if (status < 200) return; // 1xx: informational, the real head follows
    const head = { status, headers };
    try {
      this.#sink = this.early?.(head);
    } catch (error) {
      this.#state = 'failed';
      this.#rejectHead(error as Error);
      controller.abort(error as Error);
      return;
    }
    this.#state = 'body';
    if (!this.#sink) controller.pause();
    this.#resolveHead(head);
  }

  onResponseData(controller: Dispatcher.DispatchController, chunk: Buffer): void {
    if (this.#sink) {
      if (!this.#sink.data(chunk)) controller.pause();
    } else {
      this.#queue.push(chunk);
      controller.pause();
    }
  }

  onResponseEnd(): void {
    this.#state = 'ended';
    this.#sink?.end();
  }

  onResponseError(_controller: Dispatcher.DispatchController, error: Error): void {
    if (this.#state === 'head') {
      this.#state = 'failed';
      this.#rejectHead(error);
      return;
    }
    if (this.#state === 'ended') return;
    this.#state = 'failed';
    this.#failure = error;
    this.#sink?.error(error);
  }

  /** Attaches the body's consumer (once, after `head` resolved, unless `early` gave one). */
  consume(sink: UpstreamSink): void {
    if (this.#sink) throw new Error('UpstreamExchange.consume called twice');
    this.#sink = sink;
    const queued = this.#queue;
    this.#queue = [];
    let flowing = true;
    for (const chunk of queued) flowing = sink.data(chunk) && flowing;
    if (this.#state === 'ended') sink.end();
    else if (this.#state === 'failed') sink.error(this.#failure ?? new Error('WATI call failed'));
    else if (flowing) this.resume();
  }

  /** Restarts a paused upstream read. */
  resume(): void {
    if (this.#state === 'body') this.#controller?.resume();
  }

  /** Cancels the call; the head rejects, or the sink's `error` runs, with `reason`. */
  abort(reason: Error): void {
    if (this.#state === 'ended' || this.#state === 'failed') return;
    if (this.#controller) this.#controller.abort(reason);
    else this.#pendingAbort = reason;
  }
}

/** Reads a whole answer body into memory; past `max` bytes the call is aborted with `tooLarge()`. */
export function collectBody(exchange: UpstreamExchange, max: number, tooLarge: () => Error): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let failed = false;
    exchange.consume({
      data(chunk) {
        if (failed) return true;
        size += chunk.length;
        if (size > max) {
          failed = true;
          const error = tooLarge();
          exchange.abort(error);
          reject(error);
        } else chunks.push(chunk);
        return true;
      },
      end: () => resolve(Buffer.concat(chunks, size)),
      error: (error) => {
        if (!failed) reject(error);
      },
    });
  });
}
