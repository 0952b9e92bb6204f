import {
  type BalanceAfter,
  JournalTransactionKind,
  type JournalPlan,
  type LedgerActor,
  type MemberPoints,
  type PlanContext,
  PointsBook,
} from '@loyalty/domain';
import type { MemberReference } from '../common/member-resolver';

export interface RedemptionToRecord {
  readonly member: MemberReference;
  readonly points: number;
  readonly redemptionCode: string;
  readonly storeId: string | null;
  readonly reference: string | null;
}

export interface RecordedRedemption {
  readonly transactionId: string;
  readonly memberId: string;
  readonly points: number;
  /** The lots the points came from, soonest-expiring first. */
  readonly drawnFrom: readonly { lotId: string; points: number; expiresAt: string | null }[];
  readonly balance: BalanceAfter;
}

/** A redemption whose code was found live, and the member's points under their lock. */
export interface RedemptionToPlan {
  readonly programId: string;
  readonly redemption: RedemptionToRecord;
  readonly actor: LedgerActor;
  readonly codeId: string;
  /** The member's balance and every open lot. */
  readonly points: MemberPoints;
}

/**
 * Spends available points (never pending ones), soonest-expiring lots first, and the code that
 * authorised it; refused when the member has too few available.
 */
export function planRedemption(
  input: RedemptionToPlan,
  context: PlanContext,
): JournalPlan<RecordedRedemption> {
  const { redemption, points, programId } = input;
  const memberId = points.memberId;
  const book = new PointsBook(points.balance, points.lots, context.now);
  const draws = book.spend(redemption.points);
  const transactionId = context.newId();
  // The book holds all the member's open lots, so it knows their balance after this.
  const balance = { available: book.available, pending: book.pending };
  return {
    journals: [
      {
        id: transactionId,
        programId,
        kind: JournalTransactionKind.Redemption,
        memberId,
        storeId: redemption.storeId,
        actor: input.actor,
        details: { reference: redemption.reference },
        entries: [
          { accountId: points.accountId, points: -redemption.points },
          { accountId: context.programAccounts.points_redeemed, points: redemption.points },
        ],
        ...book.takePosting(points.accountId),
      },
    ],
    events: [
      {
        programId,
        memberId,
        type: 'points.redeemed',
        payload: { transactionId, memberId, points: redemption.points },
      },
    ],
    records: { spentCodeIds: [input.codeId] },
    answer: () => ({
      transactionId,
      memberId,
      points: redemption.points,
      drawnFrom: draws.map((draw) => ({
        lotId: draw.lot.id,
        points: draw.points,
        expiresAt: draw.lot.expiresAt?.toISOString() ?? null,
      })),
      balance,
    }),
  };
}
