/**
 * The gateway's OpenAPI 3.1 document (`GET /openapi.json`): the control plane written by hand
 * (control-plane-paths.ts), the `/wati/...` paths generated from the registry (wati-paths.ts) and
 * from WATI's v3 description (v3-paths.ts).
 */
import { type Registry, registryV3, registry as watiRegistry } from '@watigate/spec';
import { components } from './components.js';
import { controlPlanePaths } from './control-plane-paths.js';
import { eventPaths } from './event-paths.js';
import type { Json } from './responses.js';
import { subscriptionPaths } from './subscription-paths.js';
import { v3Paths } from './v3-paths.js';
import { watiPaths } from './wati-paths.js';

export function buildOpenApi(options: { publicUrl: string; version: string; registry?: Registry }): Json {
  return {
    openapi: '3.1.0',
    info: {
      title: 'Watigate',
      version: options.version,
      description:
        "Managed authentication for the WATI API: control plane and the `/wati/...` data plane, WATI's v1/v2 endpoints and its v3 API (`/wati/api/ext/v3/...`).",
    },
    servers: [{ url: options.publicUrl }],
    security: [{ bearer: [] }],
    paths: {
      ...controlPlanePaths,
      ...eventPaths,
      ...subscriptionPaths,
      ...watiPaths(options.registry ?? watiRegistry),
      ...v3Paths(registryV3),
    },
    components,
  };
}
