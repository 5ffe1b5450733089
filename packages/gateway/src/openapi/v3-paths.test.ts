import { registryV3 } from '@watigate/spec';
import { describe, expect, it } from 'vitest';
import { buildOpenApi } from './build-openapi.js';

const doc = buildOpenApi({ publicUrl: 'http://gw.test', version: '0.0.0' }) as {
  paths: Record<string, Record<string, Record<string, unknown>>>;
};

describe('the OpenAPI document’s v3 paths', () => {
  it('describes every v3 operation under /wati, with its id and the scopes it needs', () => {
    for (const op of registryV3.list) {
      const described = doc.paths[`/wati${op.path}`]?.[op.method.toLowerCase()];
      expect(described?.operationId, op.id).toBe(op.id);
      expect(described?.description).toContain(op.kind === 'read' ? '`wati:read`' : '`wati:send`');
      expect(described?.description).toContain(op.scope ? `\`${op.scope}\`` : 'WATI names no token scope');
    }
  });

  it('gives WATI’s answers per status beside the gateway’s own refusals', () => {
    const send = doc.paths['/wati/api/ext/v3/messageTemplates/send']?.post as {
      responses: Record<string, { description: string; content?: Record<string, { schema: unknown }> }>;
      parameters: Array<{ name: string }>;
    };
    expect(Object.keys(send.responses)).toEqual(
      expect.arrayContaining(['200', '400', '401', '403', '404', '409', '422', '429', '500', '502', '504']),
    );
    expect(send.responses['422']?.content?.['application/json']?.schema).toEqual({
      $ref: '#/components/schemas/Error',
    });
    expect(send.responses['403']?.description).toContain('the token scope it lacks');
    expect(send.parameters.map((p) => p.name)).toContain('Idempotency-Key');
  });
});
