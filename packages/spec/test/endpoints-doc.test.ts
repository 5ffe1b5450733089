/** docs/endpoints.md is generated from the registries (v1/v2 and v3); this fails when the committed file drifts. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { renderEndpoints } from '../../../scripts/render-endpoints.mjs';
import * as spec from '../src/index.js';

const docPath = new URL('../../../docs/endpoints.md', import.meta.url);

describe('docs/endpoints.md', () => {
  const rendered = renderEndpoints(spec);

  it('matches what the registry renders', () => {
    const committed = readFileSync(docPath, 'utf8');
    if (committed !== rendered) expect.fail('docs/endpoints.md is stale: run npm run docs:endpoints');
  });

  it('has a section and a table row for every operation, with its method and path', () => {
    for (const operation of spec.operationList) {
      expect(rendered).toContain(`### ${operation.id}\n`);
      expect(rendered).toContain(
        `| ${operation.method} | [\`${operation.path}\`](#${operation.id.toLowerCase()}) |`,
      );
    }
  });

  it('marks parameters required or optional from their schema', () => {
    expect(rendered).toContain('| `messageText` | query | required | The text, at most 4096 characters |');
    expect(rendered).toContain('| `caption` | query | optional | Caption, at most 1024 characters |');
    expect(rendered).toContain('| `attribute` | query (JSON-encoded) | optional |');
    expect(rendered).toContain('| `parameters` | json | optional, default `[]` |');
    expect(rendered).toContain('| `file` | multipart | required |');
  });

  it('lists WATI’s rate limits per plan', () => {
    expect(rendered).toContain('| Rate class | Growth | Pro | Business | Operations |');
    expect(rendered).toContain('| `templateSend` | 30 / 10 s | 60 / 10 s | 100 / 10 s |');
    expect(rendered).toContain('| `unmetered` | not published | not published | not published |');
  });

  /** The part of the document from a `## ` heading to the next. */
  function section(text: string, heading: string): string {
    const start = text.indexOf(`\n## ${heading}\n`);
    expect(start, heading).toBeGreaterThanOrEqual(0);
    const end = text.indexOf('\n## ', start + 1);
    return text.slice(start, end < 0 ? undefined : end);
  }

  const v3Row = (o: (typeof spec.registryV3.list)[number]) =>
    `| ${o.method} | [\`/wati${o.path}\`](#${o.id.toLowerCase()}) | ${o.kind} | \`${o.rateClass}\` | ${
      o.scope ? `\`${o.scope}\`` : 'none documented'
    } |`;

  it('says where v3 goes and that v1/v2 stays the seed’s contract', () => {
    expect(rendered).toContain('exactly as the seed’s contract has them');
    expect(rendered).toContain('the gateway sends it to the origin of the connection’s API endpoint URL');
    expect(rendered).toContain('`$WATIGATE_URL/wati/api/ext/v3/contacts`');
    expect(rendered).toContain('[v3-registry.md](v3-registry.md)');
  });

  it('maps every v1/v2 operation to its v3 equivalents, with their method, gateway path, class, rate class and scope', () => {
    const map = section(rendered, 'v1/v2 and v3 side by side');
    for (const v1 of spec.operationList) {
      const equivalents = spec.registryV3.list.filter((v3) => (v3.v1 as readonly string[]).includes(v1.id));
      expect(equivalents.length, v1.id).toBeGreaterThan(0);
      for (const v3 of equivalents) {
        expect(map).toContain(
          `| [\`${v1.id}\`](#${v1.id.toLowerCase()}) | \`${v1.method} /wati${v1.path}\` | [\`${v3.id}\`](#${v3.id.toLowerCase()}) ${v3Row(v3)}`,
        );
      }
    }
    expect(map).toContain(
      '| [`getContacts`](#getcontacts) | `GET /wati/api/v1/getContacts` | [`v3GetContacts`](#v3getcontacts) | GET | [`/wati/api/ext/v3/contacts`](#v3getcontacts) | read | `contacts` | `contactsv3:*` | Get contacts |',
    );
  });

  it('lists the v3 operations without a v1/v2 equivalent, and only those, under v3 only', () => {
    const only = section(rendered, 'v3 only');
    for (const v3 of spec.registryV3.list) {
      const row = `| [\`${v3.id}\`](#${v3.id.toLowerCase()}) ${v3Row(v3)}`;
      if (v3.v1.length === 0) expect(only, v3.id).toContain(row);
      else expect(only, v3.id).not.toContain(`[\`${v3.id}\`]`);
    }
    for (const id of [
      'v3PutConversationsByTargetStatus',
      'v3PostConversationsMessagesFileViaUrl',
      'v3GetMessageTemplatesByTemplateId',
      'v3PostMessageTemplatesSchedule',
      'v3GetBroadcasts',
      'v3GetBroadcastsByBroadcastIdRecipients',
      'v3GetChannels',
      'v3GetChatbots',
      'v3GetContactsCount',
      'v3PutContactsTeams',
      'v3GetContactsByTarget',
    ]) {
      expect(only, id).toContain(`[\`${id}\`]`);
    }
  });

  it('has a section for every v3 operation, with its parameters and body fields', () => {
    for (const v3 of spec.registryV3.list) {
      expect(rendered).toContain(`### ${v3.id}\n\n\`${v3.method} /wati${v3.path}\` · ${v3.kind} ·`);
    }
    expect(rendered).toContain('| `page_size` | query | required | Number of items per page (max 100). |');
    expect(rendered).toContain('| `text` | json | required | Message content. |');
    expect(rendered).toContain('| `caption` | multipart | optional | Optional caption for the file. |');
    expect(rendered).toContain('Replaces [`getMessages`](#getmessages).');
  });

  it('follows the registry: a new v3 operation lands in the map or under v3 only', () => {
    const base = spec.registryV3.list[0] as (typeof spec.registryV3.list)[number];
    const mapped = {
      ...base,
      id: 'v3GetThrowaway',
      path: '/api/ext/v3/throwaway',
      v1: ['getContacts'] as const,
    };
    const alone = { ...base, id: 'v3GetLonely', path: '/api/ext/v3/lonely' as const, v1: [] };
    const text = renderEndpoints({
      ...spec,
      registryV3: { list: [...spec.registryV3.list, mapped, alone] },
    });
    expect(section(text, 'v1/v2 and v3 side by side')).toContain(
      '| [`getContacts`](#getcontacts) | `GET /wati/api/v1/getContacts` | [`v3GetThrowaway`](#v3getthrowaway) | GET | [`/wati/api/ext/v3/throwaway`]',
    );
    expect(section(text, 'v3 only')).toContain(
      '| [`v3GetLonely`](#v3getlonely) | GET | [`/wati/api/ext/v3/lonely`]',
    );
    expect(section(text, 'v3 only')).not.toContain('v3GetThrowaway');
  });
});
