import type { LedgerEvent } from './ledger-events';
import type { JournalTransactionKind, LedgerActor, ProgramAccountKind } from './ledger';
import type { Lot, LotMovement, NewLot } from './points-book';

/** One line of a planned journal transaction: an account and how far it moves. */
export interface PlannedEntry {
  readonly accountId: string;
  readonly points: number;
}

/** A lot a planned transaction credits, in a member's account. */
export interface PlannedLot extends NewLot {
  readonly accountId: string;
}

/** A journal transaction as a planner decides it: its entries sum to zero. */
export interface PlannedJournal {
  readonly id: string;
  readonly programId: string;
  readonly kind: JournalTransactionKind;
  readonly memberId: string | null;
  readonly reversesTransactionId?: string | null;
  readonly purchaseId?: string | null;
  readonly storeId?: string | null;
  readonly actor: LedgerActor;
  readonly reason?: string | null;
  readonly details?: Readonly<Record<string, unknown>>;
  readonly entries: readonly PlannedEntry[];
  readonly newLots?: readonly PlannedLot[];
  readonly lotMovements?: readonly LotMovement[];
}

/** A sale the till reported, as it is stored beside the transaction that earned its points. */
export interface PurchaseRecord {
  readonly id: string;
  readonly programId: string;
  readonly memberId: string;
  readonly cardId: string | null;
  readonly storeId: string;
  readonly receiptId: string;
  readonly amountMinor: number;
  readonly currency: string;
  readonly occurredAt: Date;
  readonly lines: readonly unknown[];
  readonly earningRuleSetId: string | null;
  readonly pointsEarned: number;
  readonly earnTransactionId: string;
}

/** Money given back on a purchase, and the points the refund took back for it. */
export interface RefundRecord {
  readonly id: string;
  readonly purchaseId: string;
  readonly amountMinor: number;
  readonly pointsReversed: number;
  readonly transactionId: string;
  readonly occurredAt: Date;
}

/** An adjustment above its author's cap, waiting for a second person (decision 0009). */
export interface NewAdjustmentRequest {
  readonly id: string;
  readonly programId: string;
  readonly memberId: string;
  readonly points: number;
  readonly reason: string;
  readonly requestedBy: string;
  readonly requestedRole: string;
}

/** The decision on a waiting adjustment, with the transaction that posted it when approved. */
export interface AdjustmentDecisionRecord {
  readonly id: string;
  readonly status: 'approved' | 'rejected';
  readonly decidedBy: string;
  readonly note: string | null;
  readonly transactionId: string | null;
}

/** Points a till reserved against an open order (docs/decisions/0014-holds.md). */
export interface NewHold {
  readonly id: string;
  readonly programId: string;
  readonly memberId: string;
  readonly storeId: string;
  readonly points: number;
  readonly reference: string | null;
  readonly expiresAt: Date;
  readonly holdTransactionId: string;
}

/** How a hold was settled, with the journal transaction that moved its points on. */
export interface HoldSettlementRecord {
  readonly id: string;
  readonly status: 'captured' | 'released';
  /** What the capture redeemed; null for a release. */
  readonly capturedPoints: number | null;
  readonly settledBy: 'till' | 'expiry';
  readonly transactionId: string;
}

/** A voucher a claim issues (docs/decisions/0018): only its code's hash is stored. */
export interface NewVoucher {
  readonly id: string;
  readonly programId: string;
  readonly memberId: string;
  readonly rewardId: string;
  readonly rewardVersionId: string;
  /** SHA-256 of the code, hex. */
  readonly codeHash: string;
  readonly points: number;
  readonly expiresAt: Date;
  readonly claimedStoreId: string | null;
  readonly claimTransactionId: string;
}

/** Vouchers a batch claims of a reward, refused by the statement past the reward's stock. */
export interface RewardStockTaken {
  readonly rewardId: string;
  readonly claimed: number;
  /** The stock of the version claimed under; null is unlimited. */
  readonly stock: number | null;
}

/** A voucher moving from the status it was read in under its lock to the next. */
export interface VoucherChange {
  readonly id: string;
  readonly fromStatus: 'issued' | 'redeemed';
  readonly status: 'issued' | 'redeemed' | 'returned' | 'expired';
  /** Where and by which transaction it was used; null clears them (reinstated, or closed). */
  readonly redemption: {
    readonly transactionId: string;
    readonly storeId: string;
    readonly receiptId: string;
  } | null;
  /** What closed it (a return or an expiry); null while it can still be used. */
  readonly settledTransactionId: string | null;
}

/** What a purchase got from a budgeted or limited campaign, counted against both. */
export interface CampaignCredit {
  readonly programId: string;
  readonly campaignCode: string;
  readonly purchaseId: string;
  readonly memberId: string;
  readonly points: number;
  readonly occurredAt: Date;
  /** The budget the purchase was priced under; null is unbounded. */
  readonly budgetPoints: number | null;
}

/** What a plan writes beside its journal transactions, in the same statement. */
export interface PlannedRecords {
  readonly purchases?: readonly PurchaseRecord[];
  readonly refunds?: readonly RefundRecord[];
  /** Redemption codes this plan spends. */
  readonly spentCodeIds?: readonly string[];
  /** Members whose live redemption codes end (an erasure). */
  readonly codesEndedFor?: readonly string[];
  readonly adjustmentRequests?: readonly NewAdjustmentRequest[];
  readonly adjustmentDecisions?: readonly AdjustmentDecisionRecord[];
  readonly holds?: readonly NewHold[];
  readonly holdSettlements?: readonly HoldSettlementRecord[];
  readonly vouchers?: readonly NewVoucher[];
  readonly rewardStockTaken?: readonly RewardStockTaken[];
  readonly voucherChanges?: readonly VoucherChange[];
  readonly campaignCredits?: readonly CampaignCredit[];
}

/** A member's points as a write sees them after the batch: spendable (or owed) and pending. */
export interface BalanceAfter {
  readonly available: number;
  readonly pending: number;
}

/**
 * Everything one ledger operation writes, decided from what was read under the members' locks
 * and nothing else: the journal transactions (with their lots and lot movements), the rows beside
 * them, the outbox events, and the answer. The writer posts the plans of a batch in one
 * statement, then builds each answer, giving it the balances after the batch of the accounts the
 * plan asks about.
 */
export interface JournalPlan<A> {
  readonly journals: readonly PlannedJournal[];
  readonly events: readonly LedgerEvent[];
  readonly records?: PlannedRecords;
  /** Member accounts whose balance after the write the answer reports. */
  readonly balancesOf?: readonly string[];
  readonly answer: (balanceAfter: (accountId: string) => BalanceAfter) => A;
}

/** A member's points account as read under its lock: the balance and the lots a plan needs. */
export interface MemberPoints {
  readonly accountId: string;
  readonly memberId: string;
  readonly balance: number;
  /** The open lots, plus any spent ones named to the load; empty for a write that only credits. */
  readonly lots: readonly Lot[];
}

/**
 * What every planner is given besides its own inputs: the program and time of the write, fresh
 * ids, and the program's own accounts the batch posts to.
 */
export interface PlanContext {
  readonly programId: string;
  readonly now: Date;
  readonly newId: () => string;
  readonly programAccounts: Readonly<Record<ProgramAccountKind, string>>;
}
