import {
  type BalanceAfter,
  DomainError,
  DomainErrorCode,
  JournalTransactionKind,
  type JournalPlan,
  type LedgerActor,
  type LedgerEvent,
  type MemberPoints,
  type PlanContext,
} from '@loyalty/domain';
import type { RefundablePurchase } from '@loyalty/persistence';
import { dueExpiries, openBook } from '../common/points-posting';

export interface RefundToRecord {
  readonly purchase:
    { readonly id: string } | { readonly storeId: string; readonly receiptId: string };
  /** The store whose till refunds: any store of the program may refund any of its purchases. */
  readonly refundedAtStoreId: string | null;
  readonly amountMinor: number;
  readonly occurredAt: Date;
}

export interface RecordedRefund {
  readonly refundId: string;
  readonly transactionId: string;
  readonly purchaseId: string;
  readonly memberId: string;
  readonly pointsReversed: number;
  readonly refundableMinorLeft: number;
  readonly balance: BalanceAfter;
}

/**
 * Points a purchase earned, cumulatively in proportion to the money refunded so far: a purchase
 * refunded in full has taken back exactly what it earned, whatever the parts were.
 */
export function pointsToTakeBack(
  purchase: Pick<
    RefundablePurchase,
    'earnReversed' | 'refundedMinor' | 'pointsEarned' | 'amountMinor' | 'pointsRefunded'
  >,
  refundMinor: number,
): number {
  if (purchase.earnReversed) return 0;
  const refundedAfter = BigInt(purchase.refundedMinor + refundMinor);
  const owedAfter =
    (BigInt(purchase.pointsEarned) * refundedAfter * 2n + BigInt(purchase.amountMinor)) /
    (2n * BigInt(purchase.amountMinor));
  return Number(owedAfter) - purchase.pointsRefunded;
}

/** A refund of a purchase read under its member's lock. */
export interface RefundToPlan {
  readonly programId: string;
  readonly actor: LedgerActor;
  readonly refund: RefundToRecord;
  readonly purchase: RefundablePurchase;
  /** An erased member's points account is closed (forfeited): a refund takes nothing back. */
  readonly memberErased: boolean;
  /** The lots the purchase's points went to: taken back from first. */
  readonly earnedLotIds: readonly string[];
  readonly points: MemberPoints;
}

/**
 * A full or partial refund takes back the purchase's points in proportion — first from the
 * purchase's own lot (pending first), then from the member's other lots; what they cannot cover
 * becomes a debt that later earnings pay off (docs/decisions/0006-points-ledger.md). This closes
 * the buy–earn–spend–refund loophole.
 */
export function planRefund(input: RefundToPlan, context: PlanContext): JournalPlan<RecordedRefund> {
  const { purchase, refund, programId, points: member } = input;
  const refundableMinor = purchase.amountMinor - purchase.refundedMinor;
  if (refund.amountMinor > refundableMinor) {
    throw new DomainError(
      DomainErrorCode.RefundExceedsPurchase,
      `only ${refundableMinor} of the purchase's ${purchase.amountMinor} is left to refund`,
      'amountMinor',
    );
  }
  const points = input.memberErased ? 0 : pointsToTakeBack(purchase, refund.amountMinor);
  const { book, dueExpiry } = openBook(member, programId, context);
  if (points > 0) book.takeBack(points, input.earnedLotIds);
  const transactionId = context.newId();
  const refundId = context.newId();
  const expiry = dueExpiries(dueExpiry);
  const events: LedgerEvent[] = [
    ...expiry.events,
    {
      programId,
      memberId: purchase.memberId,
      type: 'purchase.refunded',
      payload: {
        purchaseId: purchase.id,
        refundId,
        memberId: purchase.memberId,
        amountMinor: refund.amountMinor,
        currency: purchase.currency,
        occurredAt: refund.occurredAt.toISOString(),
        refundedAtStoreId: refund.refundedAtStoreId,
      },
    },
  ];
  if (points > 0) {
    events.push({
      programId,
      memberId: purchase.memberId,
      type: 'points.reversed',
      payload: { transactionId, memberId: purchase.memberId, points, purchaseId: purchase.id },
    });
  }
  return {
    journals: [
      ...expiry.journals,
      {
        id: transactionId,
        programId,
        kind: JournalTransactionKind.Refund,
        memberId: purchase.memberId,
        purchaseId: purchase.id,
        storeId: purchase.storeId,
        actor: input.actor,
        details: {
          refundId,
          amountMinor: refund.amountMinor,
          currency: purchase.currency,
          refundedAtStoreId: refund.refundedAtStoreId,
        },
        entries:
          points > 0
            ? [
                { accountId: member.accountId, points: -points },
                { accountId: context.programAccounts.points_issued, points },
              ]
            : [],
        ...book.takePosting(member.accountId),
      },
    ],
    events,
    records: {
      refunds: [
        {
          id: refundId,
          purchaseId: purchase.id,
          amountMinor: refund.amountMinor,
          pointsReversed: points,
          transactionId,
          occurredAt: refund.occurredAt,
        },
      ],
    },
    balancesOf: [member.accountId],
    answer: (balanceAfter) => ({
      refundId,
      transactionId,
      purchaseId: purchase.id,
      memberId: purchase.memberId,
      pointsReversed: points,
      refundableMinorLeft: refundableMinor - refund.amountMinor,
      balance: balanceAfter(member.accountId),
    }),
  };
}
