import { type CalendarPeriod, localDateOf, startOfLocalDay } from '../ledger/earning-rules';

/**
 * The rewards catalog (docs/decisions/0018-rewards-catalog-and-vouchers.md): what members spend
 * points on. A reward is versioned like the earning rules: each change publishes a new version,
 * and a voucher keeps the version it was claimed under, so its terms never change after the fact.
 */

/** What the voucher gives at the till. Money is in the program currency's minor units. */
export type RewardBenefit =
  | { readonly kind: 'amount_off'; readonly amountMinor: number }
  | { readonly kind: 'percent_off'; readonly percent: number }
  | { readonly kind: 'free_item'; readonly sku: string | null; readonly category: string | null }
  | { readonly kind: 'gift_card'; readonly amountMinor: number };

export type RewardBenefitKind = RewardBenefit['kind'];

export const REWARD_BENEFIT_KINDS: readonly RewardBenefitKind[] = [
  'amount_off',
  'percent_off',
  'free_item',
  'gift_card',
];

/** Calendar periods in the program's time zone; weeks start on Monday. */
export type LimitPeriod = CalendarPeriod;

export const LIMIT_PERIODS: readonly LimitPeriod[] = ['day', 'week', 'month', 'year', 'ever'];

export interface PerMemberLimit {
  readonly claims: number;
  readonly period: LimitPeriod;
}

/** One version of a reward: everything a member and a till are told, and what it costs. */
export interface RewardTerms {
  readonly name: string;
  readonly description: string;
  readonly imageUrl: string | null;
  readonly costPoints: number;
  readonly benefit: RewardBenefit;
  /** Claimable from, until (exclusive); null is open-ended. */
  readonly availableFrom: Date | null;
  readonly availableUntil: Date | null;
  /** How long a claimed voucher stays usable. */
  readonly voucherValidDays: number;
  /** Vouchers that may ever be claimed; null is unlimited. */
  readonly stock: number | null;
  readonly perMemberLimit: PerMemberLimit | null;
  /** Only members in these tiers may claim it; empty is every member. */
  readonly tiers: readonly string[];
  /** Its vouchers are redeemable only in these stores; empty is every store. */
  readonly storeIds: readonly string[];
  /** Withdrawn rewards are not shown nor claimable; their vouchers stay valid. */
  readonly active: boolean;
}

export interface CatalogReward {
  readonly id: string;
  readonly programId: string;
  /** Stable, marketing-chosen: unique in the program. */
  readonly code: string;
  readonly versionId: string;
  readonly version: number;
  readonly terms: RewardTerms;
  readonly stockClaimed: number;
  readonly createdAt: Date;
  readonly publishedAt: Date;
}

/** Why a member may not claim a reward now; an empty list means they may. */
export type ClaimRefusal =
  'not_enough_points' | 'tier' | 'out_of_stock' | 'limit_reached' | 'not_available' | 'withdrawn';

export interface ClaimingMember {
  readonly availablePoints: number;
  readonly tier: string | null;
  /** Vouchers of this reward the member claimed in the limit's current period. */
  readonly claimsInPeriod: number;
}

/** Inside the reward's availability window at `now`. */
const isAvailable = (terms: RewardTerms, now: Date): boolean =>
  (!terms.availableFrom || now.getTime() >= terms.availableFrom.getTime()) &&
  (!terms.availableUntil || now.getTime() < terms.availableUntil.getTime());

/** On offer at `now`: active and inside its window; what a member's catalog lists. */
export const isOnOffer = (terms: RewardTerms, now: Date): boolean =>
  terms.active && isAvailable(terms, now);

/** Every reason the member may not claim the reward at `now`, in a stable order. */
export function claimRefusals(
  reward: Pick<CatalogReward, 'terms' | 'stockClaimed'>,
  member: ClaimingMember,
  now: Date,
): ClaimRefusal[] {
  const { terms } = reward;
  const refusals: ClaimRefusal[] = [];
  if (!terms.active) refusals.push('withdrawn');
  if (!isAvailable(terms, now)) refusals.push('not_available');
  if (terms.tiers.length > 0 && (member.tier === null || !terms.tiers.includes(member.tier))) {
    refusals.push('tier');
  }
  if (terms.stock !== null && reward.stockClaimed >= terms.stock) refusals.push('out_of_stock');
  if (terms.perMemberLimit && member.claimsInPeriod >= terms.perMemberLimit.claims) {
    refusals.push('limit_reached');
  }
  if (member.availablePoints < terms.costPoints) refusals.push('not_enough_points');
  return refusals;
}

/**
 * The instant the calendar period holding `at` began, in the time zone; null for 'ever'. Weeks
 * begin on Monday (ISO 8601).
 */
export function startOfPeriod(at: Date, period: LimitPeriod, timeZone: string): Date | null {
  if (period === 'ever') return null;
  const { year, month, day } = localDateOf(at, timeZone);
  if (period === 'year') return startOfLocalDay(year, 1, 1, timeZone);
  if (period === 'month') return startOfLocalDay(year, month, 1, timeZone);
  if (period === 'day') return startOfLocalDay(year, month, day, timeZone);
  const weekday = (new Date(Date.UTC(year, month - 1, day)).getUTCDay() + 6) % 7;
  const monday = new Date(Date.UTC(year, month - 1, day - weekday));
  return startOfLocalDay(
    monday.getUTCFullYear(),
    monday.getUTCMonth() + 1,
    monday.getUTCDate(),
    timeZone,
  );
}

/** What the program does with a voucher when the receipt it was used on is refunded in full. */
export type VoucherRefundPolicy = 'restore_voucher' | 'return_points';
/** What the program does with the points of a voucher that expired unused. */
export type VoucherExpiryPolicy = 'return_points' | 'forfeit';

export interface VoucherPolicy {
  readonly onRefund: VoucherRefundPolicy;
  readonly onExpiry: VoucherExpiryPolicy;
}

export const DEFAULT_VOUCHER_POLICY: VoucherPolicy = {
  onRefund: 'restore_voucher',
  onExpiry: 'forfeit',
};

/**
 * A voucher's life: issued on a claim; redeemed once at a till; back to issued when its receipt
 * is refunded under 'restore_voucher'; returned (its points back to the member) on a refund
 * under 'return_points' or on expiry under 'return_points'; expired (its points forfeited).
 */
export type VoucherStatus = 'issued' | 'redeemed' | 'returned' | 'expired';
