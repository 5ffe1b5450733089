/**
 * Renders docs/endpoints.md from the registry of @watigate/spec. Pure: takes the spec module and
 * returns the Markdown text, so the docs test can compare it with the committed file.
 * scripts/gen-endpoints.mjs writes the file (`npm run docs:endpoints`). The v3 parts (the v1 → v3 map,
 * the v3-only operations and their sections) come from render-endpoints-v3.mjs.
 */
import { anchor, cell, table } from './endpoints-markdown.mjs';
import { renderV1ToV3Map, renderV3Only, renderV3Operations } from './render-endpoints-v3.mjs';

const resourceTitles = {
  contacts: 'Contacts',
  messages: 'Messages',
  templates: 'Templates',
  interactive: 'Interactive messages',
  operators: 'Operators',
  media: 'Media',
};

const planTitles = { growth: 'Growth', pro: 'Pro', business: 'Business' };

const kindMeanings = {
  read: 'no side effect',
  write: 'changes data in WATI but reaches nobody',
  send: 'reaches a WhatsApp user',
};

function title(key, titles) {
  return titles[key] ?? `${key.charAt(0).toUpperCase()}${key.slice(1)}`;
}

/** `required`, `optional`, or `optional, default …`, decided by the parameter's zod schema. */
function presence(param) {
  const missing = param.schema.safeParse(undefined);
  if (!missing.success) return 'required';
  return missing.data === undefined ? 'optional' : `optional, default \`${JSON.stringify(missing.data)}\``;
}

function where(param) {
  return param.encode === 'json' ? `${param.in} (JSON-encoded)` : param.in;
}

function renderOperation(operation) {
  const lines = [`### ${operation.id}`, ''];
  const facts = [
    `\`${operation.method} ${operation.path}\``,
    operation.kind,
    `WATI rate class \`${operation.rateClass}\``,
    operation.response.type === 'binary' ? 'answers with the file’s bytes' : 'answers with JSON',
  ];
  lines.push(`${facts.join(' · ')}. [WATI reference](${operation.see})`, '', operation.summary, '');
  const params = Object.entries(operation.params);
  if (params.length === 0) {
    lines.push('No parameters.', '');
  } else {
    const rows = params.map(([name, param]) => [
      name === operation.recipientParam ? `\`${name}\` (recipient)` : `\`${name}\``,
      where(param),
      presence(param),
      cell(param.description),
    ]);
    lines.push(...table(['Parameter', 'Travels in', 'Required', 'Description'], rows), '');
  }
  return lines;
}

function renderRateLimits(spec) {
  const seconds = spec.watiRateWindowMs / 1000;
  const lines = [
    '## WATI rate limits',
    '',
    `WATI limits API calls per endpoint class, per ${seconds}-second window, by plan; over the limit it answers HTTP 429.`,
    '`watiRateLimits` in `@watigate/spec` holds these numbers for the sandbox and the gateway.',
    '[WATI: API usage and rate limits](https://support.wati.io/en/articles/11823158)',
    '',
  ];
  const rows = spec.rateClasses.map((rateClass) => {
    const ids = [...spec.operationList, ...spec.registryV3.list]
      .filter((o) => o.rateClass === rateClass)
      .map((o) => `\`${o.id}\``);
    const limits = spec.watiPlans.map((plan) => {
      const n = spec.watiRateLimits[plan][rateClass];
      return n === null ? 'not published' : `${n} / ${seconds} s`;
    });
    return [`\`${rateClass}\``, ...limits, ids.length > 0 ? ids.join(', ') : '(none)'];
  });
  lines.push(
    ...table(['Rate class', ...spec.watiPlans.map((p) => title(p, planTitles)), 'Operations'], rows),
    '',
  );
  return lines;
}

/**
 * @param {typeof import('@watigate/spec')} spec the @watigate/spec module
 * @returns {string} the whole of docs/endpoints.md
 */
export function renderEndpoints(spec) {
  const ops = spec.operationList;
  const v3 = spec.registryV3.list;
  const lines = [
    '# WATI endpoints',
    '',
    '<!-- Generated from the registries in packages/spec by scripts/gen-endpoints.mjs. Do not edit by hand: run `npm run docs:endpoints`. -->',
    '',
    'Watigate forwards two of WATI’s APIs, through the same connection and the same Watigate key:',
    '',
    `- **v1/v2**: these ${ops.length} endpoints of WATI's v1/v2 API, one entry each in the registry of \`@watigate/spec\`, exactly as the seed’s contract has them.`,
    '  Paths are below the tenant’s API endpoint URL (`https://live-mt-server.wati.io/<tenantId>`); through a Watigate gateway',
    '  the same path goes under `$WATIGATE_URL/wati`, e.g. `$WATIGATE_URL/wati/api/v1/getContacts`.',
    `- **v3**: the ${v3.length} operations of WATI’s \`/api/ext/v3\` API, the one WATI recommends for new work, from WATI’s own`,
    '  OpenAPI file (`registryV3` in `@watigate/spec`, see [v3-registry.md](v3-registry.md)). Through a gateway a v3 path goes',
    '  under `$WATIGATE_URL/wati` too, e.g. `$WATIGATE_URL/wati/api/ext/v3/contacts`. WATI takes a v3 call’s tenant from the',
    '  token, not from the path, so the gateway sends it to the origin of the connection’s API endpoint URL',
    '  (`https://live-mt-server.wati.io/api/ext/v3/contacts`), without the tenant id.',
    '',
    'Any other path is answered `404 endpoint_not_supported` (see [errors.md](errors.md)).',
    '',
    'Class: ' +
      spec.operationKinds.map((kind) => `**${kind}** ${kindMeanings[kind] ?? ''}`.trim()).join('; ') +
      '. v1/v2 parameters travel in the `path`, the `query` string, a `json` body, a `form` body or a `multipart` body.',
    'WhatsApp numbers are digits with the country code (`14155551234`). WATI token scope (v3 only): the scope WATI documents',
    'for the operation; a WATI token without it is answered 403, and the gateway’s answer names the scope.',
    '',
    ...renderV1ToV3Map(spec),
    ...renderV3Only(spec),
  ];
  for (const resource of spec.resources) {
    const inResource = ops.filter((o) => o.resource === resource);
    if (inResource.length === 0) continue;
    lines.push(`## v1/v2: ${title(resource, resourceTitles)}`, '');
    const rows = inResource.map((o) => [
      o.method,
      `[\`${o.path}\`](#${anchor(o.id)})`,
      o.kind,
      `\`${o.rateClass}\``,
      cell(o.summary),
    ]);
    lines.push(...table(['Method', 'Path', 'Class', 'WATI rate class', 'Summary'], rows), '');
    for (const operation of inResource) lines.push(...renderOperation(operation));
  }
  lines.push(...renderV3Operations(spec));
  lines.push(...renderRateLimits(spec));
  return `${lines.join('\n').trimEnd()}\n`;
}
