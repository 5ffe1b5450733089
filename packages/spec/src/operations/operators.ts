/** Operators: assign a chat to a teammate or back to the bot (wati-api.md §2.15). */
import { z } from 'zod';
import { defineOperation } from '../define-operation.js';
import { WatiResult, WhatsappNumber } from '../wati-schemas.js';

export const assignOperator = defineOperation({
  id: 'assignOperator',
  method: 'POST',
  path: '/api/v1/assignOperator',
  resource: 'operators',
  kind: 'write',
  rateClass: 'unmetered',
  summary: 'Assign a contact’s chat to an operator by email, or to the bot when no email is given.',
  params: {
    email: {
      in: 'query',
      schema: z.email().optional(),
      description: 'The operator’s email; omit to assign to the bot',
    },
    whatsappNumber: { in: 'query', schema: WhatsappNumber, description: 'The contact’s WhatsApp number' },
  },
  // Not captured from WATI; the reference's inference (§2.15).
  response: {
    type: 'json',
    schema: z.looseObject({ result: WatiResult, info: z.string().nullable().optional() }),
  },
  recipientParam: 'whatsappNumber',
  see: 'https://docs.wati.io/reference/post_api-v1-assignoperator',
  example: { whatsappNumber: '14155551234', email: 'agent@example.com' },
  // Each call records a new assignment event and may notify the operator again.
  idempotent: false,
  cli: { command: 'assign' },
});
