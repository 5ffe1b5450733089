/**
 * A key's connection allowlist (`POST /keys {"connections": [...]}`): the one rule the proxy and
 * the `/connections` routes share. `null` means every connection of the key's account.
 */
export function allowsConnection(allowlist: readonly string[] | null, connectionId: string): boolean {
  return allowlist === null || allowlist.includes(connectionId);
}
