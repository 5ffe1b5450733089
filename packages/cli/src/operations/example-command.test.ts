import { operationList, operations } from '@watigate/spec';
import { describe, expect, it } from 'vitest';
import { exampleCommand, shellQuote } from './example-command.js';

describe('exampleCommand', () => {
  it('writes the registry example as flags, name=value pairs and quoted JSON', () => {
    expect(exampleCommand(operations.addContact)).toBe(
      'watigate contacts add --phone 447911123456 --name Ana --custom-params city=Paris',
    );
    expect(exampleCommand(operations.sendSessionMessage)).toBe(
      "watigate messages send --phone 14155551234 --text 'Your order has shipped'",
    );
    expect(exampleCommand(operations.sendInteractiveButtonsMessage)).toBe(
      `watigate interactive buttons --phone 14155551234 --text 'Confirm?' --buttons '[{"text":"Yes"},{"text":"No"}]'`,
    );
    expect(exampleCommand(operations.getMedia)).toBe(
      'watigate media get --file-name data/images/8f2a.jpg -o 8f2a.jpg',
    );
  });

  it('has an example for every operation with a command', () => {
    for (const operation of operationList) {
      if ('command' in operation.cli) expect(exampleCommand(operation)).toMatch(/^watigate [a-z]+ [a-z-]+/);
    }
  });
});

describe('shellQuote', () => {
  it('leaves safe words bare and single-quotes the rest, quotes included', () => {
    expect(shellQuote('a-b_c.d/e')).toBe('a-b_c.d/e');
    expect(shellQuote('two words')).toBe("'two words'");
    expect(shellQuote("it's")).toBe(`'it'\\''s'`);
  });
});
