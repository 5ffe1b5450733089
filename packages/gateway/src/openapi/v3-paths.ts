/**
 * The `/wati/api/ext/v3/...` paths of the OpenAPI document, one per `registryV3` operation, from
 * WATI's own v3 description (operations.generated.ts): its parameters, request body and answers
 * per status, beside the gateway's own refusals, so that the document and what the gateway
 * forwards can never disagree.
 */
import { connectionHeader, type RegistryV3, type V3Operation, type V3ResponseSpec } from '@watigate/spec';
import { z } from 'zod';
import type { Json } from './responses.js';

function schemaOf(type: z.ZodType, io: 'input' | 'output'): Json {
  try {
    const { $schema: _, ...schema } = z.toJSONSchema(type, { unrepresentable: 'any', io }) as Json;
    return schema;
  } catch {
    return {};
  }
}

const errorRef = { $ref: '#/components/schemas/Error' };

/** The gateway's own refusals, by status (docs/errors.md), in its wire error shape. */
const gatewayRefusals: Record<string, string> = {
  '400': 'connection_missing, connection_ambiguous, invalid_path or bad_request (the gateway)',
  '401': 'missing_key or invalid_key (the gateway)',
  '403': 'insufficient_scope (the gateway: the Watigate key)',
  '404': 'connection_not_found (the gateway)',
  '409':
    'connection_not_active (WATI refused the token: the connection is FAILED) or idempotency_in_progress',
  '413': 'payload_too_large',
  '422':
    'invalid_request: pre-flight (WhatsApp limits, v3 targets, file types and sizes, 10,000 recipients); idempotency_key_reused',
  '429': 'rate_limited (the key, or the connection’s WATI plan) or send_cap_exceeded',
  '502': 'upstream_unreachable',
  '504': 'upstream_timeout',
};

function watiResponse(status: string, spec: V3ResponseSpec): Json {
  const description =
    status === '403'
      ? `${spec.description} WATI's answer in its own shape, the token scope it lacks and what to do in \`message\`; the connection stays ACTIVE.`
      : `${spec.description} (WATI's answer, passed through)`;
  if (spec.type === 'json') {
    return { description, content: { 'application/json': { schema: schemaOf(spec.schema, 'output') } } };
  }
  if (spec.type === 'binary') {
    return { description, content: { [spec.contentType]: { schema: { type: 'string', format: 'binary' } } } };
  }
  return { description };
}

function responses(op: V3Operation): Json {
  const out: Json = {};
  const statuses = new Set([...Object.keys(op.responses), ...Object.keys(gatewayRefusals)]);
  for (const status of [...statuses].sort()) {
    const wati = op.responses[status];
    const refusal = gatewayRefusals[status];
    if (!wati) {
      out[status] = { description: refusal, content: { 'application/json': { schema: errorRef } } };
      continue;
    }
    const answer = watiResponse(status, wati);
    if (!refusal) {
      out[status] = answer;
      continue;
    }
    const watiSchema = (answer.content as Json | undefined)?.['application/json'] as Json | undefined;
    out[status] = {
      description: `${answer.description as string}; or ${refusal}`,
      content: {
        ...(answer.content as Json | undefined),
        'application/json': { schema: watiSchema ? { oneOf: [watiSchema.schema, errorRef] } : errorRef },
      },
    };
  }
  return out;
}

function requestBody(op: V3Operation): Json | undefined {
  if (!op.body) return undefined;
  const schema = schemaOf(op.body.schema, 'input');
  if (op.body.contentType === 'multipart/form-data') {
    const properties = { ...(schema.properties as Json | undefined) };
    properties.file = { type: 'string', format: 'binary', description: 'File to send.' };
    return { required: true, content: { 'multipart/form-data': { schema: { ...schema, properties } } } };
  }
  return {
    required: true,
    content: {
      'application/json': { schema, ...(op.body.example === undefined ? {} : { example: op.body.example }) },
    },
  };
}

function v3Path(op: V3Operation): Json {
  const scope = op.kind === 'read' ? 'wati:read' : 'wati:send';
  const watiScope = op.scope
    ? ` The connection's WATI token needs the \`${op.scope}\` scope.`
    : ' WATI names no token scope for it.';
  const body = requestBody(op);
  return {
    operationId: op.id,
    summary: op.summary,
    tags: [`wati:v3:${op.tag}`],
    description: `WATI v3, forwarded to the origin of the connection's API endpoint URL with its token. Needs the \`${scope}\` scope.${watiScope} WATI's answers pass through unchanged, except a 403 (see below).${op.description ? `\n\n${op.description}` : ''}`,
    parameters: [
      { name: connectionHeader, in: 'header', required: false, schema: { type: 'string', format: 'uuid' } },
      ...(op.kind === 'send'
        ? [
            {
              name: 'Idempotency-Key',
              in: 'header',
              required: false,
              description: 'The send is done once: the first answer is replayed to retries for 24 h.',
              schema: { type: 'string' },
            },
          ]
        : []),
      ...Object.entries(op.params).map(([name, p]) => ({
        name,
        in: p.in,
        required: p.required,
        description: p.description,
        schema: schemaOf(p.schema, 'input'),
      })),
    ],
    ...(body ? { requestBody: body } : {}),
    responses: responses(op),
  };
}

/** Every operation of `registryV3` under `/wati<path>`, by method. */
export function v3Paths(registryV3: RegistryV3): Json {
  const paths: Json = {};
  for (const op of registryV3.list) {
    const path = `/wati${op.path}`;
    paths[path] = { ...(paths[path] as Json | undefined), [op.method.toLowerCase()]: v3Path(op) };
  }
  return paths;
}
