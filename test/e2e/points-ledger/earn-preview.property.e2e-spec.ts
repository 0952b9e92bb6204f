import { enrolMember, type LedgerWorld, STANDARD_EARNING_RULES } from '@loyalty/testing';
import { call } from '@loyalty/testing';
import fc from 'fast-check';
import { randomUUID } from 'node:crypto';
import { startWorld } from './ledger-world';

const CATEGORIES = ['coffee', 'bakery', 'books', 'tobacco'];
const SKUS = ['SKU-1', 'SKU-2', 'SKU-3'];

const rulesArbitrary = fc.record({
  basePoints: fc.integer({ min: 0, max: 5 }),
  perMinorUnits: fc.integer({ min: 1, max: 500 }),
  rounding: fc.constantFrom('down', 'nearest', 'up'),
  categoryMultipliers: fc.uniqueArray(
    fc.record({
      category: fc.constantFrom(...CATEGORIES),
      multiplierBp: fc.integer({ min: 0, max: 40_000 }),
    }),
    { selector: (multiplier) => multiplier.category, maxLength: 3 },
  ),
  skuMultipliers: fc.uniqueArray(
    fc.record({
      sku: fc.constantFrom(...SKUS),
      multiplierBp: fc.integer({ min: 0, max: 40_000 }),
    }),
    { selector: (multiplier) => multiplier.sku, maxLength: 2 },
  ),
  // A version's campaigns have codes of their own; a budget by code spans the versions, so the
  // preview must read what earlier runs spent of it, as the purchase does.
  campaigns: fc.uniqueArray(
    fc.record({
      code: fc.constantFrom('DOUBLE', 'BONUS'),
      startsAt: fc.constant('2000-01-01T00:00:00Z'),
      endsAt: fc.constant('2100-01-01T00:00:00Z'),
      multiplierBp: fc.integer({ min: 10_000, max: 30_000 }),
      bonusPoints: fc.integer({ min: 0, max: 50 }),
      categories: fc.subarray(CATEGORIES),
      budgetPoints: fc.option(fc.integer({ min: 1, max: 2_000 }), { nil: null }),
    }),
    { selector: (campaign) => campaign.code, maxLength: 2 },
  ),
  excludedCategories: fc.subarray(['tobacco']),
  maxPointsPerPurchase: fc.option(fc.integer({ min: 1, max: 500 }), { nil: null }),
});

const basketArbitrary = fc.array(
  fc.record({
    sku: fc.constantFrom(...SKUS, 'SKU-9'),
    category: fc.constantFrom(...CATEGORIES),
    amountMinor: fc.integer({ min: 0, max: 20_000 }),
    quantity: fc.integer({ min: 1, max: 5 }),
  }),
  { maxLength: 5 },
);

describe('points-ledger: the earn preview', () => {
  let world: LedgerWorld;

  beforeAll(async () => {
    world = await startWorld();
  });

  afterAll(async () => {
    await world?.close();
  });

  const till = (path: string, body: unknown, key?: string) =>
    call<Record<string, unknown>>(world.ledger.baseUrl, 'POST', path, {
      headers: { 'x-api-key': world.posApiKey, ...(key ? { 'idempotency-key': key } : {}) },
      body,
    });

  it('property: answers exactly what recording the purchase credits, for random rules, baskets and tiers', async () => {
    const member = await enrolMember(world);
    const policy = await call(world.ledger.baseUrl, 'POST', '/v1/value-policies', {
      token: world.admin,
      body: {
        tierBasis: 'clv',
        tiers: [
          { name: 'member', earningMultiplierBp: 10_000, upgradeRewardPoints: 0 },
          {
            name: 'silver',
            minClvMinor: 10_000,
            earningMultiplierBp: 12_500,
            upgradeRewardPoints: 0,
          },
          {
            name: 'gold',
            minClvMinor: 50_000,
            earningMultiplierBp: 20_000,
            upgradeRewardPoints: 0,
          },
        ],
        downgradeGraceDays: 30,
        horizonMonths: 12,
        annualDiscountRate: 0.1,
        margin: 0.3,
        costToServePerPurchaseMinor: 0,
        minHistoryDays: 30,
        winBack: null,
      },
    });
    expect(policy.status).toBe(201);
    await fc.assert(
      fc.asyncProperty(
        rulesArbitrary,
        basketArbitrary,
        fc.integer({ min: 1, max: 50_000 }),
        fc.constantFrom(null, 'member', 'silver', 'gold'),
        async (rules, lines, bareAmount, tier) => {
          // As the scoring worker would have placed the member.
          await world.dataSource.query(`UPDATE members SET tier = $2 WHERE id = $1`, [
            member.memberId,
            tier,
          ]);
          const published = await call(world.ledger.baseUrl, 'POST', '/v1/earning-rules', {
            token: world.admin,
            body: {
              ...STANDARD_EARNING_RULES,
              ...rules,
              // In force for the sale below, which happened a minute ago.
              effectiveFrom: new Date(Date.now() - 120_000).toISOString(),
            },
          });
          expect(published.status).toBe(201);
          const { version } = published.body as { version: number };
          const amountMinor =
            lines.length > 0 ? lines.reduce((sum, line) => sum + line.amountMinor, 0) : bareAmount;
          const basket = {
            cardNumber: member.cardNumber,
            amountMinor: Math.max(amountMinor, 1),
            currency: 'EUR',
            occurredAt: new Date(Date.now() - 60_000).toISOString(),
            ...(lines.length > 0 && amountMinor > 0 ? { lines } : {}),
          };
          const preview = await till('/v1/purchases/preview', basket);
          expect(preview.status).toBe(200);
          const recorded = await till(
            '/v1/purchases',
            { ...basket, receiptId: `R-${randomUUID()}` },
            randomUUID(),
          );
          expect(recorded.status).toBe(201);
          const { body: previewed } = preview;
          expect(previewed).toMatchObject({
            memberId: recorded.body.memberId,
            points: recorded.body.points,
            breakdown: recorded.body.breakdown,
            earningRulesVersion: recorded.body.earningRulesVersion,
          });
          // The random rules are the ones both priced the basket by.
          expect(recorded.body.earningRulesVersion).toBe(version);
          // Counted from when each was asked, a few milliseconds apart.
          for (const field of ['pendingUntil', 'expiresAt'] as const) {
            const [a, b] = [previewed[field], recorded.body[field]] as (string | null)[];
            expect(a === null).toBe(b === null);
            if (a && b) expect(Math.abs(Date.parse(a) - Date.parse(b))).toBeLessThan(60_000);
          }
        },
      ),
      { numRuns: 25 },
    );
  });

  it('writes nothing, needs no key, and refuses what recording would refuse', async () => {
    const member = await enrolMember(world);
    const basket = {
      cardNumber: member.cardNumber,
      amountMinor: 1_250,
      currency: 'EUR',
      occurredAt: new Date().toISOString(),
    };
    const preview = await till('/v1/purchases/preview', basket);
    expect(preview.status).toBe(200);
    const [recorded] = await world.dataSource.query<{ count: number }[]>(
      `SELECT count(*)::int AS count FROM purchases WHERE member_id = $1`,
      [member.memberId],
    );
    expect(recorded?.count).toBe(0);
    expect(
      (await till('/v1/purchases/preview', { ...basket, currency: 'USD' })).body,
    ).toMatchObject({ status: 422, code: 'CURRENCY_NOT_ACCEPTED' });
    expect(
      (await till('/v1/purchases/preview', { ...basket, cardNumber: '6280001005353834179' })).body,
    ).toMatchObject({ status: 404 });
    const staffAsked = await call(world.ledger.baseUrl, 'POST', '/v1/purchases/preview', {
      token: world.clerk,
      body: basket,
    });
    expect(staffAsked.status).toBe(403);
  });
});
