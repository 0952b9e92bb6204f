import { randomUUID } from 'node:crypto';

/** The parts of an OpenAPI 3 document the fuzzer reads. */
export interface OpenApiSchema {
  readonly $ref?: string;
  readonly type?: string | readonly string[];
  readonly format?: string;
  readonly enum?: readonly unknown[];
  readonly example?: unknown;
  readonly default?: unknown;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly minLength?: number;
  readonly items?: OpenApiSchema;
  readonly properties?: Readonly<Record<string, OpenApiSchema>>;
  readonly required?: readonly string[];
  readonly allOf?: readonly OpenApiSchema[];
  readonly oneOf?: readonly OpenApiSchema[];
  readonly anyOf?: readonly OpenApiSchema[];
  readonly nullable?: boolean;
}

export interface OpenApiParameter {
  readonly name: string;
  readonly in: 'path' | 'query' | 'header' | 'cookie';
  readonly required?: boolean;
  readonly schema?: OpenApiSchema;
}

export interface OpenApiOperation {
  readonly parameters?: readonly OpenApiParameter[];
  readonly requestBody?: {
    readonly content?: Readonly<Record<string, { readonly schema?: OpenApiSchema }>>;
  };
}

export interface OpenApiDocument {
  readonly paths: Readonly<Record<string, Readonly<Record<string, OpenApiOperation>>>>;
  readonly components?: { readonly schemas?: Readonly<Record<string, OpenApiSchema>> };
}

export interface FuzzRoute {
  readonly method: string;
  readonly path: string;
  readonly operation: OpenApiOperation;
}

const METHODS = new Set(['get', 'post', 'put', 'patch', 'delete']);

/** Every operation of a document. */
export function routesOf(document: OpenApiDocument): FuzzRoute[] {
  return Object.entries(document.paths).flatMap(([path, operations]) =>
    Object.entries(operations)
      .filter(([method]) => METHODS.has(method))
      .map(([method, operation]) => ({ method: method.toUpperCase(), path, operation })),
  );
}

export function resolveSchema(
  schema: OpenApiSchema | undefined,
  document: OpenApiDocument,
): OpenApiSchema {
  if (!schema) return {};
  if (schema.$ref) {
    const name = schema.$ref.split('/').pop()!;
    return resolveSchema(document.components?.schemas?.[name], document);
  }
  const [first] = schema.allOf ?? schema.oneOf ?? schema.anyOf ?? [];
  if (first && !schema.properties) return resolveSchema(first, document);
  return schema;
}

/** The body schema of an operation, if it takes JSON. */
export function bodySchemaOf(route: FuzzRoute, document: OpenApiDocument): OpenApiSchema | null {
  const schema = route.operation.requestBody?.content?.['application/json']?.schema;
  return schema ? resolveSchema(schema, document) : null;
}

/**
 * A plausible value for a schema: its example, default or first enum value, else one built
 * from its type and format. `known` supplies real ids for fields of those names.
 */
export function sampleOf(
  raw: OpenApiSchema | undefined,
  document: OpenApiDocument,
  known: Readonly<Record<string, unknown>> = {},
  name = '',
  depth = 0,
): unknown {
  const schema = resolveSchema(raw, document);
  if (name in known) return known[name];
  if (schema.example !== undefined) return schema.example;
  if (schema.default !== undefined) return schema.default;
  if (schema.enum?.length) return schema.enum[0];
  const type: string | undefined = typeof schema.type === 'string' ? schema.type : schema.type?.[0];
  if (type === 'object' || schema.properties) {
    if (depth > 6) return {};
    return Object.fromEntries(
      Object.entries(schema.properties ?? {}).map(([key, property]) => [
        key,
        sampleOf(property, document, known, key, depth + 1),
      ]),
    );
  }
  if (type === 'array') return [sampleOf(schema.items, document, known, name, depth + 1)];
  if (type === 'integer' || type === 'number') return schema.minimum ?? 1;
  if (type === 'boolean') return true;
  if (schema.format === 'uuid') return randomUUID();
  if (schema.format === 'date-time') return new Date().toISOString();
  if (schema.format === 'date') return new Date().toISOString().slice(0, 10);
  if (schema.format === 'email') return `fuzz-${randomUUID()}@example.com`;
  return 'x'.repeat(Math.max(schema.minLength ?? 1, 12));
}

/** Values no well-formed client sends: each must meet a 4xx problem, never a 5xx. */
export const HOSTILE_VALUES: readonly unknown[] = [
  null,
  '',
  'with a NUL \u0000 inside',
  'x'.repeat(100_000),
  -1,
  0,
  1e308,
  -1e308,
  // Past Number.MAX_SAFE_INTEGER: sent as written, a parser rounds it.
  '9007199254740993',
  2.5,
  '１２３',
  'ABCDEF00-0000-4000-8000-0000000000AA',
  "' OR 1=1; --",
  '../../etc/passwd',
  '😀'.repeat(50),
  true,
  [],
  {},
  [null],
  { $gt: '' },
  '2026-02-30T25:61:00Z',
  '9999-12-31T23:59:59Z',
];

/** Values for a path segment: unknown ids, ids in another case, and junk. */
export const HOSTILE_PATH_VALUES: readonly string[] = [
  randomUUID(),
  randomUUID().toUpperCase(),
  'not-an-id',
  '%00',
  '..%2F..%2Fetc',
  'x'.repeat(300),
  '9'.repeat(40),
  '%F0%9F%98%80',
];

/** JSON nested far deeper than any request (a stack exhaustion attempt). */
export const deeplyNested = (depth: number): string =>
  `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
