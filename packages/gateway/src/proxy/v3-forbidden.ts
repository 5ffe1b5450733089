/**
 * WATI answered a v3 call 403: the connection's token works (WATI would say 401 otherwise) but
 * lacks the scope this endpoint needs (`contactsv3:*`, `conversationsv3:*`,
 * `messagetemplatev3:write`; shared/reference/wati-v3-notes.md). Reconnecting with the same token
 * would not help, so the connection stays ACTIVE, and the answer says which scope is missing and
 * how to get it. It keeps WATI's v3 error shape `{code, message, timestamp}` (the OpenAPI file's
 * strict 403 schema), WATI's own code and timestamp when it gave them, the advice in `message`.
 */
import type { ServerResponse } from 'node:http';
import type { Clock } from '../deps/clock.js';
import { toTimestamp } from '../deps/clock.js';
import type { AnswerHeaders } from './pass-answer.js';
import { collectBody, type UpstreamExchange } from './upstream-exchange.js';
import type { WatiOperation } from './wati-operation.js';

/** WATI's 403 body is a few hundred bytes; more is not read. */
const maxForbiddenBody = 64 * 1024;

/** The message of a v3 403: the missing scope (or that WATI names none) and what to do. */
export function forbiddenMessage(
  operation: Pick<WatiOperation, 'method' | 'path' | 'watiScope'>,
  connectionId: string,
  watiMessage: string | undefined,
): string {
  const call = `${operation.method} ${operation.path}`;
  const connectAgain = `then connect connection ${connectionId} again with that token (watigate connections open ${connectionId} prints its connect page)`;
  const said = watiMessage ? ` WATI said: ${watiMessage}` : '';
  if (operation.watiScope === undefined) {
    return `WATI refused this call (HTTP 403): the WATI token of connection ${connectionId} may not call ${call}, and WATI names no scope for this endpoint. Give the token access to it in WATI's dashboard, ${connectAgain}.${said}`;
  }
  const scope = operation.watiScope;
  return `WATI refused this call (HTTP 403): the WATI token of connection ${connectionId} lacks the scope ${scope}, which ${call} needs. Give the token the ${scope} scope in WATI's dashboard, ${connectAgain}.${said}`;
}

/** WATI's 403 body, if it is the JSON object its v3 errors are. */
function parseError(body: Buffer): { code?: unknown; message?: unknown; timestamp?: unknown } {
  try {
    const parsed: unknown = JSON.parse(body.toString('utf8'));
    return parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) ? parsed : {};
  } catch {
    return {};
  }
}

/** Reads WATI's 403 and answers it with the scope advice; the connection is left as it is. */
export async function answerV3Forbidden(options: {
  res: ServerResponse;
  exchange: UpstreamExchange;
  answer: AnswerHeaders;
  operation: Pick<WatiOperation, 'method' | 'path' | 'watiScope'>;
  connectionId: string;
  clock: Clock;
}): Promise<void> {
  const { res, exchange, answer, operation, connectionId, clock } = options;
  let wati: ReturnType<typeof parseError> = {};
  try {
    wati = parseError(
      await collectBody(exchange, maxForbiddenBody, () => new Error('WATI’s 403 body is too large to read')),
    );
  } catch {
    // The advice does not depend on WATI's body.
  }
  const body = Buffer.from(
    JSON.stringify({
      code: Number.isInteger(wati.code) ? wati.code : 403,
      message: forbiddenMessage(
        operation,
        connectionId,
        typeof wati.message === 'string' && wati.message.trim() !== '' ? wati.message : undefined,
      ),
      timestamp: typeof wati.timestamp === 'string' ? wati.timestamp : toTimestamp(clock.now()),
    }),
  );
  res
    .writeHead(403, {
      ...answer,
      'content-type': 'application/json; charset=utf-8',
      'content-length': String(body.length),
    })
    .end(body);
}
