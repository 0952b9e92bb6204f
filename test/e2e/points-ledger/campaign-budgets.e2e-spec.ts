import {
  brokenLedgerRules,
  call,
  enrolMember,
  type EnrolledMember,
  type LedgerWorld,
  ledgerWrite,
  purchaseOf,
  STANDARD_EARNING_RULES,
} from '@loyalty/testing';
import { startWorld } from './ledger-world';

interface RecordedPurchase {
  points: number;
  breakdown: { rule: string; points: number; detail: string | null }[];
}

const HOUR = 3_600_000;

describe('points-ledger: bonus campaigns that stop at their budget', () => {
  let world: LedgerWorld;

  beforeAll(async () => {
    world = await startWorld();
  });

  afterAll(async () => {
    await world?.close();
  });

  /** Publishes the world's rules with these campaigns, running from an hour ago to in an hour. */
  const publishCampaigns = async (...campaigns: object[]) => {
    const published = await call(world.ledger.baseUrl, 'POST', '/v1/earning-rules', {
      token: world.admin,
      body: {
        ...STANDARD_EARNING_RULES,
        effectiveFrom: new Date(Date.now() - 1_000).toISOString(),
        campaigns: campaigns.map((campaign) => ({
          startsAt: new Date(Date.now() - HOUR).toISOString(),
          endsAt: new Date(Date.now() + HOUR).toISOString(),
          multiplierBp: 10000,
          categories: [],
          ...campaign,
        })),
      },
    });
    expect(published.status).toBe(201);
  };
  const buyNow = (member: EnrolledMember, amountMinor = 1_000) =>
    ledgerWrite<RecordedPurchase>(world, '/v1/purchases', {
      body: purchaseOf(member, amountMinor, { occurredAt: new Date().toISOString() }),
    });
  const bonusOf = (purchase: RecordedPurchase, code: string) =>
    purchase.breakdown
      .filter((line) => line.rule === 'campaign' && line.detail === code)
      .reduce((sum, line) => sum + line.points, 0);

  it('credits exactly its budget, never over, with 64 tills racing', async () => {
    await publishCampaigns({ code: 'launch', bonusPoints: 50, budgetPoints: 1_010 });
    const members = await Promise.all(Array.from({ length: 64 }, () => enrolMember(world)));
    const answers = await Promise.all(members.map((member) => buyNow(member)));
    expect(answers.every((answer) => answer.status === 201)).toBe(true);
    const bonuses = answers.map((answer) => bonusOf(answer.body, 'launch'));
    expect(bonuses.reduce((sum, bonus) => sum + bonus, 0)).toBe(1_010);
    expect(bonuses.filter((bonus) => bonus === 50)).toHaveLength(20);
    expect(bonuses.filter((bonus) => bonus === 10)).toHaveLength(1);
    expect(bonuses.filter((bonus) => bonus === 0)).toHaveLength(43);
    // Every purchase still earns its base points.
    expect(answers.every((answer) => answer.body.points === 10 + bonusOf(answer.body, 'launch')));

    const [issued] = await world.dataSource.query<{ points: number }[]>(
      `SELECT coalesce(sum(points), 0)::bigint AS points FROM campaign_credits
        WHERE program_id = $1 AND campaign_code = 'launch'`,
      [world.program.programId],
    );
    expect(issued!.points).toBe(1_010);
    const campaigns = await call<{
      items: { code: string; spentPoints: number; leftPoints: number; purchases: number }[];
    }>(world.ledger.baseUrl, 'GET', '/v1/campaigns', { token: world.admin });
    expect(campaigns.body.items.find((item) => item.code === 'launch')).toMatchObject({
      budgetPoints: 1_010,
      spentPoints: 1_010,
      leftPoints: 0,
      purchases: 21,
    });
    const insight = await call<{
      campaigns: {
        code: string;
        spentPoints: number;
        purchasesDuring: number;
        incrementalPurchases: number;
        pointsPerIncrementalPurchase: number | null;
      }[];
    }>(world.ledger.baseUrl, 'GET', '/v1/insights/rewards', { token: world.admin });
    const launch = insight.body.campaigns.find((campaign) => campaign.code === 'launch')!;
    expect(launch).toMatchObject({ spentPoints: 1_010, purchasesDuring: 64 });
    expect(launch.pointsPerIncrementalPurchase).toBe(1_010 / launch.incrementalPurchases);
    const told = await world.dataSource.query<{ payload: { code: string } }[]>(
      `SELECT payload FROM outbox_events WHERE program_id = $1 AND type = 'campaign.budget_spent'`,
      [world.program.programId],
    );
    expect(told.map((event) => event.payload.code)).toEqual(['launch']);
    // The till's preview no longer promises the bonus.
    const preview = await ledgerWrite<RecordedPurchase>(world, '/v1/purchases/preview', {
      body: {
        cardNumber: members[0]!.cardNumber,
        amountMinor: 1_000,
        currency: 'EUR',
        occurredAt: new Date().toISOString(),
      },
      key: null,
    });
    expect(preview.status).toBe(200);
    expect(bonusOf(preview.body, 'launch')).toBe(0);
    expect(await brokenLedgerRules(world)).toEqual([]);
  });

  it('holds each member to the campaign’s points per period, also buying at several tills', async () => {
    await publishCampaigns({
      code: 'weekly-treat',
      bonusPoints: 60,
      perMemberLimit: { points: 100, period: 'week' },
    });
    const member = await enrolMember(world);
    const answers = await Promise.all(Array.from({ length: 4 }, () => buyNow(member)));
    expect(answers.map((answer) => answer.status)).toEqual([201, 201, 201, 201]);
    const bonuses = answers
      .map((answer) => bonusOf(answer.body, 'weekly-treat'))
      .sort((a, b) => b - a);
    expect(bonuses).toEqual([60, 40, 0, 0]);
    const other = await enrolMember(world);
    expect(bonusOf((await buyNow(other)).body, 'weekly-treat')).toBe(60);
    const preview = await ledgerWrite<RecordedPurchase>(world, '/v1/purchases/preview', {
      body: {
        cardNumber: member.cardNumber,
        amountMinor: 1_000,
        currency: 'EUR',
        occurredAt: new Date().toISOString(),
      },
      key: null,
    });
    expect(bonusOf(preview.body, 'weekly-treat')).toBe(0);
  });

  it('refuses two campaigns of one code in a version, naming the field', async () => {
    const refused = await call<{ errors?: { field: string }[] }>(
      world.ledger.baseUrl,
      'POST',
      '/v1/earning-rules',
      {
        token: world.admin,
        body: {
          ...STANDARD_EARNING_RULES,
          campaigns: ['twice', 'twice'].map((code) => ({
            code,
            startsAt: new Date(Date.now() - HOUR).toISOString(),
            endsAt: new Date(Date.now() + HOUR).toISOString(),
            multiplierBp: 10000,
            bonusPoints: 5,
            categories: [],
          })),
        },
      },
    );
    expect(refused.status).toBe(400);
    expect(refused.body.errors?.map((error) => error.field)).toContain('campaigns.1.code');
  });
});
