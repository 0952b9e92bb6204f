import {
  JournalTransactionKind,
  type JournalPlan,
  type MemberPoints,
  type PlanContext,
} from '@loyalty/domain';
import { dueExpiries, openBook } from '../common/points-posting';

export interface Forfeiture {
  readonly memberId: string;
  /** Points the member still held, now forfeited; negative for a debt written off. */
  readonly points: number;
}

/**
 * Closes the points account of a member who erased their data: what they still held is forfeited
 * into the program's `points_forfeited` account (a debt they owed is written off against it), and
 * their live redemption codes end. Lots past their expiry are expired first, as in any write. A
 * closed account holds nothing more to forfeit.
 */
export function planForfeiture(
  member: MemberPoints,
  programId: string,
  context: PlanContext,
): JournalPlan<Forfeiture> {
  const { book, dueExpiry } = openBook(member, programId, context);
  const expiry = dueExpiries(dueExpiry);
  const points = book.balance;
  const records = { codesEndedFor: [member.memberId] };
  if (points === 0) {
    return { ...expiry, records, answer: () => ({ memberId: member.memberId, points: 0 }) };
  }
  if (points > 0) book.remove(points);
  const transactionId = context.newId();
  return {
    journals: [
      ...expiry.journals,
      {
        id: transactionId,
        programId,
        kind: JournalTransactionKind.Forfeiture,
        memberId: member.memberId,
        actor: { kind: 'system', id: null },
        reason: 'the member erased their data',
        entries: [
          { accountId: member.accountId, points: -points },
          { accountId: context.programAccounts.points_forfeited, points },
        ],
        ...book.takePosting(member.accountId),
      },
    ],
    events: [
      ...expiry.events,
      {
        programId,
        memberId: member.memberId,
        type: 'points.forfeited',
        payload: { transactionId, memberId: member.memberId, points },
      },
    ],
    records,
    answer: () => ({ memberId: member.memberId, points }),
  };
}
