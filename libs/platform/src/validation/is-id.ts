import { applyDecorators } from '@nestjs/common';
import { Transform } from 'class-transformer';
import { IsUUID, type ValidationOptions } from 'class-validator';

/**
 * A UUID, taken in lower case: ids are compared as strings in the ledger's write path (locks held
 * per member, a transfer's two sides), and PostgreSQL answers them in lower case.
 */
export const IsId = (options?: ValidationOptions): PropertyDecorator =>
  applyDecorators(
    Transform(({ value }: { value: unknown }) =>
      typeof value === 'string' ? value.toLowerCase() : value,
    ),
    IsUUID(undefined, options),
  );
