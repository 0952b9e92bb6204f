import { call, type LedgerWorld, STANDARD_EARNING_RULES } from '@loyalty/testing';
import { startWorld } from './ledger-world';

/** Rules using every field, in the shape POST takes and GET answers (multipliers by name). */
const FULL_RULES = {
  basePoints: 2,
  perMinorUnits: 250,
  rounding: 'nearest',
  categoryMultipliers: [
    { category: 'bakery', multiplierBp: 5_000 },
    { category: 'coffee', multiplierBp: 20_000 },
  ],
  skuMultipliers: [{ sku: 'SKU-PROMO', multiplierBp: 30_000 }],
  campaigns: [
    {
      code: 'WEEKEND',
      startsAt: '2026-11-21T00:00:00.000Z',
      endsAt: '2026-11-23T00:00:00.000Z',
      multiplierBp: 20_000,
      bonusPoints: 50,
      categories: ['bakery'],
      budgetPoints: 25_000,
      perMemberLimit: { points: 200, period: 'week' },
    },
  ],
  excludedCategories: ['tobacco'],
  maxPointsPerPurchase: 5_000,
  pendingDays: 14,
  expiry: { kind: 'end_of_period', months: 12, period: 'quarter' },
};

describe('points-ledger: earning rules', () => {
  let world: LedgerWorld;

  beforeAll(async () => {
    world = await startWorld();
  });

  afterAll(async () => {
    await world?.close();
  });

  const publish = (body: unknown) =>
    call<{ version: number; rules: unknown; effectiveFrom: string }>(
      world.ledger.baseUrl,
      'POST',
      '/v1/earning-rules',
      { token: world.admin, body },
    );
  const latest = async () => {
    const listed = await call<{ items: { version: number; rules: unknown }[] }>(
      world.ledger.baseUrl,
      'GET',
      '/v1/earning-rules',
      { token: world.admin },
    );
    expect(listed.status).toBe(200);
    return listed.body.items.reduce((a, b) => (a.version > b.version ? a : b));
  };

  it('answers GET in the shape POST takes: what was published reads back the same, and publishes again', async () => {
    const effectiveFrom = new Date(Date.now() - 1_000).toISOString();
    const published = await publish({ ...FULL_RULES, effectiveFrom });
    expect(published.status).toBe(201);
    expect(published.body.rules).toEqual(FULL_RULES);
    const read = await latest();
    expect(read.rules).toEqual(FULL_RULES);

    const again = await publish({ ...(read.rules as object), effectiveFrom });
    expect(again.status).toBe(201);
    expect((await latest()).rules).toEqual(FULL_RULES);
  });

  it('refuses tier multipliers by name: a tier earns by its multiplier in the value policy', async () => {
    const before = await latest();
    for (const tierMultipliers of [[{ tier: 'gold', multiplierBp: 15_000 }], [], {}]) {
      const refused = await publish({ ...STANDARD_EARNING_RULES, tierMultipliers });
      expect(refused.status).toBe(400);
      const { errors } = refused.body as unknown as { errors: { field: string; detail: string }[] };
      expect(errors.map((error) => error.field)).toEqual(['tierMultipliers']);
      expect(errors[0]!.detail).toContain('value policy');
    }
    expect((await latest()).version).toBe(before.version);
  });
});
