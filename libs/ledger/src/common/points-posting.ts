import {
  JournalTransactionKind,
  type LedgerEvent,
  type MemberPoints,
  type PlanContext,
  type PlannedJournal,
  PointsBook,
} from '@loyalty/domain';

/** An expiry transaction and its event, as a plan writes them. */
export interface PlannedExpiry {
  readonly journal: PlannedJournal;
  readonly event: LedgerEvent;
  readonly points: number;
}

/**
 * Books the expiry of what `book` holds past its expiry instant: one transaction into the
 * program's expired account, with its event; null when nothing was due. The book's posting so far
 * goes with it, so the write that follows is a transaction of its own.
 */
export function planDueExpiry(
  book: PointsBook,
  points: MemberPoints,
  programId: string,
  context: PlanContext,
): PlannedExpiry | null {
  const expired = book.expireDue().reduce((sum, draw) => sum + draw.points, 0);
  if (expired === 0) return null;
  const transactionId = context.newId();
  return {
    points: expired,
    journal: {
      id: transactionId,
      programId,
      kind: JournalTransactionKind.Expiry,
      memberId: points.memberId,
      actor: { kind: 'system', id: null },
      details: { asOf: context.now.toISOString() },
      entries: [
        { accountId: points.accountId, points: -expired },
        { accountId: context.programAccounts.points_expired, points: expired },
      ],
      ...book.takePosting(points.accountId),
    },
    event: {
      programId,
      memberId: points.memberId,
      type: 'points.expired',
      payload: { transactionId, memberId: points.memberId, points: expired },
    },
  };
}

/**
 * A member's book as of the write, for a write that may take points back: lots already past their
 * expiry are expired first, in a transaction of their own, so the write sees what the member
 * really holds and the book keeps its invariant; the scheduled expiry then finds nothing left to
 * do for them.
 */
export function openBook(
  points: MemberPoints,
  programId: string,
  context: PlanContext,
): { book: PointsBook; dueExpiry: PlannedExpiry | null } {
  const book = new PointsBook(points.balance, points.lots, context.now);
  return { book, dueExpiry: planDueExpiry(book, points, programId, context) };
}

/** The journals and events of the due expiries before a write, in posting order. */
export function dueExpiries(...expiries: readonly (PlannedExpiry | null)[]): {
  journals: PlannedJournal[];
  events: LedgerEvent[];
} {
  const booked = expiries.filter((expiry): expiry is PlannedExpiry => expiry !== null);
  return {
    journals: booked.map((expiry) => expiry.journal),
    events: booked.map((expiry) => expiry.event),
  };
}
