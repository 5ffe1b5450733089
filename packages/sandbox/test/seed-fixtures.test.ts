/**
 * Every HTTP request example of the seed, kept verbatim in fixtures/seed-requests.http, is sent to
 * the sandbox with only the host and key swapped, and must get the success shape the seed shows
 * (the v2 responses it prints in full; WATI's success envelope for the others).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultOperators, defaultTemplates } from '../src/index.js';
import { json, startSandbox, TENANT } from './helpers.js';

const fixtures = join(import.meta.dirname, 'fixtures');

interface SeedRequest {
  name: string;
  method: string;
  path: string;
  headers: Record<string, string>;
  body: string;
}

/** Parses the `.http` fixture: `### name`, a request line, headers, a blank line, the body. */
export function parseHttpFixture(text: string): SeedRequest[] {
  return text
    .split(/^### /m)
    .slice(1)
    .map((block) => {
      const lines = block.split('\n');
      const name = (lines.shift() ?? '').trim();
      const [method = '', path = ''] = (lines.shift() ?? '').split(' ');
      const headers: Record<string, string> = {};
      let line = lines.shift();
      while (line !== undefined && line.trim() !== '') {
        const i = line.indexOf(':');
        headers[line.slice(0, i).trim().toLowerCase()] = line.slice(i + 1).trim();
        line = lines.shift();
      }
      return { name, method, path, headers, body: lines.join('\n').trim() };
    });
}

/** The seed's `field=@file` multipart notation, read from the fixtures folder. */
function multipart(body: string): FormData {
  const form = new FormData();
  for (const line of body.split('\n').filter(Boolean)) {
    const [field = '', file = ''] = line.split('=@');
    const type = file.endsWith('.pdf') ? 'application/pdf' : 'text/csv';
    form.append(field, new Blob([readFileSync(join(fixtures, file))], { type }), file);
  }
  return form;
}

/** The type skeleton of a JSON value: keys and primitive types, arrays by their first item. */
function shapeOf(value: unknown): unknown {
  if (value === null) return 'null';
  if (Array.isArray(value)) return value.length === 0 ? [] : [shapeOf(value[0])];
  if (typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, shapeOf(v)]),
    );
  }
  return typeof value;
}

const requests = parseHttpFixture(readFileSync(join(fixtures, 'seed-requests.http'), 'utf8'));
const seedResponses = JSON.parse(readFileSync(join(fixtures, 'seed-responses.json'), 'utf8')) as Record<
  string,
  unknown
>;

describe('the seed’s HTTP examples against the sandbox', () => {
  it('covers every registry endpoint the seed documents', () => {
    expect(requests.map((r) => r.name)).toEqual([
      'getContacts',
      'addContact',
      'updateContactAttributes',
      'getMessages',
      'sendSessionMessage',
      'sendSessionFile',
      'getMessageTemplates',
      'sendTemplateMessage',
      'sendTemplateMessages',
      'sendTemplateMessageCSV',
      'sendTemplateMessageV2',
      'sendTemplateMessagesV2',
      'sendInteractiveButtonsMessage',
      'sendInteractiveListMessage',
      'assignOperator',
      'getMedia',
      'getContacts (pagination)',
    ]);
  });

  it('answers each, in the seed’s order, with the success shape the seed shows', async () => {
    // A tenant with WATI's templates and operators but no contacts yet, so that addContact creates one.
    const t = await startSandbox({ seed: false });
    await t.controlResponse('POST', `/_sandbox/${TENANT}/seed`, {
      templates: defaultTemplates,
      operators: defaultOperators,
    });
    const whatsappNumber = '14155551234';
    let fileName = '';
    for (const r of requests) {
      if (r.name === 'sendSessionMessage') await t.inbound(whatsappNumber, 'Hi, is my order ready?');
      // Only the host (and the gateway's /wati prefix) and the key change.
      const path = r.path
        .replace(/^\/wati/, '')
        .replace('{whatsappNumber}', whatsappNumber)
        .replace('{fileName}', encodeURIComponent(fileName));
      const isMultipart = r.headers['content-type'] === 'multipart/form-data';
      const headers = { ...r.headers };
      if (isMultipart) delete headers['content-type'];
      const res = await t.api(path, {
        method: r.method,
        headers,
        ...(r.body === '' ? {} : { body: isMultipart ? multipart(r.body) : r.body }),
      });
      expect(res.status, r.name).toBe(200);
      if (r.name === 'getMedia') {
        expect(res.headers.get('content-type')).toBe('application/pdf');
        expect(Buffer.from(await res.arrayBuffer())).toEqual(readFileSync(join(fixtures, 'document.pdf')));
        continue;
      }
      const body = (await json(res)) as Record<string, unknown>;
      const seedShape = seedResponses[r.name];
      if (seedShape) expect(shapeOf(body), r.name).toEqual(shapeOf(seedShape));
      // WATI's success: `result` true or "success", never false (wati-api.md §1.4).
      expect([true, 'success'], `${r.name}: ${JSON.stringify(body)}`).toContain(body.result);
      if (
        'errors' in body &&
        typeof body.errors === 'object' &&
        body.errors !== null &&
        !Array.isArray(body.errors)
      ) {
        expect(body.errors, r.name).toEqual({
          error: '',
          invalidWhatsappNumbers: [],
          invalidCustomParameters: [],
        });
      }
      if (r.name === 'sendSessionFile') fileName = String((body.message as { data: string }).data);
    }
    expect(t.sandbox.tenant().outbox.length).toBe(1 + 1 + 1 + 2 + 2 + 1 + 2 + 1 + 1);
  });
});
