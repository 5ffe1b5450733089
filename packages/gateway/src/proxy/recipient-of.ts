/** The WhatsApp number a call reaches, for the audit log (masked there), wherever it travels. */
import type { Operation } from '@watigate/spec';

export function recipientOf(
  operation: Operation,
  pathParams: Record<string, string>,
  query: string,
  fields: Record<string, unknown> | undefined,
): string | null {
  const name = operation.recipientParam;
  if (!name) return null;
  const value = pathParams[name] ?? new URLSearchParams(query).get(name) ?? fields?.[name];
  return typeof value === 'string' ? value : null;
}
