import {
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
  type RewardBenefit,
  type VoucherChange,
  type VoucherExpiryPolicy,
  type VoucherRefundPolicy,
} from '@loyalty/domain';
import type { VoucherRecord } from '@loyalty/persistence';
import { openBook, planDueExpiry } from '../common/points-posting';

/** What a claim took from one lot: the lot, how much, and when that lot expires. */
export interface ClaimDraw {
  readonly lotId: string;
  readonly accountId: string;
  readonly points: number;
  readonly expiresAt: Date | null;
}

export const voucherNotRedeemable = (voucher: Pick<VoucherRecord, 'status'>, status?: string) =>
  new DomainError(
    DomainErrorCode.VoucherNotRedeemable,
    `the voucher is ${status ?? voucher.status}: a voucher is used once, before it expires`,
    'code',
    { voucherStatus: status ?? voucher.status },
  );

/** Issued, not past its expiry, and usable in the store: or why not. */
export function refuseUnusableVoucher(voucher: VoucherRecord, storeId: string, now: Date): void {
  if (voucher.status !== 'issued') throw voucherNotRedeemable(voucher);
  if (voucher.expiresAt.getTime() <= now.getTime()) throw voucherNotRedeemable(voucher, 'expired');
  if (voucher.terms.storeIds.length > 0 && !voucher.terms.storeIds.includes(storeId)) {
    throw new DomainError(
      DomainErrorCode.VoucherNotValidInStore,
      "the reward's vouchers are redeemable only in other stores of the program",
      'code',
    );
  }
}

export interface VoucherRedemptionToPlan {
  readonly programId: string;
  readonly actor: LedgerActor;
  readonly voucher: VoucherRecord;
  readonly storeId: string;
  readonly receiptId: string;
}

export interface RedeemedVoucher {
  readonly voucherId: string;
  readonly rewardId: string;
  readonly rewardCode: string;
  readonly memberId: string;
  readonly status: 'redeemed';
  readonly name: string;
  readonly benefit: RewardBenefit;
  readonly points: number;
  readonly receiptId: string;
  readonly transactionId: string;
}

/**
 * Uses an issued voucher at a till against a receipt: its points move from the voucher account
 * to redeemed, and it is redeemed, once (the row is locked and must still be issued).
 */
export function planVoucherRedemption(
  input: VoucherRedemptionToPlan,
  context: PlanContext,
): JournalPlan<RedeemedVoucher> {
  const { voucher, programId } = input;
  refuseUnusableVoucher(voucher, input.storeId, context.now);
  const transactionId = context.newId();
  return {
    journals: [
      {
        id: transactionId,
        programId,
        kind: JournalTransactionKind.VoucherRedemption,
        memberId: voucher.memberId,
        storeId: input.storeId,
        actor: input.actor,
        details: { voucherId: voucher.id, rewardId: voucher.rewardId, receiptId: input.receiptId },
        entries: [
          { accountId: context.programAccounts.points_in_vouchers, points: -voucher.points },
          { accountId: context.programAccounts.points_redeemed, points: voucher.points },
        ],
      },
    ],
    events: [
      {
        programId,
        memberId: voucher.memberId,
        type: 'voucher.redeemed',
        payload: {
          voucherId: voucher.id,
          rewardId: voucher.rewardId,
          memberId: voucher.memberId,
          transactionId,
          storeId: input.storeId,
          receiptId: input.receiptId,
        },
      },
    ],
    records: {
      voucherChanges: [
        {
          id: voucher.id,
          fromStatus: 'issued',
          status: 'redeemed',
          redemption: { transactionId, storeId: input.storeId, receiptId: input.receiptId },
          settledTransactionId: null,
        },
      ],
    },
    answer: () => ({
      voucherId: voucher.id,
      rewardId: voucher.rewardId,
      rewardCode: voucher.rewardCode,
      memberId: voucher.memberId,
      status: 'redeemed',
      name: voucher.terms.name,
      benefit: voucher.terms.benefit,
      points: voucher.points,
      receiptId: input.receiptId,
      transactionId,
    }),
  };
}

/** The journals, events and voucher changes a voucher's settlement adds to a plan. */
export interface VoucherSettlement {
  readonly journals: PlannedJournal[];
  readonly events: LedgerEvent[];
  readonly change: VoucherChange;
  readonly outcome: 'reinstated' | 'returned' | 'expired';
}

/**
 * Gives a voucher's points back to its member, into the lots its claim drew from (a lot of the
 * member's no longer, after a merge, is credited anew with that lot's expiry). A lot that expired
 * meanwhile gets its points back and expires them at once, as a released hold does.
 */
function planVoucherReturn(
  book: PointsBook,
  points: MemberPoints,
  voucher: VoucherRecord,
  draws: readonly ClaimDraw[],
  reason: 'refund' | 'expiry',
  context: PlanContext,
): VoucherSettlement {
  const programId = voucher.programId;
  const transactionId = context.newId();
  const loaded = new Set(points.lots.map((lot) => lot.id));
  for (const draw of draws) {
    if (draw.accountId === points.accountId && loaded.has(draw.lotId)) {
      book.restore(draw.lotId, draw.points);
    } else {
      book.credit({
        id: context.newId(),
        amount: draw.points,
        availableFrom: context.now,
        expiresAt: draw.expiresAt,
      });
    }
  }
  const from =
    voucher.status === 'redeemed'
      ? context.programAccounts.points_redeemed
      : context.programAccounts.points_in_vouchers;
  const journal: PlannedJournal = {
    id: transactionId,
    programId,
    kind: JournalTransactionKind.VoucherReturn,
    memberId: voucher.memberId,
    actor: { kind: 'system', id: null },
    details: { voucherId: voucher.id, rewardId: voucher.rewardId, reason },
    entries: [
      { accountId: from, points: -voucher.points },
      { accountId: points.accountId, points: voucher.points },
    ],
    ...book.takePosting(points.accountId),
  };
  const expiredOnReturn = planDueExpiry(book, points, programId, context);
  return {
    journals: [journal, ...(expiredOnReturn ? [expiredOnReturn.journal] : [])],
    events: [
      {
        programId,
        memberId: voucher.memberId,
        type: 'voucher.returned',
        payload: {
          voucherId: voucher.id,
          rewardId: voucher.rewardId,
          memberId: voucher.memberId,
          transactionId,
          points: voucher.points,
          reason,
        },
      },
      ...(expiredOnReturn ? [expiredOnReturn.event] : []),
    ],
    change: {
      id: voucher.id,
      fromStatus: voucher.status === 'redeemed' ? 'redeemed' : 'issued',
      status: 'returned',
      redemption: null,
      settledTransactionId: transactionId,
    },
    outcome: 'returned',
  };
}

/** Forfeits a voucher's points into the program's expired account; the voucher is expired. */
function planVoucherForfeit(voucher: VoucherRecord, context: PlanContext): VoucherSettlement {
  const transactionId = context.newId();
  return {
    journals: [
      {
        id: transactionId,
        programId: voucher.programId,
        kind: JournalTransactionKind.VoucherExpiry,
        memberId: voucher.memberId,
        actor: { kind: 'system', id: null },
        details: { voucherId: voucher.id, rewardId: voucher.rewardId },
        entries: [
          {
            accountId:
              voucher.status === 'redeemed'
                ? context.programAccounts.points_redeemed
                : context.programAccounts.points_in_vouchers,
            points: -voucher.points,
          },
          { accountId: context.programAccounts.points_expired, points: voucher.points },
        ],
      },
    ],
    events: [
      {
        programId: voucher.programId,
        memberId: voucher.memberId,
        type: 'voucher.expired',
        payload: {
          voucherId: voucher.id,
          rewardId: voucher.rewardId,
          memberId: voucher.memberId,
          transactionId,
          points: voucher.points,
        },
      },
    ],
    change: {
      id: voucher.id,
      fromStatus: voucher.status === 'redeemed' ? 'redeemed' : 'issued',
      status: 'expired',
      redemption: null,
      settledTransactionId: transactionId,
    },
    outcome: 'expired',
  };
}

/** A voucher past its expiry, by the program's policy: its points back, or forfeited. */
function planVoucherLapse(
  book: PointsBook | null,
  points: MemberPoints | null,
  voucher: VoucherRecord,
  draws: readonly ClaimDraw[],
  policy: VoucherExpiryPolicy,
  memberErased: boolean,
  context: PlanContext,
): VoucherSettlement {
  // An erased member's account is closed: what would come back is forfeited instead.
  if (policy === 'forfeit' || memberErased || !book || !points) {
    return planVoucherForfeit(voucher, context);
  }
  return planVoucherReturn(book, points, voucher, draws, 'expiry', context);
}

/**
 * A voucher used on a receipt that is now refunded in full, by the program's policy: usable
 * again until its own expiry ('restore_voucher'; one already past it lapses by the expiry
 * policy at once), or its points back to the member ('return_points').
 */
export function planVoucherOnRefund(
  book: PointsBook,
  points: MemberPoints,
  voucher: VoucherRecord,
  draws: readonly ClaimDraw[],
  policy: { readonly onRefund: VoucherRefundPolicy; readonly onExpiry: VoucherExpiryPolicy },
  memberErased: boolean,
  context: PlanContext,
): VoucherSettlement {
  if (policy.onRefund === 'return_points' && !memberErased) {
    return planVoucherReturn(book, points, voucher, draws, 'refund', context);
  }
  if (voucher.expiresAt.getTime() <= context.now.getTime() || memberErased) {
    return planVoucherLapse(book, points, voucher, draws, policy.onExpiry, memberErased, context);
  }
  const transactionId = context.newId();
  return {
    journals: [
      {
        id: transactionId,
        programId: voucher.programId,
        kind: JournalTransactionKind.VoucherReinstatement,
        memberId: voucher.memberId,
        actor: { kind: 'system', id: null },
        details: {
          voucherId: voucher.id,
          rewardId: voucher.rewardId,
          receiptId: voucher.redeemedReceiptId,
        },
        entries: [
          { accountId: context.programAccounts.points_redeemed, points: -voucher.points },
          { accountId: context.programAccounts.points_in_vouchers, points: voucher.points },
        ],
      },
    ],
    events: [
      {
        programId: voucher.programId,
        memberId: voucher.memberId,
        type: 'voucher.reinstated',
        payload: {
          voucherId: voucher.id,
          rewardId: voucher.rewardId,
          memberId: voucher.memberId,
          transactionId,
          receiptId: voucher.redeemedReceiptId ?? '',
        },
      },
    ],
    change: {
      id: voucher.id,
      fromStatus: 'redeemed',
      status: 'issued',
      redemption: null,
      settledTransactionId: null,
    },
    outcome: 'reinstated',
  };
}

export interface ExpiredVoucher {
  readonly voucherId: string;
  readonly memberId: string;
  readonly points: number;
  readonly outcome: 'returned' | 'expired';
}

export interface VoucherExpiryToPlan {
  readonly voucher: VoucherRecord;
  readonly draws: readonly ClaimDraw[];
  readonly points: MemberPoints;
  readonly memberErased: boolean;
  readonly policy: VoucherExpiryPolicy;
}

/** The expiry sweep's write for one voucher past its expiry, still issued. */
export function planVoucherExpiry(
  input: VoucherExpiryToPlan,
  context: PlanContext,
): JournalPlan<ExpiredVoucher> {
  const { voucher } = input;
  if (voucher.status !== 'issued') throw voucherNotRedeemable(voucher);
  const { book, dueExpiry } = openBook(input.points, voucher.programId, context);
  const settlement = planVoucherLapse(
    book,
    input.points,
    voucher,
    input.draws,
    input.policy,
    input.memberErased,
    context,
  );
  return {
    journals: [...(dueExpiry ? [dueExpiry.journal] : []), ...settlement.journals],
    events: [...(dueExpiry ? [dueExpiry.event] : []), ...settlement.events],
    records: { voucherChanges: [settlement.change] },
    answer: () => ({
      voucherId: voucher.id,
      memberId: voucher.memberId,
      points: voucher.points,
      outcome: settlement.outcome === 'returned' ? 'returned' : 'expired',
    }),
  };
}
