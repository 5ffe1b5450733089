/**
 * Writes packages/spec/src/v3/operations.generated.ts from WATI's v3 OpenAPI file
 * (packages/spec/openapi/wati-v3.json) and its corrections (wati-v3.corrections.json). Run it with `npm run gen:v3` or
 * `node scripts/gen-v3-registry.mjs` from any folder; scripts/v3-codegen.mjs holds the rules.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { generateV3Registry } from './v3-codegen.mjs';

const source = fileURLToPath(new URL('../packages/spec/openapi/wati-v3.json', import.meta.url));
const corrections = fileURLToPath(
  new URL('../packages/spec/openapi/wati-v3.corrections.json', import.meta.url),
);
const target = fileURLToPath(new URL('../packages/spec/src/v3/operations.generated.ts', import.meta.url));
const doc = JSON.parse(readFileSync(source, 'utf8'));
writeFileSync(target, generateV3Registry(doc, JSON.parse(readFileSync(corrections, 'utf8')).corrections));
const count = Object.values(doc.paths).reduce((n, item) => n + Object.keys(item).length, 0);
process.stdout.write(`wrote ${target} (${count} operations)\n`);
