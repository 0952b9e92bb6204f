import fc from 'fast-check';
import { planRefund, pointsToTakeBack } from './refund.plan';
import {
  NOW,
  at,
  contextAt,
  lot,
  member,
  expectBalanced,
  refusalOf,
  answerOf,
} from '../journal-plan.fixtures';
import { DEFAULT_VOUCHER_POLICY, DomainErrorCode } from '@loyalty/domain';

describe('pointsToTakeBack', () => {
  const purchase = (amountMinor: number, pointsEarned: number) => ({
    id: 'p',
    memberId: 'm',
    storeId: 's',
    receiptId: 'r',
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

describe('the plan of a refund (no database)', () => {
  it('takes a refund back from the purchase’s own lot first, and refuses more than is left', () => {
    const refund = {
      programId: 'program',
      actor: { kind: 'pos-terminal' as const, id: 'till' },
      refund: {
        purchase: { id: 'purchase' },
        refundedAtStoreId: 'store',
        amountMinor: 500,
        occurredAt: NOW,
      },
      purchase: {
        id: 'purchase',
        memberId: 'm',
        storeId: 'store',
        receiptId: 'receipt',
        amountMinor: 1_000,
        currency: 'EUR',
        pointsEarned: 10,
        earnTransactionId: 'earn',
        earnReversed: false,
        refundedMinor: 0,
        pointsRefunded: 0,
      },
      memberErased: false,
      earnedLotIds: ['earned'],
      points: member('m', [lot('other', 100), lot('earned', 10, { availableFrom: at(3) })]),
      vouchers: [],
      voucherPolicy: DEFAULT_VOUCHER_POLICY,
    };
    const plan = planRefund(refund, contextAt());
    expectBalanced(plan);
    expect(plan.journals[0]!.lotMovements).toEqual([{ lotId: 'earned', points: -5 }]);
    expect(plan.records?.refunds).toEqual([
      expect.objectContaining({ purchaseId: 'purchase', amountMinor: 500, pointsReversed: 5 }),
    ]);
    expect(answerOf(plan)).toMatchObject({ pointsReversed: 5, refundableMinorLeft: 500 });
    expect(
      refusalOf(() =>
        planRefund({ ...refund, refund: { ...refund.refund, amountMinor: 1_001 } }, contextAt()),
      ),
    ).toMatchObject({ code: DomainErrorCode.RefundExceedsPurchase });
    // An erased member's account is closed: the refund is recorded and takes nothing back.
    const closed = planRefund({ ...refund, memberErased: true }, contextAt());
    expect(closed.journals[0]!.entries).toEqual([]);
    expect(closed.events.map((event) => event.type)).toEqual(['purchase.refunded']);
  });
});
