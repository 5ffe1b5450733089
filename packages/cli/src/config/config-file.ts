/**
 * The profiles file: one gateway URL and API key per profile name, plus the profile in use.
 * Written atomically (temp file, then rename) with mode 0600 inside a 0700 folder, because it
 * holds API keys.
 */
import { chmod, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { z } from 'zod';
import { CliError } from '../exit-codes.js';

export const Profile = z.object({
  url: z.string(),
  apiKey: z.string(),
  connection: z.string().optional(),
  /** `v1` or `v3` (checked when used, so that a typo names the profile): see api-version.ts. */
  apiVersion: z.string().optional(),
});
export type Profile = z.infer<typeof Profile>;

const ConfigFile = z.object({
  version: z.literal(1),
  current: z.string().optional(),
  profiles: z.record(z.string(), Profile),
});
export type ConfigFile = z.infer<typeof ConfigFile>;

export const emptyConfig = (): ConfigFile => ({ version: 1, profiles: {} });

/** Reads the profiles file; an absent file is an empty configuration. */
export async function readConfig(path: string): Promise<ConfigFile> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return emptyConfig();
    throw error;
  }
  let parsed: z.ZodSafeParseResult<ConfigFile>;
  try {
    parsed = ConfigFile.safeParse(JSON.parse(text));
  } catch {
    throw new CliError(`${path} is not valid JSON. Fix it, or delete it and run \`watigate login\` again.`);
  }
  if (!parsed.success) {
    throw new CliError(
      `${path} is not a watigate profiles file. Delete it and run \`watigate login\` again.`,
    );
  }
  return parsed.data;
}

/** Writes the profiles file atomically, folder 0700 and file 0600. */
export async function writeConfig(path: string, config: ConfigFile): Promise<void> {
  const folder = dirname(path);
  await mkdir(folder, { recursive: true, mode: 0o700 });
  await chmod(folder, 0o700);
  const temp = `${path}.${process.pid}.tmp`;
  await writeFile(temp, `${JSON.stringify(config, null, 2)}\n`, { mode: 0o600 });
  await chmod(temp, 0o600);
  await rename(temp, path);
}
