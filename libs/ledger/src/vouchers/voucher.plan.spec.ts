import {
  type CatalogReward,
  DEFAULT_VOUCHER_POLICY,
  DomainErrorCode,
  PointsBook,
  type RewardTerms,
} from '@loyalty/domain';
import type { VoucherRecord } from '@loyalty/persistence';
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
  system,
} from '../journal-plan.fixtures';
import { planVoucherClaim } from './voucher-claim.plan';
import { planVoucherExpiry, planVoucherOnRefund } from './voucher-settlement.plan';

const TERMS: RewardTerms = {
  name: 'Free espresso',
  description: '',
  imageUrl: null,
  costPoints: 30,
  benefit: { kind: 'free_item', sku: 'SKU-ESPRESSO', category: null },
  availableFrom: null,
  availableUntil: null,
  voucherValidDays: 30,
  stock: 10,
  perMemberLimit: { claims: 1, period: 'month' },
  tiers: [],
  storeIds: [],
  active: true,
};

const reward = (terms: Partial<RewardTerms> = {}, stockClaimed = 0): CatalogReward => ({
  id: 'reward',
  programId: 'program',
  code: 'espresso',
  versionId: 'version-1',
  version: 1,
  terms: { ...TERMS, ...terms },
  stockClaimed,
  createdAt: at(-10),
  publishedAt: at(-10),
});

const claim = {
  member: { memberId: 'm' },
  rewardId: 'reward',
  voucherId: 'voucher',
  codeHash: 'ab'.repeat(32),
  redemptionCode: null,
  storeId: null,
};

const claimInput = (overrides: object = {}) => ({
  programId: 'program',
  actor: system,
  claim,
  reward: reward(),
  tier: null,
  claimsInPeriod: 0,
  codeId: null,
  points: member('m', [lot('soon', 20, { expiresAt: at(5) }), lot('later', 50)]),
  ...overrides,
});

const voucherOf = (fields: Partial<VoucherRecord> = {}): VoucherRecord => ({
  id: 'voucher',
  programId: 'program',
  memberId: 'm',
  rewardId: 'reward',
  rewardCode: 'espresso',
  rewardVersionId: 'version-1',
  rewardVersion: 1,
  terms: TERMS,
  points: 30,
  status: 'redeemed',
  expiresAt: at(20),
  claimedStoreId: null,
  claimTransactionId: 'claim',
  redemptionTransactionId: 'redemption',
  redeemedAt: at(-1),
  redeemedStoreId: 'store',
  redeemedReceiptId: 'R-1',
  settledTransactionId: null,
  createdAt: at(-2),
  ...fields,
});

describe('the plans of vouchers (no database)', () => {
  it('claims into the voucher account from the soonest-expiring lots, counting the stock', () => {
    const plan = planVoucherClaim(claimInput(), contextAt());
    expectBalanced(plan);
    expect(plan.journals[0]!.entries).toEqual([
      { accountId: 'account:m', points: -30 },
      { accountId: 'program:points_in_vouchers', points: 30 },
    ]);
    expect(plan.journals[0]!.lotMovements).toEqual([
      { lotId: 'soon', points: -20 },
      { lotId: 'later', points: -10 },
    ]);
    expect(plan.records?.rewardStockTaken).toEqual([{ rewardId: 'reward', claimed: 1, stock: 10 }]);
    expect(plan.records?.vouchers?.[0]).toMatchObject({
      id: 'voucher',
      points: 30,
      expiresAt: new Date(NOW.getTime() + 30 * 86_400_000),
    });
    expect(answerOf(plan)).toMatchObject({ status: 'issued', balance: { available: 40 } });
  });

  it('refuses a claim with every reason that stands in the way, out of stock as a conflict', () => {
    const refused = refusalOf(() =>
      planVoucherClaim(
        claimInput({
          reward: reward({ tiers: ['gold'] }, 10),
          claimsInPeriod: 1,
          points: member('m', [lot('few', 5)]),
        }),
        contextAt(),
      ),
    );
    expect(refused).toMatchObject({
      code: DomainErrorCode.RewardOutOfStock,
      extensions: { refusals: ['tier', 'out_of_stock', 'limit_reached', 'not_enough_points'] },
    });
    expect(
      refusalOf(() =>
        planVoucherClaim(claimInput({ reward: reward({ availableUntil: NOW }) }), contextAt()),
      ),
    ).toMatchObject({
      code: DomainErrorCode.RewardNotClaimable,
      extensions: { refusals: ['not_available'] },
    });
  });

  it('gives back exactly what a claim took, to the lots it came from, whatever they were', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 50 }), { minLength: 1, maxLength: 6 }),
        fc.integer({ min: 1, max: 200 }),
        (sizes, cost) => {
          const lots = sizes.map((size, n) => lot(`lot-${n}`, size, { expiresAt: at(n + 1) }));
          const total = sizes.reduce((sum, size) => sum + size, 0);
          fc.pre(cost <= total);
          const claimed = planVoucherClaim(
            claimInput({ reward: reward({ costPoints: cost }), points: member('m', lots) }),
            contextAt(),
          );
          const draws = claimed.journals[0]!.lotMovements!.map((movement) => ({
            lotId: movement.lotId,
            accountId: 'account:m',
            points: -movement.points,
            expiresAt: lots.find((each) => each.id === movement.lotId)!.expiresAt,
          }));
          const after = lots.map((each) => {
            const taken = draws.find((draw) => draw.lotId === each.id)?.points ?? 0;
            return { ...each, remaining: each.remaining - taken };
          });
          const points = member('m', after, total - cost);
          const book = new PointsBook(points.balance, points.lots, NOW);
          const settled = planVoucherOnRefund(
            book,
            points,
            voucherOf({ points: cost }),
            draws,
            { ...DEFAULT_VOUCHER_POLICY, onRefund: 'return_points' },
            false,
            contextAt(),
          );
          expect(settled.outcome).toBe('returned');
          expect(settled.journals[0]!.entries).toEqual([
            { accountId: 'program:points_redeemed', points: -cost },
            { accountId: 'account:m', points: cost },
          ]);
          expect(book.openLots().map((each) => [each.id, each.remaining])).toEqual(
            lots.map((each) => [each.id, each.remaining]),
          );
        },
      ),
    );
  });

  it('reinstates a live voucher on refund, lapses an expired one, forfeits an erased member’s', () => {
    const points = member('m', [lot('left', 40)]);
    const book = () => new PointsBook(points.balance, points.lots, NOW);
    const draws = [{ lotId: 'left', accountId: 'account:m', points: 30, expiresAt: null }];
    const live = planVoucherOnRefund(
      book(),
      points,
      voucherOf(),
      draws,
      DEFAULT_VOUCHER_POLICY,
      false,
      contextAt(),
    );
    expect(live.outcome).toBe('reinstated');
    expect(live.journals[0]!.entries).toEqual([
      { accountId: 'program:points_redeemed', points: -30 },
      { accountId: 'program:points_in_vouchers', points: 30 },
    ]);
    expect(live.change).toMatchObject({
      fromStatus: 'redeemed',
      status: 'issued',
      redemption: null,
    });
    const lapsed = planVoucherOnRefund(
      book(),
      points,
      voucherOf({ expiresAt: at(-1) }),
      draws,
      DEFAULT_VOUCHER_POLICY,
      false,
      contextAt(),
    );
    expect(lapsed.outcome).toBe('expired');
    expect(lapsed.journals[0]!.entries).toEqual([
      { accountId: 'program:points_redeemed', points: -30 },
      { accountId: 'program:points_expired', points: 30 },
    ]);
    const erased = planVoucherExpiry(
      {
        voucher: voucherOf({ status: 'issued', expiresAt: at(-1) }),
        draws,
        points,
        memberErased: true,
        policy: 'return_points',
      },
      contextAt(),
    );
    expectBalanced(erased);
    expect(erased.journals.at(-1)!.entries).toEqual([
      { accountId: 'program:points_in_vouchers', points: -30 },
      { accountId: 'program:points_expired', points: 30 },
    ]);
    expect(answerOf(erased)).toMatchObject({ outcome: 'expired' });
  });
});
