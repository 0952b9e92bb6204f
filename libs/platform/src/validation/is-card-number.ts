import { CARD_NUMBER_LENGTH, isWellFormedCardNumber } from '@loyalty/domain';
import { registerDecorator, type ValidationOptions } from 'class-validator';

/** 19 digits whose last is the Luhn check digit: a typo is refused before any look-up. */
export function IsCardNumber(options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) => {
    registerDecorator({
      name: 'isCardNumber',
      target: target.constructor,
      propertyName: String(propertyName),
      options: {
        message: `$property must be a ${CARD_NUMBER_LENGTH}-digit card number with a valid check digit`,
        ...options,
      },
      validator: {
        validate: (value: unknown) => typeof value === 'string' && isWellFormedCardNumber(value),
      },
    });
  };
}
