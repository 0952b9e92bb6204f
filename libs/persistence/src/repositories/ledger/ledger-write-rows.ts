import type { JournalTransactionKind } from '@loyalty/domain';

/** A member as a write finds them through the card presented, or by id. */
export interface ResolvedReference {
  readonly cardId: string | null;
  readonly cardStatus: string | null;
  readonly memberId: string | null;
  readonly tier: string | null;
  readonly erased: boolean;
  /** The member a merged duplicate went into; null for a member of its own. */
  readonly mergedInto: string | null;
}

/** What a write checks of a member: their store (a manager's scope) and whether they erased. */
export interface MemberFacts {
  readonly enrolledStoreId: string;
  readonly erased: boolean;
  readonly mergedInto: string | null;
}

/** A purchase as a refund sees it: what is left to refund, and the points still to take back. */
export interface RefundablePurchase {
  readonly id: string;
  readonly memberId: string;
  readonly storeId: string;
  readonly receiptId: string;
  readonly amountMinor: number;
  readonly currency: string;
  readonly pointsEarned: number;
  readonly earnTransactionId: string;
  readonly earnReversed: boolean;
  readonly refundedMinor: number;
  readonly pointsRefunded: number;
}

/** The transaction a reversal undoes, with each entry's account and member. */
export interface TransactionToReverse {
  readonly kind: JournalTransactionKind;
  readonly memberId: string | null;
  readonly purchaseId: string | null;
  readonly reversed: boolean;
  readonly entries: readonly {
    readonly accountId: string;
    readonly memberId: string | null;
    readonly points: number;
  }[];
}
