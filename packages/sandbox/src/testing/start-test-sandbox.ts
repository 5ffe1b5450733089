/**
 * A sandbox for tests, the same in every package: one tenant on an ephemeral loopback port, WATI's
 * rate limits off unless asked for, and helpers for its WATI API (`api`) and its control API
 * (`control`, `sent`, `requests`, `inbound`). Options are createSandbox's, so a suite can fix the
 * clock or the ids it needs.
 */
import { createSandbox, type Sandbox, type SandboxOptions } from '../create-sandbox.js';
import type { LoggedRequest } from '../sandbox-core.js';
import { allSent, type SandboxControl, type SentItem, sandboxControl } from './sandbox-control.js';

/** The test tenant's id, as WATI's are: digits. */
export const testTenantId = '1000001';
/** The test tenant's access token, unless a suite chooses its own. */
export const testToken = 'sandbox-test-token';

export interface TestSandboxOptions extends SandboxOptions {
  /** The test tenant's id, unless `tenants` is given (then it is the first's). @default testTenantId */
  tenantId?: string;
  /** The test tenant's token, unless `tenants` is given. @default testToken */
  token?: string;
  /** @default '127.0.0.1' */
  host?: string;
}

export interface TestSandbox {
  sandbox: Sandbox;
  /** The sandbox's base URL, e.g. `http://127.0.0.1:41234`. */
  url: string;
  tenantId: string;
  token: string;
  /** The tenant's WATI API endpoint URL: `<url>/<tenantId>`. */
  apiEndpoint: string;
  /** `host:port`, e.g. for WATIGATE_ALLOWED_HOSTS. */
  host: string;
  /** Calls the tenant's WATI API (`path` below the API endpoint URL) with its token. */
  api(path: string, init?: RequestInit): Promise<Response>;
  /**
   * Calls the tenant's WATI v3 API (`path` below `/api/ext/v3`, e.g. `/contacts?page_number=1&page_size=10`)
   * with its token; a plain-object `body` is sent as JSON.
   */
  apiV3(path: string, init?: Omit<RequestInit, 'body'> & { body?: unknown }): Promise<Response>;
  /** Seeds what WATI's own v3 example requests name (control `POST /_sandbox/<tenant>/v3-examples`). */
  seedV3Examples(): Promise<void>;
  /** Calls the control API, JSON in and out; `{tenant}` in the path is the tenant id. */
  control: SandboxControl;
  /** The same call's raw answer, whatever its status. */
  controlResponse(method: string, path: string, body?: unknown): Promise<Response>;
  /** The tenant's API requests as logged (credentials left out), oldest first. */
  requests(): Promise<LoggedRequest[]>;
  /** Everything the tenant sent, oldest first. */
  sent(): Promise<SentItem[]>;
  /** Plays the customer: an inbound message, which opens the 24-hour window. */
  inbound(whatsappNumber: string, text?: string): Promise<void>;
  close(): Promise<void>;
}

export async function startTestSandbox(options: TestSandboxOptions = {}): Promise<TestSandbox> {
  const { host = '127.0.0.1', ...sandboxOptions } = options;
  const tenants = options.tenants ?? [
    { id: options.tenantId ?? testTenantId, token: options.token ?? testToken },
  ];
  const [first] = tenants;
  const tenantId = first?.id ?? testTenantId;
  const token = first?.token ?? testToken;
  const { tenantId: _id, token: _token, ...rest } = sandboxOptions;
  const sandbox = createSandbox({ rateLimits: { enabled: false }, ...rest, tenants });
  const url = await sandbox.listen({ host, port: 0 });
  const apiEndpoint = `${url}/${tenantId}`;
  const control = sandboxControl(url, tenantId);
  return {
    sandbox,
    url,
    tenantId,
    token,
    apiEndpoint,
    host: new URL(url).host,
    api: (path, init = {}) =>
      fetch(`${apiEndpoint}${path}`, {
        ...init,
        headers: { authorization: `Bearer ${token}`, ...(init.headers as Record<string, string>) },
      }),
    apiV3: (path, init = {}) => {
      const { body, headers, ...rest } = init;
      const isJson = body !== undefined && !(body instanceof FormData) && typeof body !== 'string';
      return fetch(`${url}/api/ext/v3${path}`, {
        ...rest,
        headers: {
          authorization: `Bearer ${token}`,
          ...(isJson ? { 'content-type': 'application/json' } : {}),
          ...(headers as Record<string, string>),
        },
        ...(body === undefined ? {} : { body: isJson ? JSON.stringify(body) : (body as BodyInit) }),
      });
    },
    async seedV3Examples() {
      await control('POST', '/_sandbox/{tenant}/v3-examples');
    },
    control,
    controlResponse: (method, path, body) =>
      fetch(`${url}${path.replace('{tenant}', tenantId)}`, {
        method,
        ...(body === undefined
          ? {}
          : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
      }),
    requests: async () => (await control('GET', '/_sandbox/{tenant}/requests')).items as LoggedRequest[],
    sent: () => allSent(control, '/_sandbox/{tenant}/sent'),
    async inbound(whatsappNumber, text = 'Hello') {
      await control('POST', '/_sandbox/{tenant}/inbound', { whatsappNumber, text });
    },
    close: () => sandbox.close(),
  };
}
