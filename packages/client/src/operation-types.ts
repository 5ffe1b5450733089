/**
 * Types derived from the registry: each method's input and result come from the operation's zod
 * schemas (`z.input` for what you pass, `z.output` for what you get), never written by hand.
 */
import type { OperationId, Operations } from '@watigate/spec';
import type { z } from 'zod';

/** A downloaded media file. `body` streams; nothing is buffered. */
export interface MediaFile {
  contentType: string;
  body: ReadableStream<Uint8Array>;
}

/** What `call(id, input)` accepts for operation `Id`. */
export type CallInput<Id extends OperationId> = z.input<Operations[Id]['input']>;

/** What `call(id, input)` resolves to for operation `Id`. */
export type CallOutput<Id extends OperationId> = Operations[Id]['response'] extends {
  type: 'json';
  schema: infer S extends z.ZodType;
}
  ? z.output<S>
  : MediaFile;

/** The input of `Id` without the parameters a method takes positionally. */
export type ParamsOf<Id extends OperationId, Omitted extends string = never> = Omit<CallInput<Id>, Omitted>;
