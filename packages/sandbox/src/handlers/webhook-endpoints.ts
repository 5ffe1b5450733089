/**
 * WATI's webhookEndpoints: a tenant registers, lists and removes its webhooks through the API, as
 * a gateway does when a connection turns ACTIVE. WATI lists `POST /api/v2/webhookEndpoints`
 * (wati-api.md §1.7; wati-v3-notes.md) but documents neither its body nor its answer, nor a list
 * or delete route, so every shape here is inferred [I]: field names follow the dashboard's
 * "URL, event set, status" (§5), answers follow the `{result, info}` envelope of WATI's writes
 * (§1.4). The rules are the control route's: `webhookTargets`, at most `maxWebhooks`, JSON only.
 * @see https://docs.wati.io/llms.txt (lists the endpoint; no reference page describes it)
 */
import { z } from 'zod';
import { type WebhookRecord, webhookStatuses } from '../state/records.js';
import { maxWebhooks } from '../state/tenant-state.js';
import { failure } from '../wati-shapes.js';
import { type ApiContext, type ApiResult, invalidJson, type OffRegistryOperation } from './context.js';

type Context = Omit<ApiContext, 'op'>;

/** A webhook as WATI's API shows it [I]: `events` is named `eventTypes`, as in the v3 API's event-type list. */
export function webhookEndpointView(w: WebhookRecord) {
  return { id: w.id, url: w.url, eventTypes: w.events, status: w.status };
}

// Unknown fields are ignored, as ASP.NET model binding does [I]; null stands for absent.
const endpointBody = z.looseObject({
  url: z.url({ protocol: /^https?$/ }).max(2048),
  eventTypes: z.array(z.string().min(1).max(100)).max(50).nullish(),
  status: z.enum(webhookStatuses).nullish(),
});

const refuse = (status: number, info: string): ApiResult => ({ status, body: failure(info) });

/** The sandbox's JSON types (create-sandbox.ts): a form or multipart body is refused [I]. */
function isJson(ctx: Context): boolean {
  const type = String(ctx.request.headers['content-type'] ?? '');
  return /^(application\/([\w.-]+\+)?json|text\/json)\b/i.test(type);
}

/** `POST /api/v2/webhookEndpoints {url, eventTypes?, status?}`: the same URL twice answers the existing webhook, unchanged. */
export function createWebhookEndpoint(ctx: Context): ApiResult {
  if (!isJson(ctx)) return refuse(415, 'Content-Type must be application/json');
  if (ctx.json === invalidJson) return refuse(400, 'Request body is not valid JSON');
  const parsed = endpointBody.safeParse(ctx.json ?? {});
  if (!parsed.success) {
    return refuse(
      400,
      parsed.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; '),
    );
  }
  const { url, eventTypes, status } = parsed.data;
  const refused = ctx.rt.webhookTargets(url);
  if (refused !== undefined) return refuse(400, refused);
  const existing = ctx.tenant.webhooks.find((w) => w.url === url);
  if (existing) return { body: { result: true, webhook: webhookEndpointView(existing) } };
  if (ctx.tenant.webhooks.length >= maxWebhooks) {
    return refuse(
      400,
      `A tenant holds at most ${maxWebhooks} webhooks; delete one with DELETE /api/v2/webhookEndpoints/{id} first`,
    );
  }
  const record = ctx.tenant.addWebhook(url, eventTypes ?? [], status ?? 'Enabled');
  return { body: { result: true, webhook: webhookEndpointView(record) } };
}

/** `GET /api/v2/webhookEndpoints`: every webhook of the tenant, oldest first. */
export function listWebhookEndpoints(ctx: Context): ApiResult {
  return { body: { result: true, webhooks: ctx.tenant.webhooks.map(webhookEndpointView) } };
}

/** `DELETE /api/v2/webhookEndpoints/{id}`: an unknown id answers 404 with `result: false` [I]. */
export function deleteWebhookEndpoint(ctx: Context): ApiResult {
  const id = ctx.pathParams.id ?? '';
  if (!ctx.tenant.removeWebhook(id)) return refuse(404, `Webhook endpoint ${id} not found`);
  return { body: { result: true } };
}

/** WATI's webhook routes, served by the sandbox beside the registry's (the gateway calls them itself). */
export const webhookEndpointOperations: readonly OffRegistryOperation[] = [
  {
    id: 'createWebhookEndpoint',
    method: 'POST',
    path: '/api/v2/webhookEndpoints',
    rateClass: 'unmetered',
    handler: createWebhookEndpoint,
  },
  {
    id: 'listWebhookEndpoints',
    method: 'GET',
    path: '/api/v2/webhookEndpoints',
    rateClass: 'unmetered',
    handler: listWebhookEndpoints,
  },
  {
    id: 'deleteWebhookEndpoint',
    method: 'DELETE',
    path: '/api/v2/webhookEndpoints/{id}',
    rateClass: 'unmetered',
    handler: deleteWebhookEndpoint,
  },
];
