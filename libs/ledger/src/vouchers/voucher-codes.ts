import { type LoyaltyConfig, loyaltyConfig } from '@loyalty/config';
import { canonicalCrockford, CROCKFORD_ALPHABET as ALPHABET } from '@loyalty/domain';
import { Inject, Injectable } from '@nestjs/common';
import { createHash, createHmac } from 'node:crypto';

/** 16 symbols of 5 bits: 80 bits from the HMAC, then one check symbol. */
const PAYLOAD_LENGTH = 16;
export const VOUCHER_CODE_LENGTH = PAYLOAD_LENGTH + 1;

/** Luhn mod 32 over the alphabet: catches every single mistyped symbol and most swaps. */
export function voucherCheckSymbol(payload: string): string {
  const n = ALPHABET.length;
  let factor = 2;
  let sum = 0;
  for (let index = payload.length - 1; index >= 0; index -= 1) {
    let addend = factor * ALPHABET.indexOf(payload[index]!);
    addend = Math.floor(addend / n) + (addend % n);
    sum += addend;
    factor = factor === 2 ? 1 : 2;
  }
  return ALPHABET[(n - (sum % n)) % n]!;
}

function base32(bytes: Buffer, symbols: number): string {
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5 && out.length < symbols) {
      out += ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  return out;
}

/**
 * A code in its canonical form (canonicalCrockford); null when it cannot be a voucher code:
 * wrong length, a foreign symbol, a wrong check.
 */
export function canonicalVoucherCode(input: string): string | null {
  const code = canonicalCrockford(input);
  if (code.length !== VOUCHER_CODE_LENGTH) return null;
  if (![...code].every((symbol) => ALPHABET.includes(symbol))) return null;
  return voucherCheckSymbol(code.slice(0, PAYLOAD_LENGTH)) === code.at(-1) ? code : null;
}

/** How a code is printed and shown: groups of four, then the check symbol. */
export const displayVoucherCode = (code: string): string => code.match(/.{1,4}/g)!.join('-');

/** The stored lookup key of a canonical code (hex): the code itself is never stored. */
export const voucherCodeHash = (code: string): string =>
  createHash('sha256').update(code).digest('hex');

/**
 * Voucher codes (docs/decisions/0018): each derived from the voucher's random id with the
 * program's VOUCHER_CODE_SECRET, so its owner's app can show it again and an answer replayed
 * under its Idempotency-Key carries it, while the database holds only its hash.
 */
@Injectable()
export class VoucherCodes {
  private readonly secret: string;

  constructor(@Inject(loyaltyConfig.KEY) config: LoyaltyConfig) {
    this.secret = config.auth.voucherCodeSecret;
  }

  codeOf(voucherId: string): string {
    const mac = createHmac('sha256', this.secret).update(`voucher\n${voucherId}`).digest();
    const payload = base32(mac, PAYLOAD_LENGTH);
    return payload + voucherCheckSymbol(payload);
  }

  hashOf(voucherId: string): string {
    return voucherCodeHash(this.codeOf(voucherId));
  }
}
