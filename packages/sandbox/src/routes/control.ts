/**
 * The sandbox's control API under `/_sandbox/`: what tests and demos use to play the customer,
 * move the clock, seed data, watch what was sent, register webhooks and arm faults. JSON in and
 * out; errors in Watigate's wire shape.
 */
import { type ErrorCode, errorCatalogue, normalizePhone, watiPlans } from '@watigate/spec';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { receiveInbound } from '../conversation.js';
import { invalidJson } from '../handlers/context.js';
import { type SandboxCore, SeedError } from '../sandbox-core.js';
import { maxWebhooks, type TenantState } from '../state/tenant-state.js';
import { messageItemView } from '../wati-shapes.js';
import { registerControlV3Routes } from './control-v3.js';
import { registerInboxRoutes } from './inbox-routes.js';

function sendError(
  reply: FastifyReply,
  request: FastifyRequest,
  code: ErrorCode,
  message: string,
  details: unknown[] = [],
) {
  return reply
    .status(errorCatalogue[code].status)
    .send({ error: { code, message, requestId: String(request.id), details } });
}

const tapped = z.strictObject({
  id: z.string().min(1).max(256).optional(),
  title: z.string().min(1).max(256),
  description: z.string().max(256).optional(),
});
const inboundBody = z
  .strictObject({
    whatsappNumber: z.string(),
    text: z.string().min(1).optional(),
    senderName: z.string().min(1).max(256).optional(),
    /** The customer tapped a button of an interactive message (WATI's `interactiveButtonReply`). */
    buttonReply: tapped.optional(),
    /** The customer picked a row of a list message (WATI's `listReply`). */
    listReply: tapped.optional(),
    /** The id of the business message answered; its whatsappMessageId becomes `replyContextId`. */
    replyTo: z.string().min(1).optional(),
  })
  .refine((b) => [b.text, b.buttonReply, b.listReply].filter((x) => x !== undefined).length === 1, {
    message: 'Give exactly one of text, buttonReply or listReply.',
    path: ['text'],
  });
const customParams = z.array(z.object({ name: z.string().min(1), value: z.string() }));
/** Contacts one seed request may generate: more froze a gateway serving the sandbox in process. */
export const maxGeneratedContacts = 100_000;

const seedBody = z.strictObject({
  contacts: z
    .array(
      z.strictObject({
        whatsappNumber: z.string(),
        name: z.string().nullable().optional(),
        customParams: customParams.optional(),
        created: z.string().optional(),
      }),
    )
    .max(10_000)
    .optional(),
  generateContacts: z.number().int().min(0).max(maxGeneratedContacts).optional(),
  templates: z
    .array(
      z.strictObject({
        elementName: z.string().min(1),
        category: z.enum(['MARKETING', 'UTILITY', 'AUTHENTICATION']),
        status: z.string().min(1),
        language: z.string().default('en'),
        body: z.string().min(1),
        header: z.string().nullable().default(null),
        footer: z.string().nullable().default(null),
        samples: z.record(z.string(), z.string()).default({}),
      }),
    )
    .max(1000)
    .optional(),
  operators: z
    .array(z.strictObject({ email: z.email(), name: z.string().min(1) }))
    .max(1000)
    .optional(),
});
const webhookBody = z.strictObject({
  url: z.url({ protocol: /^https?$/ }).max(2048),
  events: z.array(z.string().max(100)).max(50).default([]),
});
const rateBody = z.strictObject({ enabled: z.boolean(), plan: z.enum(watiPlans).optional() });
const faultBody = z.strictObject({
  status: z.number().int().min(100).max(599).default(503),
  count: z.number().int().min(1).max(1000).default(1),
  retryAfterSeconds: z.number().int().min(0).optional(),
  operationId: z.string().optional(),
  kind: z.enum(['http', 'reset', 'delay']).default('http'),
  delayMs: z.number().int().min(0).max(120_000).optional(),
});
const advanceBody = z.strictObject({ ms: z.number().int().min(0) });
const pageQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100_000).default(100),
  offset: z.coerce.number().int().min(0).default(0),
});

/** True for the control API's paths, wherever the sandbox is mounted (`/_sandbox`, `/sandbox/_sandbox/…`). */
function isControlPath(url: string): boolean {
  return /(^|\/)_sandbox(\/|\?|$)/.test(url.split('?')[0] ?? '');
}

function hasBody(request: FastifyRequest): boolean {
  const length = request.headers['content-length'];
  return request.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}

function isJson(request: FastifyRequest): boolean {
  return /^application\/json\b/i.test(request.headers['content-type'] ?? '');
}

/** Checks a control request; answers and stops it to refuse (see `SandboxOptions.guard`). */
export type ControlGuard = (
  request: FastifyRequest<{ Params: { tenantId?: string } }>,
  reply: FastifyReply,
) => Promise<void>;

export interface ControlApiOptions {
  guard?: ControlGuard;
}

export function registerControlApi(
  app: FastifyInstance,
  core: SandboxCore,
  options: ControlApiOptions = {},
): void {
  const rt = core.runtime;
  app.addHook('onRequest', async (request, reply) => {
    if (!isControlPath(request.url)) return;
    const guard = options.guard;
    if (guard) await guard(request as FastifyRequest<{ Params: { tenantId?: string } }>, reply);
    if (reply.sent) return;
    // A control write takes JSON only: a cross-site form post cannot reach it.
    if (request.method !== 'GET' && request.method !== 'HEAD' && hasBody(request) && !isJson(request)) {
      return sendError(
        reply,
        request,
        'unsupported_media_type',
        'Control routes take application/json bodies.',
      );
    }
  });

  /** Parses with zod, answering 422 invalid_request with every issue when it fails. */
  function parse<T>(
    schema: z.ZodType<T>,
    value: unknown,
    request: FastifyRequest,
    reply: FastifyReply,
  ): T | undefined {
    if (value === invalidJson) {
      sendError(reply, request, 'bad_request', 'The request body is not valid JSON.');
      return undefined;
    }
    const result = schema.safeParse(value ?? {});
    if (result.success) return result.data;
    sendError(
      reply,
      request,
      'invalid_request',
      'The request body does not match what this control route expects.',
      result.error.issues.map((i) => ({ field: i.path.join('.'), message: i.message })),
    );
    return undefined;
  }

  function tenantOf(
    request: FastifyRequest<{ Params: { tenantId: string } }>,
    reply: FastifyReply,
  ): TenantState | undefined {
    const tenant = core.tenants.get(request.params.tenantId);
    if (!tenant) sendError(reply, request, 'not_found', `No sandbox tenant "${request.params.tenantId}".`);
    return tenant;
  }

  type TenantRequest = FastifyRequest<{ Params: { tenantId: string } }>;

  app.get('/_sandbox', async () => ({
    tenants: [...core.tenants.values()].map((t) => ({ id: t.id, apiPath: `/${t.id}` })),
    now: new Date(rt.clock.now()).toISOString(),
  }));

  app.post('/_sandbox/reset', async () => {
    core.reset();
    return { ok: true };
  });

  app.get('/_sandbox/clock', async () => ({
    now: new Date(rt.clock.now()).toISOString(),
    offsetMs: rt.clock.offsetMs,
  }));

  app.post('/_sandbox/clock/advance', async (request, reply) => {
    const body = parse(advanceBody, request.body, request, reply);
    if (!body) return reply;
    rt.clock.advance(body.ms);
    rt.lifecycle.processDue();
    return { now: new Date(rt.clock.now()).toISOString(), offsetMs: rt.clock.offsetMs };
  });

  app.post('/_sandbox/:tenantId/inbound', async (request: TenantRequest, reply) => {
    const tenant = tenantOf(request, reply);
    const body = tenant && parse(inboundBody, request.body, request, reply);
    if (!tenant || !body) return reply;
    const wAid = normalizePhone(body.whatsappNumber);
    if (!wAid) {
      return sendError(
        reply,
        request,
        'invalid_request',
        `"${body.whatsappNumber}" is not a phone number with country code.`,
        [{ field: 'whatsappNumber', message: 'expected a phone number with country code, e.g. 14155551234' }],
      );
    }
    rt.lifecycle.processDue();
    const tap = body.buttonReply ?? body.listReply;
    const answered = body.replyTo
      ? tenant.conversations.get(wAid)?.find((m) => m.id === body.replyTo)
      : undefined;
    if (body.replyTo && (!answered || answered.eventType === 'ticket')) {
      return sendError(
        reply,
        request,
        'invalid_request',
        `No message "${body.replyTo}" from the business in the conversation with +${wAid}.`,
        [{ field: 'replyTo', message: 'expected the id of a message the business sent to this number' }],
      );
    }
    const message = receiveInbound(rt, tenant, {
      wAid,
      text: body.text ?? tap?.title ?? '',
      senderName: body.senderName,
      reply: tap && {
        kind: body.buttonReply ? 'button' : 'list',
        id: tap.id ?? tap.title,
        title: tap.title,
        description: tap.description,
      },
      replyContextId: answered && answered.eventType !== 'ticket' ? answered.whatsappMessageId : null,
    });
    return reply.status(201).send({ message: messageItemView(message) });
  });

  app.post('/_sandbox/:tenantId/seed', async (request: TenantRequest, reply) => {
    const tenant = tenantOf(request, reply);
    const body = tenant && parse(seedBody, request.body, request, reply);
    if (!tenant || !body) return reply;
    try {
      return { added: core.seed(tenant, body) };
    } catch (err) {
      if (err instanceof SeedError) {
        return sendError(reply, request, 'invalid_request', err.message, [
          { field: err.field, message: err.message },
        ]);
      }
      throw err;
    }
  });

  app.get('/_sandbox/:tenantId/sent', async (request: TenantRequest, reply) => {
    const tenant = tenantOf(request, reply);
    const q = tenant && parse(pageQuery, request.query, request, reply);
    if (!tenant || !q) return reply;
    rt.lifecycle.processDue();
    const items = tenant.outbox.slice(q.offset, q.offset + q.limit).map((m) => ({
      ...messageItemView(m),
      waId: m.wAid,
      ...(m.eventType === 'broadcastMessage'
        ? { templateName: m.templateName, broadcastName: m.broadcastName }
        : {}),
    }));
    return { total: tenant.outbox.length, items };
  });

  app.get('/_sandbox/:tenantId/requests', async (request: TenantRequest, reply) => {
    const tenant = tenantOf(request, reply);
    if (!tenant) return reply;
    return { items: core.requests(tenant.id) };
  });

  registerInboxRoutes(app, { runtime: rt, parse, tenantOf, sendError });
  registerControlV3Routes(app, core, { runtime: rt, parse, tenantOf, sendError });

  app.get('/_sandbox/:tenantId/webhooks', async (request: TenantRequest, reply) => {
    const tenant = tenantOf(request, reply);
    if (!tenant) return reply;
    return { webhooks: tenant.webhooks, deliveries: rt.webhooks.deliveries(tenant.id) };
  });

  app.post('/_sandbox/:tenantId/webhooks', async (request: TenantRequest, reply) => {
    const tenant = tenantOf(request, reply);
    const body = tenant && parse(webhookBody, request.body, request, reply);
    if (!tenant || !body) return reply;
    const refused = rt.webhookTargets(body.url);
    if (refused !== undefined) {
      return sendError(reply, request, 'invalid_request', refused, [{ field: 'url', message: refused }]);
    }
    if (tenant.webhooks.length >= maxWebhooks) {
      return sendError(
        reply,
        request,
        'invalid_request',
        `A tenant holds at most ${maxWebhooks} webhooks; DELETE /_sandbox/${tenant.id}/webhooks first.`,
      );
    }
    return reply.status(201).send({ webhook: tenant.addWebhook(body.url, body.events) });
  });

  app.delete('/_sandbox/:tenantId/webhooks', async (request: TenantRequest, reply) => {
    const tenant = tenantOf(request, reply);
    if (!tenant) return reply;
    tenant.removeWebhooks();
    return { ok: true };
  });

  app.put('/_sandbox/:tenantId/rate-limits', async (request: TenantRequest, reply) => {
    const tenant = tenantOf(request, reply);
    const body = tenant && parse(rateBody, request.body, request, reply);
    if (!tenant || !body) return reply;
    const limiter = core.rateLimiter(tenant.id);
    limiter.settings = { enabled: body.enabled, plan: body.plan ?? limiter.settings.plan };
    limiter.reset();
    return { rateLimits: limiter.settings };
  });

  app.post('/_sandbox/:tenantId/faults', async (request: TenantRequest, reply) => {
    const tenant = tenantOf(request, reply);
    const body = tenant && parse(faultBody, request.body, request, reply);
    if (!tenant || !body) return reply;
    core.faults(tenant.id).arm(body);
    return reply.status(201).send({ fault: body });
  });

  app.delete('/_sandbox/:tenantId/faults', async (request: TenantRequest, reply) => {
    const tenant = tenantOf(request, reply);
    if (!tenant) return reply;
    core.faults(tenant.id).clear();
    return { ok: true };
  });

  // Unknown control routes answer in the wire shape too, not Fastify's default 404 body.
  app.all('/_sandbox/*', async (request, reply) =>
    sendError(
      reply,
      request,
      'not_found',
      `No sandbox control route ${request.method} ${request.url.split('?')[0]}.`,
    ),
  );
}
