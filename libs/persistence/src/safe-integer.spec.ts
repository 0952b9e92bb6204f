import fc from 'fast-check';
import { safeIntegerTransformer, toSafeInteger } from './safe-integer';

describe('toSafeInteger', () => {
  it('returns every safe integer written as PostgreSQL writes int8, unchanged', () => {
    fc.assert(
      fc.property(fc.maxSafeInteger(), (value) => {
        expect(toSafeInteger(String(value))).toBe(value);
      }),
    );
  });

  it('refuses every int8 past the safe range instead of rounding it', () => {
    const unsafe = fc.oneof(
      fc.bigInt({ min: BigInt(Number.MAX_SAFE_INTEGER) + 1n, max: 2n ** 63n - 1n }),
      fc.bigInt({ min: -(2n ** 63n), max: BigInt(Number.MIN_SAFE_INTEGER) - 1n }),
    );
    fc.assert(
      fc.property(unsafe, (value) => {
        expect(() => toSafeInteger(value.toString())).toThrow(RangeError);
      }),
    );
  });

  it.each([1.5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 53])(
    'refuses the number %p',
    (value) => {
      expect(() => toSafeInteger(value)).toThrow(RangeError);
    },
  );

  it('is what bigint columns are read and written through, keeping null', () => {
    expect(safeIntegerTransformer.from('42')).toBe(42);
    expect(safeIntegerTransformer.to(42)).toBe(42);
    expect(safeIntegerTransformer.from(null)).toBeNull();
    expect(() => {
      safeIntegerTransformer.to(0.5);
    }).toThrow(RangeError);
  });
});
