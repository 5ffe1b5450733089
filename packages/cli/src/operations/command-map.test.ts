import { operationList } from '@watigate/spec';
import { describe, expect, it } from 'vitest';
import { operationCommands, operationsWithoutCommand } from './command-map.js';

describe('operationCommands', () => {
  it('gives every registry operation a command or a stated reason for having none', () => {
    const covered = new Set([
      ...operationCommands.map((c) => c.operationId),
      ...Object.keys(operationsWithoutCommand),
    ]);
    expect(operationList.map((o) => o.id).filter((id) => !covered.has(id as never))).toEqual([]);
  });

  it('uses each command name once per group', () => {
    const names = operationCommands.map((c) => `${c.group} ${c.name}`);
    expect(new Set(names).size).toBe(names.length);
  });
});
