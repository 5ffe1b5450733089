import { chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isOnPath, ownBin, selfCommand, shellQuote } from './self-command.js';

const made: string[] = [];
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

function tempFolder(): string {
  const dir = mkdtempSync(join(tmpdir(), 'watigate-self-'));
  made.push(dir);
  return dir;
}

function folderWithWatigate(target: string, sub = 'bin'): string {
  const dir = join(tempFolder(), sub);
  mkdirSync(dir, { recursive: true });
  symlinkSync(target, join(dir, 'watigate'));
  return dir;
}

describe('selfCommand', () => {
  it('is the bare name when a `watigate` on PATH links to this program', () => {
    const dir = folderWithWatigate(ownBin);
    expect(isOnPath(`/usr/bin:${dir}`)).toBe(true);
    expect(selfCommand(`/usr/bin:${dir}`)).toBe('watigate');
  });

  it('is `node <absolute bin>` when PATH has no `watigate`', () => {
    expect(selfCommand('/usr/bin:/bin')).toBe(`node ${ownBin}`);
    expect(selfCommand(undefined)).toBe(`node ${ownBin}`);
  });

  it('ignores the node_modules/.bin folder `npm start` puts on PATH (another shell has none)', () => {
    const dir = folderWithWatigate(ownBin, 'node_modules/.bin');
    expect(selfCommand(dir)).toBe(`node ${ownBin}`);
  });

  it('is the full form when the `watigate` on PATH is another program', () => {
    const other = join(tempFolder(), 'other.js');
    writeFileSync(other, '');
    chmodSync(other, 0o755);
    expect(selfCommand(folderWithWatigate(other))).toBe(`node ${ownBin}`);
  });
});

describe('shellQuote', () => {
  it('leaves plain paths alone and single-quotes the rest', () => {
    expect(shellQuote('/opt/watigate/bin/watigate.js')).toBe('/opt/watigate/bin/watigate.js');
    expect(shellQuote("/home/a b/it's")).toBe(`'/home/a b/it'\\''s'`);
  });
});
