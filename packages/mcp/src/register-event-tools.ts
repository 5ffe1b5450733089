/**
 * The gateway's inbound events as MCP tools (issue 12): `get_events` reads WATI's webhooks by
 * cursor, and `wait_for_reply` waits up to N seconds for a customer's next message, the one
 * primitive an agent needs to hold a conversation. Both read-only; gateway mode only (a WATI
 * tenant keeps no event feed). "No reply in time" is an answer, not an error.
 */
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { WatiGatewayClient, WatigateEvent } from '@watigate/client';
import { eventTypes, maxEventPageSize, normalizePhone, WatigateEventSchema } from '@watigate/spec';
import { z } from 'zod';
import { readAnnotations } from './tool-annotations.js';
import { phoneArgument } from './tool-input.js';
import { errorResult, jsonResult, type McpLogger } from './tool-result.js';

/** The event tools, in the order a server lists them. */
export const eventToolNames = ['get_events', 'wait_for_reply'] as const;

const cursor = z
  .string()
  .regex(/^(latest|evt_\d+)$/, 'an event id like evt_42, or latest')
  .describe(
    'Only events after this event id (evt_42), e.g. the next_cursor of an earlier call; "latest": only events from now on',
  );

/** What an agent needs of a customer's message; the whole envelope stays in `event`. */
export function replyOf(event: WatigateEvent) {
  const body = (typeof event.body === 'object' && event.body !== null ? event.body : {}) as Record<
    string,
    unknown
  >;
  return {
    replied: true as const,
    whatsapp_number: event.whatsapp_number,
    text: typeof body.text === 'string' ? body.text : null,
    /** WATI's message type: text, image, document, button, interactive… */
    type: typeof body.type === 'string' ? body.type : null,
    time: event.occurred_at ?? event.received_at,
    event_id: event.id,
  };
}

/** An event envelope, as the gateway's own schema describes it (spec's WatigateEvent). */
const event = WatigateEventSchema;

/** get_events' answer. */
const eventsOutput = z.object({
  events: z.array(event),
  next_cursor: z.string().nullable().describe('Pass it back as `after` to read only newer events'),
});

const replyOutput = z.object({
  replied: z.boolean(),
  whatsapp_number: z.string(),
  text: z.string().nullable().optional(),
  type: z.string().nullable().optional().describe('WATI’s message type: text, image, document, button…'),
  time: z.string().optional(),
  event_id: z.string().optional(),
  event: event.optional(),
  message: z.string().optional().describe('When no reply came in time'),
  after: z.string().nullable().optional().describe('When no reply came: wait again from this cursor'),
});

export function registerEventTools(server: McpServer, client: WatiGatewayClient, logger?: McpLogger): void {
  server.registerTool(
    'get_events',
    {
      title: 'Get events',
      description: [
        'Read what WATI reported to the gateway, oldest first: customer messages (message.received), sent/delivered/read statuses, failures with Meta’s code (template.failed, body.failedCode, e.g. 131049), and more.',
        'Answers { events, next_cursor }: pass next_cursor back as `after` to read only newer events. Call with after: "latest" to get the current cursor without events.',
      ].join('\n'),
      inputSchema: z.strictObject({
        after: cursor.optional(),
        types: z.array(z.enum(eventTypes)).min(1).optional().describe('Only these event types'),
        whatsapp_number: phoneArgument('Only this customer, with country code, e.g. 14155551234').optional(),
        limit: z
          .number()
          .int()
          .min(1)
          .max(maxEventPageSize)
          .optional()
          .describe('Most events to answer (default 100)'),
      }),
      outputSchema: eventsOutput,
      annotations: readAnnotations,
    },
    async ({ after, types, whatsapp_number, limit }) => {
      try {
        const page = await client.events.list({
          ...(after ? { after } : {}),
          ...(types ? { types } : {}),
          ...(whatsapp_number ? { whatsappNumber: whatsapp_number } : {}),
          ...(limit ? { limit } : {}),
        });
        return jsonResult({ events: page.events, next_cursor: page.next_cursor });
      } catch (error) {
        return errorResult('get_events', error, logger);
      }
    },
  );

  server.registerTool(
    'wait_for_reply',
    {
      title: 'Wait for reply',
      description: [
        'Wait up to timeout_seconds for the next message a customer sends (message.received from whatsapp_number) and return it: text, type, time, event_id.',
        'If none comes in time, answers { replied: false, after } (not an error): call again with that `after` to keep waiting without missing a reply that lands in between.',
        'To be sure not to miss a fast reply, take a cursor before sending (get_events with after: "latest") and pass it as `after`.',
        'Once the customer has written, the 24-hour window is open: answer with send_session_message.',
      ].join('\n'),
      inputSchema: z.strictObject({
        whatsapp_number: phoneArgument('The customer, with country code, e.g. 14155551234'),
        timeout_seconds: z
          .number()
          .int()
          .min(1)
          .max(300)
          .default(60)
          .describe(
            'How long to wait, 1 to 300 seconds (default 60); keep it under your host’s tool-call timeout',
          ),
        after: cursor.optional(),
      }),
      outputSchema: replyOutput,
      annotations: readAnnotations,
    },
    async ({ whatsapp_number, timeout_seconds, after }) => {
      try {
        const number = normalizePhone(whatsapp_number) ?? whatsapp_number;
        // A cursor first, so that a reply landing between two calls is found by the next one.
        const from = after ?? (await client.events.list({ after: 'latest' })).next_cursor ?? undefined;
        const event = await client.events.waitFor({
          whatsappNumber: number,
          timeoutMs: timeout_seconds * 1000,
          ...(from ? { after: from } : {}),
        });
        if (event) return jsonResult({ ...replyOf(event), event });
        return jsonResult({
          replied: false,
          whatsapp_number: number,
          message: `No reply from ${number} within ${timeout_seconds} seconds.`,
          after: from ?? null,
        });
      } catch (error) {
        return errorResult('wait_for_reply', error, logger);
      }
    },
  );
}
