import { DomainErrorCode } from '@loyalty/domain';
import {
  at,
  contextAt,
  lot,
  member,
  system,
  expectBalanced,
  refusalOf,
  answerOf,
} from '../journal-plan.fixtures';
import { planRedemption } from './redemption.plan';

describe('the plan of a redemption (no database)', () => {
  it('spends a redemption from the soonest-expiring available lot and spends its code', () => {
    const points = member('m', [
      lot('late', 50, { expiresAt: at(300) }),
      lot('soon', 30, { expiresAt: at(10) }),
      lot('pending', 100, { availableFrom: at(5) }),
    ]);
    const plan = planRedemption(
      {
        programId: 'program',
        redemption: {
          member: { memberId: 'm' },
          points: 40,
          redemptionCode: '12345678',
          storeId: null,
          reference: null,
        },
        actor: { kind: 'pos-terminal', id: 'till' },
        codeId: 'code',
        points,
      },
      contextAt(),
    );
    expectBalanced(plan);
    expect(plan.journals[0]!.lotMovements).toEqual([
      { lotId: 'soon', points: -30 },
      { lotId: 'late', points: -10 },
    ]);
    expect(plan.records?.spentCodeIds).toEqual(['code']);
    expect(answerOf(plan).balance).toEqual({ available: 40, pending: 100 });
    expect(
      refusalOf(() =>
        planRedemption(
          {
            programId: 'program',
            redemption: {
              member: { memberId: 'm' },
              points: 81,
              redemptionCode: '1',
              storeId: null,
              reference: null,
            },
            actor: system,
            codeId: 'code',
            points,
          },
          contextAt(),
        ),
      ),
    ).toMatchObject({ code: DomainErrorCode.InsufficientPoints });
  });
});
