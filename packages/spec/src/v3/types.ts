/**
 * The shape of one generated v3 operation (operations.generated.ts), everything WATI's OpenAPI
 * file says about it. What the file cannot say (kind, rate class, target, v1 equivalent, limit
 * checks) is added by hand in registry-v3.ts.
 */
import type { z } from 'zod';

export type V3Method = 'GET' | 'POST' | 'PUT';

/** A path or query parameter. Query values arrive as strings: coerce before `schema` (integers). */
export interface V3ParamSpec {
  in: 'path' | 'query';
  required: boolean;
  description: string;
  /** Already `.optional()` when not required. */
  schema: z.ZodType;
}

export interface V3BodySpec {
  /** `application/json` (WATI also accepts its JSON aliases) or `multipart/form-data` (file upload). */
  contentType: 'application/json' | 'multipart/form-data';
  schema: z.ZodType;
  /** WATI's example request body, verbatim from the file. */
  example?: unknown;
}

export type V3ResponseSpec =
  | { description: string; type: 'json'; schema: z.ZodType; example?: unknown }
  /** Raw bytes (the media file). */
  | { description: string; type: 'binary'; contentType: string }
  /** The file gives no body (401, 429). */
  | { description: string; type: 'empty' };

export interface V3GeneratedOperation {
  /** `v3` + method + path segments, `{param}` as `ByParam` (scripts/v3-codegen.mjs). */
  id: string;
  method: V3Method;
  path: `/api/ext/v3/${string}`;
  /** The file's tag: Campaigns, Channels, Chatbots, Contacts, Conversations, MessageTemplate. */
  tag: string;
  summary: string;
  description?: string;
  params: Record<string, V3ParamSpec>;
  body?: V3BodySpec;
  /** By HTTP status as a string (`'200'`, `'400'`, …). */
  responses: Record<string, V3ResponseSpec>;
}
