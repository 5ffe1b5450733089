#!/usr/bin/env node
/**
 * `watigate-sandbox`: runs the sandbox on its own and prints its tenant's API endpoint URL and
 * token. Settings: PORT (8090), HOST (127.0.0.1), SANDBOX_DB (a SQLite file to keep state),
 * SANDBOX_TOKEN (the tenant's token; random when unset), SANDBOX_RATE_LIMITS=off.
 */
import { createSandbox } from './create-sandbox.js';

const env = process.env;
const port = Number.parseInt(env.PORT ?? '8090', 10);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`PORT must be a port number, not "${env.PORT}"`);
  process.exit(2);
}
const sandbox = createSandbox({
  tenants: [{ id: '1000001', ...(env.SANDBOX_TOKEN ? { token: env.SANDBOX_TOKEN } : {}) }],
  ...(env.SANDBOX_DB ? { storage: { kind: 'sqlite' as const, file: env.SANDBOX_DB } } : {}),
  rateLimits: { enabled: env.SANDBOX_RATE_LIMITS !== 'off' },
});
const url = await sandbox.listen({ host: env.HOST ?? '127.0.0.1', port });
const tenant = sandbox.tenants[0];
if (!tenant) throw new Error('unreachable: the sandbox has one tenant');
process.stdout.write(
  [
    'WATI sandbox ready.',
    `  API endpoint URL: ${sandbox.apiEndpoint()}`,
    `  v3 API:           ${url}/api/ext/v3 (the same token)`,
    `  Access token:     ${tenant.token}`,
    `  Inbox:            ${url}/_sandbox/${tenant.id}/inbox`,
    '',
    'Try:',
    `  curl -s -H "Authorization: Bearer ${tenant.token}" "${sandbox.apiEndpoint()}/api/v1/getContacts?pageSize=10&pageNumber=1"`,
    `  curl -s -H "Authorization: Bearer ${tenant.token}" "${url}/api/ext/v3/contacts?page_number=1&page_size=10"`,
    '',
  ].join('\n'),
);
const stop = () => {
  sandbox.close().then(
    () => process.exit(0),
    () => process.exit(1),
  );
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
