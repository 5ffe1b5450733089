import { describe, expect, it } from 'vitest';
import { splitJsonFields } from './json-flag.js';
import { isFieldList } from './select-fields.js';

describe('splitJsonFields', () => {
  const commands = new Set(['keys', 'list', 'connections', 'get']);
  it('moves a field list after --json to --json-fields, and leaves a command word alone', () => {
    expect(splitJsonFields(['--json', 'keys', 'list'], commands)).toEqual(['--json', 'keys', 'list']);
    expect(splitJsonFields(['keys', 'list', '--json', 'id,name'], commands)).toEqual([
      'keys',
      'list',
      '--json',
      '--json-fields',
      'id,name',
    ]);
    expect(splitJsonFields(['keys', 'list', '--json=id'], commands)).toEqual([
      'keys',
      'list',
      '--json',
      '--json-fields',
      'id',
    ]);
  });

  it('does not take a UUID, a phone number, a flag or anything after -- as fields', () => {
    const id = 'bf892d2e-84ea-4cc0-8d20-7e390d132086';
    expect(splitJsonFields(['connections', 'get', '--json', id], commands)).toEqual([
      'connections',
      'get',
      '--json',
      id,
    ]);
    expect(isFieldList('14155551234')).toBe(false);
    expect(splitJsonFields(['--json', '--url', 'x'], commands)).toEqual(['--json', '--url', 'x']);
    expect(splitJsonFields(['--', '--json', 'a'], commands)).toEqual(['--', '--json', 'a']);
  });
});
