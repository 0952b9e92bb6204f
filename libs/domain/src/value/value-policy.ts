import { DomainError, DomainErrorCode } from '../errors/domain-error';

/**
 * How a program turns predicted value into tiers and rewards. Versioned like earning rules: a
 * version never changes, the latest effective one applies. Money is integer minor units.
 */
export interface TierDefinition {
  readonly name: string;
  /** Lowest CLV (minor units) that qualifies; with percentile bands, set from the distribution. */
  readonly minClvMinor?: number;
  /** Lowest CLV percentile (0–100) that qualifies, when the program ranks by percentile. */
  readonly minPercentile?: number;
  /** The earning multiplier the ledger applies to the tier's members, in basis points. */
  readonly earningMultiplierBp: number;
  /** Points credited once when a member first reaches the tier. */
  readonly upgradeRewardPoints: number;
}

export interface WinBackPolicy {
  /** Members worth at least this much… */
  readonly minClvMinor: number;
  /** …whose probability of being active falls below this… */
  readonly pAliveBelow: number;
  /** …get these points, at most once per period. */
  readonly rewardPoints: number;
  readonly periodDays: number;
}

export interface ValuePolicy {
  readonly tierBasis: 'clv' | 'percentile';
  /** Lowest tier first; the first tier is where every scored member starts. */
  readonly tiers: readonly TierDefinition[];
  /** A downgrade waits until the member has stayed below their tier this long. */
  readonly downgradeGraceDays: number;
  readonly horizonMonths: number;
  readonly annualDiscountRate: number;
  /** Share of revenue that is profit (0..1]. */
  readonly margin: number;
  readonly costToServePerPurchaseMinor: number;
  /** Members younger than this (days since their first purchase) get the simple CLV formula. */
  readonly minHistoryDays: number;
  readonly winBack: WinBackPolicy | null;
}

export interface ValuePolicyVersion {
  readonly id: string;
  readonly programId: string;
  readonly version: number;
  readonly effectiveFrom: Date;
  readonly policy: ValuePolicy;
  readonly createdAt: Date;
}

/**
 * The tiers' own rules, which a published policy must keep: unique names, and above the first
 * tier a threshold on the policy's basis, each higher than the one below. The first tier needs
 * none: every scored member starts there. A refusal names the field, as `tiers.<index>.<field>`.
 */
export function checkTierLadder(policy: Pick<ValuePolicy, 'tierBasis' | 'tiers'>): void {
  const refuse = (detail: string, field: string) =>
    new DomainError(DomainErrorCode.ValidationFailed, detail, field);
  const field = policy.tierBasis === 'clv' ? 'minClvMinor' : 'minPercentile';
  const names = new Set<string>();
  let previous = Number.NEGATIVE_INFINITY;
  policy.tiers.forEach((tier, index) => {
    if (names.has(tier.name)) throw refuse('tier names are unique', `tiers.${index}.name`);
    names.add(tier.name);
    if (index === 0) return;
    const threshold = policy.tierBasis === 'clv' ? tier.minClvMinor : tier.minPercentile;
    if (threshold === undefined) {
      throw refuse(`every tier above the first needs ${field}`, `tiers.${index}.${field}`);
    }
    if (threshold <= previous) {
      throw refuse('tiers go from lowest to highest threshold', `tiers.${index}.${field}`);
    }
    previous = threshold;
  });
}

/** The CLV each tier starts at, lowest tier first (its own entry is −∞: everyone qualifies). */
export type TierCutoffs = readonly { readonly tier: string; readonly minClvMinor: number }[];

/**
 * Cutoffs from the policy: thresholds as configured, or for percentile bands the CLV at each
 * band's percentile of the program's current distribution (`clvAtPercentile`).
 */
export function tierCutoffs(
  policy: ValuePolicy,
  clvAtPercentile: (percentile: number) => number | null,
): TierCutoffs {
  return policy.tiers.map((tier, index) => {
    if (index === 0) return { tier: tier.name, minClvMinor: Number.NEGATIVE_INFINITY };
    const minClvMinor =
      policy.tierBasis === 'clv'
        ? (tier.minClvMinor ?? Number.POSITIVE_INFINITY)
        : (clvAtPercentile(tier.minPercentile ?? 100) ?? Number.POSITIVE_INFINITY);
    return { tier: tier.name, minClvMinor };
  });
}

/** The highest tier whose cutoff the CLV reaches. */
export function tierForClv(cutoffs: TierCutoffs, clvMinor: number): string {
  let reached = cutoffs[0]?.tier;
  for (const cutoff of cutoffs) if (clvMinor >= cutoff.minClvMinor) reached = cutoff.tier;
  if (reached === undefined) throw new Error('a value policy has at least one tier');
  return reached;
}

export interface TierState {
  readonly tier: string;
  readonly since: Date;
  /** When the member's CLV first fell below their tier without having risen back since. */
  readonly belowSince: Date | null;
}

export type TierDecision =
  | { readonly kind: 'placed'; readonly state: TierState }
  | { readonly kind: 'upgraded'; readonly from: string; readonly state: TierState }
  | { readonly kind: 'downgraded'; readonly from: string; readonly state: TierState }
  | { readonly kind: 'held'; readonly state: TierState };

const DAY_MS = 86_400_000;

/**
 * Hysteresis: an upgrade happens at once; a downgrade only once the member has stayed below
 * their tier for the grace period (any score back inside the tier restarts the clock), so a short
 * dip never costs a tier. A tier the policy no longer has is left at once, to the target.
 */
export function decideTier(
  policy: ValuePolicy,
  current: TierState | null,
  target: string,
  now: Date,
): TierDecision {
  if (!current) return { kind: 'placed', state: { tier: target, since: now, belowSince: null } };
  const rank = (tier: string) => policy.tiers.findIndex((candidate) => candidate.name === tier);
  const currentRank = rank(current.tier);
  const targetRank = rank(target);
  // A tier the policy no longer has: placed afresh, as a new member would be (no reward).
  if (currentRank === -1) {
    return { kind: 'placed', state: { tier: target, since: now, belowSince: null } };
  }
  if (targetRank > currentRank) {
    return {
      kind: 'upgraded',
      from: current.tier,
      state: { tier: target, since: now, belowSince: null },
    };
  }
  if (targetRank === currentRank) {
    return { kind: 'held', state: { ...current, belowSince: null } };
  }
  const belowSince = current.belowSince ?? now;
  if (now.getTime() - belowSince.getTime() >= policy.downgradeGraceDays * DAY_MS) {
    return {
      kind: 'downgraded',
      from: current.tier,
      state: { tier: target, since: now, belowSince: null },
    };
  }
  return { kind: 'held', state: { ...current, belowSince } };
}

/** The win-back period a moment falls in: one reward per member per period. */
export const winBackPeriod = (policy: WinBackPolicy, at: Date): number =>
  Math.floor(at.getTime() / (policy.periodDays * DAY_MS));

/**
 * How far a member's predicted value has come from their tier's cutoff to the next tier's, from 0
 * to 1: 0 below their own cutoff (a member kept in the tier by its grace period) and when the
 * next cutoff is not above it.
 */
export function progressTowardNextTier(
  cutoffs: TierCutoffs,
  tierIndex: number,
  clvMinor: number,
): number {
  const from = Math.max(cutoffs[tierIndex]?.minClvMinor ?? 0, 0);
  const to = cutoffs[tierIndex + 1]?.minClvMinor ?? Number.POSITIVE_INFINITY;
  const progress = Number.isFinite(to) && to > from ? (clvMinor - from) / (to - from) : 0;
  return Math.min(Math.max(progress, 0), 1);
}
