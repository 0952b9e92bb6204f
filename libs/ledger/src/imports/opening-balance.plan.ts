import {
  JournalTransactionKind,
  type JournalPlan,
  type MemberPoints,
  type PlanContext,
  PointsBook,
} from '@loyalty/domain';
import type { BalanceToImport } from './import-rows';

/**
 * One lot of a member's balance brought from another system: credited with the dates it had
 * there (when it becomes spendable, when it expires), as an `import` journal transaction from the
 * program's issued account. A debt the member owes here is paid from it first, as from any credit.
 */
export function planOpeningBalance(
  balance: BalanceToImport,
  member: MemberPoints,
  context: PlanContext,
): JournalPlan<{ readonly transactionId: string; readonly memberId: string }> {
  const book = new PointsBook(member.balance, member.lots, context.now);
  book.credit({
    id: context.newId(),
    amount: balance.points,
    availableFrom: balance.availableFrom,
    expiresAt: balance.expiresAt,
  });
  const transactionId = context.newId();
  return {
    journals: [
      {
        id: transactionId,
        programId: context.programId,
        kind: JournalTransactionKind.Import,
        memberId: member.memberId,
        actor: { kind: 'system', id: null },
        details: { reference: balance.reference, externalId: balance.externalId },
        entries: [
          { accountId: member.accountId, points: balance.points },
          { accountId: context.programAccounts.points_issued, points: -balance.points },
        ],
        ...book.takePosting(member.accountId),
      },
    ],
    events: [],
    answer: () => ({ transactionId, memberId: member.memberId }),
  };
}
