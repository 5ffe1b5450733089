/**
 * Matches requests to the WATI endpoints the sandbox serves beyond the registry
 * (`OffRegistryOperation`), with the registry's rules: exact, case-sensitive paths and one
 * segment per path parameter.
 */
import type { OffRegistryOperation } from '../handlers/context.js';

export interface OffRegistryMatch {
  operation: OffRegistryOperation;
  pathParams: Record<string, string>;
}

export interface OffRegistry {
  match(method: string, path: string): OffRegistryMatch | undefined;
  /** True when some operation has this path under another method (for 405 answers). */
  pathIsKnown(path: string): boolean;
}

export function createOffRegistry(list: readonly OffRegistryOperation[]): OffRegistry {
  const compiled = list.map((operation) => {
    const names: string[] = [];
    const pattern = operation.path.replace(/\{(\w+)\}/g, (_, name: string) => {
      names.push(name);
      return '([^/]+)';
    });
    return { operation, names, regex: new RegExp(`^${pattern}$`) };
  });
  return {
    match(method, path) {
      const upper = method.toUpperCase();
      for (const { operation, names, regex } of compiled) {
        const m = operation.method === upper ? regex.exec(path) : null;
        if (!m) continue;
        try {
          return {
            operation,
            pathParams: Object.fromEntries(
              names.map((name, i) => [name, decodeURIComponent(m[i + 1] ?? '')]),
            ),
          };
        } catch {
          // A malformed percent-escape matches nothing, as in the registry.
        }
      }
      return undefined;
    },
    pathIsKnown: (path) => compiled.some(({ regex }) => regex.test(path)),
  };
}
