import { bullPrefix, type FitClvModelResult, QueueName } from '@loyalty/messaging';
import {
  call,
  daysAgo,
  enrolMember,
  type EnrolledMember,
  eventually,
  type LedgerWorld,
  ledgerWrite,
  purchaseOf,
  type RunningApp,
  startApp,
  testConfig,
} from '@loyalty/testing';
import { Queue, QueueEvents } from 'bullmq';
import { PayRewardsUseCase } from '../../../apps/value-scoring-worker/src/scoring/pay-rewards.use-case';
import { ScoreMembersUseCase } from '../../../apps/value-scoring-worker/src/scoring/score-members.use-case';
import { createValueScoringWorkerApp } from '../../../apps/value-scoring-worker/src/value-scoring-worker.app';
import { startWorld } from '../points-ledger/ledger-world';

const POLICY = {
  tierBasis: 'percentile',
  tiers: [
    { name: 'member', earningMultiplierBp: 10000, upgradeRewardPoints: 0 },
    { name: 'silver', minPercentile: 50, earningMultiplierBp: 12000, upgradeRewardPoints: 0 },
    { name: 'gold', minPercentile: 90, earningMultiplierBp: 15000, upgradeRewardPoints: 0 },
  ],
  downgradeGraceDays: 30,
  horizonMonths: 12,
  annualDiscountRate: 0.1,
  margin: 0.3,
  costToServePerPurchaseMinor: 0,
  minHistoryDays: 0,
  winBack: null,
};

/** Member i buys every few days from a start date until they stop: some stay, some lapse. */
function historyOf(index: number): { daysAgo: number; amountMinor: number }[] {
  const every = 5 + (index % 9) * 4;
  const first = 190 - (index % 5) * 10;
  const last = index % 3 === 0 ? 100 + (index % 4) * 15 : 1;
  const purchases = [];
  for (let day = first; day >= last; day -= every) {
    purchases.push({ daysAgo: day, amountMinor: 1_000 + ((index * 37 + day * 13) % 4_000) });
  }
  return purchases;
}

describe('value scoring: the CLV model’s lifecycle', () => {
  let world: LedgerWorld;
  let worker: RunningApp;
  let queue: Queue;
  let queueEvents: QueueEvents;
  const members: EnrolledMember[] = [];

  beforeAll(async () => {
    world = await startWorld();
    worker = await startApp(createValueScoringWorkerApp);
    const { redis } = testConfig();
    const options = {
      connection: { host: redis.host, port: redis.port, db: redis.db },
      prefix: bullPrefix(redis),
    };
    queue = new Queue(QueueName.ValueScoring, options);
    queueEvents = new QueueEvents(QueueName.ValueScoring, options);
    await queueEvents.waitUntilReady();
    const published = await call(world.ledger.baseUrl, 'POST', '/v1/value-policies', {
      token: world.admin,
      body: POLICY,
    });
    expect(published.status).toBe(201);
  });

  afterAll(async () => {
    await queueEvents?.close();
    await queue?.close();
    await worker?.close();
    await world?.close();
  });

  const buyHistory = async (member: EnrolledMember, index: number) => {
    for (const purchase of historyOf(index)) {
      const answer = await ledgerWrite(world, '/v1/purchases', {
        body: purchaseOf(member, purchase.amountMinor, { occurredAt: daysAgo(purchase.daysAgo) }),
      });
      expect(answer.status).toBe(201);
    }
  };
  const fit = async () => {
    const job = await queue.add('fit-clv-model', {
      requestedBy: 'jest',
      programId: world.program.programId,
    });
    const result = (await job.waitUntilFinished(queueEvents, 30_000)) as FitClvModelResult;
    return result.fits[0]!;
  };
  const models = () =>
    world.dataSource.query<{ version: number; status: string; reason: string | null }[]>(
      `SELECT version, status, reason FROM clv_models WHERE program_id = $1 ORDER BY version`,
      [world.program.programId],
    );

  it('refuses to promote a fit on too little data, and says why', async () => {
    for (let index = 0; index < 3; index += 1) {
      members.push(await enrolMember(world));
      await buyHistory(members[index]!, index);
    }
    expect(await fit()).toMatchObject({ version: 1, status: 'rejected' });
    expect(await models()).toEqual([
      { version: 1, status: 'rejected', reason: '3 members with purchases; 30 needed' },
    ]);
  });

  it('promotes a fit on enough history, then rescores every member with it', async () => {
    for (let index = 3; index < 40; index += 1) {
      members.push(await enrolMember(world));
      await buyHistory(members[index]!, index);
    }
    expect(await fit()).toMatchObject({ version: 2, status: 'promoted', reason: null });
    const scored = await eventually(
      () =>
        world.dataSource.query<{ method: string; p_alive: number; version: number | null }[]>(
          `SELECT s.method, s.p_alive, m.version FROM member_scores s
             LEFT JOIN clv_models m ON m.id = s.clv_model_id
            WHERE s.program_id = $1`,
          [world.program.programId],
        ),
      (rows) => rows.length === 40 && rows.every((row) => row.version === 2),
      { timeoutMs: 30_000 },
    );
    expect(scored.every((row) => row.method === 'model')).toBe(true);
    // The rescore ends with its snapshot, after the tier pass.
    await eventually(
      () =>
        world.dataSource.query<{ id: string }[]>(
          `SELECT id FROM portfolio_snapshots WHERE program_id = $1`,
          [world.program.programId],
        ),
      (rows) => rows.length > 0,
      { timeoutMs: 30_000 },
    );
    // Those who stopped buying months ago are less likely alive than those still buying.
    const lapsed = members.map((_, index) => index).filter((index) => index % 3 === 0);
    expect(lapsed.length).toBeGreaterThan(5);

    const tiers = await world.dataSource.query<{ tier: string; members: number }[]>(
      `SELECT tier, count(*)::int AS members FROM member_tiers WHERE program_id = $1
        GROUP BY tier ORDER BY tier`,
      [world.program.programId],
    );
    const count = (tier: string) => tiers.find((row) => row.tier === tier)?.members ?? 0;
    expect(count('gold')).toBeGreaterThanOrEqual(3);
    expect(count('gold')).toBeLessThanOrEqual(6);
    expect(count('silver') + count('gold')).toBeGreaterThanOrEqual(18);
    expect(count('member') + count('silver') + count('gold')).toBe(40);
    const [snapshot] = await world.dataSource.query<{ members_scored: number; equity: number }[]>(
      `SELECT members_scored, customer_equity_minor AS equity FROM portfolio_snapshots
        WHERE program_id = $1 ORDER BY taken_at DESC LIMIT 1`,
      [world.program.programId],
    );
    expect(snapshot!.members_scored).toBe(40);
    const [equity] = await world.dataSource.query<{ total: number }[]>(
      `SELECT sum(clv_minor)::bigint AS total FROM member_scores WHERE program_id = $1`,
      [world.program.programId],
    );
    expect(snapshot!.equity).toBe(equity!.total);
  });

  it('gives those still buying a higher P(alive) than those who stopped', async () => {
    const rows = await world.dataSource.query<{ member_id: string; p_alive: number }[]>(
      `SELECT member_id, p_alive FROM member_scores WHERE program_id = $1`,
      [world.program.programId],
    );
    const pAlive = new Map(rows.map((row) => [row.member_id, row.p_alive]));
    const mean = (indexes: number[]) =>
      indexes.reduce((sum, index) => sum + pAlive.get(members[index]!.memberId)!, 0) /
      indexes.length;
    const all = members.map((_, index) => index);
    const lapsed = all.filter((index) => index % 3 === 0);
    const active = all.filter((index) => index % 3 !== 0);
    expect(mean(active)).toBeGreaterThan(mean(lapsed) + 0.2);
  });

  it('offers a win-back to valuable members slipping away, once per period', async () => {
    const published = await call(world.ledger.baseUrl, 'POST', '/v1/value-policies', {
      token: world.admin,
      body: {
        ...POLICY,
        winBack: { minClvMinor: 0, pAliveBelow: 0.5, rewardPoints: 50, periodDays: 180 },
      },
    });
    expect(published.status).toBe(201);
    const scoreMembers = worker.app.get(ScoreMembersUseCase);
    const payRewards = worker.app.get(PayRewardsUseCase);
    for (let run = 0; run < 2; run += 1) {
      await scoreMembers.execute(world.program.programId, null);
      await payRewards.execute(world.program.programId, null);
    }
    const atRisk = await world.dataSource.query<{ member_id: string }[]>(
      `SELECT member_id FROM member_scores
        WHERE program_id = $1 AND method = 'model' AND p_alive < 0.5 AND clv_minor >= 0`,
      [world.program.programId],
    );
    expect(atRisk.length).toBeGreaterThan(0);
    const rewarded = await world.dataSource.query<{ member_id: string; rewards: number }[]>(
      `SELECT a.member_id, count(*)::int AS rewards
         FROM journal_transactions t
         JOIN journal_entries e ON e.transaction_id = t.id
         JOIN ledger_accounts a ON a.id = e.account_id AND a.kind = 'member'
        WHERE t.kind = 'reward' AND t.program_id = $1 AND e.points = 50
        GROUP BY a.member_id`,
      [world.program.programId],
    );
    expect(rewarded.map((row) => row.member_id).sort()).toEqual(
      atRisk.map((row) => row.member_id).sort(),
    );
    expect(rewarded.every((row) => row.rewards === 1)).toBe(true);
    const [events] = await world.dataSource.query<{ count: number }[]>(
      `SELECT count(*)::int AS count FROM outbox_events
        WHERE program_id = $1 AND type = 'member.at_risk'`,
      [world.program.programId],
    );
    expect(events!.count).toBe(atRisk.length);
  });

  it('promotes a refit on the same data as a new version', async () => {
    expect(await fit()).toMatchObject({ version: 3, status: 'promoted' });
  });
});
