/**
 * WATI's v3 API: `/api/ext/v3/...`, the tenant taken from the bearer token (WATI's v3 paths carry
 * no tenant; wati-v3-notes.md). Each request goes through what v1's does (request log, armed
 * faults, the same rate-limit buckets), then the token's scopes, then the operation's generated
 * schemas (packages/spec/src/v3/operations.generated.ts), then its handler over the same tenant
 * state v1 serves. Errors are v3's: the real HTTP status with `{code, message, timestamp}`, and
 * no body for 401 and 429, as the OpenAPI file says.
 */
import { registryV3, type V3Operation } from '@watigate/spec';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { invalidJson } from '../handlers/context.js';
import { drainBody } from '../handlers/messages.js';
import { badRequest, maxPageSize, V3Error, type V3Handler } from '../handlers/v3/context.js';
import type { SandboxCore } from '../sandbox-core.js';
import { scopeAllows } from '../scopes.js';
import { v3ErrorBody } from '../wati-shapes-v3.js';
import { bearerToken, firstValues, sendApiResult } from './wati-api.js';

/** Marks a body of a type the sandbox does not parse (neither JSON, form nor multipart). */
const unsupportedBody: unique symbol = Symbol('unsupported body');

/** `recipients[3].phone_number` from zod's path. */
function fieldOf(path: readonly PropertyKey[]): string {
  return path.reduce<string>(
    (out, key) => (typeof key === 'number' ? `${out}[${key}]` : out ? `${out}.${String(key)}` : String(key)),
    '',
  );
}

/** The first problem zod found, naming its field the way the request wrote it. */
function describeIssue(error: z.ZodError, prefix = ''): string {
  const issue = error.issues[0];
  if (!issue) return 'The request is invalid';
  const field = fieldOf([...(prefix ? [prefix] : []), ...issue.path]);
  if (issue.code === 'unrecognized_keys') {
    const key = fieldOf([...(field ? [field] : []), issue.keys[0] ?? '']);
    return `${key}: not a field of this request`;
  }
  // zod 4 leaves the input out of its issues; its message says what it received.
  if (issue.code === 'invalid_type' && / received undefined$/.test(issue.message)) {
    return `${field || 'body'}: required`;
  }
  return `${field || 'body'}: ${issue.message}`;
}

/**
 * Path and query parameters checked against their schemas. Query values arrive as strings, so an
 * integer parameter is tried again as a number; v3 pages from 1 with at most 100 items a page.
 */
export function v3Params(
  operation: V3Operation,
  pathParams: Record<string, string>,
  query: Record<string, string>,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, spec] of Object.entries(operation.params)) {
    const raw = spec.in === 'path' ? pathParams[name] : query[name];
    let result = (spec.schema as z.ZodType).safeParse(raw);
    if (!result.success && raw !== undefined && /^-?\d+$/.test(raw)) {
      result = (spec.schema as z.ZodType).safeParse(Number(raw));
    }
    if (!result.success) {
      throw badRequest(
        raw === undefined
          ? `${name}: required`
          : `${name}: "${raw}" is not valid; ${result.error.issues[0]?.message ?? ''}`,
      );
    }
    out[name] = result.data;
  }
  if (typeof out.page_number === 'number' && out.page_number < 1) {
    throw badRequest(`page_number: pages start at 1; got ${out.page_number}`);
  }
  if (typeof out.page_size === 'number' && (out.page_size < 1 || out.page_size > maxPageSize)) {
    throw badRequest(`page_size: use 1 to ${maxPageSize}; got ${out.page_size}`);
  }
  return out;
}

/** The JSON body checked against the operation's schema; multipart bodies are the handler's to read. */
function v3Body(operation: V3Operation, request: FastifyRequest): unknown {
  const spec = operation.body;
  if (spec?.contentType !== 'application/json') return undefined;
  const contentType = String(request.headers['content-type'] ?? '');
  // The JSON types the sandbox parses (create-sandbox.ts); a body of any other type is refused.
  const hasBody = request.body !== undefined || request.isMultipart();
  if (hasBody && !/^(application\/([\w.-]+\+)?json|text\/json)\b/i.test(contentType)) {
    throw badRequest('The request body must be JSON (Content-Type: application/json)');
  }
  if (request.body === invalidJson) throw badRequest('The request body is not valid JSON');
  if (request.body === undefined) throw badRequest('The request body is required: a JSON object');
  const result = (spec.schema as z.ZodType).safeParse(request.body);
  if (!result.success) throw badRequest(describeIssue(result.error));
  return result.data;
}

export interface WatiApiV3Options {
  handlers: Readonly<Record<string, V3Handler>>;
}

export async function registerWatiApiV3(
  app: FastifyInstance,
  core: SandboxCore,
  options: WatiApiV3Options,
): Promise<void> {
  const now = () => core.runtime.clock.now();
  /** v3's error answer; the file gives 401 and 429 no body. */
  const answer = (reply: FastifyReply, status: number, message: string) =>
    status === 401 || status === 429
      ? reply.status(status).send()
      : reply.status(status).send(v3ErrorBody(status, message, now()));
  const fail = async (request: FastifyRequest, reply: FastifyReply, status: number, message: string) => {
    await drainBody(request);
    return answer(reply, status, message);
  };

  const handle = async (request: FastifyRequest, reply: FastifyReply) => {
    const token = bearerToken(request.headers.authorization);
    const tenant = core.tenantByToken(token);
    const rawPath = (request.raw.url ?? '').split('?')[0] ?? '';
    const apiPath = rawPath.slice(rawPath.indexOf('/api/ext/v3/'));
    core.logRequest(tenant?.id ?? '', request, apiPath, tenant !== undefined);
    if (!tenant) return fail(request, reply, 401, '');
    const match = registryV3.match(request.method, apiPath);
    if (!match) {
      const known = registryV3.pathIsKnown(apiPath);
      return fail(
        request,
        reply,
        known ? 405 : 404,
        known
          ? `${request.method} is not allowed on ${apiPath}`
          : `No v3 endpoint ${request.method} ${apiPath}; see WATI's v3 reference for the paths`,
      );
    }
    const { operation } = match;
    const fault = core.faults(tenant.id).take(operation.id);
    if (fault?.kind === 'delay') {
      await new Promise((resolve) => setTimeout(resolve, fault.delayMs ?? 0));
    } else if (fault) {
      if (fault.kind === 'reset') {
        request.raw.socket.destroy();
        return reply;
      }
      if (fault.retryAfterSeconds !== undefined) reply.header('retry-after', String(fault.retryAfterSeconds));
      return fail(request, reply, fault.status, `Sandbox fault: HTTP ${fault.status}`);
    }
    core.runtime.lifecycle.processDue();
    if (!scopeAllows(core.scopesOf(tenant.id), operation.scope)) {
      return fail(
        request,
        reply,
        403,
        `This token lacks the scope ${operation.scope} that ${operation.method} ${operation.path} needs`,
      );
    }
    // The same buckets as v1: an operation's rate class is its v1 equivalent's (registry-v3.ts).
    const verdict = core.rateLimiter(tenant.id).check(tenant.token, operation.rateClass, now());
    if (!verdict.allowed) {
      reply.header('retry-after', String(verdict.retryAfterSeconds));
      return fail(request, reply, 429, '');
    }
    try {
      const params = v3Params(operation, match.pathParams, firstValues(request.query));
      const body = v3Body(operation, request);
      const handler = options.handlers[operation.id] as V3Handler;
      const result = await handler({ rt: core.runtime, tenant, op: operation, params, body, request });
      return sendApiResult(reply, result);
    } catch (err) {
      if (err instanceof V3Error) return fail(request, reply, err.status, err.message);
      request.log.error(err);
      return fail(request, reply, 500, 'Unexpected error occurred. Please try again.');
    }
  };

  // In a context of its own, so that what Fastify refuses before the handler (a body type no
  // parser takes, a body over the limit) is answered in v3's shape too, and v1 is untouched.
  await app.register(async (v3) => {
    v3.addContentTypeParser('*', (_request, payload, done) => {
      payload.resume();
      payload.once('end', () => done(null, unsupportedBody));
    });
    v3.setErrorHandler(async (error: { statusCode?: number; message: string }, request, reply) => {
      const status =
        error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500;
      if (status === 500) request.log.error(error);
      // No draining here: Fastify may have given up on the body (over the limit).
      return answer(
        reply,
        status,
        status === 500 ? 'Unexpected error occurred. Please try again.' : error.message,
      );
    });
    v3.route({ method: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'], url: '/api/ext/v3/*', handler: handle });
  });
}
