/**
 * One resource (`client.contacts`, …) over a v1 and a v3 implementation: each method reads the
 * call's `apiVersion` (else the client's) and runs that version's implementation. A method the
 * chosen version lacks is refused, naming the option to set, with nothing sent.
 */
import { type ApiVersion, apiVersions } from './api-version.js';
import { WatiValidationError } from './errors.js';

type Methods = Record<string, (...args: never[]) => unknown>;

/** Where each method takes its options (0-based argument index), per version. */
export interface OptionsPositions<R1, R3> {
  v1: { [K in keyof R1]: number };
  v3: { [K in keyof R3]: number };
}

/** The refusal of `resource.method` under `version`, or of an `apiVersion` that is no version. */
export function versionError(
  name: string,
  version: unknown,
  has: readonly ApiVersion[],
): WatiValidationError {
  if (!apiVersions.includes(version as ApiVersion)) {
    const message = `apiVersion must be ${apiVersions.map((v) => `'${v}'`).join(' or ')}`;
    return new WatiValidationError(`${name} was not sent: ${message}`, [
      { field: 'apiVersion', limit: apiVersions.join(' or '), message },
    ]);
  }
  const only = has.join(' and ');
  const message = `${name} is in WATI's ${only} API only; pass { apiVersion: '${has[0]}' } to this call or to createWatiClient`;
  return new WatiValidationError(`${name} was not sent: ${message}`, [
    { field: 'apiVersion', limit: only, message },
  ]);
}

/** A rejected promise, or for an iterator a generator that throws on its first step. */
function refuse(method: string, error: Error): unknown {
  if (method.startsWith('iterate')) {
    return (async function* () {
      yield* [];
      throw error;
    })();
  }
  return Promise.reject(error);
}

export function createVersionedResource<R1 extends object, R3 extends object, Out>(
  resource: string,
  clientVersion: ApiVersion,
  implementations: { v1: R1; v3: R3 },
  positions: OptionsPositions<R1, R3>,
): Out {
  const impls = implementations as unknown as Record<ApiVersion, Methods>;
  const at = positions as unknown as Record<ApiVersion, Record<string, number>>;
  const names = new Set([...Object.keys(impls.v1), ...Object.keys(impls.v3)]);
  const out: Record<string, (...args: unknown[]) => unknown> = {};
  for (const method of names) {
    const has = apiVersions.filter((v) => impls[v][method] !== undefined);
    const indexes = [...new Set(apiVersions.map((v) => at[v][method]).filter((i) => i !== undefined))];
    out[method] = (...args: unknown[]) => {
      const chosen = indexes
        .map((i) => (args[i] as { apiVersion?: unknown } | undefined)?.apiVersion)
        .find((v) => v !== undefined);
      const version = chosen ?? clientVersion;
      const impl = apiVersions.includes(version as ApiVersion)
        ? impls[version as ApiVersion][method]
        : undefined;
      if (!impl) return refuse(method, versionError(`${resource}.${method}`, version, has));
      return (impl as (...a: unknown[]) => unknown)(...args);
    };
  }
  return out as Out;
}
