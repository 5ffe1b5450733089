/**
 * The control routes behind the inbox page: conversations (searched, paged), one conversation,
 * the files the business sent, and the page itself. Mounted by registerControlApi, with its
 * helpers, so that they answer and refuse exactly as every other control route.
 */
import { createReadStream } from 'node:fs';
import { type ErrorCode, normalizePhone } from '@watigate/spec';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Runtime } from '../runtime.js';
import type { TenantState } from '../state/tenant-state.js';
import { inboxHeaders, inboxPage } from './inbox-page.js';
import { getConversation, listConversations } from './inbox-views.js';

const conversationsQuery = z.object({
  q: z.string().max(100).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  offset: z.coerce.number().int().min(0).default(0),
  messages: z.coerce.number().int().min(0).max(500).default(50),
});
const conversationQuery = z.object({ messages: z.coerce.number().int().min(0).max(500).default(200) });
const mediaQuery = z.object({ fileName: z.string().min(1) });

type TenantRequest = FastifyRequest<{ Params: { tenantId: string } }>;

/** What the control API lends its routes: zod parsing and tenant lookup that answer its errors. */
export interface ControlHelpers {
  runtime: Runtime;
  parse<T>(schema: z.ZodType<T>, value: unknown, request: FastifyRequest, reply: FastifyReply): T | undefined;
  tenantOf(request: TenantRequest, reply: FastifyReply): TenantState | undefined;
  sendError(
    reply: FastifyReply,
    request: FastifyRequest,
    code: ErrorCode,
    message: string,
    details?: unknown[],
  ): FastifyReply;
}

export function registerInboxRoutes(app: FastifyInstance, helpers: ControlHelpers): void {
  const { runtime, parse, tenantOf, sendError } = helpers;

  app.get('/_sandbox/:tenantId/conversations', async (request: TenantRequest, reply) => {
    const tenant = tenantOf(request, reply);
    const q = tenant && parse(conversationsQuery, request.query, request, reply);
    if (!tenant || !q) return reply;
    runtime.lifecycle.processDue();
    return { now: new Date(runtime.clock.now()).toISOString(), ...listConversations(tenant, q) };
  });

  app.get(
    '/_sandbox/:tenantId/conversations/:whatsappNumber',
    async (request: FastifyRequest<{ Params: { tenantId: string; whatsappNumber: string } }>, reply) => {
      const tenant = tenantOf(request, reply);
      const q = tenant && parse(conversationQuery, request.query, request, reply);
      if (!tenant || !q) return reply;
      runtime.lifecycle.processDue();
      const wAid = normalizePhone(request.params.whatsappNumber);
      const conversation = wAid ? getConversation(tenant, wAid, q.messages) : undefined;
      if (!conversation) {
        return sendError(
          reply,
          request,
          'not_found',
          `No conversation with ${request.params.whatsappNumber}.`,
        );
      }
      return { now: new Date(runtime.clock.now()).toISOString(), conversation };
    },
  );

  app.get('/_sandbox/:tenantId/media', async (request: TenantRequest, reply) => {
    const tenant = tenantOf(request, reply);
    const q = tenant && parse(mediaQuery, request.query, request, reply);
    if (!tenant || !q) return reply;
    const media = tenant.media.get(q.fileName);
    if (!media)
      return sendError(reply, request, 'not_found', `No file "${q.fileName}" in this sandbox tenant.`);
    return reply
      .headers({
        'content-type': media.mimeType,
        'content-disposition': `inline; filename="${(media.originalName ?? 'file').replace(/[^\w .-]/g, '_')}"`,
        'x-content-type-options': 'nosniff',
        'content-security-policy': "default-src 'none'; sandbox",
      })
      .send(createReadStream(media.path));
  });

  app.get('/_sandbox/:tenantId/inbox', async (request: TenantRequest, reply) => {
    const tenant = tenantOf(request, reply);
    if (!tenant) return reply;
    const html = inboxPage(tenant.id);
    return reply.headers(inboxHeaders(html)).send(html);
  });
}
