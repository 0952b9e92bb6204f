import { DEFAULT_POINT_LIMITS, DomainErrorCode } from '@loyalty/domain';
import {
  at,
  contextAt,
  lot,
  member,
  expectBalanced,
  refusalOf,
  answerOf,
} from '../journal-plan.fixtures';
import { planTransfer } from './transfer.plan';

describe('the plan of a transfer (no database)', () => {
  it('moves a transfer lot by lot with the same expiry dates, within the daily allowance', () => {
    const transfer = {
      programId: 'program',
      actor: { kind: 'member' as const, id: 'from' },
      transfer: { fromMemberId: 'from', toMemberId: 'to', points: 60, reason: null },
      consent: {
        initiatedBy: { kind: 'member' as const, id: 'from' },
        consent: 'member_app' as const,
      },
      limits: DEFAULT_POINT_LIMITS,
      sentByMemberInLastDay: 100,
      source: member('from', [
        lot('a', 40, { expiresAt: at(20) }),
        lot('b', 40, { expiresAt: at(90) }),
      ]),
      target: member('to', [], -25),
    };
    const plan = planTransfer(transfer, contextAt());
    expectBalanced(plan);
    const journal = plan.journals[0]!;
    expect(journal.newLots!.map((each) => [each.accountId, each.amount, each.expiresAt])).toEqual([
      ['account:to', 40, at(20)],
      ['account:to', 20, at(90)],
    ]);
    // The receiver's debt of 25 is paid from the first lot credited to them.
    expect(journal.lotMovements).toEqual(
      expect.arrayContaining([{ lotId: journal.newLots![0]!.id, points: 15 }]),
    );
    expect(answerOf(plan).dailyAllowanceLeft).toBe(
      DEFAULT_POINT_LIMITS.memberTransferDailyPoints - 160,
    );
    expect(
      refusalOf(() =>
        planTransfer(
          {
            ...transfer,
            sentByMemberInLastDay: DEFAULT_POINT_LIMITS.memberTransferDailyPoints - 59,
          },
          contextAt(),
        ),
      ),
    ).toMatchObject({ code: DomainErrorCode.TransferLimitExceeded });
  });
});
