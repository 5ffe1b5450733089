import { describe, expect, it } from 'vitest';
import { WatiValidationError } from './errors.js';
import { createVersionedResource } from './versioned-resource.js';

type Impl = Record<string, (...args: unknown[]) => unknown>;
const make = (version: 'v1' | 'v3') => {
  const v1: Impl = { list: async (...args) => ['v1', args], send: async (...args) => ['v1', args] };
  const v3: Impl = {
    list: async (...args) => ['v3', args],
    send: async (...args) => ['v3', args],
    get: async (...args) => ['v3', args],
    iterate: async function* () {
      yield 1;
    },
  };
  return createVersionedResource<Impl, Impl, Impl>(
    'things',
    version,
    { v1, v3 },
    { v1: { list: 1, send: 2 }, v3: { list: 1, send: 1, get: 1, iterate: 1 } },
  );
};

/** The method `name` of a resource made above. */
const m = (r: Impl, name: string) => r[name] as (...args: unknown[]) => unknown;

describe('createVersionedResource', () => {
  it('runs the client’s version unless the call names one', async () => {
    expect(await m(make('v1'), 'list')({})).toEqual(['v1', [{}]]);
    expect(await m(make('v3'), 'list')({})).toEqual(['v3', [{}]]);
    expect(await m(make('v1'), 'list')({}, { apiVersion: 'v3' })).toEqual(['v3', [{}, { apiVersion: 'v3' }]]);
    expect(await m(make('v3'), 'list')(undefined, { apiVersion: 'v1' })).toEqual([
      'v1',
      [undefined, { apiVersion: 'v1' }],
    ]);
  });

  it('finds the options where each version takes them', async () => {
    const r = make('v3');
    expect(await m(r, 'send')('1', { p: 1 }, { apiVersion: 'v1' })).toEqual([
      'v1',
      ['1', { p: 1 }, { apiVersion: 'v1' }],
    ]);
    expect(await m(r, 'send')({ p: 1 })).toEqual(['v3', [{ p: 1 }]]);
  });

  it('refuses a method the chosen version lacks, as a rejection or a throwing iterator', async () => {
    const r = make('v1');
    await expect(m(r, 'get')('x')).rejects.toThrow(
      "things.get was not sent: things.get is in WATI's v3 API only; pass { apiVersion: 'v3' } to this call or to createWatiClient",
    );
    const walk = m(r, 'iterate')() as AsyncGenerator<unknown>;
    await expect(walk.next()).rejects.toBeInstanceOf(WatiValidationError);
    const bad = await (m(r, 'list')({}, { apiVersion: 'v4' }) as Promise<unknown>).catch((e: unknown) => e);
    expect(bad).toMatchObject({ violations: [{ field: 'apiVersion', limit: 'v1 or v3' }] });
  });
});
