import type { TransferConsent } from './points-authority';

/**
 * Why a hold's points went back: the till voided it, it expired, or the till captured fewer points
 * than it held.
 */
export type HoldReleaseReason = 'void' | 'expiry' | 'partial_capture';

/**
 * Every event the ledger and the worker write to the outbox, and so every event a webhook
 * endpoint may subscribe to. The outbox, the relay, the worker and the webhooks share this one
 * list: an event written under another name does not compile.
 */
export const LEDGER_EVENT_TYPES = [
  /** A member's tier went up or down (the worker). */
  'tier.changed',
  /** A reward was credited: a tier upgrade bonus, a win-back offer. */
  'points.rewarded',
  /** A member's chance of still being active fell below the program's threshold (the worker). */
  'member.at_risk',
  'purchase.recorded',
  'purchase.refunded',
  'points.earned',
  'points.redeemed',
  /** Points reserved against an open order at a till. */
  'points.held',
  /** A hold voided or expired: its points are available again. */
  'points.released',
  /** A transaction was reversed, or a refund took back what its purchase earned. */
  'points.reversed',
  'points.expired',
  'points.adjusted',
  'points.transferred',
  /** An erased member's points, forfeited. */
  'points.forfeited',
  /** An adjustment above the threshold, waiting for a second person. */
  'adjustment.requested',
  /** A duplicate member was merged into this one: their points, purchases and history moved. */
  'member.merged',
  /** A reward was claimed: its points left the member and a voucher was issued. */
  'voucher.issued',
  /** A voucher was used at a till against a receipt. */
  'voucher.redeemed',
  /** The receipt a voucher was used on was refunded: the voucher is usable again. */
  'voucher.reinstated',
  /** A voucher's points went back to the member (its receipt refunded, or it expired unused). */
  'voucher.returned',
  /** A voucher expired unused and its points were forfeited. */
  'voucher.expired',
  /** A bonus campaign credited the last points of its budget: it credits nothing more. */
  'campaign.budget_spent',
  /** A referee's first qualifying purchase passed its return window: both bonuses granted. */
  'referral.rewarded',
  /** A referee's first qualifying purchase was refunded: no bonus. */
  'referral.refused',
] as const;

export type LedgerEventType = (typeof LEDGER_EVENT_TYPES)[number];

/** The events that change a member's purchase history, and so their value: they ask for scoring. */
export const MEMBER_ACTIVITY_EVENTS: ReadonlySet<LedgerEventType> = new Set([
  'purchase.recorded',
  'purchase.refunded',
  'member.merged',
]);

/** What the member's points did, as every points event tells it. */
interface PointsMoved {
  readonly transactionId: string;
  readonly memberId: string;
  /** Positive credits the member, negative debits them. */
  readonly points: number;
}

/**
 * The payload of each event. The ledger's own are exact; the worker's (`tier.changed`,
 * `member.at_risk`) are shaped by the scoring run that writes them.
 */
export interface LedgerEventPayloads {
  readonly 'tier.changed': Readonly<Record<string, unknown>>;
  readonly 'points.rewarded': PointsMoved & { readonly grantId: string };
  readonly 'member.at_risk': Readonly<Record<string, unknown>>;
  readonly 'purchase.recorded': {
    readonly purchaseId: string;
    readonly memberId: string;
    readonly storeId: string;
    readonly amountMinor: number;
    readonly currency: string;
    readonly occurredAt: string;
  };
  readonly 'purchase.refunded': {
    readonly purchaseId: string;
    readonly refundId: string;
    readonly memberId: string;
    readonly amountMinor: number;
    readonly currency: string;
    readonly occurredAt: string;
    readonly refundedAtStoreId: string | null;
  };
  readonly 'points.earned': PointsMoved & { readonly purchaseId: string };
  readonly 'points.redeemed': PointsMoved & { readonly holdId?: string };
  readonly 'points.held': PointsMoved & { readonly holdId: string; readonly expiresAt: string };
  readonly 'points.released': PointsMoved & {
    readonly holdId: string;
    readonly reason: HoldReleaseReason;
  };
  readonly 'points.reversed': PointsMoved &
    ({ readonly purchaseId: string } | { readonly reversesTransactionId: string });
  readonly 'points.expired': PointsMoved;
  readonly 'points.adjusted': PointsMoved & {
    readonly staffId: string | null;
    readonly requestedBy: string;
    readonly approvedBy: string | null;
    readonly adjustmentRequestId: string | null;
  };
  readonly 'points.transferred': PointsMoved & TransferConsent;
  readonly 'points.forfeited': PointsMoved;
  readonly 'adjustment.requested': {
    readonly adjustmentRequestId: string;
    readonly memberId: string;
    readonly points: number;
    readonly requestedBy: string;
  };
  readonly 'member.merged': {
    readonly memberId: string;
    readonly duplicateMemberId: string;
    /** The merge's journal transaction; null when the duplicate held no points. */
    readonly transactionId: string | null;
    /** The duplicate's balance, now the member's (negative for a debt). */
    readonly points: number;
  };
  readonly 'voucher.issued': VoucherFacts & {
    /** What the member spent: negative, as it debits them. */
    readonly points: number;
    readonly expiresAt: string;
  };
  readonly 'voucher.redeemed': VoucherFacts & {
    readonly storeId: string;
    readonly receiptId: string;
  };
  readonly 'voucher.reinstated': VoucherFacts & { readonly receiptId: string };
  readonly 'voucher.returned': VoucherFacts & {
    readonly points: number;
    readonly reason: 'refund' | 'expiry';
  };
  readonly 'voucher.expired': VoucherFacts & { readonly points: number };
  readonly 'campaign.budget_spent': {
    readonly code: string;
    readonly budgetPoints: number;
    /** The purchase that took the last points. */
    readonly purchaseId: string;
  };
  readonly 'referral.rewarded': {
    readonly referralId: string;
    readonly referrerMemberId: string;
    readonly refereeMemberId: string;
    readonly purchaseId: string;
  };
  readonly 'referral.refused': {
    readonly referralId: string;
    readonly referrerMemberId: string;
    readonly refereeMemberId: string;
    readonly reason: 'first_purchase_refunded';
  };
}

/** A voucher and the reward it was claimed from, as every voucher event tells it. */
interface VoucherFacts {
  readonly voucherId: string;
  readonly rewardId: string;
  readonly memberId: string;
  readonly transactionId: string;
}

/** One event of the outbox: its type names its payload's shape. */
export type LedgerEvent = {
  readonly [T in LedgerEventType]: {
    readonly programId: string;
    readonly memberId: string | null;
    readonly type: T;
    readonly payload: LedgerEventPayloads[T];
  };
}[LedgerEventType];

// Every event type has a payload shape, and every payload shape an event type.
const everyTypeHasAPayload: Record<LedgerEventType, true> = {} as Record<
  keyof LedgerEventPayloads,
  true
>;
void everyTypeHasAPayload;
