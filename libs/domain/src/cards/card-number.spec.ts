import fc from 'fast-check';
import {
  CARD_NUMBER_LENGTH,
  generateCardNumber,
  isWellFormedCardNumber,
  luhnCheckDigit,
  maskCardNumber,
} from './card-number';

describe('card numbers', () => {
  it.each([
    ['7992739871', 3],
    ['453957876362148', 6],
    ['000000000000000000', 0],
  ])('computes the Luhn check digit of %s as %i', (payload, digit) => {
    expect(luhnCheckDigit(payload)).toBe(digit);
  });

  it('generates 100,000 numbers that are all Luhn-valid, prefixed and distinct', () => {
    const numbers = new Set<string>();
    for (let index = 0; index < 100_000; index += 1) {
      const number = generateCardNumber('628000');
      expect(number.startsWith('628000')).toBe(true);
      if (!isWellFormedCardNumber(number)) throw new Error(`${number} fails the Luhn check`);
      numbers.add(number);
    }
    expect(numbers.size).toBe(100_000);
  });

  it('catches every single-digit typo and every swap of adjacent different digits', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: CARD_NUMBER_LENGTH - 1 }),
        fc.integer({ min: 1, max: 9 }),
        (position, shift) => {
          const number = generateCardNumber('628000');
          const digit = (Number(number[position]) + shift) % 10;
          const typo = number.slice(0, position) + String(digit) + number.slice(position + 1);
          expect(isWellFormedCardNumber(typo)).toBe(false);
        },
      ),
    );
    fc.assert(
      fc.property(fc.integer({ min: 0, max: CARD_NUMBER_LENGTH - 2 }), (position) => {
        const number = generateCardNumber('628000');
        const [a, b] = [number[position]!, number[position + 1]!];
        // Luhn's one blind spot among adjacent swaps is 09 ↔ 90.
        fc.pre(a !== b && `${a}${b}` !== '09' && `${a}${b}` !== '90');
        const swapped = number.slice(0, position) + b + a + number.slice(position + 2);
        expect(isWellFormedCardNumber(swapped)).toBe(false);
      }),
    );
  });

  it.each([
    ['too short', '628000123'],
    ['letters', '62800012345678901a2'],
    ['wrong check digit', '6280001005353834178'],
    ['20 digits', '62800010053538341790'],
  ])('refuses %s', (_, number) => {
    expect(isWellFormedCardNumber(number)).toBe(false);
  });

  it('draws every random digit from the given source', () => {
    expect(generateCardNumber('1234', () => 7)).toBe(
      `1234${'7'.repeat(14)}${luhnCheckDigit(`1234${'7'.repeat(14)}`)}`,
    );
  });

  it('refuses a prefix that is not 4 to 8 digits', () => {
    expect(() => generateCardNumber('12')).toThrow('card prefix must be 4 to 8 digits');
  });

  it('masks all but the last four digits', () => {
    expect(maskCardNumber('6280001005353834179')).toBe('****4179');
  });
});
