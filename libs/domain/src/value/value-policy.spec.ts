import {
  checkTierLadder,
  decideTier,
  progressTowardNextTier,
  tierCutoffs,
  tierForClv,
  type ValuePolicy,
} from './value-policy';

const POLICY: ValuePolicy = {
  tierBasis: 'clv',
  tiers: [
    { name: 'member', earningMultiplierBp: 10000, upgradeRewardPoints: 0 },
    { name: 'silver', minClvMinor: 10_000, earningMultiplierBp: 12000, upgradeRewardPoints: 100 },
    { name: 'gold', minClvMinor: 50_000, earningMultiplierBp: 15000, upgradeRewardPoints: 500 },
  ],
  downgradeGraceDays: 30,
  horizonMonths: 12,
  annualDiscountRate: 0.1,
  margin: 0.3,
  costToServePerPurchaseMinor: 0,
  minHistoryDays: 30,
  winBack: null,
};
const day = (n: number) => new Date(Date.UTC(2026, 0, 1) + n * 86_400_000);

describe('tiers', () => {
  const cutoffs = tierCutoffs(POLICY, () => null);

  it.each([
    [-5_000, 'member'],
    [9_999, 'member'],
    [10_000, 'silver'],
    [49_999, 'silver'],
    [50_000, 'gold'],
  ])('a CLV of %i minor units reaches %s', (clv, tier) => {
    expect(tierForClv(cutoffs, clv)).toBe(tier);
  });

  it('sets percentile bands from the distribution', () => {
    const percentile: ValuePolicy = {
      ...POLICY,
      tierBasis: 'percentile',
      tiers: POLICY.tiers.map((tier, index) => ({ ...tier, minPercentile: [0, 50, 90][index]! })),
    };
    expect(tierCutoffs(percentile, (p) => p * 100)).toEqual([
      { tier: 'member', minClvMinor: Number.NEGATIVE_INFINITY },
      { tier: 'silver', minClvMinor: 5000 },
      { tier: 'gold', minClvMinor: 9000 },
    ]);
  });

  it('places a first-scored member, and upgrades at once', () => {
    const placed = decideTier(POLICY, null, 'silver', day(0));
    expect(placed).toEqual({
      kind: 'placed',
      state: { tier: 'silver', since: day(0), belowSince: null },
    });
    expect(decideTier(POLICY, placed.state, 'gold', day(1))).toEqual({
      kind: 'upgraded',
      from: 'silver',
      state: { tier: 'gold', since: day(1), belowSince: null },
    });
  });

  it('holds a member through a dip shorter than the grace period', () => {
    const gold = { tier: 'gold', since: day(0), belowSince: null };
    const dip = decideTier(POLICY, gold, 'silver', day(10));
    expect(dip).toEqual({ kind: 'held', state: { ...gold, belowSince: day(10) } });
    const stillBelow = decideTier(POLICY, dip.state, 'member', day(39));
    expect(stillBelow.kind).toBe('held');
    const recovered = decideTier(POLICY, stillBelow.state, 'gold', day(39));
    expect(recovered).toEqual({ kind: 'held', state: gold });
    const dipAgain = decideTier(POLICY, recovered.state, 'silver', day(50));
    expect(decideTier(POLICY, dipAgain.state, 'silver', day(79)).kind).toBe('held');
  });

  it('downgrades once the member stayed below for the whole grace period', () => {
    const gold = { tier: 'gold', since: day(0), belowSince: day(10) };
    expect(decideTier(POLICY, gold, 'member', day(40))).toEqual({
      kind: 'downgraded',
      from: 'gold',
      state: { tier: 'member', since: day(40), belowSince: null },
    });
  });

  it('places afresh a member whose tier the policy no longer has', () => {
    const retired = { tier: 'platinum', since: day(0), belowSince: null };
    expect(decideTier(POLICY, retired, 'gold', day(5)).kind).toBe('placed');
  });
});

describe('the tier ladder a policy must keep', () => {
  const tier = (name: string, threshold?: number) => ({
    name,
    ...(threshold === undefined ? {} : { minClvMinor: threshold, minPercentile: threshold }),
    earningMultiplierBp: 10_000,
    upgradeRewardPoints: 0,
  });
  const refusal = (run: () => void) => {
    try {
      run();
    } catch (error) {
      return { message: (error as Error).message, field: (error as { field?: string }).field };
    }
    return null;
  };

  it('takes tiers in ascending order, the first without a threshold', () => {
    for (const tierBasis of ['clv', 'percentile'] as const) {
      expect(
        refusal(() =>
          checkTierLadder({
            tierBasis,
            tiers: [tier('member'), tier('silver', 10), tier('gold', 20)],
          }),
        ),
      ).toBeNull();
    }
  });

  it('names the field of a repeated name, a missing threshold or one out of order', () => {
    expect(
      refusal(() =>
        checkTierLadder({ tierBasis: 'clv', tiers: [tier('member'), tier('member', 5)] }),
      ),
    ).toEqual({ message: 'tier names are unique', field: 'tiers.1.name' });
    expect(
      refusal(() =>
        checkTierLadder({ tierBasis: 'percentile', tiers: [tier('member'), tier('gold')] }),
      ),
    ).toEqual({
      message: 'every tier above the first needs minPercentile',
      field: 'tiers.1.minPercentile',
    });
    expect(
      refusal(() =>
        checkTierLadder({
          tierBasis: 'clv',
          tiers: [tier('member'), tier('gold', 20), tier('silver', 20)],
        }),
      ),
    ).toEqual({
      message: 'tiers go from lowest to highest threshold',
      field: 'tiers.2.minClvMinor',
    });
  });
});

describe('progress toward the next tier', () => {
  const cutoffs = [
    { tier: 'bronze', minClvMinor: -1_000 },
    { tier: 'silver', minClvMinor: 10_000 },
    { tier: 'gold', minClvMinor: 30_000 },
  ];

  it('counts from the tier’s own cutoff (never below zero) to the next one', () => {
    expect(progressTowardNextTier(cutoffs, 0, 2_500)).toBeCloseTo(0.25);
    expect(progressTowardNextTier(cutoffs, 1, 20_000)).toBeCloseTo(0.5);
  });

  it('stays within 0 and 1, and is 0 with no next tier above', () => {
    expect(progressTowardNextTier(cutoffs, 1, 5_000)).toBe(0);
    expect(progressTowardNextTier(cutoffs, 1, 90_000)).toBe(1);
    expect(progressTowardNextTier(cutoffs, 2, 90_000)).toBe(0);
    expect(
      progressTowardNextTier(
        [
          { tier: 'a', minClvMinor: 50 },
          { tier: 'b', minClvMinor: 50 },
        ],
        0,
        70,
      ),
    ).toBe(0);
  });
});
