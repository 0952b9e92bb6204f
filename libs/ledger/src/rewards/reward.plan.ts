import {
  JournalTransactionKind,
  type JournalPlan,
  type MemberPoints,
  type PlanContext,
  PointsBook,
} from '@loyalty/domain';

export interface RewardToCredit {
  /** The grant's id: the idempotency key, so the reward is credited once however often asked. */
  readonly grantId: string;
  readonly programId: string;
  readonly memberId: string;
  readonly points: number;
  readonly reason: string;
}

export interface CreditedReward {
  readonly transactionId: string;
  readonly memberId: string;
  readonly points: number;
}

/**
 * Credits a reward the value policy granted from the program's rewards account: spendable at
 * once, expiring by the earning rules in force.
 */
export function planReward(
  reward: RewardToCredit & { readonly expiresAt: Date | null; readonly points: number },
  member: MemberPoints,
  context: PlanContext,
): JournalPlan<CreditedReward> {
  const book = new PointsBook(member.balance, [], context.now);
  book.credit({
    id: context.newId(),
    amount: reward.points,
    availableFrom: context.now,
    expiresAt: reward.expiresAt,
  });
  const transactionId = context.newId();
  return {
    journals: [
      {
        id: transactionId,
        programId: reward.programId,
        kind: JournalTransactionKind.Reward,
        memberId: reward.memberId,
        actor: { kind: 'system', id: null },
        reason: reward.reason,
        details: { grantId: reward.grantId },
        entries: [
          { accountId: member.accountId, points: reward.points },
          { accountId: context.programAccounts.rewards, points: -reward.points },
        ],
        ...book.takePosting(member.accountId),
      },
    ],
    events: [
      {
        programId: reward.programId,
        memberId: reward.memberId,
        type: 'points.rewarded',
        payload: {
          transactionId,
          memberId: reward.memberId,
          points: reward.points,
          grantId: reward.grantId,
        },
      },
    ],
    answer: () => ({ transactionId, memberId: reward.memberId, points: reward.points }),
  };
}
