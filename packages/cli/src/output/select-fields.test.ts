import { describe, expect, it } from 'vitest';
import { selectFields } from './select-fields.js';

describe('selectFields', () => {
  it('picks fields from each row, or from one object, and names unknown ones with the available', () => {
    expect(selectFields([{ a: 1, b: 2 }], ['b'])).toEqual([{ b: 2 }]);
    expect(selectFields({ a: 1, b: 2 }, ['a'])).toEqual({ a: 1 });
    expect(selectFields({ list: [{ a: 1 }] }, ['a'], [{ a: 1 }])).toEqual([{ a: 1 }]);
    expect(selectFields([], ['anything'])).toEqual([]);
    expect(() => selectFields([{ a: 1, b: 2 }], ['a', 'c'])).toThrow(
      'Unknown JSON field "c". Available fields: a, b.',
    );
  });
});
