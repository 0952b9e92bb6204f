import type { MemberPoints } from '@loyalty/domain';
import type { LedgerTransaction, LockedMemberAccount } from '@loyalty/persistence';
import type { LedgerOperation } from '../writer/ledger-operation';

/** A write the system makes on one member, under no key: an expiry, a forfeiture. */
export interface MemberWrite {
  readonly memberId: string;
}

/**
 * The identify and load steps of a system write on one member: the member is known, and the plan
 * is made from their balance and every open lot.
 */
export const memberPointsSteps: Pick<
  LedgerOperation<MemberWrite, null, MemberPoints, unknown>,
  'claimOf' | 'conflictKeysOf' | 'identify' | 'load'
> = {
  claimOf: () => null,
  conflictKeysOf: ({ memberId }) => [`member\n${memberId}`],
  identify: (_, __, items) =>
    Promise.resolve(
      items.map(({ memberId }) => ({ ok: true, value: { memberIds: [memberId], found: null } })),
    ),
  load: async (transaction, _, items) => {
    const accounts = items.map(({ item, accounts }) => accounts.get(item.memberId)!);
    const lots = await transaction.openLots(accounts.map((account) => account.accountId));
    return accounts.map((account) => ({
      ok: true,
      value: { ...account, lots: lots.get(account.accountId)! },
    }));
  },
};

/** The member's balance and open lots, under their lock. */
export async function memberPointsOf(
  transaction: LedgerTransaction,
  account: LockedMemberAccount,
): Promise<MemberPoints> {
  const lots = await transaction.openLots([account.accountId]);
  return { ...account, lots: lots.get(account.accountId)! };
}
