/** The real WATI sandbox on an ephemeral port: the gateway's upstream in every proxy test. */
import { createSandbox } from '@watigate/sandbox';

export const TENANT = '1000001';
export const WATI_TOKEN = 'test-token';

export interface LoggedRequest {
  method: string;
  path: string;
  query: string;
  headers: Record<string, string>;
  authorized: boolean;
}

export interface TestSandbox {
  url: string;
  /** The WATI API endpoint URL of the test tenant. */
  apiEndpoint: string;
  /** `host:port`, for WATIGATE_ALLOWED_HOSTS. */
  host: string;
  requests(): Promise<LoggedRequest[]>;
  control(method: string, path: string, body?: unknown): Promise<Response>;
  close(): Promise<void>;
}

export async function startSandbox(): Promise<TestSandbox> {
  const sb = createSandbox({ tenants: [{ id: TENANT, token: WATI_TOKEN }], rateLimits: { enabled: false } });
  const url = await sb.listen({ host: '127.0.0.1', port: 0 });
  const control = (method: string, path: string, body?: unknown) =>
    fetch(`${url}/_sandbox/${TENANT}${path}`, {
      method,
      ...(body === undefined
        ? {}
        : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
    });
  return {
    url,
    apiEndpoint: `${url}/${TENANT}`,
    host: new URL(url).host,
    async requests() {
      return ((await (await control('GET', '/requests')).json()) as { items: LoggedRequest[] }).items;
    },
    control,
    close: () => sb.close(),
  };
}
