/**
 * The places where WATI's v3 OpenAPI file contradicts its own examples, as a v3 client written
 * from the file meets them against WATI itself. Each is as narrow as the contradiction: only that
 * keyword of that component, only for the values the examples show. openapi-client.test.ts checks
 * that the file's own examples fail at each of them, so that this list cannot hide a fault of the
 * gateway or the sandbox.
 */
import type { ErrorObject } from 'ajv';
import { filePointer, type SchemaValidator } from './openapi-schema.js';

export const fileContradictions = [
  {
    name: 'ContactDto.is_broadcast_limit_reached',
    why: 'declared a nullable string; a boolean in every contact example of the file',
    matches: (e: ErrorObject) =>
      filePointer(e) === '#/components/schemas/ContactDto/properties/is_broadcast_limit_reached' &&
      e.keyword === 'type' &&
      typeof e.data === 'boolean',
  },
  {
    name: 'ConversationEventDto closed',
    why: 'the base of a family (its event_type: "e.g., message, ticket, broadcast"), closed (additionalProperties: false), yet the file\'s message lists and sent messages are MessageDto with more fields; the file describes no ticket or broadcast member, so their own fields are unknown to it',
    matches: (e: ErrorObject, validator: SchemaValidator) =>
      filePointer(e) === '#/components/schemas/ConversationEventDto' &&
      e.keyword === 'additionalProperties' &&
      isFamilyMember(e.data, validator),
  },
] as const;

/** A message that is a MessageDto, or an event of a kind the file names but does not describe. */
function isFamilyMember(event: unknown, validator: SchemaValidator): boolean {
  const kind = (event as { event_type?: unknown } | null)?.event_type;
  if (kind === 'ticket' || kind === 'broadcast') return true;
  return validator.errors({ $ref: '#/components/schemas/MessageDto' }, event).length === 0;
}

/** True when `error` is one of the file's own contradictions above. */
export function isFileContradiction(error: ErrorObject, validator: SchemaValidator): boolean {
  return fileContradictions.some((c) => c.matches(error, validator));
}
