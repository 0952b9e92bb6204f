import { DomainErrorCode } from '@loyalty/domain';
import {
  answerOf,
  at,
  contextAt,
  expectBalanced,
  lot,
  manager,
  member,
  refusalOf,
} from '../journal-plan.fixtures';
import { planMerge } from './merge.plan';

const merge = (
  duplicate: ReturnType<typeof member>,
  survivor: ReturnType<typeof member>,
  openHolds = 0,
) =>
  planMerge(
    {
      programId: 'program',
      actor: { kind: 'staff', id: manager.staffId },
      reason: 'enrolled twice',
      duplicate,
      survivor,
      openHolds,
    },
    contextAt(),
  );

describe('the plan of a merge of duplicates (no database)', () => {
  it('moves each open lot with its points left and its dates, in one balanced transaction', () => {
    const plan = merge(
      member('dup', [
        lot('soon', 30, { amount: 50, expiresAt: at(10) }),
        lot('pending', 20, { availableFrom: at(5), expiresAt: at(400) }),
      ]),
      member('keep', [lot('own', 10)]),
    );
    expectBalanced(plan);
    const [journal] = plan.journals;
    expect(journal!.entries).toEqual([
      { accountId: 'account:dup', points: -50 },
      { accountId: 'account:keep', points: 50 },
    ]);
    expect(
      journal!.newLots!.map(({ accountId, amount, availableFrom, expiresAt }) => ({
        accountId,
        amount,
        availableFrom,
        expiresAt,
      })),
    ).toEqual(
      expect.arrayContaining([
        { accountId: 'account:keep', amount: 30, availableFrom: at(-30), expiresAt: at(10) },
        { accountId: 'account:keep', amount: 20, availableFrom: at(5), expiresAt: at(400) },
      ]),
    );
    expect(journal!.lotMovements).toEqual(
      expect.arrayContaining([
        { lotId: 'soon', points: -30 },
        { lotId: 'pending', points: -20 },
      ]),
    );
    expect(plan.events.map((event) => event.type)).toEqual(['member.merged']);
    expect(answerOf(plan)).toMatchObject({ points: 50, lotsMoved: 2 });
  });

  it('moves a debt as a debt, taken from the survivor’s lots', () => {
    const plan = merge(member('dup', [], -15), member('keep', [lot('own', 40)]));
    expectBalanced(plan);
    expect(plan.journals[0]!.entries).toEqual([
      { accountId: 'account:dup', points: 15 },
      { accountId: 'account:keep', points: -15 },
    ]);
    expect(plan.journals[0]!.lotMovements).toEqual([{ lotId: 'own', points: -15 }]);
  });

  it('writes no transaction for a duplicate with nothing, and waits for holds at a till', () => {
    const plan = merge(member('dup', []), member('keep', []));
    expect(plan.journals).toEqual([]);
    expect(answerOf(plan)).toMatchObject({ transactionId: null, points: 0 });
    expect(
      refusalOf(() => merge(member('dup', [lot('a', 5)]), member('keep', []), 1)),
    ).toMatchObject({ code: DomainErrorCode.MemberHasOpenHolds });
  });
});
