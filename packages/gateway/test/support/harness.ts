/**
 * The gateway's own suites: the test gateway of src/testing, and the error body as assertions
 * expect it.
 */
import { expect } from 'vitest';

export type { TestGateway, TestGatewayOptions } from '../../src/testing/test-gateway.js';
export { createTestGateway, START } from '../../src/testing/test-gateway.js';

/** The one error body, with any request id. */
export function errorBody(code: string, message: string | RegExp, details: unknown[] = []) {
  return {
    error: {
      code,
      message: typeof message === 'string' ? message : expectMatching(message),
      requestId: expectMatching(/^req_[A-Za-z0-9_-]{16}$/),
      details,
    },
  };
}

function expectMatching(pattern: RegExp): string {
  return expect.stringMatching(pattern) as unknown as string;
}
