/**
 * How a person types this very `watigate` in a shell, for the commands the CLI prints (the
 * `serve` banner): `watigate` when the one on PATH is this program, otherwise the absolute
 * `node /…/packages/cli/bin/watigate.js`, which works from any folder. The package is not
 * published, so `npx watigate` works only inside the clone (npm answers 404 elsewhere).
 */
import { accessSync, constants, realpathSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** This package's `bin/watigate.js` (what `npm install -g ./packages/cli` links as `watigate`). */
export const ownBin = fileURLToPath(new URL('../bin/watigate.js', import.meta.url));

/** This package's folder, for the install hint (`npm install -g <folder>`). */
export const ownPackageDir = fileURLToPath(new URL('..', import.meta.url)).replace(/[/\\]$/, '');

/** Quotes a word for POSIX shells when it holds anything but safe characters. */
export function shellQuote(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replaceAll("'", `'\\''`)}'`;
}

function realpathOrUndefined(path: string): string | undefined {
  try {
    accessSync(path, constants.X_OK);
    return realpathSync(path);
  } catch {
    return undefined;
  }
}

/**
 * Whether `watigate` on this PATH runs `bin` (its real path, through npm's links). The
 * `node_modules/.bin` folders that `npm start` and `npx` put on PATH do not count: the person
 * pastes the printed commands into another shell, which has no such folder.
 * @param path the PATH variable
 */
export function isOnPath(path: string | undefined, bin: string = ownBin): boolean {
  const target = realpathOrUndefined(bin) ?? bin;
  for (const dir of (path ?? '').split(delimiter)) {
    if (dir === '' || /(^|[/\\])node_modules[/\\]\.bin[/\\]?$/.test(dir)) continue;
    if (realpathOrUndefined(join(dir, 'watigate')) === target) return true;
  }
  return false;
}

/** What to type for `watigate`: the bare name when PATH finds this program, else the full `node …` form. */
export function selfCommand(path: string | undefined, bin: string = ownBin): string {
  return isOnPath(path, bin) ? 'watigate' : `node ${shellQuote(bin)}`;
}
