import { describe, expect, it } from 'vitest';
import { parseCsv } from './parse-csv.js';

describe('parseCsv', () => {
  it('reads quoted fields, escaped quotes, CRLF rows and skips blank rows', () => {
    expect(parseCsv('phone,name\r\n14155551234,"Doe, ""JD"""\n\n14155555678,Jane')).toEqual([
      ['phone', 'name'],
      ['14155551234', 'Doe, "JD"'],
      ['14155555678', 'Jane'],
    ]);
  });
});
