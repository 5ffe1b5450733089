/**
 * `POST /hooks/wati/<secret>`: where WATI posts a connection's webhooks. The secret in the URL is
 * the credential (WATI signs nothing); it is checked before the body is read, and a wrong one is
 * answered by the not-found handler itself, exactly as an unknown path. The event is written to
 * the store before the 200 goes out, once per delivery however often WATI retries it.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { nowTimestamp } from '../deps/clock.js';
import { GatewayError } from '../errors/gateway-error.js';
import type { RouteContext } from '../routes/route-context.js';
import type { InboundHookRecord } from '../store/store.js';
import { inboundSecretPattern, inboundSecretPrefix, verifyInboundSecret } from './inbound-secret.js';
import { readWebhook, WebhookBodyError } from './read-webhook.js';

/** WATI's bodies are a few KiB; 256 KiB is far beyond any real one, and bounds what one delivery costs. */
export const maxWebhookBodyBytes = 256 * 1024;

type HookRequest = FastifyRequest<{ Params: { secret: string } }> & { inboundHook?: InboundHookRecord };

async function findHook(ctx: RouteContext, secret: string): Promise<InboundHookRecord | undefined> {
  if (!inboundSecretPattern.test(secret)) return undefined;
  const candidates = await ctx.deps.store.inboundHooks.findByPrefix(inboundSecretPrefix(secret));
  // Every candidate is compared, so the time taken does not tell which prefix matched.
  let found: InboundHookRecord | undefined;
  for (const hook of candidates) if (verifyInboundSecret(secret, hook.hash)) found = hook;
  return found;
}

export function registerInboundReceiver(app: FastifyInstance, ctx: RouteContext): void {
  const { deps, events } = ctx;
  app.register(async (scope) => {
    // The body is kept as received: parsed here as text, read as JSON by readWebhook. Any other
    // content type is refused by Fastify with 415 (unsupported_media_type).
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) =>
      done(null, body),
    );
    scope.post<{ Params: { secret: string } }>(
      '/hooks/wati/:secret',
      {
        bodyLimit: maxWebhookBodyBytes,
        onRequest: async (request: HookRequest, reply: FastifyReply) => {
          const hook = await findHook(ctx, request.params.secret);
          if (!hook) return reply.callNotFound();
          request.inboundHook = hook;
        },
      },
      async (request: HookRequest, reply) => {
        const hook = request.inboundHook as InboundHookRecord;
        const charset = /;\s*charset="?([^";\s]+)/i.exec(request.headers['content-type'] ?? '')?.[1];
        if (typeof request.body !== 'string' || (charset !== undefined && !/^utf-?8$/i.test(charset))) {
          throw new GatewayError(
            'unsupported_media_type',
            'Send the webhook as Content-Type: application/json (UTF-8)',
          );
        }
        // A Standard Webhooks delivery is Watigate's own push, never WATI's: a subscription
        // pointed at a receiver would feed every event back in, for ever.
        if (request.headers['webhook-signature'] !== undefined) {
          throw new GatewayError(
            'bad_request',
            'This is a Watigate push (webhook-signature); only WATI posts here',
          );
        }
        let read: ReturnType<typeof readWebhook>;
        try {
          read = readWebhook(request.body);
        } catch (error) {
          if (error instanceof WebhookBodyError) throw new GatewayError('bad_request', error.message);
          throw error;
        }
        const whatsappNumber =
          read.whatsappNumber ??
          (read.whatsappMessageId === null
            ? null
            : await deps.store.events.numberOfMessage(hook.connectionId, read.whatsappMessageId));
        const { event, duplicate } = await deps.store.events.append({
          ...read,
          whatsappNumber,
          accountId: hook.accountId,
          connectionId: hook.connectionId,
          receivedAt: nowTimestamp(deps.clock),
        });
        ctx.metrics.eventsReceived.inc({ type: event.type, duplicate: String(duplicate) });
        if (!duplicate) events.publish(hook.accountId, hook.connectionId);
        return reply.status(200).send({ received: true });
      },
    );
  });
}
