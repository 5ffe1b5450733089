import { describe, expect, it } from 'vitest';
import { cellText, formatRecord, formatTable } from './format-table.js';

describe('formatTable', () => {
  it('pads every column to its widest cell and upper-cases the headers', () => {
    const out = formatTable(
      [
        { a: 'x', b: 1 },
        { a: 'longer', b: 22 },
      ],
      [
        { header: 'name', value: (r) => r.a },
        { header: 'n', value: (r) => r.b },
      ],
    );
    expect(out).toBe('NAME    N\nx       1\nlonger  22\n');
  });

  it('prints only the header row when there are no rows', () => {
    expect(formatTable([], [{ header: 'id', value: () => 1 }])).toBe('ID\n');
  });
});

describe('cellText', () => {
  it('renders null as empty, objects as JSON and cuts long text with an ellipsis', () => {
    expect(cellText(null)).toBe('');
    expect(cellText({ a: 1 })).toBe('{"a":1}');
    expect(cellText('a\nb')).toBe('a b');
    expect(cellText('abcdef', 4)).toBe('abc…');
  });
});

describe('formatRecord', () => {
  it('lists defined fields as FIELD / VALUE rows', () => {
    expect(formatRecord({ id: 'k1', gone: undefined, ok: true })).toBe(
      'FIELD  VALUE\nid     k1\nok     true\n',
    );
  });
});
