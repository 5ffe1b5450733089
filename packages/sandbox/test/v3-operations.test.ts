/**
 * Walks every operation of WATI's v3 OpenAPI file (registryV3, generated from it) over real HTTP:
 * each answers 200 with a body its generated (strict) response schema accepts, and every example
 * request of the file is accepted as written.
 */
import { registryV3, type V3OperationId } from '@watigate/spec';
import { describe, expect, it } from 'vitest';
import { createIdSource, createSequentialIdSource } from '../src/index.js';
import { prepareV3Walk, v3FileForm, v3WalkRequests } from '../src/testing/index.js';
import { startSandbox, type TestSandbox } from './helpers.js';
import { expectValid, op } from './v3-helpers.js';

/** The walk's setup through the test sandbox itself. */
function prepare(t: TestSandbox) {
  return prepareV3Walk(
    (path, init) => t.apiV3(path, init),
    (number) => t.inbound(number),
  );
}

describe('WATI v3 API: every operation of the OpenAPI file', () => {
  it('has a request in the walk for each operation of registryV3', () => {
    const refs = {
      broadcastId: 'b',
      templateId: 't',
      fileMessageId: 'f',
      conversationId: 'c',
      contactTarget: 'x',
    };
    expect(Object.keys(v3WalkRequests(refs)).sort()).toEqual(registryV3.list.map((o) => o.id).sort());
  });

  // Random ids as WATI's; sequential test ids are all digits, which a target reads as a number,
  // so there the walk names the contact by its number instead.
  it.each([
    ['random ids', createIdSource],
    ['sequential ids', createSequentialIdSource],
  ])('answers every operation with 200 and a body its response schema accepts (%s)', async (_, ids) => {
    const t = await startSandbox({ ids: ids() });
    const requests = v3WalkRequests(await prepare(t));
    for (const operation of registryV3.list) {
      const call = requests[operation.id as V3OperationId];
      expect(call.method).toBe(operation.method);
      const res = await t.apiV3(call.path, call);
      await expectValid(operation, res);
      expect(res.status, `${operation.id} ${call.path}`).toBe(200);
    }
  });

  it('serves the media of a file message as bytes with its content type', async () => {
    const t = await startSandbox();
    const refs = await prepare(t);
    const res = await t.apiV3(`/conversations/messages/file/${refs.fileMessageId}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/jpeg');
    expect(await res.text()).toBe('abc');
  });
});

describe('WATI v3 API: the example requests of the OpenAPI file', () => {
  const withExamples = registryV3.list.filter((o) => o.body?.example !== undefined);

  it('has examples to check', () => {
    expect(withExamples.length).toBeGreaterThanOrEqual(10);
  });

  for (const operation of withExamples) {
    it(`accepts ${operation.id}'s example as written`, async () => {
      const t = await startSandbox();
      await t.seedV3Examples();
      const example = operation.body?.example as Record<string, unknown>;
      // The file's multipart example describes the uploaded file (IFormFile); send a real one.
      const body =
        operation.body?.contentType === 'multipart/form-data'
          ? v3FileForm(String(example.target), 'abc', String(example.caption))
          : example;
      // Path parameters have no examples in the file: the example conversation's number.
      const path = operation.path.replace('/api/ext/v3', '').replace('{target}', '1415552671');
      const res = await t.apiV3(path, { method: operation.method, body });
      const answer = await expectValid(operation, res);
      expect(res.status, JSON.stringify(answer)).toBe(200);
    });
  }
});

describe('every operation checks its scope and the op registry agrees', () => {
  it('lists 25 operations', () => {
    expect(registryV3.list).toHaveLength(25);
    expect(op('v3GetContacts').scope).toBe('contactsv3:*');
  });
});
