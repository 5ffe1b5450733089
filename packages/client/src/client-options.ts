/**
 * The options of `createWatiClient`, validated by one strict zod schema per mode: unknown keys are
 * rejected and exactly one of `apiKey` (gateway mode) or `token` (direct mode) must be given.
 */
import type { Registry } from '@watigate/spec';
import { z } from 'zod';
import { type ApiVersion, apiVersions } from './api-version.js';
import { WatiValidationError } from './errors.js';

/** Waits `ms` milliseconds; rejects with the signal's reason when it aborts first. */
export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

const fn = <T>(name: string) =>
  z.custom<T>((v) => typeof v === 'function', { message: `${name} must be a function` }).optional();

const retrySchema = z.strictObject({
  /** Retries after the first attempt. @default 2 */
  maxRetries: z.number().int().min(0).max(10).default(2),
  /** Backoff before the first retry, in milliseconds. @default 500 */
  baseDelayMs: z.number().int().min(0).default(500),
  /** Largest backoff, in milliseconds (a longer Retry-After still wins, up to 60 s). @default 8000 */
  maxDelayMs: z.number().int().min(0).default(8000),
});

const common = {
  /** Gateway origin (`https://watigate.example.com`) or WATI API endpoint URL (`https://live-mt-server.wati.io/123456`). */
  baseUrl: z.url({ protocol: /^https?$/, error: 'baseUrl must be an http(s) URL' }),
  fetch: fn<typeof globalThis.fetch>('fetch'),
  /** Current time in milliseconds since the epoch (for Retry-After dates). */
  now: fn<() => number>('now'),
  sleep: fn<Sleep>('sleep'),
  /** A number in [0, 1), for backoff jitter. */
  random: fn<() => number>('random'),
  /** Per attempt, in milliseconds. @default 30000 */
  timeoutMs: z.number().int().positive().default(30_000),
  retry: retrySchema.default({ maxRetries: 2, baseDelayMs: 500, maxDelayMs: 8000 }),
  /**
   * WATI's API the resource methods use unless a call says otherwise: `v1` (v1/v2 endpoints) or
   * `v3` (`/api/ext/v3`). `call`/`callById` follow the operation id instead. @default 'v1'
   */
  apiVersion: z.enum(apiVersions, { error: "apiVersion must be 'v1' or 'v3'" }).default('v1'),
  /** The operations `call` and `callById` know. @default `@watigate/spec`'s registry */
  registry: z
    .custom<Registry>((v) => typeof (v as Registry | undefined)?.get === 'function', {
      message: 'registry must be a registry from createRegistry',
    })
    .optional(),
};

const gatewaySchema = z.strictObject({
  ...common,
  /** A Watigate API key (`wg_…`). */
  apiKey: z.string().min(1),
  /** A connection id, sent as `Maton-Connection`; without it the gateway picks the oldest ACTIVE one. */
  connection: z.string().min(1).optional(),
});

const directSchema = z.strictObject({
  ...common,
  /** The WATI access token from the dashboard's API Docs page (without `Bearer `). */
  token: z.string().min(1),
});

/**
 * The options of each mode. `V` is the `apiVersion` the client's type follows: options typed
 * without it (`DirectClientOptions`) make a v1 client, as before v3 existed.
 */
type WithVersion<T, V extends ApiVersion> = { [K in keyof T as K extends 'apiVersion' ? never : K]: T[K] } & {
  apiVersion?: V | undefined;
};
export type GatewayClientOptions<V extends ApiVersion = 'v1'> = WithVersion<z.input<typeof gatewaySchema>, V>;
export type DirectClientOptions<V extends ApiVersion = 'v1'> = WithVersion<z.input<typeof directSchema>, V>;
export type WatiClientOptions<V extends ApiVersion = 'v1'> = GatewayClientOptions<V> | DirectClientOptions<V>;
export type RetryOptions = z.output<typeof retrySchema>;

export type ResolvedOptions =
  | (z.output<typeof gatewaySchema> & { mode: 'gateway' })
  | (z.output<typeof directSchema> & { mode: 'direct' });

/** The credentials of a resolved configuration, for redaction. */
export function secretsOf(config: ResolvedOptions): string[] {
  return [config.mode === 'gateway' ? config.apiKey : config.token];
}

/**
 * Validates the options and names every bad one. Error messages never repeat a value, so a
 * secret passed in the wrong place does not leak.
 */
export function parseClientOptions(options: unknown): ResolvedOptions {
  if (typeof options !== 'object' || options === null) {
    throw new WatiValidationError('createWatiClient needs an options object', [], 'invalid_options');
  }
  const o = options as Record<string, unknown>;
  const hasKey = o.apiKey !== undefined;
  const hasToken = o.token !== undefined;
  if (hasKey === hasToken) {
    throw new WatiValidationError(
      'Pass exactly one of apiKey (a Watigate key, gateway mode) or token (a WATI access token, direct mode)',
      [
        {
          field: hasKey ? 'apiKey' : 'token',
          limit: 'exactly one of apiKey or token',
          message: 'apiKey and token exclude each other',
        },
      ],
      'invalid_options',
    );
  }
  const result = (hasKey ? gatewaySchema : directSchema).safeParse(options);
  if (!result.success) {
    const violations = result.error.issues.flatMap((issue) => {
      const keys = issue.code === 'unrecognized_keys' ? issue.keys : [issue.path.join('.')];
      return keys.map((field) => ({
        field,
        limit: issue.code === 'unrecognized_keys' ? 'a known option' : issue.code,
        message:
          issue.code === 'unrecognized_keys' ? `unknown option ${field}` : `${field}: ${issue.message}`,
      }));
    });
    throw new WatiValidationError(
      `Invalid createWatiClient options: ${violations.map((v) => v.message).join('; ')}`,
      violations,
      'invalid_options',
    );
  }
  return hasKey
    ? { ...(result.data as z.output<typeof gatewaySchema>), mode: 'gateway' }
    : { ...(result.data as z.output<typeof directSchema>), mode: 'direct' };
}
