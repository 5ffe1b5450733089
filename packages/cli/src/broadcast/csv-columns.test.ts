import { describe, expect, it } from 'vitest';
import { csvColumns } from './csv-columns.js';

describe('csvColumns', () => {
  it('takes the column named phone wherever it is, and one column per placeholder', () => {
    expect(csvColumns(['name', 'Phone', 'date'], ['name', 'date'])).toEqual({
      phoneIndex: 1,
      params: [
        { name: 'name', index: 0 },
        { name: 'date', index: 2 },
      ],
      missing: [],
      unused: [],
    });
  });

  it('recognises whatsappNumber and "phone number" spellings', () => {
    expect(csvColumns(['x', 'whatsapp_number'], []).phoneIndex).toBe(1);
    expect(csvColumns(['x', 'Phone Number'], []).phoneIndex).toBe(1);
  });

  it('falls back to the first column for the phone', () => {
    expect(csvColumns(['mobile_no', 'name'], ['name']).phoneIndex).toBe(0);
  });

  it('matches placeholder names case-insensitively, exact names first', () => {
    expect(csvColumns(['phone', 'NAME', 'name'], ['name']).params).toEqual([{ name: 'name', index: 2 }]);
    expect(csvColumns(['phone', 'Name'], ['name']).params).toEqual([{ name: 'name', index: 1 }]);
  });

  it('lists placeholders without a column and columns nobody uses', () => {
    const c = csvColumns(['phone', 'name', 'notes'], ['name', 'date', 'time']);
    expect(c.missing).toEqual(['date', 'time']);
    expect(c.unused).toEqual(['notes']);
  });

  it('never uses the phone column for a placeholder', () => {
    expect(csvColumns(['phone'], ['phone']).missing).toEqual(['phone']);
  });
});
