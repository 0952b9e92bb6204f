import { type ReconcileScoresResult } from '@loyalty/messaging';
import {
  call,
  daysAgo,
  enrolMember,
  eventually,
  type LedgerWorld,
  ledgerWrite,
  MaintenanceJobs,
  purchaseOf,
  type RunningApp,
  startApp,
  testConfig,
  twoTierValuePolicy,
} from '@loyalty/testing';
import { randomUUID } from 'node:crypto';
import { createValueScoringWorkerApp } from '../../../apps/value-scoring-worker/src/value-scoring-worker.app';
import { startWorld } from '../points-ledger/ledger-world';

/**
 * A score job lost for good (an outage, a Redis that forgot its queues) leaves a member scored
 * on an old history. The reconciliation finds every such member from PostgreSQL alone and
 * scores them again. The apps here have queues of their own, so the run and the score jobs it
 * asks for are theirs.
 */
describe('value-scoring-worker: stale scores are found and scored again', () => {
  let world: LedgerWorld;
  let worker: RunningApp;
  let maintenance: MaintenanceJobs;

  beforeAll(async () => {
    const config = testConfig();
    const prefix = `${config.redis.keyPrefix}-reconcile`;
    world = await startWorld({ REDIS_KEY_PREFIX: prefix });
    worker = await startApp(createValueScoringWorkerApp, { REDIS_KEY_PREFIX: prefix });
    maintenance = await MaintenanceJobs.open({ ...config.redis, keyPrefix: prefix });
    const published = await call(world.ledger.baseUrl, 'POST', '/v1/value-policies', {
      token: world.admin,
      body: twoTierValuePolicy(),
    });
    expect(published.status).toBe(201);
  });

  afterAll(async () => {
    await maintenance?.close();
    await worker?.close();
    await world?.close();
  });

  const scoredAt = async (memberId: string): Promise<Date | null> => {
    const [row] = await world.dataSource.query<{ scored_at: Date }[]>(
      `SELECT scored_at FROM member_scores WHERE member_id = $1`,
      [memberId],
    );
    return row?.scored_at ?? null;
  };
  const reconcile = (): Promise<ReconcileScoresResult> =>
    maintenance.run<ReconcileScoresResult>('reconcile-scores', {
      programId: world.program.programId,
      staleAfterSeconds: 0,
    });

  it('scores again a member whose score is older than their last purchase, and only them', async () => {
    const [stale, fresh] = [await enrolMember(world), await enrolMember(world)];
    for (const member of [stale, fresh]) {
      const bought = await ledgerWrite(world, '/v1/purchases', {
        body: purchaseOf(member, 4_000, { occurredAt: daysAgo(3) }),
      });
      expect(bought.status).toBe(201);
    }
    // Both get scored through the ledger's events; then one member's score job "is lost".
    for (const member of [stale, fresh]) {
      await eventually(
        () => scoredAt(member.memberId),
        (at) => at !== null,
        { timeoutMs: 20_000 },
      );
    }
    await world.dataSource.query(
      `UPDATE member_scores SET scored_at = scored_at - interval '1 day' WHERE member_id = $1`,
      [stale.memberId],
    );
    const lostAt = (await scoredAt(stale.memberId))!;
    const freshAt = (await scoredAt(fresh.memberId))!;

    const run = await reconcile();
    expect(run.stale).toBe(1);
    expect(run.requeued).toBe(1);
    await eventually(
      () => scoredAt(stale.memberId),
      (at) => at !== null && at > lostAt,
      { timeoutMs: 20_000 },
    );
    expect(await scoredAt(fresh.memberId)).toEqual(freshAt);
    // Nothing is stale any more: a second run finds no one.
    expect(await reconcile()).toEqual({ stale: 0, requeued: 0 });
  }, 60_000);

  it('counts a purchased-from member who was never scored as stale', async () => {
    const member = await enrolMember(world);
    const bought = await ledgerWrite(world, '/v1/purchases', {
      body: purchaseOf(member, 2_500, { occurredAt: daysAgo(2) }),
    });
    expect(bought.status).toBe(201);
    await eventually(
      () => scoredAt(member.memberId),
      (at) => at !== null,
      { timeoutMs: 20_000 },
    );
    await world.dataSource.query(`DELETE FROM member_scores WHERE member_id = $1`, [
      member.memberId,
    ]);
    expect((await reconcile()).stale).toBe(1);
    await eventually(
      () => scoredAt(member.memberId),
      (at) => at !== null,
      { timeoutMs: 20_000 },
    );
  }, 60_000);

  it('pays a reward that was granted and never paid, once', async () => {
    const member = await enrolMember(world);
    const bought = await ledgerWrite(world, '/v1/purchases', {
      body: purchaseOf(member, 2_000, { occurredAt: daysAgo(2) }),
    });
    expect(bought.status).toBe(201);
    await eventually(
      () => scoredAt(member.memberId),
      (at) => at !== null,
      { timeoutMs: 20_000 },
    );
    // A score job lost between its two steps: the grant was decided and committed with the
    // score, and the job that would have paid it is gone.
    const grantId = randomUUID();
    await world.dataSource.query(
      `INSERT INTO reward_grants (id, program_id, member_id, kind, grant_key, points, reason, created_at)
       VALUES ($1, $2, $3, 'tier_upgrade', 'lost-job', 75, 'upgrade to gold', now() - interval '1 minute')`,
      [grantId, world.program.programId, member.memberId],
    );
    const rewards = () =>
      world.dataSource.query<{ points: number }[]>(
        `SELECT e.points FROM journal_transactions t
           JOIN journal_entries e ON e.transaction_id = t.id
           JOIN ledger_accounts a ON a.id = e.account_id AND a.member_id = $1
          WHERE t.kind = 'reward'`,
        [member.memberId],
      );

    expect((await reconcile()).stale).toBe(1);
    await eventually(rewards, (paid) => paid.length > 0, { timeoutMs: 20_000 });
    expect(await reconcile()).toEqual({ stale: 0, requeued: 0 });
    expect(await rewards()).toEqual([{ points: 75 }]);
  }, 60_000);
});
