/**
 * npm run bench:backlog — how fast the worker drains a backlog of member scoring, as it builds up
 * behind a burst of purchases. A synthetic program (BENCH_MEMBERS, default 20,000, about
 * BENCH_PURCHASES_PER_MEMBER purchases each, default 10) in a scratch database; BENCH_BACKLOG
 * (default 3,000) score jobs for distinct members are queued at once, and the real worker app
 * (BullMQ, PostgreSQL, the scoring use cases) drains them, first with SCORING_CONCURRENCY 1 (the
 * baseline, as the worker ran before), then with BENCH_CONCURRENCY (default 4).
 *
 * Last line: drained_per_s_c1=<n> drained_per_s_cN=<n> ratio=<n> vs_300_writes_per_s=<n>
 */
import 'reflect-metadata';
import { loadLoyaltyConfig } from '@loyalty/config';
import { bullPrefix, QueueName } from '@loyalty/messaging';
import {
  buildDataSourceOptions,
  dropDatabase,
  ensureDatabaseExists,
  migrations,
} from '@loyalty/persistence';
import { Queue } from 'bullmq';
import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { createValueScoringWorkerApp } from '../src/value-scoring-worker.app';
import { seedSyntheticProgram, timed } from './synthetic-program';
import type { ColumnsOf } from '@loyalty/persistence';

const MEMBERS = Number(process.env.BENCH_MEMBERS ?? 20_000);
const PURCHASES_PER_MEMBER = Number(process.env.BENCH_PURCHASES_PER_MEMBER ?? 10);
const BACKLOG = Number(process.env.BENCH_BACKLOG ?? 3_000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 4);
/** The till load the worker must keep up with: one score job per purchase at most. */
const WRITES_PER_SECOND = 300;

async function drain(
  programId: string,
  memberIds: readonly string[],
  concurrency: number,
): Promise<number> {
  process.env.SCORING_CONCURRENCY = String(concurrency);
  const config = loadLoyaltyConfig();
  const queue = new Queue(QueueName.ValueScoring, {
    connection: { host: config.redis.host, port: config.redis.port, db: config.redis.db },
    prefix: bullPrefix(config.redis),
  });
  await queue.obliterate({ force: true });
  await queue.addBulk(
    memberIds.map((memberId) => ({
      name: 'score-member',
      data: { programId, memberId },
      opts: { removeOnComplete: true },
    })),
  );
  const app = await createValueScoringWorkerApp();
  try {
    const [, took] = await timed(
      `drain ${memberIds.length} jobs, concurrency ${concurrency}`,
      async () => {
        await app.init();
        for (;;) {
          const counts = await queue.getJobCounts('waiting', 'active', 'delayed', 'prioritized');
          if (Object.values(counts).every((count) => count === 0)) return;
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
      },
    );
    const failed = await queue.getFailedCount();
    if (failed > 0) throw new Error(`${failed} score jobs failed`);
    return memberIds.length / took;
  } finally {
    await app.close();
    await queue.close();
  }
}

async function main(): Promise<void> {
  const name = `loyalty_bench_${randomBytes(4).toString('hex')}`;
  Object.assign(process.env, {
    DATABASE_NAME: name,
    REDIS_KEY_PREFIX: name,
    LOG_LEVEL: 'warn',
    POINTS_EXPIRY_INTERVAL_MINUTES: '0',
    HOLD_RELEASE_INTERVAL_SECONDS: '0',
    VOUCHER_EXPIRY_INTERVAL_MINUTES: '0',
    REFERRAL_SETTLE_INTERVAL_MINUTES: '0',
    CLV_REFIT_INTERVAL_HOURS: '0',
    SCORE_RECONCILE_INTERVAL_MINUTES: '0',
    OUTBOX_SWEEP_INTERVAL_MINUTES: '0',
  });
  process.env.STAFF_TOKEN_SECRET ??= randomBytes(32).toString('base64url');
  process.env.MEMBER_TOKEN_SECRET ??= randomBytes(32).toString('base64url');
  process.env.VOUCHER_CODE_SECRET ??= randomBytes(32).toString('base64url');
  const { database } = loadLoyaltyConfig();
  await ensureDatabaseExists(database);
  const dataSource = await new DataSource({
    ...buildDataSourceOptions(database, 'bench-backlog'),
    migrations,
  }).initialize();
  try {
    await dataSource.runMigrations({ transaction: 'each' });
    const programId = await seedSyntheticProgram(dataSource, MEMBERS, PURCHASES_PER_MEMBER);
    const members = await dataSource.query<ColumnsOf<'members', 'id'>[]>(
      `SELECT id FROM members WHERE program_id = $1 ORDER BY random() LIMIT $2`,
      [programId, BACKLOG * 2],
    );
    const ids = members.map((member) => member.id);
    // Distinct members for each run, so the second finds no score already saved.
    const baseline = await drain(programId, ids.slice(0, BACKLOG), 1);
    const parallel = await drain(programId, ids.slice(BACKLOG, 2 * BACKLOG), CONCURRENCY);
    console.log(
      `drained_per_s_c1=${Math.round(baseline)} drained_per_s_c${CONCURRENCY}=${Math.round(parallel)} ` +
        `ratio=${(parallel / baseline).toFixed(2)} vs_${WRITES_PER_SECOND}_writes_per_s=${(parallel / WRITES_PER_SECOND).toFixed(2)}`,
    );
  } finally {
    await dataSource.destroy();
    await dropDatabase(database);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
