/**
 * The control routes for the v3 face: a token's scopes, the tenant's channels, and the state
 * WATI's own v3 example requests refer to. Mounted by registerControlApi with its helpers.
 */
import { v3PhoneDigits } from '@watigate/spec';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { receiveInbound } from '../conversation.js';
import type { SandboxCore } from '../sandbox-core.js';
import { scopePattern } from '../scopes.js';
import { v3ExampleSeed } from '../seed-data.js';
import type { ControlHelpers } from './inbox-routes.js';

type TenantRequest = FastifyRequest<{ Params: { tenantId: string } }>;

const scopesBody = z.strictObject({
  /** The token's scopes; null gives it every scope again. */
  scopes: z
    .array(z.string().regex(scopePattern, 'expected a scope such as contactsv3:* or messagetemplatev3:write'))
    .max(100)
    .nullable(),
});
const channelBody = z.strictObject({
  name: z
    .string()
    .trim()
    .min(1)
    .max(100)
    .regex(/^[^:/\\]+$/, 'a channel name cannot hold ":", "/" or "\\"'),
  phone: z
    .string()
    .refine((p) => v3PhoneDigits(p) !== undefined, 'expected a phone number with country code'),
});

export function registerControlV3Routes(
  app: FastifyInstance,
  core: SandboxCore,
  helpers: ControlHelpers,
): void {
  const { runtime: rt, parse, tenantOf, sendError } = helpers;

  app.get('/_sandbox/:tenantId/scopes', async (request: TenantRequest, reply) => {
    const tenant = tenantOf(request, reply);
    if (!tenant) return reply;
    return { scopes: core.scopesOf(tenant.id) ?? null };
  });

  app.put('/_sandbox/:tenantId/scopes', async (request: TenantRequest, reply) => {
    const tenant = tenantOf(request, reply);
    const body = tenant && parse(scopesBody, request.body, request, reply);
    if (!tenant || !body) return reply;
    core.setScopes(tenant.id, body.scopes ?? undefined);
    return { scopes: core.scopesOf(tenant.id) ?? null };
  });

  app.post('/_sandbox/:tenantId/channels', async (request: TenantRequest, reply) => {
    const tenant = tenantOf(request, reply);
    const body = tenant && parse(channelBody, request.body, request, reply);
    if (!tenant || !body) return reply;
    const phone = v3PhoneDigits(body.phone) as string;
    if (phone === rt.channelPhoneNumber) {
      return sendError(reply, request, 'invalid_request', `${phone} is the default channel's number.`, [
        { field: 'phone', message: 'expected a number other than the default channel' },
      ]);
    }
    return reply.status(201).send({ channel: tenant.addChannel(body.name, phone) });
  });

  app.post('/_sandbox/:tenantId/v3-examples', async (request: TenantRequest, reply) => {
    const tenant = tenantOf(request, reply);
    if (!tenant) return reply;
    const seed = v3ExampleSeed;
    tenant.batch(() => {
      for (const c of seed.channels) tenant.addChannel(c.name, c.phone);
      core.seed(tenant, { templates: seed.templates, operators: seed.operators });
      // The examples' numbers are placeholders libphonenumber calls impossible, so they are
      // written in directly rather than through /inbound, which checks numbers as v1 does.
      for (const p of seed.people) {
        receiveInbound(rt, tenant, { wAid: p.whatsappNumber, text: 'Hello', senderName: p.name });
      }
    });
    return {
      added: {
        channels: seed.channels.length,
        templates: seed.templates.length,
        operators: seed.operators.length,
        conversations: seed.people.length,
      },
    };
  });
}
