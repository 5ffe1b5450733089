import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  defineOperation,
  operationKinds,
  paramLocations,
  rateClasses,
  resources,
} from './define-operation.js';
import {
  createRegistry,
  getOperation,
  matchOperation,
  operationList,
  operations,
  pathIsKnown,
  registry,
} from './registry.js';

/** The registry's path with every `{name}` replaced by an example value. */
function examplePath(path: string): string {
  return path.replace(/\{(\w+)\}/g, '14155551234');
}

describe('operations', () => {
  it('lists the 16 supported WATI endpoints in documentation order', () => {
    expect(operationList.map((o) => `${o.method} ${o.path}`)).toEqual([
      'GET /api/v1/getContacts',
      'POST /api/v1/addContact/{whatsappNumber}',
      'POST /api/v1/updateContactAttributes/{whatsappNumber}',
      'GET /api/v1/getMessages/{whatsappNumber}',
      'POST /api/v1/sendSessionMessage/{whatsappNumber}',
      'POST /api/v1/sendSessionFile/{whatsappNumber}',
      'GET /api/v1/getMessageTemplates',
      'POST /api/v1/sendTemplateMessage',
      'POST /api/v2/sendTemplateMessage',
      'POST /api/v1/sendTemplateMessages',
      'POST /api/v2/sendTemplateMessages',
      'POST /api/v1/sendTemplateMessageCSV',
      'POST /api/v1/sendInteractiveButtonsMessage',
      'POST /api/v1/sendInteractiveListMessage',
      'POST /api/v1/assignOperator',
      'GET /api/v1/getMedia',
    ]);
  });

  it('keys every entry by its own id, and ids are unique', () => {
    for (const [key, operation] of Object.entries(operations)) expect(operation.id).toBe(key);
    const ids = operationList.map((o) => o.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('has no two entries with the same method and path', () => {
    const routes = operationList.map((o) => `${o.method} ${o.path}`);
    expect(new Set(routes).size).toBe(routes.length);
  });

  it.each(operationList.map((o) => [o.id, o] as const))(
    '%s declares every descriptive field',
    (_, operation) => {
      expect(['GET', 'POST']).toContain(operation.method);
      expect(operation.path).toMatch(/^\/api\/v[12]\/[A-Za-z]+(\/\{\w+\})?$/);
      expect(operation.summary).toMatch(/^[A-Z].{10,}\.$/);
      expect(operationKinds).toContain(operation.kind);
      expect(rateClasses).toContain(operation.rateClass);
      expect(resources).toContain(operation.resource);
      expect(operation.see).toMatch(/^https:\/\/docs\.wati\.io\/reference\/(get|post)_api-v[12]-/);
      expect(operation.see.toLowerCase()).toContain(operation.path.split('/')[3]?.toLowerCase());
      for (const [name, param] of Object.entries(operation.params)) {
        expect(paramLocations, name).toContain(param.in);
        expect(param.description.length, name).toBeGreaterThan(0);
      }
    },
  );

  it.each(operationList.map((o) => [o.id, o] as const))(
    '%s declares each path placeholder as a path parameter',
    (_, operation) => {
      const placeholders = [...operation.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
      const pathParams = Object.entries(operation.params)
        .filter(([, p]) => p.in === 'path')
        .map(([name]) => name);
      expect(pathParams).toEqual(placeholders);
      for (const name of pathParams) {
        expect(operation.params[name]?.schema.safeParse(undefined).success, `${name} must be required`).toBe(
          false,
        );
      }
    },
  );

  it('names a recipient parameter that exists and is required', () => {
    for (const operation of operationList) {
      if (operation.recipientParam === undefined) continue;
      const param = operation.params[operation.recipientParam];
      expect(param, operation.id).toBeDefined();
      expect(param?.schema.safeParse(undefined).success, operation.id).toBe(false);
    }
    expect(operationList.filter((o) => o.recipientParam === undefined).map((o) => o.id)).toEqual([
      'getContacts',
      'getMessageTemplates',
      'sendTemplateMessages',
      'sendTemplateMessagesV2',
      'sendTemplateMessageCSV',
      'getMedia',
    ]);
  });

  it('uses GET exactly for the reads', () => {
    for (const operation of operationList) {
      expect(operation.method === 'GET', operation.id).toBe(operation.kind === 'read');
    }
  });

  it('derives a strict input schema from the parameters', () => {
    const input = operations.getMessages.input;
    expect(input.safeParse({ whatsappNumber: '14155551234', pageSize: 10 }).success).toBe(true);
    expect(input.safeParse({ whatsappNumber: '14155551234', extra: 1 }).success).toBe(false);
    expect(input.safeParse({}).success).toBe(false);
    expect(Object.isFrozen(operations.getMessages)).toBe(true);
  });
});

describe('getOperation', () => {
  it('returns the entry for a known id', () => {
    expect(getOperation('sendTemplateMessageV2')).toBe(operations.sendTemplateMessageV2);
  });

  it('returns undefined for unknown ids and inherited property names', () => {
    expect(getOperation('sendSms')).toBeUndefined();
    expect(getOperation('toString')).toBeUndefined();
    expect(getOperation('__proto__')).toBeUndefined();
    expect(getOperation('constructor')).toBeUndefined();
  });
});

describe('matchOperation', () => {
  it.each(operationList.map((o) => [o.id, o] as const))(
    'matches %s at its own path with example parameters',
    (_, operation) => {
      const pathParams = Object.fromEntries(
        Object.entries(operation.params)
          .filter(([, p]) => p.in === 'path')
          .map(([name]) => [name, '14155551234']),
      );
      expect(matchOperation(operation.method, examplePath(operation.path))).toEqual({
        operation,
        pathParams,
      });
    },
  );

  it('tells v1 and v2 of the same name apart', () => {
    expect(matchOperation('POST', '/api/v1/sendTemplateMessage')?.operation.id).toBe('sendTemplateMessage');
    expect(matchOperation('POST', '/api/v2/sendTemplateMessage')?.operation.id).toBe('sendTemplateMessageV2');
    expect(matchOperation('POST', '/api/v2/sendTemplateMessages')?.operation.id).toBe(
      'sendTemplateMessagesV2',
    );
  });

  it('accepts the method in any case', () => {
    expect(matchOperation('get', '/api/v1/getContacts')?.operation).toBe(operations.getContacts);
  });

  it('returns undefined for a known path with the wrong method', () => {
    expect(matchOperation('POST', '/api/v1/getContacts')).toBeUndefined();
    expect(matchOperation('GET', '/api/v1/sendSessionMessage/14155551234')).toBeUndefined();
    expect(matchOperation('DELETE', '/api/v1/getMedia')).toBeUndefined();
  });

  it('returns undefined for unknown, partial, differently cased or extended paths', () => {
    for (const path of [
      '/api/v1/rotateToken',
      '/api/v3/getContacts',
      '/api/v1/getcontacts',
      '/api/v1/getContacts/',
      '/api/v1/getContacts/extra',
      'api/v1/getContacts',
      '/tenant/api/v1/getContacts',
      '/api/v1/getMessages',
      '/api/v1/getMessages/',
      '/api/v1/getMessages/1/2',
      '',
    ]) {
      expect(matchOperation('GET', path), path).toBeUndefined();
    }
  });

  it('decodes percent-encoded path parameters', () => {
    expect(matchOperation('GET', '/api/v1/getMessages/%2B1%20415%20555%201234')).toEqual({
      operation: operations.getMessages,
      pathParams: { whatsappNumber: '+1 415 555 1234' },
    });
    expect(matchOperation('POST', '/api/v1/addContact/a%2Fb')?.pathParams).toEqual({ whatsappNumber: 'a/b' });
  });

  it('returns undefined when a path parameter is not valid percent-encoding', () => {
    expect(matchOperation('GET', '/api/v1/getMessages/%E0%A4%A')).toBeUndefined();
    expect(matchOperation('GET', '/api/v1/getMessages/%')).toBeUndefined();
  });

  it('treats `..` and `.` as ordinary parameter values (the gateway rejects them before matching)', () => {
    expect(matchOperation('GET', '/api/v1/getMessages/..')?.pathParams).toEqual({ whatsappNumber: '..' });
    expect(matchOperation('GET', '/api/v1/getMessages/%2E%2E')?.pathParams).toEqual({ whatsappNumber: '..' });
    expect(matchOperation('GET', '/api/v1/../v1/getContacts')).toBeUndefined();
  });
});

describe('pathIsKnown', () => {
  it('is true for a registry path under any method', () => {
    expect(pathIsKnown('/api/v1/getContacts')).toBe(true);
    expect(pathIsKnown('/api/v1/sendSessionMessage/14155551234')).toBe(true);
  });

  it('is false for paths outside the registry', () => {
    expect(pathIsKnown('/api/v1/rotateToken')).toBe(false);
    expect(pathIsKnown('/api/v1/getMessages')).toBe(false);
  });
});

describe('what the adapters take from each entry', () => {
  /** The example with each file name replaced by a file, as a caller would pass it. */
  const exampleInput = (operation: (typeof operationList)[number]) =>
    Object.fromEntries(
      Object.entries(operation.example).map(([name, value]) => [
        name,
        operation.params[name]?.in === 'multipart' ? new File(['x'], String(value)) : value,
      ]),
    );

  it.each(operationList.map((o) => [o.id, o] as const))(
    '%s has an example its own input schema accepts',
    (_, operation) => {
      const parsed = operation.input.safeParse(exampleInput(operation));
      expect(parsed.error?.issues ?? [], operation.id).toEqual([]);
    },
  );

  it('gives every entry a CLI command, unique within its resource, or a reason for having none', () => {
    const commands = operationList.flatMap((o) =>
      'command' in o.cli ? [`${o.resource} ${o.cli.command}`] : [],
    );
    expect(new Set(commands).size).toBe(commands.length);
    for (const o of operationList) {
      if ('omitted' in o.cli) expect(o.cli.omitted.length, o.id).toBeGreaterThan(10);
      else expect(o.cli.command, o.id).toMatch(/^[a-z]+(-[a-z]+)*$/);
    }
  });

  it('names each MCP tool after its id in snake_case, uniquely, but for the one send_template', () => {
    expect(operations.getContacts.tool).toBe('get_contacts');
    expect(operations.sendSessionMessage.tool).toBe('send_session_message');
    const templateSends = operationList.filter((o) => o.resource === 'templates' && o.kind === 'send');
    expect(templateSends.map((o) => o.tool)).toEqual(Array(5).fill('send_template'));
    const tools = operationList.filter((o) => !templateSends.includes(o)).map((o) => o.tool);
    expect(new Set(tools).size).toBe(tools.length);
    expect(tools).not.toContain('send_template');
    for (const tool of tools) expect(tool).toMatch(/^[a-z][a-z0-9_]*$/);
  });

  it('derives idempotency: reads are, sends are not, writes as declared', () => {
    expect(
      Object.fromEntries(operationList.filter((o) => o.kind === 'write').map((o) => [o.id, o.idempotent])),
    ).toEqual({ addContact: true, updateContactAttributes: true, assignOperator: false });
    for (const o of operationList) {
      if (o.kind === 'read') expect(o.idempotent, o.id).toBe(true);
      if (o.kind === 'send') expect(o.idempotent, o.id).toBe(false);
    }
  });
});

describe('createRegistry', () => {
  const extra = defineOperation({
    id: 'getThrowaway',
    method: 'GET',
    path: '/api/v1/getThrowaway/{whatsappNumber}',
    resource: 'contacts',
    kind: 'read',
    rateClass: 'contacts',
    summary: 'A made-up read for this test.',
    params: { whatsappNumber: { in: 'path', schema: z.string(), description: 'A number' } },
    response: { type: 'json', schema: z.looseObject({}) },
    see: 'https://docs.wati.io/reference/get_api-v1-getthrowaway',
    example: { whatsappNumber: '14155551234' },
    cli: { command: 'throwaway' },
  });
  const extended = createRegistry([...operationList, extra]);

  it('looks up, matches and knows the paths of the operations it is given, and only those', () => {
    expect(extended.get('getThrowaway')).toBe(extra);
    expect(extended.match('GET', '/api/v1/getThrowaway/1415')).toEqual({
      operation: extra,
      pathParams: { whatsappNumber: '1415' },
    });
    expect(extended.pathIsKnown('/api/v1/getThrowaway/1415')).toBe(true);
    expect(registry.get('getThrowaway')).toBeUndefined();
    expect(registry.match('GET', '/api/v1/getThrowaway/1415')).toBeUndefined();
    expect(extended.get('getContacts')).toBe(operations.getContacts);
  });
});
