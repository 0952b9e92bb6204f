import fc from 'fast-check';
import { pointsToTakeBack } from './refund.plan';

describe('pointsToTakeBack', () => {
  const purchase = (amountMinor: number, pointsEarned: number) => ({
    id: 'p',
    memberId: 'm',
    storeId: 's',
    amountMinor,
    currency: 'EUR',
    pointsEarned,
    earnTransactionId: 't',
    earnReversed: false,
    refundedMinor: 0,
    pointsRefunded: 0,
  });

  it('takes back exactly what was earned once the purchase is refunded in full, however split', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1_000_000 }),
        fc.integer({ min: 0, max: 100_000 }),
        fc.array(fc.integer({ min: 1, max: 1000 }), { minLength: 1, maxLength: 20 }),
        (amountMinor, pointsEarned, weights) => {
          const total = weights.reduce((sum, weight) => sum + weight, 0);
          let state = purchase(amountMinor, pointsEarned);
          let refunded = 0;
          weights.forEach((weight, index) => {
            const part =
              index === weights.length - 1
                ? amountMinor - refunded
                : Math.floor((amountMinor * weight) / total);
            if (part <= 0) return;
            const points = pointsToTakeBack(state, part);
            expect(points).toBeGreaterThanOrEqual(0);
            refunded += part;
            state = {
              ...state,
              refundedMinor: refunded,
              pointsRefunded: state.pointsRefunded + points,
            };
          });
          expect(state.pointsRefunded).toBe(pointsEarned);
        },
      ),
    );
  });

  it('takes back nothing once the earning itself was reversed', () => {
    expect(pointsToTakeBack({ ...purchase(1000, 10), earnReversed: true }, 500)).toBe(0);
  });
});
