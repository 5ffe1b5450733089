/** Maps a failed call to WATI onto 504 upstream_timeout or 502 upstream_unreachable. */
import { GatewayError, isGatewayError } from '../errors/gateway-error.js';

const timeoutCodes = new Set(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'UND_ERR_CONNECT_TIMEOUT']);

export function upstreamError(error: unknown, timeoutMs: number): GatewayError {
  if (isGatewayError(error)) return error;
  const e = error as { code?: string; name?: string; cause?: { code?: string } };
  if (timeoutCodes.has(e.code ?? '') || e.name === 'TimeoutError') {
    return new GatewayError('upstream_timeout', `WATI did not answer within ${timeoutMs} ms`, {
      cause: error,
    });
  }
  const code = e.code ?? e.cause?.code ?? e.name ?? 'network error';
  return new GatewayError('upstream_unreachable', `WATI could not be reached (${code})`, { cause: error });
}

/** 502 for an answer larger than the gateway passes on (`WATIGATE_MAX_RESPONSE_BYTES`). */
export function responseTooLarge(maxBytes: number): GatewayError {
  return new GatewayError('upstream_response_too_large', `WATI’s answer is larger than ${maxBytes} bytes`);
}

/** Why a read's call to WATI was cancelled: its caller closed the connection. */
export class CallerGone extends Error {
  override readonly name = 'CallerGone';
}
