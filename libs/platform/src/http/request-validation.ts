import {
  type ArgumentMetadata,
  BadRequestException,
  Injectable,
  ValidationPipe,
} from '@nestjs/common';
import type { ValidationError } from 'class-validator';
import type { FieldLocation, FieldProblem } from './problem-details';

/** A request whose fields fail validation; the filter answers it as 400 naming each field. */
export class RequestValidationException extends BadRequestException {
  constructor(readonly fieldProblems: FieldProblem[]) {
    super(
      `The request has ${fieldProblems.length} invalid field${fieldProblems.length === 1 ? '' : 's'}.`,
    );
  }

  locatedIn(location: FieldLocation): RequestValidationException {
    return new RequestValidationException(
      this.fieldProblems.map((problem) => ({ ...problem, location })),
    );
  }
}

/** Flattens class-validator's error tree into one entry per field and constraint. */
export function flattenValidationErrors(errors: ValidationError[], parent = ''): FieldProblem[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((detail) => ({ field, detail }));
    return [...own, ...flattenValidationErrors(error.children ?? [], field)];
  });
}

/** Deeper than any request of ours nests; deeper input is refused before anything walks it. */
export const MAX_INPUT_DEPTH = 32;

/**
 * Problems with input no field rule can catch, found without recursion: nesting deeper than
 * MAX_INPUT_DEPTH (which would exhaust the validators' stack) and strings holding a NUL
 * character (which PostgreSQL cannot store in text). One problem per place, by dotted path.
 */
export function unstorableInputProblems(value: unknown): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const pending: { value: unknown; path: string; depth: number }[] = [
    { value, path: '', depth: 0 },
  ];
  while (pending.length > 0 && problems.length < 10) {
    const { value: current, path, depth } = pending.pop()!;
    if (typeof current === 'string') {
      if (current.includes('\u0000')) {
        problems.push({
          field: path || '(value)',
          detail: `${path || 'the value'} must not contain a NUL character`,
        });
      }
      continue;
    }
    if (current === null || typeof current !== 'object') continue;
    if (depth >= MAX_INPUT_DEPTH) {
      problems.push({
        field: path || '(value)',
        detail: `nested deeper than ${MAX_INPUT_DEPTH} levels`,
      });
      continue;
    }
    for (const [key, child] of Object.entries(current)) {
      if (key.includes('\u0000')) {
        problems.push({
          field: path || '(value)',
          detail: 'a field name must not contain a NUL character',
        });
        continue;
      }
      pending.push({ value: child, path: path ? `${path}.${key}` : key, depth: depth + 1 });
    }
  }
  return problems;
}

const API_MODEL_PROPERTIES = 'swagger/apiModelProperties';

interface DocumentedProperty {
  readonly nullable?: boolean;
  readonly type?: unknown;
}

type Constructor = abstract new (...args: never[]) => unknown;

/** A class with documented properties (a DTO), not String, Object or a primitive. */
const isRequestClass = (type: unknown): type is Constructor =>
  typeof type === 'function' &&
  Reflect.getMetadata('swagger/apiModelPropertiesArray', type.prototype as object) !== undefined;

const documented = (type: Constructor, key: string): DocumentedProperty | undefined =>
  Reflect.getMetadata(API_MODEL_PROPERTIES, type.prototype as object, key) as
    DocumentedProperty | undefined;

/** The request class a property documents, resolving `type: () => Class`. */
function requestClassOf(property: DocumentedProperty | undefined): Constructor | undefined {
  const type = property?.type;
  if (typeof type !== 'function') return undefined;
  const resolved: unknown = type.prototype === undefined ? (type as () => unknown)() : type;
  return typeof resolved === 'function' && resolved.prototype
    ? (resolved as Constructor)
    : undefined;
}

/**
 * `null` where a request class does not document the field as nullable: a JSON client's way of
 * saying "absent", which optional validators let through and the database would then refuse (a
 * 500). Refused with 400 naming the field; nested request objects and their arrays too.
 */
export function unexpectedNullProblems(
  input: unknown,
  type: Constructor,
  path = '',
  depth = 0,
): FieldProblem[] {
  if (input === null || typeof input !== 'object' || Array.isArray(input) || depth > 8) return [];
  return Object.entries(input).flatMap(([key, value]) => {
    const field = path ? `${path}.${key}` : key;
    const property = documented(type, key);
    if (value === null) {
      return property?.nullable
        ? []
        : [{ field, detail: `${field} must not be null; leave it out instead` }];
    }
    const nested = requestClassOf(property);
    if (!nested) return [];
    if (Array.isArray(value)) {
      return value.flatMap((item, index) =>
        unexpectedNullProblems(item, nested, `${field}.${index}`, depth + 1),
      );
    }
    return unexpectedNullProblems(value, nested, field, depth + 1);
  });
}

const LOCATION_OF: Partial<Record<ArgumentMetadata['type'], FieldLocation>> = {
  body: 'body',
  query: 'query',
  param: 'path',
};

/**
 * The global pipe: strips nothing silently (unknown fields are refused, naming them), transforms
 * to the DTO classes, and tells where each invalid field was sent.
 */
@Injectable()
export class RequestValidationPipe extends ValidationPipe {
  constructor() {
    super({
      whitelist: true,
      forbidNonWhitelisted: true,
      forbidUnknownValues: true,
      transform: true,
      validationError: { target: false, value: false },
      exceptionFactory: (errors) => new RequestValidationException(flattenValidationErrors(errors)),
    });
  }

  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    // A missing body is validated as an empty one, so that each required field is named.
    const input = metadata.type === 'body' && (value === undefined || value === null) ? {} : value;
    const location = LOCATION_OF[metadata.type];
    const unstorable = location ? unstorableInputProblems(input) : [];
    if (unstorable.length > 0)
      throw new RequestValidationException(unstorable).locatedIn(location!);
    const nulls =
      location && isRequestClass(metadata.metatype)
        ? unexpectedNullProblems(input, metadata.metatype)
        : [];
    if (nulls.length > 0) throw new RequestValidationException(nulls).locatedIn(location!);
    try {
      return await super.transform(input, metadata);
    } catch (error) {
      if (error instanceof RequestValidationException && location) throw error.locatedIn(location);
      throw error;
    }
  }
}
