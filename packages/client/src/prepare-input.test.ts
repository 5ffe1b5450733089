import { operations } from '@watigate/spec';
import { describe, expect, it } from 'vitest';
import { WatiValidationError } from './errors.js';
import { fieldName, prepareInput } from './prepare-input.js';

function violations(fn: () => unknown) {
  try {
    fn();
  } catch (e) {
    if (e instanceof WatiValidationError) return e.violations;
    throw e;
  }
  throw new Error('expected a WatiValidationError');
}

describe('fieldName', () => {
  it('writes zod paths the way checkLimits names fields', () => {
    expect(fieldName(['sections', 0, 'rows', 2, 'title'])).toBe('sections[0].rows[2].title');
    expect(fieldName([])).toBe('');
  });
});

describe('prepareInput', () => {
  it('normalises a typed phone number to WATI digits', () => {
    const input = prepareInput(operations.sendSessionMessage, {
      whatsappNumber: '+1 (415) 555-1234',
      messageText: 'hi',
    });
    expect(input).toEqual({ whatsappNumber: '14155551234', messageText: 'hi' });
  });

  it('normalises every bulk receiver and names the bad one', () => {
    const v = violations(() =>
      prepareInput(operations.sendTemplateMessagesV2, {
        template_name: 't',
        broadcast_name: 'b',
        receivers: [{ whatsappNumber: '+44 20 7946 0958' }, { whatsappNumber: 'not-a-number' }],
      }),
    );
    expect(v).toEqual([
      {
        field: 'receivers[1].whatsappNumber',
        limit: 'a phone number with country code',
        message:
          'receivers[1].whatsappNumber "not-a-number" is not a phone number; use the country code and number, e.g. 14155551234',
      },
    ]);
  });

  it('applies the registry schema: unknown, missing and mistyped parameters', () => {
    const v = violations(() =>
      prepareInput(operations.sendSessionMessage, { whatsappNumber: '14155551234', text: 'x' }),
    );
    expect(v.map((x) => x.field).sort()).toEqual(['messageText', 'text']);
  });

  it('applies WhatsApp’s limits, every violation at once', () => {
    const v = violations(() =>
      prepareInput(operations.sendInteractiveButtonsMessage, {
        whatsappNumber: '14155551234',
        body: 'b',
        buttons: [{ text: 'a' }, { text: 'a' }, { text: 'c' }, { text: 'this title is far too long' }],
      }),
    );
    expect(v.map((x) => x.field)).toEqual(['buttons', 'buttons[1].text', 'buttons[3].text']);
    expect(v[0]).toEqual({
      field: 'buttons',
      limit: '1 to 3 buttons',
      message: 'buttons has 4 items; WhatsApp allows 1 to 3',
    });
  });

  it('fills registry defaults (template parameters)', () => {
    const input = prepareInput(operations.sendTemplateMessageV2, {
      whatsappNumber: '14155551234',
      template_name: 'order_update',
      broadcast_name: 'b',
    });
    expect(input.parameters).toEqual([]);
  });
});
