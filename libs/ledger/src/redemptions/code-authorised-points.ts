import { DomainError, DomainErrorCode, type MemberPoints } from '@loyalty/domain';
import type { LedgerTransaction } from '@loyalty/persistence';
import type { BatchMember } from '../common/member-resolver';
import type { Settled } from '../writer/group-commit';
import type { Loading } from '../writer/ledger-operation';
import { REDEMPTION_CODE_MAX_ATTEMPTS, redemptionCodeHash } from './redemption-codes';

const redemptionCodeInvalid = () =>
  new DomainError(
    DomainErrorCode.RedemptionCodeInvalid,
    "the redemption code is wrong, used or expired: ask the member's app for a new one",
    'redemptionCode',
  );

/** The live code that authorises spending, and the member's points under their lock. */
export interface CodeAuthorisedPoints {
  readonly codeId: string;
  readonly points: MemberPoints;
}

/**
 * The load step of every write that spends a member's points at a till (a redemption, a hold):
 * each item's code is checked first (a wrong one counts a failed try against the member's live
 * codes), then the open lots of those whose code is live are read.
 */
export async function loadCodeAuthorisedPoints<I>(
  transaction: LedgerTransaction,
  items: readonly Loading<I, BatchMember>[],
  codeOf: (item: I) => string,
): Promise<Settled<CodeAuthorisedPoints>[]> {
  const codes = await transaction.reads.liveRedemptionCodes(
    items.map(({ item, found }) => ({
      memberId: found.memberId,
      codeHash: redemptionCodeHash(found.memberId, codeOf(item)),
    })),
    REDEMPTION_CODE_MAX_ATTEMPTS,
  );
  await transaction.reads.countFailedRedemptionCodes(
    items.flatMap(({ found }, n) => (codes[n] ? [] : [found.memberId])),
  );
  const accountOf = (n: number) => items[n]!.accounts.get(items[n]!.found.memberId)!;
  const lots = await transaction.openLots(
    items.flatMap((_, n) => (codes[n] ? [accountOf(n).accountId] : [])),
  );
  return items.map((_, n): Settled<CodeAuthorisedPoints> => {
    const codeId = codes[n];
    if (!codeId) return { ok: false, error: redemptionCodeInvalid() };
    const account = accountOf(n);
    return {
      ok: true,
      value: { codeId, points: { ...account, lots: lots.get(account.accountId)! } },
    };
  });
}
