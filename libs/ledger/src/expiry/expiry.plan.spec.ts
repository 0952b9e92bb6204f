import { JournalTransactionKind } from '@loyalty/domain';
import {
  NOW,
  at,
  contextAt,
  lot,
  member,
  expectBalanced,
  answerOf,
} from '../journal-plan.fixtures';
import { planExpiry } from './expiry.plan';
import { planForfeiture } from '../erasure/forfeiture.plan';

describe('the plan of an expiry and a forfeiture (no database)', () => {
  it('expires what is due as of the run, and forfeits what an erased member holds', () => {
    const points = member('m', [lot('due', 20, { expiresAt: at(-2) }), lot('live', 5)]);
    const expiry = planExpiry(points, 'program', NOW, contextAt());
    expect(answerOf(expiry)).toBe(20);
    expect(planExpiry(points, 'program', at(-3), contextAt()).journals).toEqual([]);
    const forfeiture = planForfeiture(points, 'program', contextAt());
    expectBalanced(forfeiture);
    expect(forfeiture.journals.map((journal) => journal.kind)).toEqual([
      JournalTransactionKind.Expiry,
      JournalTransactionKind.Forfeiture,
    ]);
    expect(answerOf(forfeiture)).toEqual({ memberId: 'm', points: 5 });
    expect(forfeiture.records?.codesEndedFor).toEqual(['m']);
  });
});
