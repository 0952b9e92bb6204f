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
    try {
      return await super.transform(input, metadata);
    } catch (error) {
      const location = LOCATION_OF[metadata.type];
      if (error instanceof RequestValidationException && location) throw error.locatedIn(location);
      throw error;
    }
  }
}
