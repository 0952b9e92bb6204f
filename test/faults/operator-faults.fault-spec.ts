import { type OutboxSweepResult, type ReconcileScoresResult } from '@loyalty/messaging';
import { call, EventReceiver, eventually } from '@loyalty/testing';
import { setTimeout as outageOf } from 'node:timers/promises';
import { FaultWorld } from './fault-world';
import { TillLoad } from './till-load';

/**
 * The operator's drill, in `npm test` (and CI) and alone under `npm run test:faults`: nine faults
 * while tills sell and a desk enrols. Sales between faults are waited for (acknowledged sales,
 * not time), so a slow machine only takes longer; the outages themselves last as long as a real
 * one would.
 */
const SALES_BETWEEN_FAULTS = 300;
const TILLS = 6;
const MEMBERS = 40;
const DRILL_TIMEOUT_MS = 1_200_000;

interface Fault {
  readonly name: string;
  inflict(world: FaultWorld): Promise<void>;
}

const killApp = (app: 'points-ledger' | 'card-issuance' | 'value-scoring-worker'): Fault => ({
  name: `SIGKILL ${app}, restarted`,
  inflict: (world) => world.killAndRestart(app),
});
const crashPostgres: Fault = {
  name: 'SIGKILL PostgreSQL, restarted (crash recovery)',
  async inflict(world) {
    await world.postgres.kill();
    await world.postgres.restart();
    await world.untilAllReady();
  },
};
const stopPostgres: Fault = {
  name: 'PostgreSQL stopped for 20 s, longer than score jobs used to survive',
  async inflict(world) {
    await world.postgres.stop();
    await outageOf(20_000);
    await world.postgres.restart();
    await world.untilAllReady();
  },
};
const killRedis: Fault = {
  name: 'SIGKILL Redis without an append-only file (every queue lost), restarted',
  async inflict(world) {
    await world.redis.kill();
    await world.redis.restart();
    await world.untilAllReady();
  },
};
const pauseRedis: Fault = {
  name: 'Redis paused (SIGSTOP) for 8 s',
  async inflict(world) {
    world.redis.pause();
    await outageOf(8_000);
    world.redis.resume();
    await world.untilAllReady();
  },
};

const FAULTS: readonly Fault[] = [
  killApp('points-ledger'),
  killApp('value-scoring-worker'),
  killApp('card-issuance'),
  crashPostgres,
  stopPostgres,
  killRedis,
  pauseRedis,
  killApp('value-scoring-worker'),
  crashPostgres,
];

describe('fault drill: tills under load while every part fails', () => {
  let world: FaultWorld;
  let receiver: EventReceiver;

  beforeAll(async () => {
    world = await FaultWorld.start();
    receiver = await EventReceiver.start();
    const registered = await call(world.baseUrl('points-ledger'), 'POST', '/v1/webhooks', {
      token: world.admin,
      body: { url: receiver.url, eventTypes: ['purchase.recorded'] },
    });
    expect(registered.status).toBe(201);
  }, 120_000);

  afterAll(async () => {
    await world?.close();
    await receiver?.close();
  }, 60_000);

  it(
    'loses nothing, doubles nothing, and settles: every event consumed, every member scored, every reward paid once',
    async () => {
      const programId = world.program.programId;
      const load = new TillLoad(world);
      for (let i = 0; i < MEMBERS; i += 1) await load.enrol();
      const startedAt = new Date();
      load.start(TILLS);
      try {
        for (const fault of FAULTS) {
          const before = load.purchases.length;
          await eventually(
            () => Promise.resolve(load.purchases.length),
            (sold) => sold >= before + SALES_BETWEEN_FAULTS,
            { timeoutMs: 180_000, intervalMs: 100 },
          );
          process.stderr.write(
            `fault drill: ${fault.name} (${load.purchases.length} sales so far)\n`,
          );
          await fault.inflict(world).catch((error: Error) => {
            throw new Error(`${fault.name}: ${error.message}`);
          });
        }
        const before = load.purchases.length;
        await eventually(
          () => Promise.resolve(load.purchases.length),
          (sold) => sold >= before + SALES_BETWEEN_FAULTS,
          { timeoutMs: 180_000, intervalMs: 100 },
        );
      } finally {
        await load.stop();
      }
      process.stderr.write(`fault drill: settling after ${load.purchases.length} sales\n`);
      expect(world.crashes).toEqual([]);

      // Every acknowledged write is there exactly once, with the points the till was told.
      expect(load.refused).toEqual([]);
      const recorded = await world.dataSource.query<{ receipt_id: string; copies: number }[]>(
        `SELECT receipt_id, count(*)::int AS copies FROM purchases WHERE program_id = $1
        GROUP BY receipt_id`,
        [programId],
      );
      expect(recorded).toHaveLength(load.purchases.length);
      expect(recorded.filter((row) => row.copies !== 1)).toEqual([]);
      expect(new Set(recorded.map((row) => row.receipt_id))).toEqual(
        new Set(load.purchases.map((purchase) => purchase.receiptId)),
      );
      const enrolled = await world.dataSource.query<{ email: string; copies: number }[]>(
        `SELECT email, count(*)::int AS copies FROM members
        WHERE program_id = $1 AND email LIKE 'desk-%' GROUP BY email`,
        [programId],
      );
      expect(enrolled.map((row) => [row.email, row.copies]).sort()).toEqual(
        load.enrolments.map((enrolment) => [enrolment.email, 1]).sort(),
      );

      // Settling: what a lost job left behind comes back from PostgreSQL, by the sweep and the
      // reconciliation (run now rather than on their schedules).
      await eventually(
        async () => {
          await world.runMaintenance<OutboxSweepResult>('sweep-outbox', { olderThanSeconds: 0 });
          const [row] = await world.dataSource.query<{ unconsumed: number }[]>(
            `SELECT count(*)::int AS unconsumed FROM outbox_events
            WHERE program_id = $1 AND consumed_at IS NULL`,
            [programId],
          );
          return row!.unconsumed;
        },
        (unconsumed) => unconsumed === 0,
        { timeoutMs: 120_000, intervalMs: 1_000 },
      );
      await eventually(
        () =>
          world.runMaintenance<ReconcileScoresResult>('reconcile-scores', {
            programId,
            staleAfterSeconds: 0,
          }),
        (result) => result.stale === 0,
        { timeoutMs: 120_000, intervalMs: 1_000 },
      );

      // Every member's points are what their acknowledged sales and paid rewards add up to.
      const balances = await world.dataSource.query<{ member_id: string; points: number }[]>(
        `SELECT a.member_id, sum(e.points)::int AS points FROM journal_entries e
         JOIN ledger_accounts a ON a.id = e.account_id
        WHERE a.program_id = $1 AND a.member_id IS NOT NULL GROUP BY a.member_id`,
        [programId],
      );
      const rewards = await world.dataSource.query<
        { member_id: string; points: number; transaction_id: string | null }[]
      >(
        `SELECT member_id, points::int AS points, transaction_id FROM reward_grants
        WHERE program_id = $1`,
        [programId],
      );
      const expected = new Map<string, number>();
      for (const { memberId, points } of load.purchases) {
        expected.set(memberId, (expected.get(memberId) ?? 0) + points);
      }
      for (const { member_id, points } of rewards) {
        expected.set(member_id, (expected.get(member_id) ?? 0) + points);
      }
      expect(new Map(balances.map((row) => [row.member_id, row.points]))).toEqual(expected);
      // Rewards: each grant paid, by a transaction of its own; no reward credited without one.
      expect(rewards.length).toBeGreaterThan(0);
      expect(rewards.filter((grant) => grant.transaction_id === null)).toEqual([]);
      const [rewardCredits] = await world.dataSource.query<{ count: number }[]>(
        `SELECT count(*)::int AS count FROM journal_transactions WHERE program_id = $1 AND kind = 'reward'`,
        [programId],
      );
      expect(rewardCredits!.count).toBe(rewards.length);
      expect(new Set(rewards.map((grant) => grant.transaction_id)).size).toBe(rewards.length);

      // Every purchase event reached the webhook (at least once: a worker killed mid-delivery
      // sends it again, and the event id lets the receiver tell).
      const events = await world.dataSource.query<{ id: string }[]>(
        `SELECT id::text AS id FROM outbox_events WHERE program_id = $1 AND type = 'purchase.recorded'`,
        [programId],
      );
      expect(events).toHaveLength(load.purchases.length);
      await eventually(
        async () => {
          await world.runMaintenance<OutboxSweepResult>('sweep-outbox', { olderThanSeconds: 0 });
          return events.filter((event) => !receiver.ids().has(event.id)).length;
        },
        (undelivered) => undelivered === 0,
        { timeoutMs: 120_000, intervalMs: 1_000 },
      );

      expect(await world.verifyLedger()).toMatch(/the ledger is consistent\n$/);
      // The job schedules Redis forgot are back (the worker restores them within a minute).
      const everySchedule = [
        'expire-points',
        'expire-vouchers',
        'fit-clv-model',
        'reconcile-scores',
        'release-holds',
        'settle-referrals',
        'sweep-outbox',
      ];
      await eventually(
        () => world.schedulers(),
        (ids) => JSON.stringify([...ids].sort()) === JSON.stringify(everySchedule),
        { timeoutMs: 90_000, intervalMs: 1_000 },
      );

      process.stderr.write(
        `fault drill: ${FAULTS.length} faults, ${load.purchases.length} sales and ` +
          `${load.enrolments.length} enrolments acknowledged, ${load.retries} retries, ` +
          `${rewards.length} rewards, ${receiver.received.length} webhook deliveries for ${events.length} events, ` +
          `settled ${Math.round((Date.now() - startedAt.getTime()) / 1000)} s after the start\n`,
      );
    },
    DRILL_TIMEOUT_MS,
  );
});
