import { JournalTransactionKind, PointsBook } from '@loyalty/domain';
import type { LedgerUnitOfWork, LockedMemberAccount } from '@loyalty/persistence';
import { randomUUID } from 'node:crypto';
import { postingOf } from '../common/member-posting';

/**
 * Books the expiry of the lots in `book` that are due by its `now`: one expiry transaction into
 * the program's expired account, with its outbox event. Returns the points expired (0 when none
 * were due, in which case nothing is written).
 */
export async function postDueExpiry(
  unit: LedgerUnitOfWork,
  programId: string,
  account: LockedMemberAccount,
  book: PointsBook,
  expiredAccountId: string,
  asOf: Date,
): Promise<number> {
  const points = book.expireDue().reduce((sum, draw) => sum + draw.points, 0);
  if (points === 0) return 0;
  const transactionId = randomUUID();
  await unit.post({
    id: transactionId,
    programId,
    kind: JournalTransactionKind.Expiry,
    memberId: account.memberId,
    actor: { kind: 'system', id: null },
    details: { asOf: asOf.toISOString() },
    entries: [
      { accountId: account.accountId, points: -points },
      { accountId: expiredAccountId, points },
    ],
    ...postingOf(account, book),
  });
  await unit.writeOutbox([
    {
      programId,
      memberId: account.memberId,
      type: 'points.expired',
      payload: { transactionId, memberId: account.memberId, points },
    },
  ]);
  return points;
}

/**
 * A locked member's book as of `now`, for a write that may take points back. Lots already past
 * their expiry are expired first, in a transaction of their own inside the write's database
 * transaction, so the write sees what the member really holds and the book keeps its invariant;
 * the scheduled expiry job then finds nothing left to do for them. `alsoLotIds` are spent lots a
 * reversal gives points back to.
 */
export async function openMemberBook(
  unit: LedgerUnitOfWork,
  programId: string,
  account: LockedMemberAccount,
  expiredAccountId: string,
  now: Date,
  alsoLotIds: readonly string[] = [],
): Promise<PointsBook> {
  const book = new PointsBook(
    account.balance,
    await unit.loadLots(account.accountId, alsoLotIds),
    now,
  );
  if (book.dueToExpire === 0) return book;
  await postDueExpiry(unit, programId, account, book, expiredAccountId, now);
  return new PointsBook(book.balance, await unit.loadLots(account.accountId, alsoLotIds), now);
}
