import {
  type BalanceAfter,
  type CatalogReward,
  claimRefusals,
  DomainError,
  DomainErrorCode,
  JournalTransactionKind,
  type JournalPlan,
  type LedgerActor,
  type MemberPoints,
  type PlanContext,
  PointsBook,
  type RewardBenefit,
  type RewardTerms,
} from '@loyalty/domain';
import type { MemberReference } from '../common/member-resolver';

const DAY_MS = 24 * 60 * 60 * 1000;

export interface RewardClaim {
  readonly member: MemberReference;
  readonly rewardId: string;
  /** Chosen before the write, so the code derived from it is known to the answer. */
  readonly voucherId: string;
  readonly codeHash: string;
  /** The member's redemption code when a till claims on their behalf; null in the app. */
  readonly redemptionCode: string | null;
  /** The till's store; null when the member claims in the app. */
  readonly storeId: string | null;
}

/** A claimed voucher as the ledger answers it; the route adds its code. */
export interface ClaimedVoucher {
  readonly voucherId: string;
  readonly rewardId: string;
  readonly rewardCode: string;
  readonly rewardVersion: number;
  readonly name: string;
  readonly description: string;
  readonly imageUrl: string | null;
  readonly benefit: RewardBenefit;
  /** Where it can be used; empty is every store. */
  readonly storeIds: readonly string[];
  readonly memberId: string;
  readonly points: number;
  readonly status: 'issued';
  readonly expiresAt: string;
  readonly transactionId: string;
  readonly balance: BalanceAfter;
}

/** A claim read under the member's and the reward's locks. */
export interface ClaimToPlan {
  readonly programId: string;
  readonly actor: LedgerActor;
  readonly claim: RewardClaim;
  readonly reward: CatalogReward;
  readonly tier: string | null;
  /** The member's vouchers of this reward in its limit's current period. */
  readonly claimsInPeriod: number;
  /** The redemption code the claim spends, when a till claims. */
  readonly codeId: string | null;
  readonly points: MemberPoints;
}

export const rewardNotClaimable = (refusals: readonly string[]) =>
  new DomainError(
    refusals.includes('out_of_stock')
      ? DomainErrorCode.RewardOutOfStock
      : DomainErrorCode.RewardNotClaimable,
    `the reward cannot be claimed now: ${refusals.join(', ').replaceAll('_', ' ')}`,
    'rewardId',
    { refusals: [...refusals] },
  );

/** What a voucher of these terms is worth at the till, for its events and answers. */
export const voucherExpiry = (terms: RewardTerms, claimedAt: Date): Date =>
  new Date(claimedAt.getTime() + terms.voucherValidDays * DAY_MS);

/**
 * Claims a reward: refused with every reason that applies (claimRefusals); otherwise its cost
 * leaves the member's available lots, soonest-expiring first, into the program's voucher account,
 * one voucher is issued under the version in force, and the reward's stock is counted down.
 */
export function planVoucherClaim(
  input: ClaimToPlan,
  context: PlanContext,
): JournalPlan<ClaimedVoucher> {
  const { claim, reward, points, programId } = input;
  const memberId = points.memberId;
  const book = new PointsBook(points.balance, points.lots, context.now);
  const refusals = claimRefusals(
    reward,
    { availablePoints: book.available, tier: input.tier, claimsInPeriod: input.claimsInPeriod },
    context.now,
  );
  if (refusals.length > 0) throw rewardNotClaimable(refusals);
  const cost = reward.terms.costPoints;
  book.spend(cost);
  const transactionId = context.newId();
  const expiresAt = voucherExpiry(reward.terms, context.now);
  return {
    journals: [
      {
        id: transactionId,
        programId,
        kind: JournalTransactionKind.VoucherClaim,
        memberId,
        storeId: claim.storeId,
        actor: input.actor,
        details: { voucherId: claim.voucherId, rewardId: reward.id, rewardVersion: reward.version },
        entries: [
          { accountId: points.accountId, points: -cost },
          { accountId: context.programAccounts.points_in_vouchers, points: cost },
        ],
        ...book.takePosting(points.accountId),
      },
    ],
    events: [
      {
        programId,
        memberId,
        type: 'voucher.issued',
        payload: {
          voucherId: claim.voucherId,
          rewardId: reward.id,
          memberId,
          transactionId,
          points: -cost,
          expiresAt: expiresAt.toISOString(),
        },
      },
    ],
    records: {
      ...(input.codeId ? { spentCodeIds: [input.codeId] } : {}),
      vouchers: [
        {
          id: claim.voucherId,
          programId,
          memberId,
          rewardId: reward.id,
          rewardVersionId: reward.versionId,
          codeHash: claim.codeHash,
          points: cost,
          expiresAt,
          claimedStoreId: claim.storeId,
          claimTransactionId: transactionId,
        },
      ],
      rewardStockTaken: [{ rewardId: reward.id, claimed: 1, stock: reward.terms.stock }],
    },
    answer: () => ({
      voucherId: claim.voucherId,
      rewardId: reward.id,
      rewardCode: reward.code,
      rewardVersion: reward.version,
      name: reward.terms.name,
      description: reward.terms.description,
      imageUrl: reward.terms.imageUrl,
      benefit: reward.terms.benefit,
      storeIds: reward.terms.storeIds,
      memberId,
      points: cost,
      status: 'issued',
      expiresAt: expiresAt.toISOString(),
      transactionId,
      balance: { available: book.available, pending: book.pending },
    }),
  };
}
