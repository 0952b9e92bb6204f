/**
 * The points ledger's vocabulary. Points are whole numbers. Every journal transaction is a set of
 * entries that sum to zero: a member's points account against a program account. A member's
 * points are held in lots (one per credit) that carry when they become spendable and when they
 * expire; spends draw from lots and every draw is a lot movement, so each spend is linked to
 * the lots it came from.
 */
export enum JournalTransactionKind {
  PurchaseEarn = 'purchase_earn',
  Refund = 'refund',
  Redemption = 'redemption',
  Expiry = 'expiry',
  Transfer = 'transfer',
  Adjustment = 'adjustment',
  Reward = 'reward',
  Reversal = 'reversal',
  /** What an erased member still held (or owed), closed into the program's forfeited account. */
  Forfeiture = 'forfeiture',
  /** Points reserved against a till's open order, into the program's held account. */
  Hold = 'hold',
  /** A hold voided by the till or expired: its points go back to the lots they came from. */
  HoldRelease = 'hold_release',
  /** A hold captured: the redemption, with what the till did not take given back. */
  HoldCapture = 'hold_capture',
  /** A duplicate member's points moved to the member it was merged into, lot by lot. */
  Merge = 'merge',
  /** Brought from another system: opening balances, or a batch of past purchases (no points). */
  Import = 'import',
  /** A reward claimed: its cost leaves the member's lots into the program's voucher account. */
  VoucherClaim = 'voucher_claim',
  /** A voucher used at a till: its points count as redeemed. */
  VoucherRedemption = 'voucher_redemption',
  /** A voucher whose receipt was refunded, usable again: its points back in the voucher account. */
  VoucherReinstatement = 'voucher_reinstatement',
  /** A voucher's points back to the lots they came from (a refund or expiry, by policy). */
  VoucherReturn = 'voucher_return',
  /** A voucher expired unused, its points forfeited by policy. */
  VoucherExpiry = 'voucher_expiry',
}

/** Kinds a reversal may undo; refunds, expiries and reversals themselves are final. */
export const REVERSIBLE_KINDS: ReadonlySet<JournalTransactionKind> = new Set([
  JournalTransactionKind.PurchaseEarn,
  JournalTransactionKind.Redemption,
  JournalTransactionKind.Transfer,
  JournalTransactionKind.Adjustment,
  JournalTransactionKind.Reward,
]);

export enum LedgerAccountKind {
  Member = 'member',
  /** Credited when points are issued (earned, rewarded), debited when issuance is undone. */
  PointsIssued = 'points_issued',
  PointsRedeemed = 'points_redeemed',
  PointsExpired = 'points_expired',
  Adjustments = 'adjustments',
  Rewards = 'rewards',
  /** Credited with the points of members who erased their data (decision 0009). */
  PointsForfeited = 'points_forfeited',
  /** Points held against open orders at tills, until captured or released. */
  PointsHeld = 'points_held',
  /** The points of vouchers issued and not yet used, returned or expired. */
  PointsInVouchers = 'points_in_vouchers',
}

export type ProgramAccountKind = Exclude<LedgerAccountKind, LedgerAccountKind.Member>;

export const PROGRAM_ACCOUNT_KINDS: readonly ProgramAccountKind[] = [
  LedgerAccountKind.PointsIssued,
  LedgerAccountKind.PointsRedeemed,
  LedgerAccountKind.PointsExpired,
  LedgerAccountKind.Adjustments,
  LedgerAccountKind.Rewards,
  LedgerAccountKind.PointsForfeited,
  LedgerAccountKind.PointsHeld,
  LedgerAccountKind.PointsInVouchers,
];

/**
 * Each program account is kept as this many sub-accounts (slots); each batch of writes posts to one
 * slot, the next in turn, so batches written at once never lock the same program rows. The
 * account's balance is the sum over its slots.
 */
export const PROGRAM_ACCOUNT_SLOTS = 64;

export interface PointsBalance {
  /** Spendable now; negative while the member owes points (see docs/decisions/0006). */
  readonly available: number;
  /** Earned but inside the return window: not yet spendable. */
  readonly pending: number;
  /** Reserved against open orders at tills: neither spendable nor gone until captured. */
  readonly held: number;
  readonly lifetimeEarned: number;
  readonly lifetimeRedeemed: number;
  readonly nextExpiry: { readonly at: Date; readonly points: number } | null;
}

export interface JournalEntry {
  readonly accountId: string;
  readonly accountKind: LedgerAccountKind;
  readonly memberId: string | null;
  /** Positive credits the account, negative debits it. */
  readonly points: number;
}

export type LedgerActorKind = 'staff' | 'member' | 'pos-terminal' | 'system';

export interface LedgerActor {
  readonly kind: LedgerActorKind;
  readonly id: string | null;
}

export interface JournalTransaction {
  readonly id: string;
  readonly programId: string;
  readonly kind: JournalTransactionKind;
  readonly memberId: string | null;
  readonly reversesTransactionId: string | null;
  readonly reversedByTransactionId: string | null;
  readonly purchaseId: string | null;
  readonly storeId: string | null;
  readonly actor: LedgerActor;
  readonly reason: string | null;
  readonly details: Readonly<Record<string, unknown>>;
  readonly occurredAt: Date;
  readonly entries: readonly JournalEntry[];
}
