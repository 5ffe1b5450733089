/**
 * The v3 parts of docs/endpoints.md, from `registryV3` of @watigate/spec: the v1 → v3 map (each
 * v1/v2 operation beside the v3 operations whose `v1` names it), the v3 operations with no v1/v2
 * equivalent, and a section per v3 operation. Pure, like render-endpoints.mjs, which calls it.
 */
import { anchor, cell, table } from './endpoints-markdown.mjs';

/** Where a v3 operation is called through a gateway. */
export const gatewayPath = (operation) => `/wati${operation.path}`;

const tagTitles = {
  Campaigns: 'Broadcasts (WATI’s tag: Campaigns)',
  MessageTemplate: 'Templates',
};

const scopeCell = (operation) => (operation.scope ? `\`${operation.scope}\`` : 'none documented');

/** Method, linked gateway path, class, rate class, scope, summary: the columns both v3 tables share. */
function v3Columns(operation) {
  return [
    operation.method,
    `[\`${gatewayPath(operation)}\`](#${anchor(operation.id)})`,
    operation.kind,
    `\`${operation.rateClass}\``,
    scopeCell(operation),
    cell(operation.summary),
  ];
}

const v3Header = ['Method', 'Gateway path', 'Class', 'WATI rate class', 'WATI token scope', 'Summary'];

/** One row per v1/v2 operation and v3 equivalent; a v1/v2 operation without one says so. */
export function renderV1ToV3Map(spec) {
  const lines = [
    '## v1/v2 and v3 side by side',
    '',
    'Each v1/v2 endpoint and the v3 operation that does its job (the `v1` field of `registryV3`, from',
    'WATI’s own v1 → v3 map). Both go through the same connection and key, and share the tenant’s WATI',
    'rate-limit bucket (the same rate class).',
    '',
  ];
  const rows = spec.operationList.flatMap((v1) => {
    const first = [`[\`${v1.id}\`](#${anchor(v1.id)})`, `\`${v1.method} /wati${v1.path}\``];
    const equivalents = spec.registryV3.list.filter((v3) => v3.v1.includes(v1.id));
    if (equivalents.length === 0) return [[...first, '(none in v3)', '', '', '', '', '', '']];
    return equivalents.map((v3) => [...first, `[\`${v3.id}\`](#${anchor(v3.id)})`, ...v3Columns(v3)]);
  });
  const header = ['v1/v2 operation', 'v1/v2 gateway path', 'v3 equivalent', 'v3 method', 'v3 gateway path'];
  lines.push(...table([...header, ...v3Header.slice(2)], rows), '');
  return lines;
}

export function renderV3Only(spec) {
  const only = spec.registryV3.list.filter((v3) => v3.v1.length === 0);
  const lines = [
    '## v3 only',
    '',
    `The ${only.length} v3 operations with no v1/v2 equivalent.`,
    '',
    ...table(
      ['Operation', ...v3Header],
      only.map((v3) => [`[\`${v3.id}\`](#${anchor(v3.id)})`, ...v3Columns(v3)]),
    ),
    '',
  ];
  return lines;
}

/** `required` or `optional` by the schema (zod), the description of the schema or the one it wraps. */
function fieldFacts(schema) {
  const optional = schema.safeParse(undefined).success;
  const description = schema.description ?? (optional ? schema.unwrap?.().description : undefined);
  return { presence: optional ? 'optional' : 'required', description: description ?? '' };
}

function parameterRows(operation) {
  const rows = Object.entries(operation.params).map(([name, param]) => [
    `\`${name}\``,
    param.in,
    param.required ? 'required' : 'optional',
    cell(param.description),
  ]);
  const body = operation.body;
  const shape = body?.schema.shape;
  if (body && shape) {
    const where = body.contentType === 'multipart/form-data' ? 'multipart' : 'json';
    for (const [name, schema] of Object.entries(shape)) {
      const { presence, description } = fieldFacts(schema);
      rows.push([`\`${name}\``, where, presence, cell(description)]);
    }
  }
  return rows;
}

function renderV3Operation(spec, operation) {
  const ok = operation.responses['200'];
  const facts = [
    `\`${operation.method} ${gatewayPath(operation)}\``,
    operation.kind,
    `WATI rate class \`${operation.rateClass}\``,
    operation.scope ? `WATI token scope \`${operation.scope}\`` : 'no WATI token scope documented',
    ok?.type === 'binary' ? 'answers with the file’s bytes' : 'answers with JSON',
  ];
  const replaces = operation.v1.filter((id) => spec.operationList.some((o) => o.id === id));
  const lines = [`### ${operation.id}`, '', `${facts.join(' · ')}.`, ''];
  if (replaces.length > 0) {
    lines.push(`Replaces ${replaces.map((id) => `[\`${id}\`](#${anchor(id)})`).join(', ')}.`, '');
  }
  lines.push(operation.summary, '');
  if (operation.description) lines.push(operation.description.trim(), '');
  const rows = parameterRows(operation);
  if (rows.length === 0) lines.push('No parameters.', '');
  else lines.push(...table(['Parameter', 'Travels in', 'Required', 'Description'], rows), '');
  return lines;
}

/** A `## v3: …` section per tag of WATI's file, a `###` per operation. */
export function renderV3Operations(spec) {
  const lines = [];
  const tags = [...new Set(spec.registryV3.list.map((o) => o.tag))];
  for (const tag of tags) {
    lines.push(`## v3: ${tagTitles[tag] ?? tag}`, '');
    const inTag = spec.registryV3.list.filter((o) => o.tag === tag);
    for (const operation of inTag) lines.push(...renderV3Operation(spec, operation));
  }
  return lines;
}
