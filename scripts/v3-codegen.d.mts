/** Types for v3-codegen.mjs. */
export function v3OperationId(method: string, path: string): string;
export interface V3Correction {
  pointer: string;
  value: unknown;
  why: string;
}
export function applyCorrections<T>(doc: T, corrections?: readonly V3Correction[]): T;
export function generateV3Registry(
  doc: unknown,
  corrections?: readonly V3Correction[],
  source?: string,
): string;
