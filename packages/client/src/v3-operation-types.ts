/**
 * Types of WATI's v3 operations, derived from the generated zod schemas of `@watigate/spec`
 * (`registryV3`): a call's input is its path and query parameters and its body fields in one
 * object (`{ target, page_number, page_size }`), as v1's input is; its answer is the 200
 * response's schema. Nothing is written by hand.
 */
import type { V3OperationId, v3Schemas } from '@watigate/spec';
import type { z } from 'zod';
import type { MediaFile } from './operation-types.js';

type Generated = typeof v3Schemas.v3GeneratedOperations;
type Op<Id extends V3OperationId> = Generated[Id];

type SchemaOf<P> = P extends { schema: infer S extends z.ZodType } ? S : never;
type Flatten<T> = { [K in keyof T]: T[K] } & {};

/** Path and query parameters: required ones as required keys, the others optional. */
type ParamsInput<P> = Flatten<
  {
    [K in keyof P as undefined extends z.input<SchemaOf<P[K]>> ? never : K]: z.input<SchemaOf<P[K]>>;
  } & {
    [K in keyof P as undefined extends z.input<SchemaOf<P[K]>> ? K : never]?: z.input<SchemaOf<P[K]>>;
  }
>;

type BodyInput<O> = O extends { body: { schema: infer S extends z.ZodType } } ? z.input<S> : unknown;

/** What `call(id, input)` accepts for the v3 operation `Id`: parameters and body fields together. */
export type V3CallInput<Id extends V3OperationId> = Flatten<
  ParamsInput<Op<Id>['params']> & BodyInput<Op<Id>>
>;

/** What `call(id, input)` resolves to for the v3 operation `Id`: its 200 answer, or a MediaFile. */
export type V3CallOutput<Id extends V3OperationId> = Op<Id>['responses'] extends {
  '200': { type: 'json'; schema: infer S extends z.ZodType };
}
  ? z.output<S>
  : MediaFile;

/**
 * The input of `Id` without the fields a method takes positionally. A key-remapping mapped type
 * rather than `Omit`, which would lose the known fields of a loose (multipart) body.
 */
export type V3ParamsOf<Id extends V3OperationId, Omitted extends string = never> = {
  [K in keyof V3CallInput<Id> as K extends Omitted ? never : K]: V3CallInput<Id>[K];
};

/** Makes `page_number` and `page_size` optional (the client fills in 1 and 100). */
export type WithDefaultPage<T> = Flatten<
  { [K in keyof T as K extends 'page_number' | 'page_size' ? never : K]: T[K] } & {
    page_number?: number | undefined;
    page_size?: number | undefined;
  }
>;
