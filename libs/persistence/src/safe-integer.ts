import type { ValueTransformer } from 'typeorm';

/**
 * PostgreSQL bigint (int8) reaches JavaScript as a number only when it is a safe integer; past
 * ±(2^53 − 1) the conversion throws instead of losing precision or turning into a string. Points
 * and minor units stay far inside that range (90 trillion in any currency's cents).
 */
export function toSafeInteger(value: string | number | bigint, what = 'bigint value'): number {
  const asNumber = typeof value === 'number' ? value : Number(value);
  if (
    !Number.isSafeInteger(asNumber) ||
    (typeof value !== 'number' && BigInt(value) !== BigInt(asNumber))
  ) {
    throw new RangeError(`${what} ${String(value)} is not a safe integer`);
  }
  return asNumber;
}

/** Column transformer for `bigint` columns: a checked number in both directions. */
export const safeIntegerTransformer: ValueTransformer = {
  to: (value: unknown) =>
    value === null || value === undefined ? value : toSafeInteger(value as number, 'bigint column'),
  from: (value: unknown) =>
    value === null || value === undefined
      ? value
      : toSafeInteger(value as string | number, 'bigint column'),
};
