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
  type PlannedJournal,
  type PointsBook,
  type VoucherChange,
  type VoucherPolicy,
} from '@loyalty/domain';
import type { RefundablePurchase, VoucherRecord } from '@loyalty/persistence';
import { dueExpiries, openBook } from '../common/points-posting';
import { type ClaimDraw, planVoucherOnRefund } from '../vouchers/voucher-settlement.plan';

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
  /** Vouchers used on the receipt, and what its full refund did to each (decision 0018). */
  readonly vouchers: readonly {
    readonly voucherId: string;
    readonly outcome: 'reinstated' | 'returned' | 'expired';
  }[];
}

/** A voucher used on the purchase's receipt, read under its own and its member's locks. */
export interface VoucherOnReceipt {
  readonly voucher: VoucherRecord;
  readonly draws: readonly ClaimDraw[];
  /** The voucher's member's points, when they are not the purchase's member. */
  readonly points: MemberPoints | null;
  readonly memberErased: boolean;
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
  /** Vouchers redeemed on the receipt: a refund that leaves nothing to refund settles them. */
  readonly vouchers: readonly VoucherOnReceipt[];
  readonly voucherPolicy: VoucherPolicy;
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
  const refundJournal: PlannedJournal = {
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
  };
  const vouchers =
    refundableMinor - refund.amountMinor === 0
      ? settleVouchersOnRefund(input, book, context)
      : { journals: [], events: [], changes: [], outcomes: [], accountIds: [] };
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
    journals: [...expiry.journals, refundJournal, ...vouchers.journals],
    events: [...events, ...vouchers.events],
    records: {
      voucherChanges: vouchers.changes,
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
    balancesOf: [member.accountId, ...vouchers.accountIds],
    answer: (balanceAfter) => ({
      refundId,
      transactionId,
      purchaseId: purchase.id,
      memberId: purchase.memberId,
      pointsReversed: points,
      refundableMinorLeft: refundableMinor - refund.amountMinor,
      balance: balanceAfter(member.accountId),
      vouchers: vouchers.outcomes,
    }),
  };
}

/**
 * The receipt's vouchers once it is refunded in full, by the program's policy, each in a
 * transaction of its own after the refund's: a voucher of the purchase's member continues the
 * refund's book, so what comes back sees what the refund took; another member's has a book of its
 * own (its due expiries booked first).
 */
function settleVouchersOnRefund(input: RefundToPlan, refundBook: PointsBook, context: PlanContext) {
  const journals: PlannedJournal[] = [];
  const events: LedgerEvent[] = [];
  const changes: VoucherChange[] = [];
  const outcomes: { voucherId: string; outcome: 'reinstated' | 'returned' | 'expired' }[] = [];
  const books = new Map<string, { book: PointsBook; points: MemberPoints }>([
    [input.purchase.memberId, { book: refundBook, points: input.points }],
  ]);
  for (const { voucher, draws, points, memberErased } of input.vouchers) {
    let member = books.get(voucher.memberId);
    if (!member) {
      const own = openBook(points!, input.programId, context);
      if (own.dueExpiry) {
        journals.push(own.dueExpiry.journal);
        events.push(own.dueExpiry.event);
      }
      member = { book: own.book, points: points! };
      books.set(voucher.memberId, member);
    }
    const erased = voucher.memberId === input.purchase.memberId ? input.memberErased : memberErased;
    const settled = planVoucherOnRefund(
      member.book,
      member.points,
      voucher,
      draws,
      input.voucherPolicy,
      erased,
      context,
    );
    journals.push(...settled.journals);
    events.push(...settled.events);
    changes.push(settled.change);
    outcomes.push({ voucherId: voucher.id, outcome: settled.outcome });
  }
  const accountIds = [...books.values()]
    .map(({ points }) => points.accountId)
    .filter((accountId) => accountId !== input.points.accountId);
  return { journals, events, changes, outcomes, accountIds };
}
