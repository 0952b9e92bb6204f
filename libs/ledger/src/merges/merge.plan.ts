import {
  type BalanceAfter,
  DomainError,
  DomainErrorCode,
  JournalTransactionKind,
  type JournalPlan,
  type LedgerActor,
  type LotMovement,
  type MemberPoints,
  type PlanContext,
  type PlannedJournal,
} from '@loyalty/domain';
import { dueExpiries, openBook } from '../common/points-posting';

export interface MergedPoints {
  /** The journal transaction that moved them; null when the duplicate held nothing. */
  readonly transactionId: string | null;
  /** What the duplicate held (negative for a debt), now the survivor's. */
  readonly points: number;
  readonly lotsMoved: number;
  readonly balance: BalanceAfter;
}

/** Both members' points under their locks, and what the duplicate still has held at tills. */
export interface MergeToPlan {
  readonly programId: string;
  readonly actor: LedgerActor;
  readonly reason: string;
  readonly duplicate: MemberPoints;
  readonly survivor: MemberPoints;
  readonly openHolds: number;
}

/**
 * Moves a duplicate's points to the member it is merged into, in one journal transaction: each of
 * its open lots becomes a lot of the survivor with the points it had left and the same dates (so
 * nothing becomes spendable or expires sooner or later than it would have), and a debt moves as a
 * debt. Due expiries of either are booked first, as in any write. Points held at a till would be
 * captured or voided against the duplicate, so a merge waits for them.
 */
export function planMerge(input: MergeToPlan, context: PlanContext): JournalPlan<MergedPoints> {
  const { duplicate, survivor, programId } = input;
  if (input.openHolds > 0) {
    throw new DomainError(
      DomainErrorCode.MemberHasOpenHolds,
      `the duplicate has ${input.openHolds} hold(s) open at a till: capture or void them first`,
      'memberId',
    );
  }
  const from = openBook(duplicate, programId, context);
  const into = openBook(survivor, programId, context);
  const expiry = dueExpiries(from.dueExpiry, into.dueExpiry);
  const points = from.book.balance;
  let lotsMoved = 0;
  const journals: PlannedJournal[] = [...expiry.journals];
  const transactionId = points === 0 ? null : context.newId();
  if (transactionId) {
    if (points > 0) {
      for (const draw of from.book.takeBack(points)) {
        into.book.credit({
          id: context.newId(),
          amount: draw.points,
          availableFrom: draw.lot.availableFrom,
          expiresAt: draw.lot.expiresAt,
        });
        lotsMoved += 1;
      }
    } else {
      into.book.takeBack(-points);
    }
    const moved = from.book.takePosting(duplicate.accountId);
    const received = into.book.takePosting(survivor.accountId);
    const lotMovements: LotMovement[] = [...moved.lotMovements, ...received.lotMovements];
    journals.push({
      id: transactionId,
      programId,
      kind: JournalTransactionKind.Merge,
      memberId: survivor.memberId,
      actor: input.actor,
      reason: input.reason,
      details: { duplicateMemberId: duplicate.memberId },
      entries: [
        { accountId: duplicate.accountId, points: -points },
        { accountId: survivor.accountId, points },
      ],
      newLots: received.newLots,
      lotMovements,
    });
  }
  return {
    journals,
    events: [
      ...expiry.events,
      {
        programId,
        memberId: survivor.memberId,
        type: 'member.merged',
        payload: {
          memberId: survivor.memberId,
          duplicateMemberId: duplicate.memberId,
          transactionId,
          points,
        },
      },
    ],
    records: { codesEndedFor: [duplicate.memberId] },
    balancesOf: [survivor.accountId],
    answer: (balanceAfter) => ({
      transactionId,
      points,
      lotsMoved,
      balance: balanceAfter(survivor.accountId),
    }),
  };
}
