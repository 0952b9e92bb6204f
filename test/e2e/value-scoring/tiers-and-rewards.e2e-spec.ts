import { StaffRole } from '@loyalty/domain';
import { bullPrefix, QueueName } from '@loyalty/messaging';
import {
  brokenLedgerRules,
  call,
  createStaffAccount,
  daysAgo,
  enrolMember,
  type EnrolledMember,
  eventually,
  type LedgerWorld,
  ledgerWrite,
  memberToken,
  purchaseOf,
  type RunningApp,
  signInStaff,
  startApp,
  testConfig,
} from '@loyalty/testing';
import { Queue } from 'bullmq';
import { randomUUID } from 'node:crypto';
import { PayRewardsUseCase } from '../../../apps/value-scoring-worker/src/scoring/pay-rewards.use-case';
import { ScoreMembersUseCase } from '../../../apps/value-scoring-worker/src/scoring/score-members.use-case';
import { createValueScoringWorkerApp } from '../../../apps/value-scoring-worker/src/value-scoring-worker.app';
import { startWorld } from '../points-ledger/ledger-world';

/**
 * No promoted model in this program, and a long minimum history: every member is valued by the
 * simple formula — purchases per month × mean purchase × 12 months × 30% margin — which the
 * expectations below compute by hand.
 */
const POLICY = {
  tierBasis: 'clv',
  tiers: [
    { name: 'member', earningMultiplierBp: 10000, upgradeRewardPoints: 0 },
    { name: 'silver', minClvMinor: 20_000, earningMultiplierBp: 12000, upgradeRewardPoints: 100 },
    { name: 'gold', minClvMinor: 60_000, earningMultiplierBp: 15000, upgradeRewardPoints: 500 },
  ],
  downgradeGraceDays: 30,
  horizonMonths: 12,
  annualDiscountRate: 0.1,
  margin: 0.3,
  costToServePerPurchaseMinor: 0,
  minHistoryDays: 365,
  winBack: null,
};
const DAY_MS = 86_400_000;

describe('value scoring: tiers that follow purchases, rewards paid once', () => {
  let world: LedgerWorld;
  let worker: RunningApp;
  let scoringQueue: Queue;

  beforeAll(async () => {
    world = await startWorld();
    worker = await startApp(createValueScoringWorkerApp);
    const { redis } = testConfig();
    scoringQueue = new Queue(QueueName.ValueScoring, {
      connection: { host: redis.host, port: redis.port, db: redis.db },
      prefix: bullPrefix(redis),
    });
    const published = await call(world.ledger.baseUrl, 'POST', '/v1/value-policies', {
      token: world.admin,
      body: POLICY,
    });
    expect(published.status).toBe(201);
  });

  afterAll(async () => {
    await scoringQueue?.close();
    await worker?.close();
    if (world) {
      const broken = await brokenLedgerRules(world);
      await world.close();
      expect(broken).toEqual([]);
    }
  });

  const buy = async (member: EnrolledMember, amountMinor: number, age = 45) => {
    const answer = await ledgerWrite(world, '/v1/purchases', {
      body: purchaseOf(member, amountMinor, { occurredAt: daysAgo(age) }),
    });
    expect(answer.status).toBe(201);
  };
  const tierOf = async (memberId: string) => {
    const [row] = await world.dataSource.query<{ tier: string | null }[]>(
      `SELECT tier FROM members WHERE id = $1`,
      [memberId],
    );
    return row?.tier ?? null;
  };
  const rewardsOf = (memberId: string) =>
    world.dataSource.query<{ points: number }[]>(
      `SELECT e.points FROM journal_transactions t
         JOIN journal_entries e ON e.transaction_id = t.id
         JOIN ledger_accounts a ON a.id = e.account_id AND a.member_id = $1
        WHERE t.kind = 'reward'`,
      [memberId],
    );
  const historyOf = (memberId: string) =>
    world.dataSource.query<{ kind: string; from_tier: string | null; to_tier: string }[]>(
      `SELECT kind, from_tier, to_tier FROM tier_changes WHERE member_id = $1 ORDER BY changed_at, kind`,
      [memberId],
    );

  it('places a member on their first purchase and upgrades them as they buy, paying the bonus once', async () => {
    const member = await enrolMember(world);
    await buy(member, 1_000); // 1 purchase in 1.5 months: CLV 0.67 × 1000 × 12 × 0.3 ≈ 2,400
    expect(
      await eventually(
        () => tierOf(member.memberId),
        (tier) => tier === 'member',
        { timeoutMs: 15_000 },
      ),
    ).toBe('member');
    for (let i = 0; i < 4; i += 1) await buy(member, 10_000); // 5 in 1.5 months, mean 8,200: ≈ 98,400
    await eventually(
      () => tierOf(member.memberId),
      (tier) => tier === 'gold',
      { timeoutMs: 15_000 },
    );
    const rewards = await eventually(
      () => rewardsOf(member.memberId),
      (rows) => rows.length > 0,
      { timeoutMs: 15_000 },
    );
    expect(rewards).toEqual([{ points: 500 }]);
    expect(await historyOf(member.memberId)).toEqual([
      { kind: 'placed', from_tier: null, to_tier: 'member' },
      { kind: 'upgraded', from_tier: 'member', to_tier: 'gold' },
    ]);

    // The same job again, and a scoring that crashed after deciding but before paying.
    const scoreMembers = worker.app.get(ScoreMembersUseCase);
    const payRewards = worker.app.get(PayRewardsUseCase);
    await scoringQueue.add('score-member', {
      programId: world.program.programId,
      memberId: member.memberId,
    });
    await scoreMembers.execute(world.program.programId, [member.memberId]);
    await payRewards.execute(world.program.programId, [member.memberId]);
    await payRewards.execute(world.program.programId, [member.memberId]);
    expect(await rewardsOf(member.memberId)).toEqual([{ points: 500 }]);

    const token = await memberToken(world, member);
    const mine = await call<{ tier: string; earningMultiplierBp: number; nextTier: unknown }>(
      world.ledger.baseUrl,
      'GET',
      '/v1/me/tier',
      { token },
    );
    expect(mine.body).toMatchObject({ tier: 'gold', earningMultiplierBp: 15000, nextTier: null });

    // The desk and marketing read the same member's value with its inputs and each decision's
    // reason; the member's own session may not.
    const marketing = await signInStaff(
      world.cardIssuance.baseUrl,
      await createStaffAccount(
        world.dataSource,
        world.program.programId,
        StaffRole.Marketing,
        null,
      ),
    );
    const [stored] = await world.dataSource.query<{ clv_minor: number; frequency: number }[]>(
      `SELECT clv_minor, frequency FROM member_scores WHERE member_id = $1`,
      [member.memberId],
    );
    for (const staff of [world.clerk, marketing]) {
      const value = await call<{
        clv: Record<string, unknown>;
        tier: { name: string };
        tierHistory: { kind: string; toTier: string; reason: string; clvMinor: number }[];
      }>(world.ledger.baseUrl, 'GET', `/v1/members/${member.memberId}/value`, { token: staff });
      expect(value.status).toBe(200);
      expect(value.body.clv).toMatchObject({
        clvMinor: stored!.clv_minor,
        currency: 'EUR',
        frequency: stored!.frequency,
      });
      for (const input of [
        'recencyDays',
        'ageDays',
        'averageSpendMinor',
        'pAlive',
        'expectedPurchases',
      ]) {
        expect(typeof value.body.clv[input]).toBe('number');
      }
      expect(value.body.tier.name).toBe('gold');
      expect(value.body.tierHistory.map((decision) => [decision.kind, decision.toTier])).toEqual([
        ['upgraded', 'gold'],
        ['placed', 'member'],
      ]);
      expect(value.body.tierHistory.every((decision) => decision.reason.length > 0)).toBe(true);
    }
    const asMember = await call(
      world.ledger.baseUrl,
      'GET',
      `/v1/members/${member.memberId}/value`,
      {
        token,
      },
    );
    expect(asMember.status).toBe(403);
    const unknown = await call(world.ledger.baseUrl, 'GET', `/v1/members/${randomUUID()}/value`, {
      token: marketing,
    });
    expect(unknown.status).toBe(404);
  });

  it('earns by the tier’s multiplier once a member holds it', async () => {
    const member = await enrolMember(world);
    for (let i = 0; i < 5; i += 1) await buy(member, 10_000);
    await eventually(
      () => tierOf(member.memberId),
      (tier) => tier === 'gold',
      { timeoutMs: 15_000 },
    );
    const answer = await ledgerWrite<{
      points: number;
      breakdown: { rule: string; points: number }[];
    }>(world, '/v1/purchases', { body: purchaseOf(member, 1_000) });
    expect(answer.body.breakdown).toContainEqual({
      rule: 'tier_multiplier',
      points: 5,
      detail: 'gold',
    });
    expect(answer.body.points).toBe(15);
  });

  it('holds a member through a short dip and downgrades after the grace period', async () => {
    const member = await enrolMember(world);
    const scoreMembers = worker.app.get(ScoreMembersUseCase);
    const purchases: string[] = [];
    for (let i = 0; i < 5; i += 1) {
      const answer = await ledgerWrite<{ purchaseId: string }>(world, '/v1/purchases', {
        body: purchaseOf(member, 10_000, { occurredAt: daysAgo(45) }),
      });
      purchases.push(answer.body.purchaseId);
    }
    await scoreMembers.execute(world.program.programId, [member.memberId]);
    expect(await tierOf(member.memberId)).toBe('gold');
    for (const purchaseId of purchases.slice(1)) {
      await ledgerWrite(world, '/v1/refunds', { body: { purchaseId, amountMinor: 10_000 } });
    }
    const now = new Date();
    await scoreMembers.execute(world.program.programId, [member.memberId], now);
    expect(await tierOf(member.memberId)).toBe('gold');
    await scoreMembers.execute(
      world.program.programId,
      [member.memberId],
      new Date(now.getTime() + 29 * DAY_MS),
    );
    expect(await tierOf(member.memberId)).toBe('gold');
    await scoreMembers.execute(
      world.program.programId,
      [member.memberId],
      new Date(now.getTime() + 30 * DAY_MS),
    );
    expect(await tierOf(member.memberId)).toBe('member');
    expect((await historyOf(member.memberId)).map((change) => change.kind)).toEqual([
      'placed',
      'downgraded',
    ]);
  });

  it('scores a burst of 100 purchases from one member far fewer than 100 times', async () => {
    const member = await enrolMember(world);
    for (let i = 0; i < 100; i += 1) await buy(member, 500 + i);
    const relayed = await eventually(
      async () => {
        const [row] = await world.dataSource.query<{ pending: number }[]>(
          `SELECT count(*) FILTER (WHERE published_at IS NULL)::int AS pending FROM outbox_events
            WHERE member_id = $1`,
          [member.memberId],
        );
        return row!.pending;
      },
      (pending) => pending === 0,
      { timeoutMs: 20_000 },
    );
    expect(relayed).toBe(0);
    const runs = await eventually(
      async () => {
        const jobs = await scoringQueue.getJobs(['completed', 'active', 'wait', 'delayed']);
        const mine = jobs.filter(
          (job) => (job.data as { memberId?: string }).memberId === member.memberId,
        );
        return { all: mine.length, unfinished: mine.filter((job) => !job.finishedOn).length };
      },
      (count) => count.all > 0 && count.unfinished === 0,
      { timeoutMs: 20_000 },
    );
    expect(runs.all).toBeLessThan(20);
    const [score] = await world.dataSource.query<{ frequency: number }[]>(
      `SELECT frequency FROM member_scores WHERE member_id = $1`,
      [member.memberId],
    );
    expect(score!.frequency).toBe(0); // one purchase day: all 100 fell on the same day
  });
});
