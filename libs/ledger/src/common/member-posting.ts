import type { PointsBook } from '@loyalty/domain';
import type { JournalTransactionToPost, LockedMemberAccount } from '@loyalty/persistence';

/** The lots and lot movements a member's book planned, ready to post with the transaction. */
export const postingOf = (
  account: LockedMemberAccount,
  book: PointsBook,
): Pick<JournalTransactionToPost, 'newLots' | 'lotMovements'> => ({
  newLots: book.newLots().map((lot) => ({ ...lot, accountId: account.accountId })),
  lotMovements: book.lotMovements(),
});

/** The locked account of a member, which lockMemberAccounts always returns. */
export function accountOf(
  accounts: ReadonlyMap<string, LockedMemberAccount>,
  memberId: string,
): LockedMemberAccount {
  const account = accounts.get(memberId);
  if (!account) throw new Error(`member ${memberId} has no locked account`);
  return account;
}
