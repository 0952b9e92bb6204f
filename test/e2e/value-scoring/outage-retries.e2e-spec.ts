import { bullPrefix, QueueName } from '@loyalty/messaging';
import {
  enrolMember,
  eventually,
  type LedgerWorld,
  type RunningApp,
  startApp,
  TcpProxy,
  testConfig,
} from '@loyalty/testing';
import { Queue } from 'bullmq';
import { createValueScoringWorkerApp } from '../../../apps/value-scoring-worker/src/value-scoring-worker.app';
import { startWorld } from '../points-ledger/ledger-world';

/**
 * A PostgreSQL outage as the worker lives through it: a job that cannot reach the database is
 * put back to wait without using an attempt, as often as the outage needs, and runs once the
 * database is back. The worker has a Redis prefix of its own, so no other spec's worker (with a
 * database that answers) takes the job.
 */
describe('value-scoring-worker: an outage uses no attempts', () => {
  let world: LedgerWorld;
  let database: TcpProxy;
  let worker: RunningApp;
  let queue: Queue;

  beforeAll(async () => {
    world = await startWorld();
    const config = testConfig();
    database = await TcpProxy.start(config.database.host, config.database.port);
    const prefix = `${config.redis.keyPrefix}-outage`;
    worker = await startApp(createValueScoringWorkerApp, {
      DATABASE_PORT: String(database.port),
      DATABASE_CONNECT_TIMEOUT_MS: '500',
      REDIS_KEY_PREFIX: prefix,
    });
    queue = new Queue(QueueName.ValueScoring, {
      connection: { host: config.redis.host, port: config.redis.port, db: config.redis.db },
      prefix: bullPrefix({ ...config.redis, keyPrefix: prefix }),
    });
  });

  afterAll(async () => {
    database?.restore();
    await queue?.close();
    await worker?.close();
    await database?.close();
    await world?.close();
  });

  it('keeps a one-attempt job through repeated failures to reach PostgreSQL, then runs it', async () => {
    const member = await enrolMember(world);
    database.cut();
    const job = await queue.add(
      'score-member',
      { programId: world.program.programId, memberId: member.memberId },
      { attempts: 1 },
    );
    for (let start = 1; start <= 3; start += 1) {
      const waiting = await eventually(
        () => queue.getJob(job.id!),
        (current) => (current?.attemptsStarted ?? 0) >= start && current?.delay !== undefined,
        { timeoutMs: 15_000 },
      );
      await eventually(
        () => queue.getJobState(job.id!),
        (state) => state === 'delayed',
        { timeoutMs: 15_000 },
      );
      expect(waiting?.attemptsMade).toBe(0);
      // Skip the wait: the next start meets the same outage.
      if (start < 3) await (await queue.getJob(job.id!))!.promote();
    }
    database.restore();
    await (await queue.getJob(job.id!))!.promote();
    const done = await eventually(
      () => queue.getJobState(job.id!),
      (state) => state === 'completed' || state === 'failed',
      { timeoutMs: 20_000 },
    );
    expect(done).toBe('completed');
    const finished = await queue.getJob(job.id!);
    // The one attempt it was given is the one that completed it.
    expect(finished?.attemptsMade).toBe(1);
    expect(finished?.attemptsStarted).toBeGreaterThanOrEqual(4);
  }, 60_000);
});
