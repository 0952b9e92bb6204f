import {
  bullPrefix,
  type ExpirePointsResult,
  type LedgerEventPayload,
  ledgerEventJobId,
  LedgerEventsProducer,
  QueueName,
} from '@loyalty/messaging';
import {
  clockPast,
  expiringIn,
  enrolMember,
  eventually,
  type LedgerWorld,
  ledgerWrite,
  purchaseOf,
  type RunningApp,
  startApp,
  testConfig,
} from '@loyalty/testing';
import { Queue, QueueEvents } from 'bullmq';
import { randomBytes } from 'node:crypto';
import { createValueScoringWorkerApp } from '../../../apps/value-scoring-worker/src/value-scoring-worker.app';
import { EXPIRY_SCHEDULER_ID } from '../../../apps/value-scoring-worker/src/ledger-maintenance/ledger-maintenance.processor';
import { startWorld } from './ledger-world';

describe('points-ledger: the outbox reaches BullMQ, and the worker expires points', () => {
  let world: LedgerWorld;
  let worker: RunningApp;
  let events: Queue;
  let maintenance: Queue;
  let maintenanceEvents: QueueEvents;

  beforeAll(async () => {
    world = await startWorld();
    worker = await startApp(createValueScoringWorkerApp);
    const { redis } = testConfig();
    const options = {
      connection: { host: redis.host, port: redis.port, db: redis.db },
      prefix: bullPrefix(redis),
    };
    events = new Queue(QueueName.LedgerEvents, options);
    maintenance = new Queue(QueueName.LedgerMaintenance, options);
    maintenanceEvents = new QueueEvents(QueueName.LedgerMaintenance, options);
    await maintenanceEvents.waitUntilReady();
  });

  afterAll(async () => {
    await maintenanceEvents?.close();
    await maintenance?.close();
    await events?.close();
    await worker?.close();
    await world?.close();
  });

  const outboxOf = (memberId: string) =>
    world.dataSource.query<{ id: string; type: string; published_at: Date | null }[]>(
      `SELECT id::text, type, published_at FROM outbox_events WHERE member_id = $1 ORDER BY id`,
      [memberId],
    );

  it('publishes every ledger change of a member, in order, with the outbox id as job id', async () => {
    const member = await enrolMember(world);
    const bought = await ledgerWrite<{ purchaseId: string }>(world, '/v1/purchases', {
      body: purchaseOf(member, 4_200),
    });
    await ledgerWrite(world, '/v1/refunds', {
      body: { purchaseId: bought.body.purchaseId, amountMinor: 2_100 },
    });
    await ledgerWrite(world, '/v1/adjustments', {
      token: world.manager,
      body: { memberId: member.memberId, points: 5, reason: 'welcome gift' },
    });

    const rows = await eventually(
      () => outboxOf(member.memberId),
      (found) => found.length === 5 && found.every((row) => row.published_at !== null),
      { timeoutMs: 10_000 },
    );
    expect(rows.map((row) => row.type)).toEqual([
      'purchase.recorded',
      'points.earned',
      'purchase.refunded',
      'points.reversed',
      'points.adjusted',
    ]);
    const queued = await events.getJobs(['wait', 'active', 'completed', 'delayed'], 0, -1, true);
    const ofMember = queued.filter(
      (job) => (job.data as LedgerEventPayload).memberId === member.memberId,
    );
    // getJobs lists by state (a job the worker already took comes in another list), so the
    // order is read from each job's enqueue time, in the outbox's order.
    const expectedIds = rows.map((row) => ledgerEventJobId(row.id));
    const jobById = new Map(ofMember.map((job) => [job.id, job]));
    expect([...jobById.keys()].sort()).toEqual([...expectedIds].sort());
    expect(ofMember).toHaveLength(expectedIds.length);
    const enqueuedAt = expectedIds.map((id) => jobById.get(id)!.timestamp);
    expect(enqueuedAt).toEqual([...enqueuedAt].sort((a, b) => a - b));
    expect(jobById.get(expectedIds[0])!.data).toMatchObject({
      type: 'purchase.recorded',
      programId: world.program.programId,
      data: { amountMinor: 4_200, currency: 'EUR', purchaseId: bought.body.purchaseId },
    });
  });

  it('adds an event published twice (a relay that crashed before marking it) only once', async () => {
    const member = await enrolMember(world);
    await ledgerWrite(world, '/v1/purchases', { body: purchaseOf(member, 1_000) });
    const [first] = await eventually(
      () => outboxOf(member.memberId),
      (found) => found.length > 0 && found[0]!.published_at !== null,
      { timeoutMs: 10_000 },
    );
    const job = await events.getJob(ledgerEventJobId(first!.id));
    await world.ledger.app.get(LedgerEventsProducer).publish([job!.data as LedgerEventPayload]);
    const again = await events.getJob(ledgerEventJobId(first!.id));
    expect(again!.timestamp).toBe(job!.timestamp);
    const all = await events.getJobs(['wait', 'active', 'completed', 'delayed', 'failed']);
    const copies = all.filter(
      (candidate) => (candidate.data as LedgerEventPayload).outboxId === first!.id,
    );
    expect(copies).toHaveLength(1);
  });

  it('expires a program’s due points when the worker runs the expire-points job', async () => {
    const member = await enrolMember(world);
    const earned = await ledgerWrite<{ expiresAt: string }>(world, '/v1/purchases', {
      body: purchaseOf(member, 7_700, { occurredAt: expiringIn(1) }),
    });
    await clockPast(earned.body.expiresAt);
    const job = await maintenance.add('expire-points', {
      requestedBy: 'jest',
      programId: world.program.programId,
    });
    const result = (await job.waitUntilFinished(maintenanceEvents, 10_000)) as ExpirePointsResult;
    expect(result).toMatchObject({ membersAffected: 1, pointsExpired: 77 });
    const [account] = await world.dataSource.query<{ balance: number }[]>(
      `SELECT balance FROM ledger_accounts WHERE member_id = $1`,
      [member.memberId],
    );
    expect(account!.balance).toBe(0);
  });

  it('keeps one expiry schedule per the configured interval, starting one interval on', async () => {
    const prefix = `${testConfig().redis.keyPrefix}-schedule-${randomBytes(3).toString('hex')}`;
    const scheduled = await startApp(createValueScoringWorkerApp, {
      REDIS_KEY_PREFIX: prefix,
      POINTS_EXPIRY_INTERVAL_MINUTES: '30',
    });
    const { redis } = testConfig();
    const queue = new Queue(QueueName.LedgerMaintenance, {
      connection: { host: redis.host, port: redis.port, db: redis.db },
      prefix: `{${prefix}}`,
    });
    try {
      const schedulers = await queue.getJobSchedulers();
      expect(schedulers).toEqual([
        expect.objectContaining({ key: EXPIRY_SCHEDULER_ID, every: 30 * 60 * 1000 }),
      ]);
      expect(schedulers[0]!.next).toBeGreaterThan(Date.now() + 29 * 60 * 1000);
    } finally {
      await queue.close();
      await scheduled.close();
    }
  });
});
