/**
 * Matching a request's method and path against operations' path templates (`/api/v1/getMessages/{whatsappNumber}`):
 * one segment per parameter, decoded; a literal segment wins over a parameter in the same place
 * (`/contacts/count` is not the contact `count`). Shared by the v1/v2 registry and the v3 one.
 */
export interface PathMatch<T> {
  operation: T;
  /** Decoded path parameters. */
  pathParams: Record<string, string>;
}

export interface PathMatcher<T> {
  match(method: string, path: string): PathMatch<T> | undefined;
  /** True when some operation has this path under any method (for 405 answers). */
  pathIsKnown(path: string): boolean;
}

export function createPathMatcher<T extends { method: string; path: string }>(
  list: readonly T[],
): PathMatcher<T> {
  const compiled = list
    .map((operation, order) => {
      const names: string[] = [];
      const pattern = operation.path.replace(/\{(\w+)\}/g, (_, name: string) => {
        names.push(name);
        return '([^/]+)';
      });
      return { operation, names, order, regex: new RegExp(`^${pattern}$`) };
    })
    // Fewer parameters first, so that a literal segment wins over a parameter in the same place.
    .sort((a, b) => a.names.length - b.names.length || a.order - b.order);
  return {
    match(method, path) {
      const upper = method.toUpperCase();
      for (const { operation, names, regex } of compiled) {
        if (operation.method !== upper) continue;
        const m = regex.exec(path);
        if (!m) continue;
        const pathParams: Record<string, string> = {};
        try {
          names.forEach((name, i) => {
            pathParams[name] = decodeURIComponent(m[i + 1] ?? '');
          });
        } catch {
          continue;
        }
        return { operation, pathParams };
      }
      return undefined;
    },
    pathIsKnown: (path) => compiled.some(({ regex }) => regex.test(path)),
  };
}
