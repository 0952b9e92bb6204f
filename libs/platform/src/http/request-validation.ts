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
    try {
      return await super.transform(input, metadata);
    } catch (error) {
      if (error instanceof RequestValidationException && location) throw error.locatedIn(location);
      throw error;
    }
  }
}
