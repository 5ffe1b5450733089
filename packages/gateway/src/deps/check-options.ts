/** Validation of a factory's options: one TypeError naming every bad option, or nothing. */
import type { z } from 'zod';

export function checkOptions(factory: string, schema: z.ZodType, options: unknown): void {
  const parsed = schema.safeParse(options);
  if (parsed.success) return;
  const problems = parsed.error.issues.map((i) =>
    i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message,
  );
  throw new TypeError(`${factory}: ${problems.join('; ')}`);
}
