import { registryV3 } from '@watigate/spec';
import { describe, expect, it } from 'vitest';
import { exampleCommand } from './example-command.js';
import { flagSpecs } from './flag-specs.js';
import { clientViolations } from './input-from-flags.js';
import { defineV3Command, v3CommandSpecs, v3Commands } from './v3-commands.js';

const commandFor = (group: string, name: string) => {
  const found = v3Commands().find((c) => c.spec.group === group && c.spec.command === name);
  if (!found) throw new Error(`no ${group} ${name}`);
  return found;
};
const flags = (group: string, name: string) => {
  const c = commandFor(group, name);
  return flagSpecs(c.operation, c.renames).map((s) => `--${s.flag}`);
};

describe('v3 commands', () => {
  it('gives every v3 operation a command', () => {
    const covered = new Set(v3CommandSpecs.map((s) => s.id));
    expect(registryV3.list.filter((op) => !covered.has(op.id as never)).map((op) => op.id)).toEqual([]);
  });

  it('derives flags from the v3 schemas, under v1’s names where the meaning is the same', () => {
    expect(flags('contacts', 'add')).toEqual(['--phone', '--name', '--custom-params']);
    expect(flags('templates', 'send')).toEqual([
      '--channel',
      '--template',
      '--broadcast-name',
      '--phone',
      '--local-message-id',
      '--parameters',
      '--recipients',
    ]);
    expect(flags('interactive', 'buttons')).toEqual([
      '--target',
      '--header',
      '--text',
      '--footer',
      '--buttons',
    ]);
    expect(flags('interactive', 'list')).toEqual([
      '--target',
      '--header',
      '--text',
      '--footer',
      '--button-text',
      '--sections',
    ]);
    expect(flags('operators', 'assign')).toEqual(['--target', '--email']);
    expect(flags('conversations', 'status')).toEqual(['--target', '--status']);
    expect(flags('broadcasts', 'recipients')).toEqual(['--broadcast-id', '--page-number', '--page-size']);
  });

  it('puts the flat input where v3 wants it: path and query, body, the nested object, fixed fields', () => {
    expect(
      commandFor('interactive', 'buttons').toWire({
        target: '14155551234',
        body: 'Pick',
        buttons: [{ text: 'a' }],
      }),
    ).toEqual({
      params: {},
      body: {
        type: 'buttons',
        target: '14155551234',
        button_message: { body: 'Pick', buttons: [{ text: 'a' }] },
      },
    });
    expect(
      commandFor('templates', 'send').toWire({
        template_name: 't',
        broadcast_name: 'b',
        phone_number: '14155551234',
        custom_params: [{ name: 'name', value: 'Ana' }],
      }),
    ).toEqual({
      params: {},
      body: {
        template_name: 't',
        broadcast_name: 'b',
        recipients: [{ phone_number: '14155551234', custom_params: [{ name: 'name', value: 'Ana' }] }],
      },
    });
    expect(
      commandFor('operators', 'assign').toWire({ target: '14155551234', assignee_email: 'a@b.c' }),
    ).toEqual({
      params: { target: '14155551234' },
      body: { assignee_email: 'a@b.c' },
    });
    // v3 requires page numbers; the command gives them when the flags do not.
    expect(commandFor('contacts', 'list').toWire({})).toEqual({ params: { page_number: 1, page_size: 20 } });
    expect(commandFor('contacts', 'list').toWire({ page_size: 5 })).toEqual({
      params: { page_number: 1, page_size: 5 },
    });
  });

  it('names a v3 field at fault as the flat field its flag reads', () => {
    expect(commandFor('templates', 'send').flatField('recipients[0].phone_number')).toBe('phone_number');
    expect(commandFor('interactive', 'buttons').flatField('button_message.buttons[3].text')).toBe(
      'buttons[3].text',
    );
    expect(commandFor('contacts', 'get').flatField('target')).toBe('target');
  });

  it('has a valid example for every command, which its v3 request accepts', () => {
    for (const c of v3Commands()) {
      const example = { ...c.operation.example } as Record<string, unknown>;
      if (c.v3.body?.contentType === 'multipart/form-data')
        example.file = new File(['%PDF-1.4'], 'invoice.pdf', { type: 'application/pdf' });
      expect(clientViolations(c.operation, example), c.v3.id).toEqual([]);
      const wire = c.toWire(example);
      expect(c.v3.checkLimits(wire), c.v3.id).toEqual([]);
      if (c.v3.body) expect(c.v3.body.schema.safeParse(wire.body).error, c.v3.id).toBeUndefined();
      expect(exampleCommand(c.operation, flagSpecs(c.operation, c.renames))).toMatch(/^watigate /);
    }
  });

  it('refuses an unknown v3 operation', () => {
    expect(() => defineV3Command({ id: 'v3Nope' as never, group: 'x', command: 'y' })).toThrow(
      /unknown v3 operation/,
    );
  });
});
