/**
 * OpenAPI 3.0 schemas as JSON Schema for Ajv, for the generic client in openapi-client.ts: what a
 * third party who has only WATI's OpenAPI file would write. It knows OpenAPI 3.0's rules, nothing
 * of Watigate: `nullable: true` adds `null` to the type, a `$ref` stands alone (its siblings are
 * ignored, as 3.0 says), `example` is dropped, and formats are checked as 3.0 defines them
 * (`int32`, `int64`, `double`, `binary`, `date-time`). A keyword it does not know is refused, so
 * a newer file cannot be validated half-way without anyone noticing.
 */
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';

/** A schema object as the file writes it (OpenAPI 3.0). */
export type OpenApiSchema = Record<string, unknown>;

const schemaId = 'openapi-components';
/** An annotation on every converted schema: where in the file it comes from (`#/components/schemas/X/...`). */
const pointerKeyword = 'x-file-pointer';
const annotations = new Set([
  'description',
  'title',
  'example',
  'default',
  'readOnly',
  'writeOnly',
  'deprecated',
]);
const checked = new Set([
  'type',
  'format',
  'properties',
  'additionalProperties',
  'items',
  'required',
  'enum',
  'minLength',
  'maxLength',
  'minimum',
  'maximum',
  'minItems',
  'maxItems',
  'pattern',
]);

/** Converts one OpenAPI 3.0 schema object to JSON Schema (draft-07, as Ajv's default). */
export function toJsonSchema(schema: OpenApiSchema, where = '#'): Record<string, unknown> {
  if (typeof schema.$ref === 'string') {
    const name = /^#\/components\/schemas\/([^/]+)$/.exec(schema.$ref)?.[1];
    if (!name) throw new Error(`${where}: only #/components/schemas/... references are supported`);
    return { $ref: `${schemaId}#/definitions/${name}` };
  }
  const out: Record<string, unknown> = { [pointerKeyword]: where };
  for (const [key, value] of Object.entries(schema)) {
    if (annotations.has(key) || key === 'nullable') continue;
    if (!checked.has(key)) throw new Error(`${where}: the OpenAPI keyword "${key}" is not supported`);
    if (key === 'properties') {
      out.properties = Object.fromEntries(
        Object.entries(value as Record<string, OpenApiSchema>).map(([name, s]) => [
          name,
          toJsonSchema(s, `${where}/properties/${name}`),
        ]),
      );
    } else if (key === 'items') out.items = toJsonSchema(value as OpenApiSchema, `${where}/items`);
    else if (key === 'additionalProperties' && typeof value === 'object')
      out.additionalProperties = toJsonSchema(value as OpenApiSchema, `${where}/additionalProperties`);
    else out[key] = value;
  }
  if (schema.nullable === true) {
    if (typeof out.type === 'string') out.type = [out.type, 'null'];
    if (Array.isArray(out.enum)) out.enum = [...out.enum, null];
    if (out.type === undefined && out.enum === undefined)
      throw new Error(`${where}: nullable without a type`);
  }
  return out;
}

const int32 = (n: number) => Number.isInteger(n) && n >= -(2 ** 31) && n < 2 ** 31;

/** A validator for the file's schemas: `compile(schema)` for any schema object of the file. */
export function createSchemaValidator(components: Record<string, OpenApiSchema>) {
  // verbose: each error carries the value it is about; inlineRefs off: its schemaPath names the
  // component (`openapi-components#/definitions/ContactDto/...`) wherever it is used.
  const ajv = new Ajv({
    allErrors: true,
    strict: true,
    strictTypes: false,
    verbose: true,
    inlineRefs: false,
  });
  ajv.addKeyword({ keyword: pointerKeyword, schemaType: 'string' });
  ajv.addFormat('int32', { type: 'number', validate: int32 });
  ajv.addFormat('int64', { type: 'number', validate: Number.isSafeInteger });
  ajv.addFormat('double', { type: 'number', validate: Number.isFinite });
  ajv.addFormat('binary', { type: 'string', validate: () => true });
  // RFC 3339 needs an offset, but WATI's own examples mix in local times without one.
  ajv.addFormat('date-time', {
    type: 'string',
    validate: (s: string) => /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(s) && !Number.isNaN(Date.parse(s)),
  });
  ajv.addSchema({
    $id: schemaId,
    definitions: Object.fromEntries(
      Object.entries(components).map(([name, s]) => [name, toJsonSchema(s, `#/components/schemas/${name}`)]),
    ),
  });
  const cache = new Map<OpenApiSchema, ValidateFunction>();
  return {
    /** The errors of `value` against `schema` (empty when it is valid). */
    errors(schema: OpenApiSchema, value: unknown): ErrorObject[] {
      let validate = cache.get(schema);
      if (!validate) {
        validate = ajv.compile(toJsonSchema(schema));
        cache.set(schema, validate);
      }
      return validate(value) ? [] : [...(validate.errors ?? [])];
    },
  };
}

export type SchemaValidator = ReturnType<typeof createSchemaValidator>;

/** Where in the file the schema that `error` is about comes from, e.g. `#/components/schemas/ContactDto`. */
export function filePointer(error: ErrorObject): string | undefined {
  const pointer = (error.parentSchema as Record<string, unknown> | undefined)?.[pointerKeyword];
  return typeof pointer === 'string' ? pointer : undefined;
}

/** Ajv's errors, one line each: `/contact_list/0/wa_id must be string`, an extra field named. */
export function describeErrors(errors: ErrorObject[]): string {
  return errors
    .map((e) => {
      const extra = e.keyword === 'additionalProperties' ? ` (${String(e.params.additionalProperty)})` : '';
      return `${e.instancePath || '/'} ${e.message ?? 'is invalid'}${extra}`;
    })
    .join('; ');
}
