/** docs/errors.md lists the same codes and statuses as the catalogue (STYLE.md, Errors). */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { errorCatalogue } from '../src/errors.js';

const doc = readFileSync(new URL('../../../docs/errors.md', import.meta.url), 'utf8');

/** `code → status` for every table row of the form | `code` | 404 | … |. */
function documentedCodes(markdown: string): Map<string, number> {
  const codes = new Map<string, number>();
  for (const m of markdown.matchAll(/^\|\s*`([a-z_]+)`\s*\|\s*(\d{3})\s*\|/gm)) {
    const [, code = '', status = ''] = m;
    if (codes.has(code)) throw new Error(`docs/errors.md lists ${code} twice`);
    codes.set(code, Number(status));
  }
  return codes;
}

describe('docs/errors.md', () => {
  const documented = documentedCodes(doc);

  it('documents every code of the catalogue', () => {
    const missing = Object.keys(errorCatalogue).filter((code) => !documented.has(code));
    expect(missing, 'codes in errorCatalogue but not in docs/errors.md').toEqual([]);
  });

  it('documents no code that the catalogue lacks', () => {
    const extra = [...documented.keys()].filter((code) => !Object.hasOwn(errorCatalogue, code));
    expect(extra, 'codes in docs/errors.md but not in errorCatalogue').toEqual([]);
  });

  it('gives each code the catalogue’s HTTP status', () => {
    const statuses = Object.fromEntries(
      Object.entries(errorCatalogue).map(([code, info]) => [code, info.status]),
    );
    expect(Object.fromEntries(documented)).toEqual(statuses);
  });

  it('describes the wire shape and WATI’s pass-through errors', () => {
    expect(doc).toContain('"error": {');
    for (const key of ['"code"', '"message"', '"requestId"', '"details"']) expect(doc).toContain(key);
    expect(doc).toContain('"result": false');
  });
});

describe('documentedCodes', () => {
  it('reads code and status from table rows only', () => {
    const sample =
      '| Code | HTTP status |\n|---|---|\n| `a_b` | 404 | x |\nText `c_d` | 500\n|  `e` |  409  | y |';
    expect(Object.fromEntries(documentedCodes(sample))).toEqual({ a_b: 404, e: 409 });
  });

  it('refuses a code listed twice', () => {
    expect(() => documentedCodes('| `a` | 400 |\n| `a` | 401 |')).toThrow('docs/errors.md lists a twice');
  });
});
