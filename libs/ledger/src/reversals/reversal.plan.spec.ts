import { DEFAULT_POINT_LIMITS, JournalTransactionKind, StaffRole } from '@loyalty/domain';
import {
  contextAt,
  lot,
  member,
  manager,
  expectBalanced,
  answerOf,
} from '../journal-plan.fixtures';
import { planReversal } from './reversal.plan';

describe('the plan of a reversal (no database)', () => {
  it('reverses a redemption by giving each lot back what was drawn from it', () => {
    const plan = planReversal(
      {
        programId: 'program',
        actor: { kind: 'staff', id: 'admin' },
        staff: { ...manager, staffId: 'admin', role: StaffRole.Admin, storeId: null },
        limits: DEFAULT_POINT_LIMITS,
        reason: 'the till redeemed twice',
        transactionId: 'redemption',
        original: {
          kind: JournalTransactionKind.Redemption,
          memberId: 'm',
          purchaseId: null,
          reversed: false,
          entries: [
            { accountId: 'account:m', memberId: 'm', points: -30 },
            { accountId: 'program:points_redeemed', memberId: null, points: 30 },
          ],
        },
        movements: [{ lotId: 'spent', points: -30, accountId: 'account:m' }],
        creditedLots: [],
        alreadyRefunded: 0,
        members: new Map([
          [
            'm',
            {
              facts: { enrolledStoreId: 'store', erased: false, mergedInto: null },
              points: member('m', [lot('spent', 0, { amount: 30 })]),
              movedByHandInLastDay: 0,
            },
          ],
        ]),
      },
      contextAt(),
    );
    expectBalanced(plan);
    expect(plan.journals[0]).toMatchObject({
      kind: JournalTransactionKind.Reversal,
      reversesTransactionId: 'redemption',
      entries: [
        { accountId: 'account:m', points: 30 },
        { accountId: 'program:points_redeemed', points: -30 },
      ],
      lotMovements: [{ lotId: 'spent', points: 30 }],
    });
    expect(answerOf(plan).members).toEqual([{ memberId: 'm', points: 30 }]);
  });
});
