import { operations } from '@watigate/spec';
import { describe, expect, it } from 'vitest';
import { flagName, flagSpecs, kebab } from './flag-specs.js';

describe('flagName', () => {
  it('kebab-cases parameter names and renames the awkward ones', () => {
    expect(kebab('pageSize')).toBe('page-size');
    expect(kebab('broadcast_name')).toBe('broadcast-name');
    expect(flagName('whatsappNumber')).toBe('phone');
    expect(flagName('template_name')).toBe('template');
    expect(flagName('body')).toBe('text');
    expect(flagName('replyContextId')).toBe('reply-context-id');
  });
});

describe('flagSpecs', () => {
  it('derives kinds, required-ness and descriptions from getContacts’ schemas', () => {
    expect(flagSpecs(operations.getContacts)).toEqual([
      expect.objectContaining({ param: 'pageSize', flag: 'page-size', kind: 'number', required: false }),
      expect.objectContaining({ param: 'pageNumber', kind: 'number' }),
      expect.objectContaining({
        param: 'name',
        kind: 'string',
        description: 'Only contacts whose name contains this text',
      }),
      expect.objectContaining({ param: 'attribute', kind: 'json', pairs: false }),
      expect.objectContaining({ param: 'createdDate', flag: 'created-date', kind: 'string' }),
    ]);
  });

  it('marks the recipient as a phone, files as files, {name,value} arrays as pairs', () => {
    const file = flagSpecs(operations.sendSessionFile);
    expect(file.find((s) => s.param === 'whatsappNumber')).toMatchObject({
      flag: 'phone',
      phone: true,
      required: true,
    });
    expect(file.find((s) => s.param === 'file')).toMatchObject({ kind: 'file', required: true });
    const update = flagSpecs(operations.updateContactAttributes);
    expect(update.find((s) => s.param === 'customParams')).toMatchObject({
      kind: 'json',
      pairs: true,
      required: true,
    });
    const template = flagSpecs(operations.sendTemplateMessageV2);
    expect(template.find((s) => s.param === 'parameters')).toMatchObject({ pairs: true, required: false });
  });

  it('gives every operation distinct flag names', () => {
    for (const operation of Object.values(operations)) {
      const flags = flagSpecs(operation).map((s) => s.flag);
      expect(new Set(flags).size, operation.id).toBe(flags.length);
      expect(flags, operation.id).not.toContain('body');
    }
  });
});
