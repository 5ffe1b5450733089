/**
 * WATI's API surface: `/<tenantId>/api/v1|v2/...` and, for hosts without the tenant segment,
 * `/api/...` with the tenant taken from the token (wati-api.md §1.1). Each request is
 * authenticated, logged, subjected to armed faults and WATI's rate limits, then handed to the
 * registry operation's handler.
 */
import { createReadStream } from 'node:fs';
import type { Registry } from '@watigate/spec';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ApiHandler, ApiResult } from '../handlers/context.js';
import { drainBody } from '../handlers/messages.js';
import type { SandboxCore } from '../sandbox-core.js';
import type { TenantState } from '../state/tenant-state.js';
import { failures } from '../wati-shapes.js';
import type { OffRegistry, OffRegistryMatch } from './off-registry.js';

/** `Bearer <token>`, or the bare token some clients store (wati-api.md §1.2). */
export function bearerToken(header: string | undefined): string | undefined {
  if (!header) return undefined;
  const m = /^Bearer\s+(.+)$/i.exec(header.trim());
  return (m?.[1] ?? header).trim() || undefined;
}

/** The first value of each query (or form) parameter, as a string. */
export function firstValues(query: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries((query ?? {}) as Record<string, unknown>)) {
    const first = Array.isArray(v) ? v[0] : v;
    if (first !== undefined) out[k] = String(first);
  }
  return out;
}

/** Writes a handler's result: JSON (or an empty body), or a media file streamed with its content type. */
export async function sendApiResult(reply: FastifyReply, result: ApiResult): Promise<FastifyReply> {
  if ('media' in result) {
    // No content-length beside the stream: with it, the connection was not seen as idle after the
    // answer and closing the sandbox waited for keep-alive to time out (72 s). Chunked it is.
    return reply.header('content-type', result.media.mimeType).send(createReadStream(result.media.path));
  }
  reply.status(result.status ?? 200);
  if (result.body === '') return reply.send();
  return reply.send(result.body);
}

/** The operations served and their behaviour. */
export interface WatiApi {
  registry: Registry;
  handlers: Readonly<Record<string, ApiHandler>>;
  /** WATI endpoints served beside the registry's (webhookEndpoints). */
  offRegistry: OffRegistry;
}

export function registerWatiApi(app: FastifyInstance, core: SandboxCore, api: WatiApi): void {
  const handle = async (request: FastifyRequest, reply: FastifyReply, tenantId: string | undefined) => {
    const token = bearerToken(request.headers.authorization);
    const tenant: TenantState | undefined = tenantId ? core.tenants.get(tenantId) : core.tenantByToken(token);
    const rawPath = (request.raw.url ?? '').split('?')[0] ?? '';
    const apiPath = tenantId
      ? rawPath.slice(rawPath.indexOf('/api/'))
      : rawPath.slice(rawPath.indexOf('/api/'));
    const authorized = tenant !== undefined && token === tenant.token;
    core.logRequest(tenant?.id ?? tenantId ?? '', request, apiPath, authorized);
    // WATI answers 401 with an empty body (wati-api.md §1.2).
    if (!tenant || !authorized) {
      await drainBody(request);
      return reply.status(401).send();
    }
    const match = api.registry.match(request.method, apiPath);
    const offMatch = match ? undefined : api.offRegistry.match(request.method, apiPath);
    const operation = match?.operation ?? offMatch?.operation;
    if (!operation) {
      await drainBody(request);
      const known = api.registry.pathIsKnown(apiPath) || api.offRegistry.pathIsKnown(apiPath);
      return reply.status(known ? 405 : 404).send();
    }
    const fault = core.faults(tenant.id).take(operation.id);
    if (fault?.kind === 'delay') {
      await new Promise((resolve) => setTimeout(resolve, fault.delayMs ?? 0));
    } else if (fault) {
      if (fault.kind === 'reset') {
        request.raw.socket.destroy();
        return reply;
      }
      await drainBody(request);
      if (fault.retryAfterSeconds !== undefined) reply.header('retry-after', String(fault.retryAfterSeconds));
      return reply.status(fault.status).send(fault.status === 429 ? failures.tooManyRequests() : '');
    }
    core.runtime.lifecycle.processDue();
    const verdict = core
      .rateLimiter(tenant.id)
      .check(tenant.token, operation.rateClass, core.runtime.clock.now());
    if (!verdict.allowed) {
      await drainBody(request);
      return reply
        .status(429)
        .header('retry-after', String(verdict.retryAfterSeconds))
        .send(failures.tooManyRequests());
    }
    const contentType = String(request.headers['content-type'] ?? '');
    const isForm = contentType.startsWith('application/x-www-form-urlencoded');
    const ctx = {
      rt: core.runtime,
      tenant,
      pathParams: match?.pathParams ?? offMatch?.pathParams ?? {},
      query: firstValues(request.query),
      form: isForm ? firstValues(request.body) : undefined,
      json: isForm || request.isMultipart() ? undefined : request.body,
      request,
    };
    const result = match
      ? await (api.handlers[match.operation.id] as ApiHandler)({ ...ctx, op: match.operation })
      : await (offMatch as OffRegistryMatch).operation.handler(ctx);
    return sendApiResult(reply, result);
  };

  const methods = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;
  app.route<{ Params: { tenantId: string } }>({
    method: [...methods],
    url: '/:tenantId/api/*',
    handler: (request, reply) => handle(request, reply, request.params.tenantId),
  });
  app.route({
    method: [...methods],
    url: '/api/*',
    handler: (request, reply) => handle(request, reply, undefined),
  });
}
