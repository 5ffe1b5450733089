import { prepareInput, WatiValidationError } from '@watigate/client';
import { operations } from '@watigate/spec';
import { describe, expect, it } from 'vitest';
import { CliError } from '../exit-codes.js';
import { flagSpecs } from './flag-specs.js';
import { flagError, inputFromFlags, type RawValue } from './input-from-flags.js';

const openFile = async (path: string) => new File(['x'], path, { type: 'text/plain' });
/** The flags decoded, then checked as the command's call checks them: by the client, under the flags. */
const build = async (
  id: keyof typeof operations,
  values: Record<string, RawValue>,
  body?: Record<string, unknown>,
) => {
  const operation = operations[id];
  const specs = flagSpecs(operation);
  const input = await inputFromFlags(operation, specs, { values, body, openFile });
  try {
    return prepareInput(operation, input);
  } catch (error) {
    if (error instanceof WatiValidationError) throw flagError(operation, specs, input, [], error.violations);
    throw error;
  }
};

/** The message of the CliError `promise` rejects with: exit 3 (refused) unless `code` says 2 (usage). */
async function problem(promise: Promise<unknown>, code: 2 | 3 = 3): Promise<string> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(CliError);
  expect((error as CliError).exitCode).toBe(code);
  return (error as CliError).message;
}

describe('inputFromFlags', () => {
  it('parses numbers and normalises the phone', async () => {
    expect(await build('getMessages', { whatsappNumber: '+1 415-555-1234', pageSize: '20' })).toEqual({
      whatsappNumber: '14155551234',
      pageSize: 20,
    });
  });

  it('turns name=value pairs into customParams, and accepts JSON too', async () => {
    expect(
      await build('updateContactAttributes', {
        whatsappNumber: '14155551234',
        customParams: ['city=Paris', 'a=b=c'],
      }),
    ).toEqual({
      whatsappNumber: '14155551234',
      customParams: [
        { name: 'city', value: 'Paris' },
        { name: 'a', value: 'b=c' },
      ],
    });
    expect(
      await build('updateContactAttributes', {
        whatsappNumber: '14155551234',
        customParams: ['[{"name":"x","value":"y"}]'],
      }),
    ).toMatchObject({ customParams: [{ name: 'x', value: 'y' }] });
  });

  it('merges --body under the flags', async () => {
    const input = await build(
      'sendInteractiveButtonsMessage',
      { whatsappNumber: '14155551234', body: 'From flag' },
      { body: 'From JSON', buttons: [{ text: 'Yes' }] },
    );
    expect(input).toEqual({ whatsappNumber: '14155551234', body: 'From flag', buttons: [{ text: 'Yes' }] });
  });

  it('opens files through the injected opener', async () => {
    const input = await build('sendSessionFile', { whatsappNumber: '14155551234', file: 'a.txt' });
    expect(input.file).toBeInstanceOf(File);
  });

  it('names the flag of every problem at once; a value that cannot be read makes it a usage error', async () => {
    const message = await problem(build('getMessages', { whatsappNumber: 'abc', pageSize: 'ten' }), 2);
    expect(message).toBe(
      'Invalid input for `watigate messages list`, nothing was sent:\n  - --page-size: expected a number, got "ten"\n  - --phone: "abc" is not a phone number; give the country code and number, e.g. 14155551234 or "+1 415 555 1234"',
    );
  });

  it('reports schema problems and unknown --body fields under their flags', async () => {
    expect(await problem(build('getContacts', { pageSize: '0' }))).toContain('--page-size: Too small');
    expect(await problem(build('getContacts', {}, { colour: 'red' }), 2)).toContain(
      '--body: unknown field colour',
    );
    expect(await problem(build('sendSessionMessage', { whatsappNumber: '14155551234' }), 2)).toContain(
      '--text: required',
    );
  });

  it('reports WhatsApp limits under the flag, with the path inside it', async () => {
    const message = await problem(
      build('sendInteractiveButtonsMessage', {
        whatsappNumber: '14155551234',
        body: 'Pick',
        buttons: JSON.stringify([{ text: 'x'.repeat(21) }]),
      }),
    );
    expect(message).toContain('--buttons[0].text: buttons[0].text has 21 characters; the limit is 20');
  });

  it('refuses a malformed pair', async () => {
    expect(
      await problem(build('addContact', { whatsappNumber: '14155551234', customParams: ['novalue'] }), 2),
    ).toContain('--custom-params: expected name=value pairs or JSON, got "novalue"');
  });
});
