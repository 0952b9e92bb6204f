import { StaffRole } from '@loyalty/domain';
import {
  call,
  enrolMember,
  createStaffAccount,
  type LedgerWorld,
  ledgerWrite,
  memberToken,
  signInStaff,
} from '@loyalty/testing';
import { randomUUID } from 'node:crypto';
import { startWorld } from '../points-ledger/ledger-world';

interface Member {
  memberId: string;
  cardNumber: string;
  email: string;
}

/** The 15th of the month `monthsAgo` months back, at noon UTC: clear of any time-zone edge. */
const midMonth = (monthsAgo: number): Date => {
  const now = new Date();
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - monthsAgo, 15, 12));
};

describe('insights: hand-computed figures', () => {
  let world: LedgerWorld;
  let marketing: string;
  const members: Member[] = [];

  const get = async <T>(path: string) => {
    const response = await call<T>(world.ledger.baseUrl, 'GET', path, { token: marketing });
    expect(response.status).toBe(200);
    return response.body;
  };

  beforeAll(async () => {
    world = await startWorld();
    marketing = await signInStaff(
      world.cardIssuance.baseUrl,
      await createStaffAccount(
        world.dataSource,
        world.program.programId,
        StaffRole.Marketing,
        null,
      ),
    );
    // Marketing spent 2,000 on the social campaign that brought two members, nothing on referrals.
    const campaignOf = async (channel: string, spendMinor: number) =>
      (
        await call<{ id: string }>(
          world.cardIssuance.baseUrl,
          'POST',
          '/v1/acquisition-campaigns',
          {
            token: marketing,
            body: {
              channel,
              name: `${channel}-launch`,
              startsOn: '2000-01-01',
              endsOn: '2999-12-31',
              spendMinor,
            },
          },
        )
      ).body.id;
    const social = await campaignOf('paid_social', 2_000);
    const referral = await campaignOf('referral', 0);
    const channels = [
      ['paid_social', social],
      ['paid_social', social],
      ['referral', referral],
      ['store', null],
    ] as const;
    for (const [channel, campaign] of channels) {
      const email = `insight-${randomUUID()}@example.com`;
      const enrolled = await call<{ member: { id: string }; card: { number: string } }>(
        world.cardIssuance.baseUrl,
        'POST',
        '/v1/members',
        {
          token: world.clerk,
          body: {
            email,
            acquisitionChannel: channel,
            ...(campaign === null ? {} : { acquisitionCampaignId: campaign }),
            marketingConsent: false,
            card: { kind: 'virtual' },
          },
        },
      );
      members.push({
        memberId: enrolled.body.member.id,
        cardNumber: enrolled.body.card.number,
        email,
      });
    }
    await world.dataSource.query(`UPDATE members SET enrolled_at = $2 WHERE id = ANY($1::uuid[])`, [
      members.map((m) => m.memberId),
      midMonth(6).toISOString(),
    ]);
    const clvs = [1_000, 2_000, 3_000, -500];
    for (const [index, member] of members.entries()) {
      await world.dataSource.query(
        `INSERT INTO member_scores (member_id, program_id, method, frequency, recency_days, age_days,
             monetary_minor, p_alive, expected_purchases, expected_value_minor, clv_minor, scored_at)
         VALUES ($1, $2, 'simple', 0, 0, 0, 0, 1, 0, 0, $3, now())`,
        [member.memberId, world.program.programId, clvs[index]],
      );
    }
    const buy = (member: Member, amountMinor: number, at: Date) =>
      ledgerWrite(world, '/v1/purchases', {
        body: {
          cardNumber: member.cardNumber,
          receiptId: `R-${randomUUID()}`,
          amountMinor,
          currency: 'EUR',
          occurredAt: at.toISOString(),
        },
      });
    for (const member of members) await buy(member, 1_000, midMonth(2));
    await buy(members[0]!, 2_000, midMonth(1));
    await buy(members[1]!, 4_000, midMonth(1));
  });

  afterAll(async () => {
    await world?.close();
  });

  it('sums CLV into customer equity', async () => {
    expect(await get('/v1/insights/customer-equity')).toMatchObject({
      customerEquityMinor: 5_500,
      membersScored: 4,
    });
  });

  it('gives CLV per channel and CLV/CAC before the acquisition cost is taken off', async () => {
    const byChannel = await get<{
      items: { segment: string; members: number; clvMinor: number }[];
    }>('/v1/insights/clv?by=channel');
    expect(byChannel.items).toEqual([
      expect.objectContaining({ segment: 'paid_social', members: 2, clvMinor: 3_000 }),
      expect.objectContaining({ segment: 'referral', members: 1, clvMinor: 3_000 }),
      expect.objectContaining({ segment: 'store', members: 1, clvMinor: -500 }),
    ]);
    // Stores by the code and name people know them by, not only their id.
    const byStore = await get<{ items: Record<string, unknown>[] }>('/v1/insights/clv?by=store');
    expect(byStore.items).toEqual([
      expect.objectContaining({
        segment: 'FIRST',
        storeId: world.program.storeIds[0],
        storeCode: 'FIRST',
        storeName: 'FIRST store',
        members: 4,
        clvMinor: 5_500,
      }),
    ]);
    const acquisition = await get<{ items: Record<string, unknown>[] }>('/v1/insights/acquisition');
    expect(acquisition.items.find((row) => row.channel === 'paid_social')).toMatchObject({
      members: 2,
      acquisitionCostMinor: 2_000,
      cacMinor: 1_000,
      meanGrossClvMinor: 2_500,
      clvToCac: 2.5,
      revenueLast12MonthsMinor: 8_000,
      arpuMonthlyMinor: 333,
      cacPaybackMonths: 3,
    });
  });

  it('counts churn and retention per month', async () => {
    const from = midMonth(2).toISOString();
    const to = midMonth(0).toISOString();
    const retention = await get<{ items: Record<string, unknown>[] }>(
      `/v1/insights/retention?period=month&from=${from}&to=${to}`,
    );
    expect(retention.items).toHaveLength(2);
    expect(retention.items[0]).toMatchObject({
      activeAtStart: 0,
      retentionRate: null,
      newlyActive: 4,
    });
    expect(retention.items[1]).toMatchObject({
      activeAtStart: 4,
      retained: 2,
      retentionRate: 0.5,
      churnRate: 0.5,
    });
    const arpu = await get<{ items: Record<string, unknown>[] }>(
      `/v1/insights/arpu?period=month&from=${from}&to=${to}`,
    );
    expect(arpu.items[1]).toMatchObject({
      revenueMinor: 6_000,
      membersAtStart: 4,
      arpuMinor: 1_500,
    });
  });

  it('scores NPS, CSAT and CES from the members’ answers, one voice per member', async () => {
    const voters = await Promise.all(Array.from({ length: 10 }, () => enrolMember(world)));
    const tokens = await Promise.all(voters.map((member) => memberToken(world, member)));
    const storeId = world.program.storeIds[0];
    const answers = [
      { nps: 9, csat: 5 },
      { nps: 10, csat: 4 },
      { nps: 9, csat: 2 },
      { nps: 10, csat: 3 },
      { nps: 9, ces: 2 },
      { nps: 7, ces: 3 },
      { nps: 8, ces: 4 },
      { nps: 7 },
      { nps: 3 },
      { nps: 6, comment: 'the till was slow' },
    ];
    // The first member's first answer is replaced by their second: they count once, as a 9.
    const first = await call(world.ledger.baseUrl, 'POST', '/v1/me/surveys', {
      token: tokens[0]!,
      body: { nps: 0, storeId },
    });
    expect(first.body).toMatchObject({ replaced: false });
    for (const [index, answer] of answers.entries()) {
      const answered = await call(world.ledger.baseUrl, 'POST', '/v1/me/surveys', {
        token: tokens[index]!,
        body: { ...answer, storeId },
      });
      expect(answered.status).toBe(201);
      expect(answered.body).toMatchObject({ replaced: index === 0 });
    }
    const refused = await call(world.ledger.baseUrl, 'POST', '/v1/me/surveys', {
      token: tokens[0]!,
      body: { nps: 11 },
    });
    expect(refused.status).toBe(400);
    const surveys = await get<{ items: Record<string, unknown>[] }>('/v1/insights/surveys');
    expect(surveys.items).toEqual([
      expect.objectContaining({
        storeId,
        storeCode: 'FIRST',
        storeName: 'FIRST store',
        npsAnswers: 10,
        promoters: 5,
        passives: 3,
        detractors: 2,
        nps: 30,
        csat: 0.5,
        ces: 3,
      }),
    ]);
  });

  it('reports the points liability', async () => {
    const points = await get<{
      outstanding: number;
      owed: number;
      expiring: { withinDays: number; points: number }[];
    }>('/v1/insights/points');
    // 10 + 10 + 10 + 10 from the first month, 20 + 40 from the second.
    expect(points).toMatchObject({ outstanding: 100, owed: 0, held: 0 });
    expect(points.expiring.map((window) => window.withinDays)).toEqual([30, 90, 365]);
    expect(points.expiring[2]!.points).toBe(100);
  });

  it('is for marketing and admins only', async () => {
    const clerk = await call(world.ledger.baseUrl, 'GET', '/v1/insights/customer-equity', {
      token: world.clerk,
    });
    expect(clerk.status).toBe(403);
  });
});
