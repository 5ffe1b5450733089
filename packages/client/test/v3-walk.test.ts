/**
 * Every operation of WATI's v3 OpenAPI file through the client's `callById`, against the sandbox:
 * the sandbox's shared v3 walk (one 200-answered request per operation) and the file's own example
 * requests, each turned into the client's one flat input. Each must pass the client's pre-flight
 * and its check of the answer against the file's response schema.
 */
import { createIdSource } from '@watigate/sandbox';
import {
  prepareV3Walk,
  startTestSandbox,
  type TestSandbox,
  type V3WalkRequest,
  v3WalkRequests,
} from '@watigate/sandbox/testing';
import { registryV3, type V3OperationId } from '@watigate/spec';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWatiClient, type WatiClient } from '../src/index.js';

let sb: TestSandbox;
let client: WatiClient;
beforeAll(async () => {
  // Random ids: sequential test ids are all digits, which a v3 target reads as a phone number.
  sb = await startTestSandbox({ ids: createIdSource() });
  client = createWatiClient({ baseUrl: sb.apiEndpoint, token: sb.token, retry: { maxRetries: 0 } });
});
afterAll(() => sb.close());

/** A walk request (path, query, JSON or multipart body) as the client's flat input. */
function inputOf(request: V3WalkRequest): { id: string; input: Record<string, unknown> } {
  const url = new URL(`http://x/api/ext/v3${request.path}`);
  const match = registryV3.match(request.method, url.pathname);
  if (!match) throw new Error(`no v3 operation for ${request.method} ${url.pathname}`);
  const input: Record<string, unknown> = { ...match.pathParams, ...Object.fromEntries(url.searchParams) };
  if (request.body instanceof FormData) for (const [k, v] of request.body) input[k] = v;
  else if (request.body !== undefined) Object.assign(input, request.body);
  return { id: match.operation.id, input };
}

describe('WATI’s v3 OpenAPI file through callById', () => {
  it('calls every operation of the walk and gets an answer that passes the client’s checks', async () => {
    const refs = await prepareV3Walk(
      (path, init) => sb.apiV3(path, init),
      (number) => sb.inbound(number, 'Hi'),
    );
    const requests = v3WalkRequests(refs);
    // The walk's template send also names a recipient `x`, which the client refuses before WATI.
    const send = requests.v3PostMessageTemplatesSend.body as { recipients: Array<{ phone_number: string }> };
    send.recipients = send.recipients.filter((r) => r.phone_number !== 'x');
    expect(Object.keys(requests).sort()).toEqual(registryV3.list.map((o) => o.id).sort());
    for (const operation of registryV3.list) {
      const { id, input } = inputOf(requests[operation.id as V3OperationId]);
      expect(id).toBe(operation.id);
      const answer = await client.callById(id, input).catch((e: unknown) => e);
      expect(answer, operation.id).not.toBeInstanceOf(Error);
    }
  });

  it('accepts every example request of the file', async () => {
    await sb.seedV3Examples();
    const withExamples = registryV3.list.filter((o) => o.body?.example !== undefined);
    expect(withExamples.length).toBeGreaterThanOrEqual(10);
    for (const operation of withExamples) {
      const example = { ...(operation.body?.example as Record<string, unknown>) };
      // The file's multipart example describes the uploaded file (IFormFile); send a real one.
      if (operation.body?.contentType === 'multipart/form-data')
        example.file = new Blob(['abc'], { type: 'image/jpeg' });
      // Path parameters have no examples in the file: the example conversation's number.
      const path = 'target' in operation.params ? { target: '1415552671' } : {};
      const answer = await client.callById(operation.id, { ...example, ...path }).catch((e: unknown) => e);
      expect(answer, operation.id).not.toBeInstanceOf(Error);
    }
  });
});
