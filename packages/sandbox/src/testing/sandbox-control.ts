/**
 * The JSON caller of a sandbox's control API (`/_sandbox/...`) that every package's tests share:
 * sends `body` as JSON, parses the answer (undefined when empty), and throws with the status and
 * body when the answer is not 2xx, so a test fails where its setup failed.
 */

// biome-ignore lint/suspicious/noExplicitAny: each control route answers its own shape; callers type what they read.
export type SandboxControl = (method: string, path: string, body?: unknown) => Promise<any>;

/**
 * @param base the sandbox's URL, or a tenant's control URL (then paths are relative to it)
 * @param tenantId replaces `{tenant}` in paths, e.g. `/_sandbox/{tenant}/inbound`
 * @param headers sent with every call, e.g. the key a gateway's built-in sandbox asks for
 */
export function sandboxControl(
  base: string,
  tenantId = '',
  headers: Record<string, string> = {},
): SandboxControl {
  return async (method, path, body) => {
    const response = await fetch(`${base}${path.replace('{tenant}', tenantId)}`, {
      method,
      headers: body === undefined ? headers : { ...headers, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`control ${method} ${path} answered ${response.status}: ${text}`);
    return text === '' ? undefined : JSON.parse(text);
  };
}

/** One message a tenant sent to a WhatsApp user (`GET /_sandbox/<tenant>/sent`), read freely by tests. */
export interface SentItem {
  waId: string;
  type?: string;
  templateName?: string;
  text?: string;
  [field: string]: unknown;
}

/** Every message a tenant sent, oldest first, read page by page from `sentPath` (`…/sent`). */
export async function allSent(
  control: SandboxControl,
  sentPath: string,
  pageSize = 5000,
): Promise<SentItem[]> {
  const items: SentItem[] = [];
  for (;;) {
    const page = await control('GET', `${sentPath}?limit=${pageSize}&offset=${items.length}`);
    items.push(...(page.items as SentItem[]));
    if (page.items.length === 0 || items.length >= page.total) return items;
  }
}
