/**
 * The `/wati/...` paths of the OpenAPI document, one per registry operation, generated from the
 * registry so that the document and what the gateway forwards can never disagree.
 */
import { connectionHeader, type Operation, type Registry } from '@watigate/spec';
import { z } from 'zod';
import { errorResponse, type Json } from './responses.js';

function schemaOf(type: z.ZodType): Json {
  try {
    return z.toJSONSchema(type, { unrepresentable: 'any', io: 'input' }) as Json;
  } catch {
    return {};
  }
}

function watiPath(op: Operation): Json {
  const params = Object.entries(op.params);
  const parameters = params
    .filter(([, p]) => p.in === 'path' || p.in === 'query')
    .map(([name, p]) => ({
      name,
      in: p.in,
      required: p.in === 'path' || !p.schema.safeParse(undefined).success,
      description: p.description,
      schema: p.encode === 'json' ? { type: 'string', description: 'JSON' } : schemaOf(p.schema),
    }));
  const bodyParams = params.filter(([, p]) => p.in === 'json' || p.in === 'form' || p.in === 'multipart');
  const media = {
    json: 'application/json',
    form: 'application/x-www-form-urlencoded',
    multipart: 'multipart/form-data',
  };
  const first = bodyParams[0]?.[1].in as keyof typeof media | undefined;
  const requestBody = first
    ? {
        required: true,
        content: {
          [media[first]]: {
            schema: {
              type: 'object',
              properties: Object.fromEntries(
                bodyParams.map(([name, p]) => [
                  name,
                  p.in === 'multipart'
                    ? { type: 'string', format: 'binary' }
                    : { ...schemaOf(p.schema), description: p.description },
                ]),
              ),
            },
          },
        },
      }
    : undefined;
  return {
    operationId: op.id,
    summary: op.summary,
    tags: [`wati:${op.resource}`],
    description: `Forwarded to WATI with the connection's token. Needs the \`${op.kind === 'read' ? 'wati:read' : 'wati:send'}\` scope. WATI's answer is passed through unchanged.`,
    externalDocs: { url: op.see },
    parameters: [
      { name: connectionHeader, in: 'header', required: false, schema: { type: 'string', format: 'uuid' } },
      ...parameters,
    ],
    ...(requestBody ? { requestBody } : {}),
    responses: {
      '200': { description: "WATI's answer, passed through (including HTTP 200 with `result: false`)" },
      '400': errorResponse('connection_missing, connection_ambiguous or invalid_path'),
      '401': errorResponse('missing_key or invalid_key'),
      '404': errorResponse('connection_not_found'),
      '409': errorResponse('connection_not_active'),
      '422': errorResponse('invalid_request (pre-flight)'),
      '429': errorResponse('rate_limited'),
      '502': errorResponse('upstream_unreachable'),
      '504': errorResponse('upstream_timeout'),
    },
  };
}

/** Every operation of `registry` under `/wati<path>`, by method. */
export function watiPaths(registry: Registry): Json {
  const paths: Json = {};
  for (const op of registry.list) {
    const path = `/wati${op.path}`;
    paths[path] = { ...(paths[path] as Json | undefined), [op.method.toLowerCase()]: watiPath(op) };
  }
  return paths;
}
