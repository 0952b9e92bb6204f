import { DomainErrorCode, type Lot } from '@loyalty/domain';
import type { PointHoldRecord } from '@loyalty/persistence';
import fc from 'fast-check';
import {
  answerOf,
  at,
  contextAt,
  expectBalanced,
  lot,
  member,
  NOW,
  refusalOf,
} from '../journal-plan.fixtures';
import { planHold, planHoldSettlement } from './hold.plan';

const till = { kind: 'pos-terminal' as const, id: 'till' };

const held = (points: number, fields: Partial<PointHoldRecord> = {}): PointHoldRecord => ({
  id: 'hold',
  programId: 'program',
  memberId: 'm',
  storeId: 'store',
  points,
  reference: null,
  expiresAt: at(1),
  holdTransactionId: 'hold-transaction',
  status: 'held',
  settledTransactionId: null,
  capturedPoints: null,
  settledBy: null,
  settledAt: null,
  createdAt: NOW,
  ...fields,
});

/** Places a hold of `points` on `lots`, and answers what a settlement would load for it. */
function placed(lots: Lot[], points: number) {
  const plan = planHold(
    {
      programId: 'program',
      hold: {
        member: { memberId: 'm' },
        points,
        redemptionCode: '12345678',
        storeId: 'store',
        reference: null,
        expiresInSeconds: 900,
      },
      actor: till,
      codeId: 'code',
      points: member('m', lots),
    },
    contextAt(),
  );
  const drawn = plan.journals[0]!.lotMovements!;
  const after = lots.map((each) => ({
    ...each,
    remaining: each.remaining + (drawn.find((draw) => draw.lotId === each.id)?.points ?? 0),
  }));
  return { plan, drawn, after };
}

describe('the plans of a hold and its settlement (no database)', () => {
  it('holds the soonest-expiring available points in the held account, spending the code', () => {
    const { plan } = placed(
      [lot('late', 50, { expiresAt: at(300) }), lot('soon', 30, { expiresAt: at(10) })],
      40,
    );
    expectBalanced(plan);
    expect(plan.journals[0]!.entries).toEqual([
      { accountId: 'account:m', points: -40 },
      { accountId: 'program:points_held', points: 40 },
    ]);
    expect(plan.records?.holds).toEqual([
      expect.objectContaining({ points: 40, expiresAt: new Date(NOW.getTime() + 900_000) }),
    ]);
    expect(plan.records?.spentCodeIds).toEqual(['code']);
    expect(answerOf(plan).balance).toEqual({ available: 40, pending: 0 });
  });

  it('refuses a capture past the hold’s expiry, and more than the hold holds', () => {
    const { drawn, after } = placed([lot('a', 50)], 50);
    const settle = (hold: PointHoldRecord, points: number | null) => () =>
      planHoldSettlement(
        {
          programId: 'program',
          actor: till,
          hold,
          settlement: { kind: 'capture', points },
          drawn,
          points: member('m', after),
        },
        contextAt(),
      );
    expect(refusalOf(settle(held(50, { expiresAt: NOW }), null))).toMatchObject({
      code: DomainErrorCode.HoldExpired,
    });
    expect(refusalOf(settle(held(50), 51))).toMatchObject({
      code: DomainErrorCode.InsufficientPoints,
    });
  });

  it('redeems the soonest-expiring held points and gives the rest back, lot by lot', () => {
    const lots = fc.array(
      fc.record({
        remaining: fc.integer({ min: 1, max: 500 }),
        expiresInDays: fc.option(fc.integer({ min: 1, max: 400 }), { nil: null }),
      }),
      { minLength: 1, maxLength: 8 },
    );
    fc.assert(
      fc.property(
        lots,
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.boolean(),
        (drawnLots, heldShare, capturedShare, capture) => {
          const start = drawnLots.map((each, n) =>
            lot(`lot-${n}`, each.remaining, {
              expiresAt: each.expiresInDays === null ? null : at(each.expiresInDays),
              createdAt: at(-30 + n),
            }),
          );
          const total = start.reduce((sum, each) => sum + each.remaining, 0);
          const points = Math.max(1, Math.floor(total * heldShare));
          const { drawn, after } = placed(start, points);
          const captured = Math.max(1, Math.floor(points * capturedShare));
          const plan = planHoldSettlement(
            {
              programId: 'program',
              actor: till,
              hold: held(points),
              settlement: capture
                ? { kind: 'capture', points: captured }
                : { kind: 'release', reason: 'void' },
              drawn,
              points: member('m', after),
            },
            contextAt(),
          );
          expectBalanced(plan);
          const released = capture ? points - captured : points;
          expect(answerOf(plan)).toMatchObject({
            capturedPoints: capture ? captured : 0,
            releasedPoints: released,
          });
          const settlement = plan.journals[0]!;
          const givenBack = new Map(
            (settlement.lotMovements ?? []).map((movement) => [movement.lotId, movement.points]),
          );
          // Nothing returns to a lot beyond what the hold drew from it, and the sum is exact.
          for (const draw of drawn) {
            expect(givenBack.get(draw.lotId) ?? 0).toBeLessThanOrEqual(-draw.points);
          }
          expect([...givenBack.values()].reduce((sum, each) => sum + each, 0)).toBe(released);
          // What stays redeemed is the soonest-expiring: no lot gets points back while a
          // later-expiring one the hold drew from is not given back in full.
          const expiry = (id: string) =>
            start.find((each) => each.id === id)!.expiresAt?.getTime() ?? Infinity;
          for (const kept of drawn.filter(
            (draw) => (givenBack.get(draw.lotId) ?? 0) < -draw.points,
          )) {
            for (const returned of drawn.filter((draw) => givenBack.has(draw.lotId))) {
              expect(expiry(returned.lotId)).toBeGreaterThanOrEqual(expiry(kept.lotId));
            }
          }
        },
      ),
    );
  });
});
