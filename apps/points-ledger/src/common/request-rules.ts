import { DomainError, DomainErrorCode } from '@loyalty/domain';

/** A till's clock may run a little ahead; a sale further in the future is a mistake. */
const CLOCK_SKEW_MS = 5 * 60 * 1000;

export function pastInstant(value: string, field: string, now = new Date()): Date {
  const at = new Date(value);
  if (at.getTime() > now.getTime() + CLOCK_SKEW_MS) {
    throw new DomainError(DomainErrorCode.ValidationFailed, `${field} lies in the future`, field);
  }
  return at;
}

/** Exactly one of two alternative fields, e.g. cardNumber or memberId. */
export function exactlyOne<A, B>(
  a: A | undefined,
  b: B | undefined,
  names: readonly [string, string],
): { first: A } | { second: B } {
  if ((a === undefined) === (b === undefined)) {
    throw new DomainError(
      DomainErrorCode.ValidationFailed,
      `send exactly one of ${names[0]} and ${names[1]}`,
      names[0],
    );
  }
  return a !== undefined ? { first: a } : { second: b as B };
}

/**
 * The one field of `names` that an object sends, as an object holding only it: e.g. a recipient
 * named by exactly one of card number, email and phone.
 */
export function exactlyOneOf<T>(value: object, names: readonly string[], field: string): T {
  const sent = names.filter((name) => (value as Record<string, unknown>)[name] !== undefined);
  if (sent.length !== 1) {
    throw new DomainError(
      DomainErrorCode.ValidationFailed,
      `send exactly one of ${names.map((name) => `${field}.${name}`).join(', ')}`,
      `${field}.${sent[1] ?? names[0]}`,
    );
  }
  const name = sent[0]!;
  return { [name]: (value as Record<string, unknown>)[name] } as T;
}
