/**
 * Two guards on the HTTP server against clients that hold resources without using them
 * (docs/security.md, issue 11 #4):
 *
 * - **Per-client connection cap**: past `maxPerClient` open connections from one peer address,
 *   a new one is closed at once, before any byte is read.
 * - **Body idle timeout**: a request whose body stops arriving for `idleMs` is answered 408
 *   request_timeout (when no answer has begun) and its connection closed. Progress is read from
 *   the socket's byte count, so nothing here changes how the body is consumed. A body the gateway
 *   itself is not reading yet (its buffer is full, e.g. while WATI is slow to take an upload) is
 *   not the client's stall and is not timed out.
 */
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { Logger } from 'pino';
import { GatewayError } from '../errors/gateway-error.js';
import { writeWireError } from '../errors/wire-error.js';
import { hasBody } from '../proxy/read-body.js';

/** Closes connections past `maxPerClient` per peer address; 0 turns the cap off. */
export function capConnectionsPerClient(server: Server, maxPerClient: number, logger: Logger): void {
  if (maxPerClient === 0) return;
  const open = new Map<string, number>();
  let lastWarning = 0;
  server.on('connection', (socket: Socket) => {
    const address = socket.remoteAddress ?? '';
    const count = (open.get(address) ?? 0) + 1;
    if (count > maxPerClient) {
      socket.destroy();
      const now = Date.now();
      if (now - lastWarning > 10_000) {
        lastWarning = now;
        logger.warn(
          { maxConnectionsPerClient: maxPerClient },
          'a client address reached the connection cap; closing its new connections',
        );
      }
      return;
    }
    open.set(address, count);
    socket.once('close', () => {
      const left = (open.get(address) ?? 1) - 1;
      if (left <= 0) open.delete(address);
      else open.set(address, left);
    });
  });
}

/**
 * Watches one request's body; `requestId` names the 408 it may answer. Call it for every request
 * as it arrives (the front door does).
 */
export function watchBodyIdle(
  req: IncomingMessage,
  res: ServerResponse,
  options: { idleMs: number; requestId: () => string; logger: Logger },
): void {
  if (!hasBody(req) || req.complete) return;
  const socket = req.socket;
  const step = Math.max(25, Math.floor(options.idleMs / 4));
  let lastBytes = socket.bytesRead;
  let lastProgress = Date.now();
  const timer = setInterval(() => {
    if (req.complete || socket.destroyed) {
      clearInterval(timer);
      return;
    }
    const now = Date.now();
    const weAreBehind = req.readableLength >= req.readableHighWaterMark;
    if (socket.bytesRead !== lastBytes || weAreBehind) {
      lastBytes = socket.bytesRead;
      lastProgress = now;
      return;
    }
    if (now - lastProgress < options.idleMs) return;
    clearInterval(timer);
    options.logger.info({ idleMs: options.idleMs }, 'a request body stalled; answering 408 and closing');
    if (!res.headersSent) {
      const requestId = options.requestId();
      const error = new GatewayError(
        'request_timeout',
        `The request body sent nothing for ${Math.round(options.idleMs / 1000)} s; send it without pauses`,
      );
      writeWireError(res, error, requestId, { 'x-request-id': requestId, connection: 'close' });
      res.once('finish', () => socket.destroy());
      // A client that reads nothing back must not keep the socket either.
      setTimeout(() => socket.destroy(), 1000).unref();
    } else {
      socket.destroy();
    }
  }, step);
  timer.unref();
  req.once('close', () => clearInterval(timer));
}
