import { randomInt } from 'node:crypto';
import { CROCKFORD_ALPHABET, canonicalCrockford } from '../common/crockford';
import type { CalendarPeriod } from '../ledger/earning-rules';

/**
 * Referrals (docs/decisions/0019-referrals.md): a member shares their code, a friend enrols with
 * it, and once the friend's first qualifying purchase is past its return window both get their
 * bonus, once.
 */
export interface ReferralPolicy {
  /** Points for the member whose code was used; 0 gives none. */
  readonly referrerPoints: number;
  /** Points for the member who enrolled with it; 0 gives none. */
  readonly refereePoints: number;
  /** The smallest purchase that qualifies, in minor units. */
  readonly minPurchaseMinor: number;
  /** Referrals one member's code may bring per period; 0 turns referrals off. */
  readonly capPerReferrer: number;
  readonly capPeriod: CalendarPeriod;
}

export type ReferralStatus = 'pending' | 'rewarded' | 'refused';
export type ReferralRefusal = 'first_purchase_refunded';

export const REFERRAL_CODE_LENGTH = 8;

/** A fresh referral code from the CSPRNG: 40 bits, unique per program by an index. */
export const newReferralCode = (): string =>
  Array.from(
    { length: REFERRAL_CODE_LENGTH },
    () => CROCKFORD_ALPHABET[randomInt(CROCKFORD_ALPHABET.length)],
  ).join('');

/** A code as typed, in its canonical form (canonicalCrockford). */
export const canonicalReferralCode = canonicalCrockford;

const DOTLESS_DOMAINS = new Set(['gmail.com', 'googlemail.com']);

/**
 * The mailbox an address delivers to, for telling a member referring themselves under another
 * address: without a `+tag`, and, where the provider ignores them, without dots
 * (ada.lovelace+shop@gmail.com and adalovelace@googlemail.com are one person).
 */
export function mailboxOf(email: string): string {
  const [local = '', domain = ''] = email.trim().toLowerCase().split('@');
  const untagged = local.split('+')[0] ?? '';
  const canonicalDomain = domain === 'googlemail.com' ? 'gmail.com' : domain;
  return `${DOTLESS_DOMAINS.has(domain) ? untagged.replaceAll('.', '') : untagged}@${canonicalDomain}`;
}
