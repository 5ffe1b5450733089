/**
 * A tool's input schema, built from its registry operation's parameters: the same zod schemas the
 * client validates with, each described, plus `dry_run` on sends. Multipart parameters, which are
 * Blobs in the registry, become JSON: a file as base64 with its name and type, a CSV as its text.
 */
import type { LimitViolation, Operation } from '@watigate/spec';
import { z } from 'zod';
import { csvFile, type FileArguments, fileArguments, fileFromArguments } from './file-input.js';

export const dryRunArgument = z
  .boolean()
  .default(false)
  .describe(
    'true: validate and describe exactly what would be sent (recipient, rendered text, request) without sending',
  );

/** The tool's input schema for an operation. Unknown arguments are rejected. */
export function toolInputSchema(operation: Operation): z.ZodObject {
  const shape: Record<string, z.ZodType> = {};
  for (const [name, param] of Object.entries(operation.params)) {
    if (param.in !== 'multipart') {
      // Keep the schema's own hint (the number format) after the parameter's description.
      const own = param.schema.description;
      const text = own && own !== param.description ? `${param.description}. ${own}` : param.description;
      shape[name] = param.schema.describe(text);
    } else if (name === 'file') {
      Object.assign(shape, fileArguments);
    } else {
      shape[name] = z.string().min(1).describe(`${param.description}; the CSV text itself`);
    }
  }
  if (operation.kind === 'send') shape.dry_run = dryRunArgument;
  return z.strictObject(shape);
}

export interface CallArguments {
  /** The registry input to give the client. */
  input: Record<string, unknown>;
  dryRun: boolean;
  /** Problems found while turning the arguments into the input (file type or size). */
  violations: LimitViolation[];
}

/** Turns validated tool arguments back into the operation's registry input. */
export function callArguments(operation: Operation, args: Record<string, unknown>): CallArguments {
  const { dry_run, file_base64, file_name, mime_type, ...rest } = args;
  const input: Record<string, unknown> = { ...rest };
  const violations: LimitViolation[] = [];
  for (const [name, param] of Object.entries(operation.params)) {
    if (param.in !== 'multipart') continue;
    if (name === 'file') {
      const converted = fileFromArguments(name, { file_base64, file_name, mime_type } as FileArguments);
      if (converted.file) input[name] = converted.file;
      violations.push(...converted.violations);
    } else if (typeof input[name] === 'string') {
      input[name] = csvFile(input[name]);
    }
  }
  return { input, dryRun: dry_run === true, violations };
}
