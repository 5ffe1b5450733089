import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { operationList, registry } from '../registry.js';
import { matchV3, registryV3, v3Extras } from './registry-v3.js';

const openapi = JSON.parse(
  readFileSync(fileURLToPath(new URL('../../openapi/wati-v3.json', import.meta.url)), 'utf8'),
);
const fileOperations: string[] = Object.entries(openapi.paths as Record<string, object>).flatMap(
  ([path, item]) => Object.keys(item).map((method) => `${method.toUpperCase()} ${path}`),
);

/** A path with each `{name}` replaced by a value of its kind. */
function samplePath(path: string): string {
  return path.replace(/\{(\w+)\}/g, (_, name: string) => (name === 'target' ? '14155551234' : 'abc123'));
}

describe('registryV3', () => {
  it('has every operation of the OpenAPI file and nothing else', () => {
    expect(registryV3.list.map((o) => `${o.method} ${o.path}`)).toEqual(fileOperations);
    expect(Object.keys(v3Extras).sort()).toEqual(registryV3.list.map((o) => o.id).sort());
    for (const o of registryV3.list) expect(registryV3.get(o.id)).toBe(o);
  });

  it('classes every GET as a read and nothing else as one; sends are never idempotent, reads always', () => {
    for (const o of registryV3.list) {
      expect(o.kind === 'read', o.id).toBe(o.method === 'GET');
      if (o.kind === 'read') expect(o.idempotent, o.id).toBe(true);
      if (o.kind === 'send') {
        expect(o.idempotent, o.id).toBe(false);
        expect(o.target, `${o.id} names who it reaches`).toBeDefined();
      }
    }
  });

  it('names a target that exists in the path or the body schema', () => {
    for (const o of registryV3.list) {
      if (!o.target) continue;
      if (o.target.in === 'path') expect(o.params[o.target.field]?.in, o.id).toBe('path');
      else expect(o.body, o.id).toBeDefined();
    }
  });

  it('maps each v1 operation it replaces to one in the v1 registry, sharing its rate class', () => {
    const mapped = registryV3.list.flatMap((o) => o.v1.map((id) => [o, id] as const));
    expect(mapped.length).toBeGreaterThanOrEqual(15);
    for (const [o, id] of mapped) {
      const v1 = registry.get(id);
      expect(v1, `${o.id} → ${id}`).toBeDefined();
      expect(o.rateClass, `${o.id} shares ${id}'s bucket`).toBe(v1?.rateClass);
    }
    // The notes' v1 → v3 map covers all 16 v1/v2 operations.
    expect(new Set(mapped.map(([, id]) => id))).toEqual(new Set(operationList.map((o) => o.id)));
  });

  it('names the token scope WATI documents, by family, and none where WATI names none', () => {
    const scopes = Object.fromEntries(registryV3.list.map((o) => [o.id, o.scope]));
    expect(scopes.v3GetContacts).toBe('contactsv3:*');
    expect(scopes.v3PutContactsTeams).toBe('contactsv3:*');
    expect(scopes.v3PostConversationsMessagesText).toBe('conversationsv3:*');
    expect(scopes.v3GetConversationsMessagesFileByMessageId).toBe('conversationsv3:*');
    expect(scopes.v3PostMessageTemplatesSend).toBe('messagetemplatev3:write');
    expect(scopes.v3PostMessageTemplatesSchedule).toBe('messagetemplatev3:write');
    for (const id of ['v3GetMessageTemplates', 'v3GetBroadcasts', 'v3GetChannels', 'v3PostChatbotsStart'])
      expect(scopes[id], id).toBeUndefined();
  });

  it('leaves the v1/v2 registry alone: no v3 path in it, none of its paths in v3', () => {
    expect(operationList).toHaveLength(16);
    expect(operationList.some((o) => (o.path as string).startsWith('/api/ext/v3'))).toBe(false);
    for (const o of registryV3.list) expect(registry.match(o.method, samplePath(o.path))).toBeUndefined();
  });
});

describe('matchV3', () => {
  it('matches every path of the file to its operation, with decoded path parameters', () => {
    for (const o of registryV3.list) {
      const m = matchV3(o.method, samplePath(o.path));
      expect(m?.operation.id, `${o.method} ${o.path}`).toBe(o.id);
    }
    expect(matchV3('get', '/api/ext/v3/conversations/123456789%3A1415552671/messages')).toMatchObject({
      operation: { id: 'v3GetConversationsByTargetMessages' },
      pathParams: { target: '123456789:1415552671' },
    });
  });

  it('prefers a literal segment over a parameter', () => {
    expect(matchV3('GET', '/api/ext/v3/contacts/count')?.operation.id).toBe('v3GetContactsCount');
    expect(matchV3('GET', '/api/ext/v3/broadcasts/overview')?.operation.id).toBe('v3GetBroadcastsOverview');
    expect(matchV3('GET', '/api/ext/v3/contacts/14155551234')?.operation.id).toBe('v3GetContactsByTarget');
  });

  it('refuses unknown paths, wrong methods, v1 paths and malformed escapes', () => {
    expect(matchV3('GET', '/api/ext/v3/nope')).toBeUndefined();
    expect(matchV3('GET', '/api/ext/v3/contacts/')).toBeUndefined();
    expect(matchV3('GET', '/api/ext/v3/Contacts')).toBeUndefined();
    expect(matchV3('GET', '/api/ext/v3/contacts/a/b')).toBeUndefined();
    expect(matchV3('DELETE', '/api/ext/v3/contacts')).toBeUndefined();
    expect(matchV3('GET', '/api/v1/getContacts')).toBeUndefined();
    expect(matchV3('GET', '/api/ext/v3/contacts/%E0%A4%A')).toBeUndefined();
    expect(registryV3.pathIsKnown('/api/ext/v3/contacts/teams')).toBe(true);
    expect(registryV3.pathIsKnown('/api/ext/v3/nope')).toBe(false);
  });
});
