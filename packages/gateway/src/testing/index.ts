/**
 * `@watigate/gateway/testing`: for tests of the gateway and of what talks to it. `inject` sends a
 * request through the app's front door, exactly as its HTTP server would; `freePort` finds a port
 * before a server starts. Node only.
 */
export { freePort } from '../server/free-port.js';
export type { InjectOptions, InjectResponse } from './inject.js';
export { inject } from './inject.js';
export type { ServedGateway } from './start-served-gateway.js';
export { startServedGateway } from './start-served-gateway.js';
export type { TestGateway, TestGatewayOptions } from './test-gateway.js';
export { createTestGateway, START } from './test-gateway.js';
