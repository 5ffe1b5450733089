import { describe, expect, it } from 'vitest';
import { csvColumns } from './csv-columns.js';
import { receiverFromRow } from './receiver-from-row.js';

const columns = csvColumns(['phone', 'name', 'date'], ['name', 'date']);

describe('receiverFromRow', () => {
  it('normalises the phone and maps each placeholder to its cell', () => {
    expect(receiverFromRow(['+1 (415) 555-1234', ' Ana ', 'Monday'], columns)).toEqual({
      ok: true,
      receiver: {
        whatsappNumber: '14155551234',
        customParams: [
          { name: 'name', value: 'Ana' },
          { name: 'date', value: 'Monday' },
        ],
      },
    });
  });

  it('reports a bad phone number without throwing', () => {
    expect(receiverFromRow(['0800', 'Ana', 'Monday'], columns)).toEqual({
      ok: false,
      phone: '0800',
      error: '"0800" is not a phone number with country code',
    });
    expect(receiverFromRow([], columns)).toEqual({ ok: false, phone: '', error: 'no phone number' });
  });

  it('reports every placeholder left empty, including cells missing from a short row', () => {
    expect(receiverFromRow(['14155551234', ''], columns)).toEqual({
      ok: false,
      phone: '14155551234',
      error: 'no value for placeholder {{name}}, {{date}}',
    });
  });
});
