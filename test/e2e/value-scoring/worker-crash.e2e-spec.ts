import { bullPrefix, QueueName } from '@loyalty/messaging';
import {
  AppProcess,
  brokenLedgerRules,
  call,
  daysAgo,
  enrolMember,
  type EnrolledMember,
  eventually,
  freePort,
  type LedgerWorld,
  ledgerWrite,
  purchaseOf,
  testConfig,
  untilReady,
} from '@loyalty/testing';
import { Queue } from 'bullmq';
import { randomUUID } from 'node:crypto';
import { startWorld } from '../points-ledger/ledger-world';

const MEMBERS = 120;
/**
 * The killed worker has queues of its own: no other spec's worker can take its rescore, and the
 * only upgrades are the rescore's.
 */
const PRIVATE_PREFIX = `${testConfig().redis.keyPrefix}-crash`;
const policy = (silverFrom: number) => ({
  tierBasis: 'clv',
  tiers: [
    { name: 'member', earningMultiplierBp: 10000, upgradeRewardPoints: 0 },
    {
      name: 'silver',
      minClvMinor: silverFrom,
      earningMultiplierBp: 12000,
      upgradeRewardPoints: 100,
    },
  ],
  downgradeGraceDays: 30,
  horizonMonths: 12,
  annualDiscountRate: 0.1,
  margin: 0.3,
  costToServePerPurchaseMinor: 0,
  minHistoryDays: 365,
  winBack: null,
});

describe('value scoring: a worker killed in the middle of a rescore', () => {
  let world: LedgerWorld;
  let queue: Queue;
  const members: EnrolledMember[] = [];

  beforeAll(async () => {
    world = await startWorld();
    const { redis } = testConfig();
    queue = new Queue(QueueName.ValueScoring, {
      connection: { host: redis.host, port: redis.port, db: redis.db },
      prefix: bullPrefix({ ...redis, keyPrefix: PRIVATE_PREFIX }),
    });
  });

  afterAll(async () => {
    await queue?.close();
    await world?.close();
  });

  const startWorker = async (): Promise<AppProcess> => {
    const port = await freePort();
    const worker = new AppProcess('value-scoring-worker', {
      VALUE_SCORING_WORKER_PORT: String(port),
      REDIS_KEY_PREFIX: PRIVATE_PREFIX,
    });
    await untilReady(`http://127.0.0.1:${port}`);
    return worker;
  };
  const publish = async (silverFrom: number) => {
    const published = await call(world.ledger.baseUrl, 'POST', '/v1/value-policies', {
      token: world.admin,
      body: policy(silverFrom),
    });
    expect(published.status).toBe(201);
  };
  const rewardCounts = () =>
    world.dataSource.query<{ member_id: string; rewards: number }[]>(
      `SELECT a.member_id, count(*)::int AS rewards
         FROM journal_transactions t
         JOIN journal_entries e ON e.transaction_id = t.id
         JOIN ledger_accounts a ON a.id = e.account_id AND a.kind = 'member'
        WHERE t.kind = 'reward' AND t.program_id = $1
        GROUP BY a.member_id`,
      [world.program.programId],
    );
  const tiers = () =>
    world.dataSource.query<{ tier: string; members: number }[]>(
      `SELECT tier, count(*)::int AS members FROM member_tiers WHERE program_id = $1 GROUP BY tier`,
      [world.program.programId],
    );

  it('resumes after kill -9 and pays every upgrade bonus exactly once', async () => {
    // One purchase of 100.00 45 days ago: CLV ≈ 0.67 × 10,000 × 12 × 0.3 = 24,000 each.
    await publish(1_000_000);
    for (let index = 0; index < MEMBERS; index += 1) {
      const member = await enrolMember(world);
      members.push(member);
      await ledgerWrite(world, '/v1/purchases', {
        body: purchaseOf(member, 10_000, { occurredAt: daysAgo(45) }),
      });
    }
    let worker = await startWorker();
    try {
      await queue.add('rescore-program', {
        requestedBy: 'jest',
        programId: world.program.programId,
      });
      await eventually(tiers, (rows) => rows.length === 1 && rows[0]!.members === MEMBERS, {
        timeoutMs: 30_000,
      });
      await eventually(
        () => queue.getJobCounts('wait', 'delayed', 'active', 'prioritized'),
        (counts) => Object.values(counts).every((count) => count === 0),
        { timeoutMs: 30_000 },
      );

      await publish(20_000);
      await queue.add(
        'rescore-program',
        { requestedBy: 'jest', programId: world.program.programId },
        { jobId: `rescore-${randomUUID()}` },
      );
      await eventually(rewardCounts, (rows) => rows.length >= 10, { timeoutMs: 30_000 });
      worker.signal('SIGKILL');
      await worker.exited;
      const paidBeforeTheCrash = (await rewardCounts()).length;
      expect(paidBeforeTheCrash).toBeLessThan(MEMBERS);
      const [running] = await queue.getJobs(['active']);
      expect(running?.name).toBe('rescore-program');

      worker = await startWorker();
      const rewards = await eventually(rewardCounts, (rows) => rows.length === MEMBERS, {
        timeoutMs: 60_000,
      });
      expect(rewards.every((row) => row.rewards === 1)).toBe(true);
      expect(await tiers()).toEqual([{ tier: 'silver', members: MEMBERS }]);
      const [upgrades] = await world.dataSource.query<{ count: number }[]>(
        `SELECT count(*)::int AS count FROM tier_changes WHERE program_id = $1 AND kind = 'upgraded'`,
        [world.program.programId],
      );
      expect(upgrades!.count).toBe(MEMBERS);
      expect(await brokenLedgerRules(world)).toEqual([]);
    } finally {
      worker.signal('SIGTERM');
      await worker.exited;
    }
  }, 150_000);
});
