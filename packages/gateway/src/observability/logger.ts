/**
 * The gateway's pino logger: JSON lines, secrets censored by path, request URLs passed through
 * `redact` (connect-page tokens live in URLs) and `maskPhones`, request id on every line (Fastify's child logger
 * carries `reqId`). Errors lose the raw request bytes Node's HTTP parser attaches (`rawPacket`,
 * which holds the caller's `Authorization` header), and every finished line goes through `redact`
 * once more, so a key or bearer token never reaches the output at any level.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import pino, { type DestinationStream, type Logger } from 'pino';
import type { Config } from '../config/load-config.js';
import { maskPhones, redact, redactPaths } from './redact.js';

/** pino's error serializer, without raw bytes: Node's parse errors carry the request's (`rawPacket`). */
function serializeError(err: Error): Record<string, unknown> {
  const out: Record<string, unknown> = pino.stdSerializers.err(err);
  for (const name of Object.keys(out)) {
    const value = out[name];
    if (name === 'rawPacket' || Buffer.isBuffer(value) || value instanceof Uint8Array) delete out[name];
  }
  return out;
}

export function createLogger(options: {
  level: Config['logLevel'];
  destination?: DestinationStream;
}): Logger {
  return pino(
    {
      level: options.level,
      redact: { paths: redactPaths, censor: '[redacted]' },
      serializers: {
        req: (req: IncomingMessage & { method?: string; url?: string }) => ({
          method: req.method,
          url: maskPhones(redact(req.url ?? '')),
        }),
        res: (res: ServerResponse) => ({ statusCode: res.statusCode }),
        err: serializeError,
      },
      hooks: { streamWrite: redact },
    },
    options.destination,
  );
}
