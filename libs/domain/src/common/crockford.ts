/**
 * Crockford's base 32: no I, L, O or U, so a code read aloud, typed on a phone or printed on a
 * flyer is not misread. Voucher and referral codes are written in it.
 */
export const CROCKFORD_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/**
 * A code as a person may type or a scanner read it, in its canonical form: upper case, without
 * spaces or dashes, with the look-alikes Crockford allows read as digits (O as 0, I and L as 1).
 */
export const canonicalCrockford = (input: string): string =>
  input.toUpperCase().replaceAll(/[\s-]/g, '').replaceAll('O', '0').replaceAll(/[IL]/g, '1');
