/** Pieces every path of the OpenAPI document uses: the error answer, the JSON body, references. */

export type Json = Record<string, unknown>;

export const errorResponse = (description: string): Json => ({
  description,
  content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
});

export const connectionRef = { $ref: '#/components/schemas/Connection' };
export const keyRef = { $ref: '#/components/schemas/Key' };

export function jsonBody(schema: Json): Json {
  return { required: true, content: { 'application/json': { schema } } };
}

export function ok(description: string, schema: Json, status = '200'): Json {
  return {
    [status]: { description, content: { 'application/json': { schema } } },
    '401': errorResponse('missing_key or invalid_key'),
    '403': errorResponse('insufficient_scope'),
  };
}
