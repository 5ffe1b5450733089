/**
 * The gateway's pino logger: JSON lines, secrets censored by path, request URLs passed through
 * `redact` (connect-page tokens live in URLs) and `maskPhones`, request id on every line (Fastify's child logger
 * carries `reqId`).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import pino, { type DestinationStream, type Logger } from 'pino';
import type { Config } from '../config/load-config.js';
import { maskPhones, redact, redactPaths } from './redact.js';

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
        err: pino.stdSerializers.err,
      },
    },
    options.destination,
  );
}
