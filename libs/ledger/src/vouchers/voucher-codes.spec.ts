import fc from 'fast-check';
import {
  canonicalVoucherCode,
  displayVoucherCode,
  VOUCHER_CODE_LENGTH,
  voucherCheckSymbol,
  voucherCodeHash,
  VoucherCodes,
} from './voucher-codes';

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const codesWith = (secret: string) =>
  new VoucherCodes({ auth: { voucherCodeSecret: secret } } as never);
const codes = codesWith('a-secret-of-at-least-thirty-two-characters');
const symbol = fc.constantFrom(...ALPHABET);
const payload = fc.array(symbol, { minLength: 16, maxLength: 16 }).map((s) => s.join(''));

describe('voucher codes', () => {
  it('derives one 17-symbol code per voucher and secret, which its own check accepts', () => {
    fc.assert(
      fc.property(fc.uuid(), (voucherId) => {
        const code = codes.codeOf(voucherId);
        expect(code).toHaveLength(VOUCHER_CODE_LENGTH);
        expect(canonicalVoucherCode(code)).toBe(code);
        expect(codes.codeOf(voucherId)).toBe(code);
        expect(codesWith('another-secret-of-at-least-thirty-two-chars').codeOf(voucherId)).not.toBe(
          code,
        );
        expect(codes.hashOf(voucherId)).toBe(voucherCodeHash(code));
      }),
    );
  });

  it('reads a code however it is typed: grouped, lower case, spaced, with look-alikes', () => {
    fc.assert(
      fc.property(fc.uuid(), (voucherId) => {
        const code = codes.codeOf(voucherId);
        const typed = displayVoucherCode(code).toLowerCase().replaceAll('-', ' ');
        expect(canonicalVoucherCode(typed)).toBe(code);
        expect(canonicalVoucherCode(code.replaceAll('0', 'O').replaceAll('1', 'l'))).toBe(code);
      }),
    );
    expect(displayVoucherCode('ABCDEFGHJKMNPQRSZ')).toBe('ABCD-EFGH-JKMN-PQRS-Z');
  });

  it('refuses every code with one symbol mistyped, and the wrong length or symbols', () => {
    fc.assert(
      fc.property(payload, fc.nat(16), symbol, (body, position, replacement) => {
        const code = body + voucherCheckSymbol(body);
        fc.pre(code[position] !== replacement);
        const mistyped = code.slice(0, position) + replacement + code.slice(position + 1);
        expect(canonicalVoucherCode(mistyped)).toBeNull();
      }),
    );
    expect(canonicalVoucherCode('')).toBeNull();
    expect(canonicalVoucherCode('ABCDEFGHJKMNPQRS')).toBeNull();
    expect(canonicalVoucherCode('ABCDEFGHJKMNPQRS**')).toBeNull();
    expect(canonicalVoucherCode('ABCDEFGHJKMNPQRSUU')).toBeNull();
  });
});
