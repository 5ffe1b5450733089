/**
 * Which WATI API the tools speak: `v3` (`/api/ext/v3/...`, the API WATI recommends for new work)
 * or `v1` (the seed's `/api/v1` and `/api/v2` endpoints, what a Maton-compatible gateway
 * forwards). One setting per server: the tool list is built for it, so a shared tool
 * (`get_contacts`, `send_template`, …) keeps its name and takes that API's inputs and answers.
 */
import { WatiValidationError } from '@watigate/client';

export const apiVersions = ['v1', 'v3'] as const;
export type ApiVersion = (typeof apiVersions)[number];

/** WATI's recommendation (shared/reference/wati-v3-notes.md). */
export const defaultApiVersion: ApiVersion = 'v3';

export const isApiVersion = (value: unknown): value is ApiVersion =>
  typeof value === 'string' && (apiVersions as readonly string[]).includes(value);

/**
 * The API version a setting names, or a WatiValidationError naming the setting and the choices.
 * `setting` is what the person set: `apiVersion`, `WATIGATE_API_VERSION`, `api_version`.
 */
export function parseApiVersion(value: unknown, setting: string): ApiVersion {
  const text = typeof value === 'string' ? value.trim().toLowerCase() : value;
  if (isApiVersion(text)) return text;
  // Quoted only when it looks like a version: a secret pasted into the wrong setting stays out.
  const got = typeof value === 'string' && /^[\w.-]{1,16}$/.test(value) ? `"${value}"` : 'another value';
  const message = `${setting} must be v3 (WATI's recommended API, the default) or v1 (the seed's v1/v2 endpoints, for Maton-compatible gateways), not ${got}`;
  throw new WatiValidationError(message, [{ field: setting, limit: 'v1 or v3', message }], 'invalid_options');
}
