/**
 * Turns WATI's v3 OpenAPI file into the source of packages/spec/src/v3/operations.generated.ts:
 * one zod schema per component schema and one entry per operation. Pure (no I/O), so that a test can
 * run it in memory and compare with the committed file. scripts/gen-v3-registry.mjs writes it.
 *
 * The converter covers the subset of OpenAPI 3.0 the file uses and throws on anything else, so a new
 * keyword in a future file fails loudly instead of being dropped:
 * - `type` string | integer | number | boolean | array | object; `format` int32, int64, double,
 *   date-time, binary; `nullable`; `required`; `additionalProperties: false`; `minLength`/`maxLength`;
 *   `items`; `$ref` to `#/components/schemas/*`; `description` (kept with `.describe`); a schema's
 *   `example` (documentation only, ignored); `anyOf` (a union); `additionalProperties: true`.
 * - `corrections` (packages/spec/openapi/wati-v3.corrections.json) set values at JSON pointers in the
 *   file before converting, for the places where WATI's file contradicts its own examples.
 * - `date-time` stays a plain string: WATI's own examples mix offsets, 7-digit fractions and none.
 * - `binary`: a Blob in a multipart body; a response whose only content is binary is `type: 'binary'`.
 *
 * Operation ids (the file has no operationId): `v3` + the HTTP method + each path segment below
 * /api/ext/v3 in PascalCase, with a path parameter `{name}` written `By` + Name:
 * `GET /api/ext/v3/contacts/{target}` → `v3GetContactsByTarget`,
 * `POST /api/ext/v3/conversations/messages/fileViaUrl` → `v3PostConversationsMessagesFileViaUrl`.
 * They change only when WATI changes a method or path, never with a summary's wording.
 */

const PREFIX = '/api/ext/v3';
const METHODS = ['get', 'post', 'put', 'patch', 'delete'];
const KNOWN_SCHEMA_KEYS = new Set([
  'type',
  'format',
  'nullable',
  'required',
  'additionalProperties',
  'properties',
  'items',
  'description',
  'minLength',
  'maxLength',
  '$ref',
  'example',
  'anyOf',
]);

const pascal = (s) => s.charAt(0).toUpperCase() + s.slice(1);
const camelOfSnake = (s) => s.replace(/[_-](\w)/g, (_, c) => c.toUpperCase());

/** The stable operation id for a method and a path (see the rule above). */
export function v3OperationId(method, path) {
  if (!path.startsWith(`${PREFIX}/`)) throw new Error(`not a v3 path: ${path}`);
  const words = path
    .slice(PREFIX.length + 1)
    .split('/')
    .map((seg) => {
      const param = /^\{(\w+)\}$/.exec(seg);
      return param ? `By${pascal(camelOfSnake(param[1]))}` : pascal(camelOfSnake(seg));
    });
  return `v3${pascal(method.toLowerCase())}${words.join('')}`;
}

const str = (s) => JSON.stringify(s);

function refName(ref) {
  const m = /^#\/components\/schemas\/(\w+)$/.exec(ref);
  if (!m) throw new Error(`unsupported $ref ${ref}`);
  return m[1];
}

function refsOf(schema, out = new Set()) {
  if (Array.isArray(schema)) for (const s of schema) refsOf(s, out);
  else if (schema && typeof schema === 'object') {
    for (const [k, v] of Object.entries(schema)) {
      if (k === '$ref') out.add(refName(v));
      else if (k !== 'example' && k !== 'examples') refsOf(v, out);
    }
  }
  return out;
}

/** zod source for one JSON schema; `where` names it in errors. */
function toZod(schema, where, indent) {
  for (const key of Object.keys(schema)) {
    if (!KNOWN_SCHEMA_KEYS.has(key)) throw new Error(`${where}: unsupported schema keyword "${key}"`);
  }
  let code;
  if (schema.$ref) {
    code = refName(schema.$ref);
  } else if (schema.anyOf) {
    code = `z.union([${schema.anyOf.map((s, i) => toZod(s, `${where}|${i}`, indent)).join(', ')}])`;
  } else {
    switch (schema.type) {
      case 'string':
        if (schema.format === 'binary') code = 'z.instanceof(Blob)';
        else {
          if (schema.format && schema.format !== 'date-time') {
            throw new Error(`${where}: unsupported string format ${schema.format}`);
          }
          code = 'z.string()';
          if (schema.minLength !== undefined && schema.minLength > 0) code += `.min(${schema.minLength})`;
          if (schema.maxLength !== undefined) code += `.max(${schema.maxLength})`;
        }
        break;
      case 'integer':
        if (schema.format === 'int32') code = 'z.int32()';
        else if (schema.format === 'int64' || schema.format === undefined) code = 'z.int()';
        else throw new Error(`${where}: unsupported integer format ${schema.format}`);
        break;
      case 'number':
        if (schema.format !== undefined && schema.format !== 'double' && schema.format !== 'float') {
          throw new Error(`${where}: unsupported number format ${schema.format}`);
        }
        code = 'z.number()';
        break;
      case 'boolean':
        code = 'z.boolean()';
        break;
      case 'array':
        if (!schema.items) throw new Error(`${where}: array without items`);
        code = `z.array(${toZod(schema.items, `${where}[]`, indent)})`;
        break;
      case 'object': {
        if (typeof (schema.additionalProperties ?? true) !== 'boolean') {
          throw new Error(`${where}: only a boolean additionalProperties is supported`);
        }
        const required = new Set(schema.required ?? []);
        const inner = `${indent}  `;
        const props = Object.entries(schema.properties ?? {}).map(([name, prop]) => {
          let p = toZod(prop, `${where}.${name}`, inner);
          if (!required.has(name)) p += '.optional()';
          return `${inner}${str(name)}: ${p},`;
        });
        for (const name of required) {
          if (!(name in (schema.properties ?? {})))
            throw new Error(`${where}: required ${name} has no property`);
        }
        const ctor = schema.additionalProperties === false ? 'z.strictObject' : 'z.looseObject';
        code = props.length ? `${ctor}({\n${props.join('\n')}\n${indent}})` : `${ctor}({})`;
        break;
      }
      default:
        throw new Error(`${where}: unsupported type ${String(schema.type)}`);
    }
  }
  if (schema.nullable) code += '.nullable()';
  if (schema.description && !schema.$ref) code += `.describe(${str(schema.description)})`;
  return code;
}

/** Component names in an order where each comes after those it refers to. */
function componentOrder(schemas) {
  const order = [];
  const state = new Map();
  const visit = (name, chain) => {
    if (!(name in schemas)) throw new Error(`$ref to missing component ${name}`);
    if (state.get(name) === 'done') return;
    if (state.get(name) === 'visiting') throw new Error(`cyclic components: ${[...chain, name].join(' → ')}`);
    state.set(name, 'visiting');
    for (const dep of [...refsOf(schemas[name])].sort()) visit(dep, [...chain, name]);
    state.set(name, 'done');
    order.push(name);
  };
  for (const name of Object.keys(schemas).sort()) visit(name, []);
  return order;
}

function literal(value, indent) {
  return JSON.stringify(value, null, 2).replace(/\n/g, `\n${indent}`);
}

function pickBody(op, where) {
  const content = op.requestBody?.content;
  if (!content) return undefined;
  const type = content['application/json']
    ? 'application/json'
    : Object.keys(content).length === 1
      ? Object.keys(content)[0]
      : undefined;
  if (type !== 'application/json' && type !== 'multipart/form-data') {
    throw new Error(`${where}: unsupported request content ${Object.keys(content).join(', ')}`);
  }
  return { type, ...content[type], required: op.requestBody.required === true };
}

function responseCode(status, response, where, indent) {
  const lines = [`description: ${str(response.description ?? '')},`];
  const content = response.content ?? {};
  const types = Object.keys(content);
  if (types.length === 0) {
    lines.push(`type: 'empty',`);
  } else if (types.length === 1 && content[types[0]].schema?.format === 'binary') {
    lines.push(`type: 'binary',`, `contentType: ${str(types[0])},`);
  } else if (content['application/json']) {
    const c = content['application/json'];
    lines.push(`type: 'json',`, `schema: ${toZod(c.schema, `${where} ${status}`, indent)},`);
    if (c.example !== undefined) lines.push(`example: ${literal(c.example, indent)},`);
  } else {
    throw new Error(`${where} ${status}: unsupported response content ${types.join(', ')}`);
  }
  return lines.map((l) => `${indent}${l}`).join('\n');
}

/** A copy of `doc` with each correction's value set at its JSON pointer (which must exist). */
export function applyCorrections(doc, corrections = []) {
  const copy = structuredClone(doc);
  for (const { pointer, value } of corrections) {
    const keys = pointer
      .split('/')
      .slice(1)
      .map((k) => k.replace(/~1/g, '/').replace(/~0/g, '~'));
    const last = keys.pop();
    let node = copy;
    for (const k of keys) {
      node = node?.[k];
      if (node === undefined) throw new Error(`correction ${pointer}: no such place in the file`);
    }
    if (!node || typeof node !== 'object')
      throw new Error(`correction ${pointer}: no such place in the file`);
    node[last] = structuredClone(value);
  }
  return copy;
}

/**
 * The TypeScript source of operations.generated.ts for a parsed OpenAPI document and the
 * corrections to apply to it first.
 */
export function generateV3Registry(
  original,
  corrections = [],
  source = 'packages/spec/openapi/wati-v3.json',
) {
  const doc = applyCorrections(original, corrections);
  if (!/^3\.0\./.test(doc.openapi ?? '')) throw new Error(`expected OpenAPI 3.0, got ${doc.openapi}`);
  const schemas = doc.components?.schemas ?? {};
  const out = [
    `// Generated by \`npm run gen:v3\` (scripts/gen-v3-registry.mjs) from ${source}.`,
    '// Do not edit: change the OpenAPI file, its corrections or the generator and run it again; a test',
    '// fails when they differ.',
    "import { z } from 'zod';",
    "import type { V3GeneratedOperation } from './types.js';",
    '',
  ];
  for (const name of componentOrder(schemas)) {
    const s = schemas[name];
    if (s.description) out.push(`/** ${s.description.replace(/\*\//g, '* /')} */`);
    out.push(`export const ${name} = ${toZod({ ...s, description: undefined }, name, '')};`);
    out.push(`export type ${name} = z.output<typeof ${name}>;`, '');
  }
  out.push(
    '/** Every operation of the OpenAPI file, in its order, by id. */',
    'export const v3GeneratedOperations = {',
  );
  const seen = new Set();
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(item)) {
      if (!METHODS.includes(method)) throw new Error(`${path}: unsupported path item key ${method}`);
      const id = v3OperationId(method, path);
      if (seen.has(id)) throw new Error(`duplicate operation id ${id}`);
      seen.add(id);
      const where = `${method.toUpperCase()} ${path}`;
      const i2 = '    ';
      const i3 = '      ';
      out.push(`  ${id}: {`);
      out.push(
        `${i2}id: ${str(id)},`,
        `${i2}method: ${str(method.toUpperCase())},`,
        `${i2}path: ${str(path)},`,
      );
      if (op.tags?.length !== 1) throw new Error(`${where}: expected exactly one tag`);
      out.push(`${i2}tag: ${str(op.tags[0])},`, `${i2}summary: ${str(op.summary ?? '')},`);
      if (op.description) out.push(`${i2}description: ${str(op.description)},`);
      const pathNames = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
      const params = op.parameters ?? [];
      for (const name of pathNames) {
        if (!params.some((p) => p.in === 'path' && p.name === name))
          throw new Error(`${where}: {${name}} undeclared`);
      }
      out.push(`${i2}params: {`);
      for (const p of params) {
        if (p.$ref || (p.in !== 'path' && p.in !== 'query'))
          throw new Error(`${where}: unsupported parameter`);
        let schema = toZod(p.schema, `${where} ${p.name}`, i3);
        if (!p.required) schema += '.optional()';
        out.push(
          `${i3}${str(p.name)}: {`,
          `${i3}  in: ${str(p.in)},`,
          `${i3}  required: ${p.required === true},`,
          `${i3}  description: ${str(p.description ?? '')},`,
          `${i3}  schema: ${schema},`,
          `${i3}},`,
        );
      }
      out.push(`${i2}},`);
      const body = pickBody(op, where);
      if (body) {
        out.push(
          `${i2}body: {`,
          `${i3}contentType: ${str(body.type)},`,
          `${i3}schema: ${toZod(body.schema, `${where} body`, i3)},`,
        );
        if (body.example !== undefined) out.push(`${i3}example: ${literal(body.example, i3)},`);
        out.push(`${i2}},`);
      }
      out.push(`${i2}responses: {`);
      for (const [status, response] of Object.entries(op.responses)) {
        out.push(`${i3}${str(status)}: {`, responseCode(status, response, where, `${i3}  `), `${i3}},`);
      }
      out.push(`${i2}},`, '  },');
    }
  }
  out.push('} as const satisfies Record<string, V3GeneratedOperation>;', '');
  return out.join('\n');
}
