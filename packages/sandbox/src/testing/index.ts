/**
 * `@watigate/sandbox/testing`: what every package's tests use to drive a real sandbox, and the
 * switches of the suites that need something outside the repository (PostgreSQL, Redis, a
 * browser). Node only.
 */
export type { LoggedRequest } from '../sandbox-core.js';
export type { OptionalSuite, RequiredSuiteOptions, SuiteSwitch } from './optional-suites.js';
export { isCi, requiredSuite, suiteVariables } from './optional-suites.js';
export type { SandboxControl, SentItem } from './sandbox-control.js';
export { allSent, sandboxControl } from './sandbox-control.js';
export type { TestSandbox, TestSandboxOptions } from './start-test-sandbox.js';
export { startTestSandbox, testTenantId, testToken } from './start-test-sandbox.js';
export type { V3Call, V3WalkRefs, V3WalkRequest } from './v3-walk.js';
export { prepareV3Walk, v3FileForm, v3WalkNumber, v3WalkRequests } from './v3-walk.js';
