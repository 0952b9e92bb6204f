import {
  bullPrefix,
  type OutboxSweepResult,
  QueueName,
  type ReconcileScoresResult,
} from '@loyalty/messaging';
import {
  call,
  daysAgo,
  type EnrolledMember,
  EventReceiver,
  enrolMember,
  eventually,
  type LedgerWorld,
  ledgerWrite,
  MaintenanceJobs,
  PrivateRedis,
  purchaseOf,
  type RunningApp,
  startApp,
  testConfig,
  twoTierValuePolicy,
} from '@loyalty/testing';
import { Queue } from 'bullmq';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import {
  OUTBOX_SWEEP_SCHEDULER_ID,
  EXPIRY_SCHEDULER_ID,
  RECONCILE_SCHEDULER_ID,
  LedgerMaintenanceProcessor,
} from '../../../apps/value-scoring-worker/src/ledger-maintenance/ledger-maintenance.processor';
import {
  REFIT_SCHEDULER_ID,
  ValueScoringSchedule,
} from '../../../apps/value-scoring-worker/src/scoring/value-scoring.schedule';
import { createValueScoringWorkerApp } from '../../../apps/value-scoring-worker/src/value-scoring-worker.app';
import { startWorld } from '../points-ledger/ledger-world';

const MEMBERS = 12;
const ROUNDS = 3;

/**
 * Redis lost entirely under load (FLUSHALL: what a kill without an append-only file does to the
 * queues), with the ledger, card issuance and the worker on a Redis of this spec's own. PostgreSQL
 * is the record: afterwards every event is consumed, every webhook delivered once, every member
 * scored on their whole history, and the worker's schedules are back.
 */
describe('value-scoring-worker: losing Redis is a delay, never a loss', () => {
  let redis: PrivateRedis;
  let world: LedgerWorld;
  let worker: RunningApp;
  let receiver: EventReceiver;
  let maintenance: MaintenanceJobs;

  beforeAll(async () => {
    redis = await PrivateRedis.start(['--appendonly', 'no']);
    const environment = {
      REDIS_PORT: String(redis.port),
      POINTS_EXPIRY_INTERVAL_MINUTES: '600',
      SCORE_RECONCILE_INTERVAL_MINUTES: '600',
      OUTBOX_SWEEP_INTERVAL_MINUTES: '600',
      CLV_REFIT_INTERVAL_HOURS: '24',
    };
    world = await startWorld(environment);
    worker = await startApp(createValueScoringWorkerApp, environment);
    receiver = await EventReceiver.start();
    maintenance = await MaintenanceJobs.open({ ...testConfig().redis, port: redis.port });
    for (const [path, body] of [
      ['/v1/value-policies', twoTierValuePolicy()],
      [
        '/v1/webhooks',
        {
          url: receiver.url,
          eventTypes: ['purchase.recorded'],
        },
      ],
    ] as const) {
      expect(
        (await call(world.ledger.baseUrl, 'POST', path, { token: world.admin, body })).status,
      ).toBe(201);
    }
  });

  afterAll(async () => {
    await maintenance?.close();
    await worker?.close();
    await world?.close();
    await receiver?.close();
    await redis?.stop();
  });

  const run = <T>(name: 'sweep-outbox' | 'reconcile-scores', data: object): Promise<T> =>
    maintenance.run<T>(name, data);

  it('consumes every event, delivers every webhook once and scores every member after a FLUSHALL mid-load', async () => {
    const members: EnrolledMember[] = [];
    for (let i = 0; i < MEMBERS; i += 1) members.push(await enrolMember(world));
    const programId = world.program.programId;
    const ledgerEvents = new Queue(QueueName.LedgerEvents, {
      connection: { host: '127.0.0.1', port: redis.port },
      prefix: bullPrefix(testConfig().redis),
    });
    const flusher = redis.client();
    try {
      for (let round = 0; round < ROUNDS; round += 1) {
        // The middle round's events are relayed while the worker takes none, then Redis loses
        // them all (and the pause with them).
        if (round === 1) await ledgerEvents.pause();
        const purchases = await Promise.all(
          members.map((member, index) =>
            ledgerWrite(world, '/v1/purchases', {
              body: purchaseOf(member, 1_000 + 100 * index + round, {
                occurredAt: daysAgo(30 - round),
              }),
            }),
          ),
        );
        for (const purchase of purchases) expect(purchase.status).toBe(201);
        if (round === 1) {
          await eventually(
            () =>
              world.dataSource.query<{ waiting: string }[]>(
                `SELECT count(*) AS waiting FROM outbox_events
                  WHERE program_id = $1 AND published_at IS NULL`,
                [programId],
              ),
            ([row]) => Number(row?.waiting) === 0,
            { timeoutMs: 20_000 },
          );
          expect(await ledgerEvents.getJobCountByTypes('waiting')).toBeGreaterThanOrEqual(MEMBERS);
          await flusher.flushall();
        }
      }
    } finally {
      flusher.disconnect();
      await ledgerEvents.close();
    }
    const outbox = () =>
      world.dataSource.query<{ id: string; type: string; consumed: boolean }[]>(
        `SELECT id::text AS id, type, consumed_at IS NOT NULL AS consumed
           FROM outbox_events WHERE program_id = $1`,
        [programId],
      );

    // Recovery as the schedules would run it, without waiting minutes for them.
    await worker.app.get(LedgerMaintenanceProcessor).restoreMissingSchedules();
    await worker.app.get(ValueScoringSchedule).restoreMissingSchedules();
    let handedBack = 0;
    await eventually(
      async () => {
        handedBack += (await run<OutboxSweepResult>('sweep-outbox', { olderThanSeconds: 0 }))
          .eventsHandedBack;
        return outbox();
      },
      (rows) => rows.length > 0 && rows.every((row) => row.consumed),
      { timeoutMs: 60_000, intervalMs: 500 },
    );
    // The lost round came back from PostgreSQL, not from Redis.
    expect(handedBack).toBeGreaterThanOrEqual(MEMBERS);
    const purchaseEvents = (await outbox()).filter((row) => row.type === 'purchase.recorded');
    expect(purchaseEvents).toHaveLength(MEMBERS * ROUNDS);
    await eventually(
      async () => {
        await run<OutboxSweepResult>('sweep-outbox', { olderThanSeconds: 0 });
        return [...new Set(receiver.received)].sort();
      },
      (ids) => ids.length === purchaseEvents.length,
      { timeoutMs: 60_000, intervalMs: 500 },
    );
    expect([...new Set(receiver.received)].sort()).toEqual(
      purchaseEvents.map((row) => row.id).sort(),
    );
    expect(receiver.received).toHaveLength(purchaseEvents.length);

    await eventually(
      () => run<ReconcileScoresResult>('reconcile-scores', { programId, staleAfterSeconds: 0 }),
      (result) => result.stale === 0,
      { timeoutMs: 60_000, intervalMs: 500 },
    );

    const queue = (name: QueueName) =>
      new Queue(name, {
        connection: { host: '127.0.0.1', port: redis.port },
        prefix: bullPrefix(testConfig().redis),
      });
    const [maintenanceQueue, scoringQueue] = [
      queue(QueueName.LedgerMaintenance),
      queue(QueueName.ValueScoring),
    ];
    try {
      for (const id of [EXPIRY_SCHEDULER_ID, RECONCILE_SCHEDULER_ID, OUTBOX_SWEEP_SCHEDULER_ID]) {
        expect(await maintenanceQueue.getJobScheduler(id)).toBeDefined();
      }
      expect(await scoringQueue.getJobScheduler(REFIT_SCHEDULER_ID)).toBeDefined();
    } finally {
      await maintenanceQueue.close();
      await scoringQueue.close();
    }
  }, 180_000);

  it('consumes a replayed period again without sending a delivered webhook twice', async () => {
    const programId = world.program.programId;
    const deliveredBefore = receiver.received.length;
    const { stdout } = await promisify(execFile)(process.execPath, [
      join(__dirname, '../../../dist/libs/persistence/src/cli/database.cli.js'),
      'replay-outbox',
      '--since',
      new Date(Date.now() - 3600_000).toISOString(),
      '--program',
      programId,
    ]);
    const [, replayed] = /^(\d+) outbox event/.exec(stdout) ?? [];
    expect(Number(replayed)).toBeGreaterThanOrEqual(MEMBERS * ROUNDS);
    await eventually(
      () =>
        world.dataSource.query<{ unconsumed: string }[]>(
          `SELECT count(*) AS unconsumed FROM outbox_events
            WHERE program_id = $1 AND consumed_at IS NULL`,
          [programId],
        ),
      ([row]) => Number(row?.unconsumed) === 0,
      { timeoutMs: 60_000 },
    );
    // Deliveries of the replay found a success logged and sent nothing.
    await run<OutboxSweepResult>('sweep-outbox', { olderThanSeconds: 0 });
    expect(receiver.received).toHaveLength(deliveredBefore);
  }, 90_000);
});
