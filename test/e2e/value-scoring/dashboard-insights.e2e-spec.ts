import { call, type LedgerWorld } from '@loyalty/testing';
import { startWorld } from '../points-ledger/ledger-world';
import {
  type DashboardProgram,
  DASHBOARD_POLICY,
  midMonth,
  seedDashboardProgram,
} from './dashboard-program';

const monthStart = (monthsAgo: number) => midMonth(monthsAgo).toISOString().slice(0, 7);
/** The month an instant falls in, in the program's time zone (periods start at local midnight). */
const localMonth = (iso: string) =>
  new Date(iso).toLocaleString('sv-SE', { timeZone: 'Europe/Amsterdam' }).slice(0, 7);

describe("insights for marketing's dashboard: figures worked out by hand", () => {
  let world: LedgerWorld;
  let program: DashboardProgram;

  const get = async <T>(path: string, token = program.marketing) => {
    const response = await call<T>(world.ledger.baseUrl, 'GET', path, { token });
    expect([response.status, path]).toEqual([200, path]);
    return response.body;
  };

  beforeAll(async () => {
    world = await startWorld();
    program = await seedDashboardProgram(world);
  });

  afterAll(async () => {
    await world?.close();
  });

  it('spreads CLV over log bins of a quarter decade, the tiers’ cut-offs beside it', async () => {
    // CLVs 500, 1,500, 2,500, 12,000, 40,000 and one of 0 (no place on a log scale).
    const distribution = await get<{
      bins: { fromMinor: number; toMinor: number; members: number }[];
      nonPositive: number;
      membersScored: number;
      tierCutoffs: unknown[];
      currency: string;
    }>('/v1/insights/clv-distribution');
    expect(distribution).toMatchObject({ membersScored: 6, nonPositive: 1, currency: 'EUR' });
    // 500 is in band 10 ([316, 562)), 40,000 in band 18 ([31,623, 56,234)): nine bins.
    expect(distribution.bins.map((bin) => bin.members)).toEqual([1, 0, 1, 1, 0, 0, 1, 0, 1]);
    expect(distribution.bins[0]).toEqual({ fromMinor: 316, toMinor: 562, members: 1 });
    expect(distribution.bins.at(-1)).toEqual({ fromMinor: 31_623, toMinor: 56_234, members: 1 });
    for (const [index, bin] of distribution.bins.entries()) {
      if (index > 0) expect(bin.fromMinor).toBe(distribution.bins[index - 1]!.toMinor);
    }
    expect(distribution.tierCutoffs).toEqual([
      { tier: 'silver', minClvMinor: 2_000, minPercentile: null },
      { tier: 'gold', minClvMinor: 10_000, minPercentile: null },
    ]);
  });

  it('counts members per tier in the policy’s order, and the moves between tiers per month', async () => {
    const tiers = await get<{
      members: { tier: string; members: number }[];
      periods: { periodStart: string; flows: unknown[] }[];
    }>('/v1/insights/tiers?period=month');
    expect(tiers.members).toEqual([
      { tier: 'member', members: 3 },
      { tier: 'silver', members: 2 },
      { tier: 'gold', members: 1 },
    ]);
    expect(tiers.periods.map((period) => localMonth(period.periodStart))).toEqual([
      monthStart(2),
      monthStart(1),
    ]);
    expect(tiers.periods[0]!.flows).toEqual([{ fromTier: null, toTier: 'member', members: 6 }]);
    expect(tiers.periods[1]!.flows).toEqual([
      { fromTier: 'member', toTier: 'silver', members: 2 },
      { fromTier: 'member', toTier: 'gold', members: 1 },
    ]);
  });

  it('follows each enrolment cohort’s retention month by month, whole months only', async () => {
    const cohorts = await get<{
      items: {
        cohortStart: string;
        members: number;
        periods: { periodsSinceEnrolment: number; active: number; retentionRate: number }[];
      }[];
    }>('/v1/insights/cohorts?period=month');
    // Enrolled 3 months ago: A, B, C, D. A and B bought that month, C the next, A the one after.
    // Enrolled 2 months ago: E and F. E bought that month, E and F the next.
    expect(cohorts.items.map((cohort) => [localMonth(cohort.cohortStart), cohort.members])).toEqual(
      [
        [monthStart(3), 4],
        [monthStart(2), 2],
      ],
    );
    expect(
      cohorts.items[0]!.periods.map((period) => [
        period.periodsSinceEnrolment,
        period.active,
        period.retentionRate,
      ]),
    ).toEqual([
      [0, 2, 0.5],
      [1, 1, 0.25],
      [2, 1, 0.25],
    ]);
    expect(cohorts.items[1]!.periods.map((period) => period.retentionRate)).toEqual([0.5, 1]);
  });

  it('gives CAC and CLV/CAC per acquisition campaign beside the channels without one', async () => {
    const byCampaign = await get<{
      items: { channel: string; campaignId: string | null; members: number }[];
    }>('/v1/insights/acquisition?by=campaign');
    // 3,000 spent on the campaign that brought A and B (CLV 500 and 1,500): 1,500 each.
    expect(byCampaign.items.find((row) => row.campaignId === program.campaignId)).toMatchObject({
      channel: 'paid_social',
      members: 2,
      cacMinor: 1_500,
      meanGrossClvMinor: 2_500,
      clvToCac: 1.67,
    });
    expect(byCampaign.items.find((row) => row.channel === 'store')).toMatchObject({
      campaignId: null,
      campaign: null,
      members: 4,
    });
    const byChannel = await get<{ items: { campaignId: string | null }[] }>(
      '/v1/insights/acquisition',
    );
    expect(byChannel.items.every((row) => row.campaignId === null)).toBe(true);
  });

  it('forecasts the points expiring in each of the next twelve months', async () => {
    const points = await get<{
      outstanding: number;
      expiryByMonth: { monthStart: string; points: number }[];
    }>('/v1/insights/points');
    expect(points.expiryByMonth).toHaveLength(12);
    expect(localMonth(points.expiryByMonth[0]!.monthStart)).toBe(monthStart(0));
    // Points expire 12 months after they are earned: bought 3, 2 and 1 months ago, they lapse
    // in 9, 10 and 11 months. A and B earned 130 three months ago; A's claim spent 50 of them.
    expect(points.expiryByMonth.map((month) => month.points > 0)).toEqual([
      ...Array<boolean>(9).fill(false),
      true,
      true,
      true,
    ]);
    expect(points.expiryByMonth[9]!.points).toBe(80);
    expect(points.expiryByMonth.reduce((sum, month) => sum + month.points, 0)).toBe(
      points.outstanding,
    );
  });

  it('previews a draft policy: who would move up, who down, before it is published', async () => {
    const preview = async (draft: object) => {
      const answer = await call<Record<string, unknown>>(
        world.ledger.baseUrl,
        'POST',
        '/v1/value-policies/preview',
        { token: world.admin, body: draft },
      );
      expect(answer.status).toBe(200);
      return answer.body;
    };
    const tiers = (silver: number, gold: number) => [
      DASHBOARD_POLICY.tiers[0],
      { ...DASHBOARD_POLICY.tiers[1], minClvMinor: silver },
      { ...DASHBOARD_POLICY.tiers[2], minClvMinor: gold },
    ];
    // Silver from 1,000 lifts B (1,500); gold from 50,000 drops F (40,000) to silver.
    expect(await preview({ ...DASHBOARD_POLICY, tiers: tiers(1_000, 50_000) })).toMatchObject({
      membersScored: 6,
      upgrades: 1,
      downgrades: 1,
      unchanged: 4,
      otherMoves: 0,
      clvAssumptionsChanged: false,
      downgradeGraceDays: 60,
      moves: expect.arrayContaining([
        { fromTier: 'member', toTier: 'silver', members: 1, direction: 'up' },
        { fromTier: 'gold', toTier: 'silver', members: 1, direction: 'down' },
      ]) as unknown,
    });
    // Percentile tiers: silver from the median (1,500), gold from the 90th percentile (40,000).
    const percentiles = await preview({
      ...DASHBOARD_POLICY,
      tierBasis: 'percentile',
      margin: 0.4,
      tiers: [
        DASHBOARD_POLICY.tiers[0],
        { name: 'silver', minPercentile: 50, earningMultiplierBp: 12_500, upgradeRewardPoints: 0 },
        { name: 'gold', minPercentile: 90, earningMultiplierBp: 15_000, upgradeRewardPoints: 0 },
      ],
    });
    expect(percentiles).toMatchObject({ upgrades: 1, downgrades: 0, clvAssumptionsChanged: true });
    // The preview wrote nothing: the policy in force and the tiers are as they were.
    const policies = await get<{ items: unknown[] }>('/v1/value-policies');
    expect(policies.items).toHaveLength(1);
    const refused = await call<{ errors: { field: string }[] }>(
      world.ledger.baseUrl,
      'POST',
      '/v1/value-policies/preview',
      { token: world.admin, body: { ...DASHBOARD_POLICY, tiers: tiers(5_000, 4_000) } },
    );
    expect(refused.status).toBe(400);
    expect(refused.body.errors[0]!.field).toBe('tiers.2.minClvMinor');
    const marketing = await call(world.ledger.baseUrl, 'POST', '/v1/value-policies/preview', {
      token: program.marketing,
      body: DASHBOARD_POLICY,
    });
    expect(marketing.status).toBe(403);
  });
});
