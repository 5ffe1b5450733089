/**
 * Writes docs/endpoints.md from the registries (v1/v2 and v3) in @watigate/spec (its built dist).
 * Run it with `npm run docs:endpoints`, which builds first.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as spec from '@watigate/spec';
import { renderEndpoints } from './render-endpoints.mjs';

const target = fileURLToPath(new URL('../docs/endpoints.md', import.meta.url));
writeFileSync(target, renderEndpoints(spec));
process.stdout.write(
  `wrote ${target} (${spec.operationList.length} v1/v2 endpoints, ${spec.registryV3.list.length} v3 operations)\n`,
);
