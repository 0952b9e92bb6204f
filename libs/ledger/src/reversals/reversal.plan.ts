import {
  checkReversal,
  DomainError,
  DomainErrorCode,
  JournalTransactionKind,
  type JournalPlan,
  type LedgerActor,
  type LotMovement,
  type MemberPoints,
  type PlanContext,
  type PlannedEntry,
  type PlannedJournal,
  type PlannedLot,
  type ProgramPointLimits,
  type StaffPrincipal,
} from '@loyalty/domain';
import { type MemberFacts, mergedMember, type TransactionToReverse } from '@loyalty/persistence';
import { dueExpiries, openBook, type PlannedExpiry } from '../common/points-posting';

export interface ReversedTransaction {
  readonly transactionId: string;
  readonly reversesTransactionId: string;
  /** Per member: how far their balance moved. */
  readonly members: readonly { memberId: string; points: number }[];
}

/** A member the reversed transaction touched, as read under their lock. */
export interface ReversalMember {
  readonly facts: MemberFacts;
  /** The balance, the open lots and the spent lots the reversal gives points back to. */
  readonly points: MemberPoints;
  /** Points moved by hand on the member in the cap's window (counted when points go back). */
  readonly movedByHandInLastDay: number;
}

/** A transaction to reverse, with everything it moved, read under its members' locks. */
export interface ReversalToPlan {
  readonly programId: string;
  readonly actor: LedgerActor;
  readonly staff: StaffPrincipal;
  readonly limits: ProgramPointLimits;
  readonly reason: string;
  readonly transactionId: string;
  readonly original: TransactionToReverse;
  readonly movements: readonly (LotMovement & { readonly accountId: string })[];
  readonly creditedLots: readonly { readonly id: string; readonly accountId: string }[];
  /** Points refunds of the purchase already took back (when a purchase's earning is reversed). */
  readonly alreadyRefunded: number;
  readonly members: ReadonlyMap<string, ReversalMember>;
}

const memberErased = () =>
  new DomainError(
    DomainErrorCode.MemberErased,
    'the member erased their data: their transactions are final',
    'transactionId',
  );

/**
 * Undoes a journal transaction with a new one. Spent lots get their points back; credited points
 * are taken back from the lots they went to first — if they were spent meanwhile, the member owes
 * them (docs/decisions/0006). A manager gives points back only within their daily cap on each
 * member (decision 0009); erased members' transactions are final.
 */
export function planReversal(
  input: ReversalToPlan,
  context: PlanContext,
): JournalPlan<ReversedTransaction> {
  const { original, programId } = input;
  const entries: PlannedEntry[] = [];
  const newLots: PlannedLot[] = [];
  const lotMovements: LotMovement[] = [];
  const expiries: (PlannedExpiry | null)[] = [];
  const moved: { memberId: string; points: number }[] = [];
  const authorised: Parameters<typeof checkReversal>[1][number][] = [];
  for (const entry of original.entries) {
    if (!entry.memberId) continue;
    const member = input.members.get(entry.memberId)!;
    if (member.facts.erased) throw memberErased();
    // The duplicate's points went to the member it was merged into: its past is final.
    if (member.facts.mergedInto) throw mergedMember(member.facts.mergedInto, 'transactionId');
    const { accountId } = member.points;
    const { book, dueExpiry } = openBook(member.points, programId, context);
    expiries.push(dueExpiry);
    let points: number;
    if (entry.points < 0) {
      // The transaction spent these points: give each lot back what was drawn from it.
      for (const movement of input.movements) {
        if (movement.accountId === accountId && movement.points < 0) {
          book.restore(movement.lotId, -movement.points);
        }
      }
      points = -entry.points;
    } else {
      points = -(entry.points - input.alreadyRefunded);
      const ownLots = input.creditedLots.filter((lot) => lot.accountId === accountId);
      if (points < 0) {
        book.takeBack(
          -points,
          ownLots.map((lot) => lot.id),
        );
      }
    }
    if (points !== 0) entries.push({ accountId, points });
    const posting = book.takePosting(accountId);
    newLots.push(...posting.newLots);
    lotMovements.push(...posting.lotMovements);
    moved.push({ memberId: entry.memberId, points });
    authorised.push({
      enrolledStoreId: member.facts.enrolledStoreId,
      pointsCredited: Math.max(points, 0),
      movedByHandInLastDay: points > 0 ? member.movedByHandInLastDay : 0,
    });
  }
  checkReversal(input.staff, authorised, input.limits);
  const programEntry = original.entries.find((entry) => !entry.memberId);
  const memberTotal = entries.reduce((sum, entry) => sum + entry.points, 0);
  if (programEntry && memberTotal !== 0) {
    entries.push({ accountId: programEntry.accountId, points: -memberTotal });
  }
  const reversalId = context.newId();
  const reversal: PlannedJournal = {
    id: reversalId,
    programId,
    kind: JournalTransactionKind.Reversal,
    memberId: original.memberId,
    reversesTransactionId: input.transactionId,
    actor: input.actor,
    reason: input.reason,
    details: { reversedKind: original.kind },
    entries,
    newLots,
    lotMovements,
  };
  const expiry = dueExpiries(...expiries);
  return {
    journals: [...expiry.journals, reversal],
    events: [
      ...expiry.events,
      ...moved.map((member) => ({
        programId,
        memberId: member.memberId,
        type: 'points.reversed' as const,
        payload: {
          transactionId: reversalId,
          reversesTransactionId: input.transactionId,
          memberId: member.memberId,
          points: member.points,
        },
      })),
    ],
    answer: () => ({
      transactionId: reversalId,
      reversesTransactionId: input.transactionId,
      members: moved,
    }),
  };
}
