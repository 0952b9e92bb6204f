import { randomInt } from 'node:crypto';

/**
 * Card numbers are 19 digits (the longest ISO/IEC 7812 allows): the program's prefix, random
 * digits from a CSPRNG, and a Luhn check digit. With a 6-digit prefix that leaves 12 random
 * digits, so a guessed number belongs to a member about once in ten million tries for a program
 * of 100,000 members — and look-ups are rate-limited per terminal.
 */
export const CARD_NUMBER_LENGTH = 19;
export const CARD_PREFIX_PATTERN = /^[0-9]{4,8}$/;

/** The Luhn (mod 10) check digit for the digits before it. */
export function luhnCheckDigit(payload: string): number {
  let sum = 0;
  // Doubling starts at the rightmost payload digit, which sits next to the check digit.
  for (let index = 0; index < payload.length; index += 1) {
    let digit = payload.charCodeAt(payload.length - 1 - index) - 48;
    if (index % 2 === 0) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return (10 - (sum % 10)) % 10;
}

/** Whether the number is all digits, 19 long, and its last digit is its Luhn check digit. */
export function isWellFormedCardNumber(number: string): boolean {
  if (number.length !== CARD_NUMBER_LENGTH || !/^[0-9]+$/.test(number)) return false;
  return luhnCheckDigit(number.slice(0, -1)) === Number(number.at(-1));
}

/** A source of uniformly random digits; the CSPRNG unless a test supplies its own. */
export type RandomDigit = () => number;
const cryptoDigit: RandomDigit = () => randomInt(10);

export function generateCardNumber(prefix: string, randomDigit: RandomDigit = cryptoDigit): string {
  if (!CARD_PREFIX_PATTERN.test(prefix)) {
    throw new RangeError(`card prefix must be 4 to 8 digits, got ${JSON.stringify(prefix)}`);
  }
  let payload = prefix;
  while (payload.length < CARD_NUMBER_LENGTH - 1) payload += String(randomDigit());
  return payload + String(luhnCheckDigit(payload));
}

/** What logs and staff screens show of a card number: its last four digits. */
export const maskCardNumber = (number: string): string => `****${number.slice(-4)}`;
