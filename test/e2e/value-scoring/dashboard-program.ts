import { StaffRole } from '@loyalty/domain';
import {
  call,
  createStaffAccount,
  type EnrolledMember,
  type LedgerWorld,
  ledgerWrite,
  memberToken,
  signInStaff,
} from '@loyalty/testing';
import { randomUUID } from 'node:crypto';

/** The 15th of the month `monthsAgo` months back, at noon UTC: clear of any time-zone edge. */
export const midMonth = (monthsAgo: number): Date => {
  const now = new Date();
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - monthsAgo, 15, 12));
};

/** Members as the dashboard's figures count them, each written by hand below. */
export const DASHBOARD_MEMBERS = [
  // name,  enrolled months ago, CLV,   tier now, purchases (months ago, amount)
  {
    key: 'A',
    enrolled: 3,
    clv: 500,
    tier: 'member',
    buys: [
      [3, 10_000],
      [1, 2_000],
    ],
  },
  { key: 'B', enrolled: 3, clv: 1_500, tier: 'member', buys: [[3, 3_000]] },
  { key: 'C', enrolled: 3, clv: 2_500, tier: 'silver', buys: [[2, 4_000]] },
  { key: 'D', enrolled: 3, clv: 12_000, tier: 'silver', buys: [] },
  {
    key: 'E',
    enrolled: 2,
    clv: 0,
    tier: 'member',
    buys: [
      [2, 5_000],
      [1, 6_000],
    ],
  },
  { key: 'F', enrolled: 2, clv: 40_000, tier: 'gold', buys: [[1, 7_000]] },
] as const;

/** The policy in force: silver from 2,000 and gold from 10,000 of CLV (minor units). */
export const DASHBOARD_POLICY = {
  tierBasis: 'clv',
  tiers: [
    { name: 'member', earningMultiplierBp: 10_000, upgradeRewardPoints: 0 },
    { name: 'silver', minClvMinor: 2_000, earningMultiplierBp: 12_500, upgradeRewardPoints: 0 },
    { name: 'gold', minClvMinor: 10_000, earningMultiplierBp: 15_000, upgradeRewardPoints: 0 },
  ],
  downgradeGraceDays: 60,
  horizonMonths: 12,
  annualDiscountRate: 0.1,
  margin: 0.3,
  costToServePerPurchaseMinor: 0,
  minHistoryDays: 30,
  winBack: null,
  effectiveFrom: '2000-01-01T00:00:00Z',
};

export interface DashboardProgram {
  readonly marketing: string;
  readonly members: Readonly<Record<string, EnrolledMember>>;
  readonly campaignId: string;
}

/**
 * A program with something in every figure marketing's dashboard shows: scored members over
 * three tiers, tier moves, two enrolment cohorts with their purchases, an acquisition campaign,
 * equity snapshots, survey answers in two stores, and a claimed reward. Scores, tiers, tier
 * moves and snapshots are what the worker writes; they are written here by hand, with values
 * chosen so every figure can be worked out on paper.
 */
export async function seedDashboardProgram(world: LedgerWorld): Promise<DashboardProgram> {
  const { programId, storeIds } = world.program;
  const marketing = await signInStaff(
    world.cardIssuance.baseUrl,
    await createStaffAccount(world.dataSource, programId, StaffRole.Marketing, null),
  );
  const policy = await call(world.ledger.baseUrl, 'POST', '/v1/value-policies', {
    token: world.admin,
    body: DASHBOARD_POLICY,
  });
  if (policy.status !== 201) throw new Error(`value policy answered ${policy.status}`);
  const campaign = await call<{ id: string }>(
    world.cardIssuance.baseUrl,
    'POST',
    '/v1/acquisition-campaigns',
    {
      token: marketing,
      body: {
        channel: 'paid_social',
        name: `spring-${randomUUID().slice(0, 6)}`,
        startsOn: '2000-01-01',
        endsOn: '2999-12-31',
        spendMinor: 3_000,
      },
    },
  );

  const members: Record<string, EnrolledMember> = {};
  for (const person of DASHBOARD_MEMBERS) {
    const email = `dashboard-${person.key.toLowerCase()}-${randomUUID()}@example.com`;
    const viaCampaign = person.key === 'A' || person.key === 'B';
    const enrolled = await call<{ member: { id: string }; card: { number: string } }>(
      world.cardIssuance.baseUrl,
      'POST',
      '/v1/members',
      {
        token: world.clerk,
        body: {
          name: `Dashboard ${person.key}`,
          email,
          acquisitionChannel: viaCampaign ? 'paid_social' : 'store',
          ...(viaCampaign ? { acquisitionCampaignId: campaign.body.id } : {}),
          marketingConsent: true,
          card: { kind: 'virtual' },
        },
      },
    );
    if (enrolled.status !== 201) throw new Error(`enrolment answered ${enrolled.status}`);
    const member = {
      memberId: enrolled.body.member.id,
      cardNumber: enrolled.body.card.number,
      email,
    };
    members[person.key] = member;
    await world.dataSource.query(`UPDATE members SET enrolled_at = $2 WHERE id = $1`, [
      member.memberId,
      midMonth(person.enrolled).toISOString(),
    ]);
    await world.dataSource.query(
      `INSERT INTO member_scores (member_id, program_id, method, frequency, recency_days, age_days,
           monetary_minor, p_alive, expected_purchases, expected_value_minor, clv_minor, scored_at)
       VALUES ($1, $2, 'simple', 0, 0, 0, 0, 0.8, 1, 0, $3, now())`,
      [member.memberId, programId, person.clv],
    );
    await world.dataSource.query(
      `INSERT INTO member_tiers (member_id, program_id, tier, since) VALUES ($1, $2, $3, $4)`,
      [member.memberId, programId, person.tier, midMonth(1).toISOString()],
    );
    for (const [monthsAgo, amountMinor] of person.buys) {
      const bought = await ledgerWrite(world, '/v1/purchases', {
        body: {
          cardNumber: member.cardNumber,
          receiptId: `R-${randomUUID()}`,
          amountMinor,
          currency: 'EUR',
          occurredAt: midMonth(monthsAgo).toISOString(),
        },
      });
      if (bought.status !== 201) throw new Error(`purchase answered ${bought.status}`);
    }
  }

  // Tier moves: everyone placed two months ago; C and D up to silver and F to gold last month.
  const moves: [string, string | null, string, number][] = [
    ...DASHBOARD_MEMBERS.map(
      (person) => [person.key, null, 'member', 2] as [string, null, string, number],
    ),
    ['C', 'member', 'silver', 1],
    ['D', 'member', 'silver', 1],
    ['F', 'member', 'gold', 1],
  ];
  for (const [key, from, to, monthsAgo] of moves) {
    await world.dataSource.query(
      `INSERT INTO tier_changes (id, program_id, member_id, from_tier, to_tier, kind, reason,
           clv_minor, value_policy_version, changed_at)
       VALUES ($1, $2, $3, $4, $5, $6, 'fixture', 0, 1, $7)`,
      [
        randomUUID(),
        programId,
        members[key]!.memberId,
        from,
        to,
        from === null ? 'placed' : 'upgraded',
        midMonth(monthsAgo).toISOString(),
      ],
    );
  }
  for (const [monthsAgo, equity] of [
    [3, 40_000],
    [2, 48_000],
    [1, 56_500],
  ] as const) {
    await world.dataSource.query(
      `INSERT INTO portfolio_snapshots (id, program_id, taken_at, members_scored,
           customer_equity_minor, tier_cutoffs, by_tier)
       VALUES ($1, $2, $3, 6, $4, '[]', '{}')`,
      [randomUUID(), programId, midMonth(monthsAgo).toISOString(), equity],
    );
  }

  // Survey answers this month: two about the first store, one about the second.
  const answers = [
    ['A', storeIds[0], { nps: 10, csat: 5, ces: 2 }],
    ['B', storeIds[0], { nps: 6, csat: 3, ces: 5 }],
    ['C', storeIds[1], { nps: 9, csat: 4, ces: 3 }],
  ] as const;
  for (const [key, storeId, answer] of answers) {
    const token = await memberToken(world, members[key]!);
    const answered = await call(world.ledger.baseUrl, 'POST', '/v1/me/surveys', {
      token,
      body: { ...answer, storeId },
    });
    if (answered.status !== 201) throw new Error(`survey answered ${answered.status}`);
  }

  // A reward, claimed once by A (who has 120 points).
  const reward = await call<{ rewardId: string }>(
    world.ledger.baseUrl,
    'POST',
    '/v1/rewards-catalog',
    {
      token: world.admin,
      body: {
        code: `coffee-${randomUUID().slice(0, 6)}`,
        name: 'Free coffee',
        description: 'Any coffee.',
        costPoints: 50,
        benefit: { kind: 'free_item', sku: 'SKU-COFFEE' },
        voucherValidDays: 30,
      },
    },
  );
  if (reward.status !== 201) throw new Error(`reward answered ${reward.status}`);
  const claimed = await call(
    world.ledger.baseUrl,
    'POST',
    `/v1/me/rewards/${reward.body.rewardId}/claim`,
    { token: await memberToken(world, members.A!), headers: { 'idempotency-key': randomUUID() } },
  );
  if (claimed.status !== 201) throw new Error(`claim answered ${claimed.status}`);

  return { marketing, members, campaignId: campaign.body.id };
}
