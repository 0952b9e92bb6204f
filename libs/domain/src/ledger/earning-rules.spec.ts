import { computeEarnedPoints, type EarningRules, expiryOf, pendingUntil } from './earning-rules';

const RULES: EarningRules = {
  basePoints: 1,
  perMinorUnits: 100,
  rounding: 'down',
  categoryMultipliers: { coffee: 20000 },
  skuMultipliers: { 'SKU-PROMO': 30000, 'SKU-PLAIN-COFFEE': 10000 },
  campaigns: [
    {
      code: 'weekend',
      startsAt: new Date('2026-11-21T00:00:00Z'),
      endsAt: new Date('2026-11-23T00:00:00Z'),
      multiplierBp: 20000,
      bonusPoints: 50,
      categories: ['bakery'],
      budgetPoints: null,
      perMemberLimit: null,
    },
  ],
  excludedCategories: ['tobacco'],
  maxPointsPerPurchase: null,
  pendingDays: 30,
  expiry: { kind: 'months_after_earning', months: 12 },
};

const WEEKDAY = new Date('2026-11-18T10:00:00Z');
const line = (sku: string, category: string, amountMinor: number) => ({
  sku,
  category,
  amountMinor,
  quantity: 1,
});
/** The tiers' multipliers as the value policy sets them (their one home). */
const POLICY_MULTIPLIERS: Readonly<Record<string, number>> = { gold: 15000, silver: 10000 };

const earn = (
  lines: ReturnType<typeof line>[],
  overrides: Partial<EarningRules> = {},
  options: {
    tier?: string | null;
    at?: Date;
    amountMinor?: number;
    tierMultiplierBp?: number;
  } = {},
) => {
  const tierMultiplierBp =
    options.tierMultiplierBp ?? (options.tier ? POLICY_MULTIPLIERS[options.tier] : undefined);
  return computeEarnedPoints(
    {
      amountMinor: options.amountMinor ?? lines.reduce((sum, l) => sum + l.amountMinor, 0),
      occurredAt: options.at ?? WEEKDAY,
      lines,
      memberTier: options.tier ?? null,
      ...(tierMultiplierBp !== undefined ? { tierMultiplierBp } : {}),
    },
    { ...RULES, ...overrides },
  );
};

describe('computeEarnedPoints', () => {
  it.each([
    ['down', 1999, 19],
    ['nearest', 1950, 20],
    ['nearest', 1949, 19],
    ['up', 1901, 20],
  ] as const)('rounds the base %s: %i minor units earn %i', (rounding, amountMinor, points) => {
    expect(earn([], { rounding }, { amountMinor }).points).toBe(points);
  });

  it('earns the whole amount at the base rate when there are no lines', () => {
    expect(earn([], {}, { amountMinor: 2599 })).toEqual({
      points: 25,
      breakdown: [{ rule: 'base', points: 25, detail: null }],
    });
  });

  it('multiplies by category, and a SKU’s multiplier overrides its category’s', () => {
    const result = earn([
      line('SKU-1', 'coffee', 1000),
      line('SKU-PLAIN-COFFEE', 'coffee', 1000),
      line('SKU-PROMO', 'food', 1000),
    ]);
    expect(result.breakdown).toEqual([
      { rule: 'base', points: 30, detail: null },
      { rule: 'product_multiplier', points: 10, detail: 'category:coffee' },
      { rule: 'product_multiplier', points: 20, detail: 'sku:SKU-PROMO' },
    ]);
    expect(result.points).toBe(60);
  });

  it('earns nothing on excluded categories', () => {
    expect(earn([line('CIG', 'tobacco', 5000), line('A', 'food', 1000)]).points).toBe(10);
  });

  it('applies the member’s tier multiplier to base and product points, and none without a tier', () => {
    const lines = [line('SKU-1', 'coffee', 1000)];
    expect(earn(lines, {}, { tier: 'gold' }).breakdown).toContainEqual({
      rule: 'tier_multiplier',
      points: 10,
      detail: 'gold',
    });
    expect(earn(lines, {}, { tier: 'silver' }).points).toBe(20);
    expect(earn(lines, {}, { tier: 'unknown-tier' }).points).toBe(20);
  });

  it('adds a campaign only inside its window and only on its categories', () => {
    const lines = [line('B', 'bakery', 1000), line('F', 'food', 1000)];
    const inside = earn(lines, {}, { at: new Date('2026-11-22T12:00:00Z') });
    expect(inside.breakdown).toContainEqual({ rule: 'campaign', points: 60, detail: 'weekend' });
    expect(earn(lines, {}, { at: new Date('2026-11-23T00:00:00Z') }).points).toBe(20);
    expect(
      earn([line('F', 'food', 1000)], {}, { at: new Date('2026-11-22T12:00:00Z') }).points,
    ).toBe(10);
  });

  it('caps a purchase’s points and says so in the breakdown', () => {
    const result = earn([], { maxPointsPerPurchase: 100 }, { amountMinor: 1_000_000 });
    expect(result.points).toBe(100);
    expect(result.breakdown).toContainEqual({ rule: 'cap', points: -9900, detail: null });
  });

  it('never earns negative points, even with multipliers below one', () => {
    const result = earn(
      [line('X', 'clearance', 1000)],
      { categoryMultipliers: { clearance: 0 } },
      { tier: 'gold', tierMultiplierBp: 0 },
    );
    expect(result.points).toBe(0);
  });

  it('stays exact far beyond float precision', () => {
    const result = earn([], { basePoints: 3, perMinorUnits: 7 }, { amountMinor: 99_999_999_999 });
    expect(result.points).toBe(Number((99_999_999_999n * 3n) / 7n));
  });
});

describe('pendingUntil and expiryOf', () => {
  it('keeps points pending for the return window', () => {
    expect(pendingUntil(new Date('2026-01-01T10:00:00Z'), RULES).toISOString()).toBe(
      '2026-01-31T10:00:00.000Z',
    );
  });

  it.each([
    ['2026-01-15T10:00:00Z', 12, '2027-01-15T10:00:00.000Z'],
    ['2026-01-31T10:00:00Z', 1, '2026-02-28T10:00:00.000Z'],
    ['2024-02-29T10:00:00Z', 12, '2025-02-28T10:00:00.000Z'],
  ])('expires %s plus %i months on the same local day (clamped): %s', (earned, months, expiry) => {
    expect(
      expiryOf({ kind: 'months_after_earning', months }, new Date(earned), 'UTC')?.toISOString(),
    ).toBe(expiry);
  });

  it.each([
    ['year', '2026-03-10T12:00:00Z', 12, '2027-12-31T23:00:00.000Z'],
    ['quarter', '2026-03-10T12:00:00Z', 0, '2026-03-31T22:00:00.000Z'],
    ['month', '2026-10-10T12:00:00Z', 0, '2026-10-31T23:00:00.000Z'],
  ] as const)(
    'expires at the end of the %s in the program’s time zone (%s + %i months → %s)',
    (period, earned, months, expiry) => {
      expect(
        expiryOf(
          { kind: 'end_of_period', months, period },
          new Date(earned),
          'Europe/Amsterdam',
        )?.toISOString(),
      ).toBe(expiry);
    },
  );

  it('never expires under the never policy', () => {
    expect(expiryOf({ kind: 'never' }, new Date(), 'UTC')).toBeNull();
  });
});
