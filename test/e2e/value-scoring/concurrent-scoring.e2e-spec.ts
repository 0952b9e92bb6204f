import {
  call,
  daysAgo,
  enrolMember,
  type LedgerWorld,
  ledgerWrite,
  purchaseOf,
  type RunningApp,
  startApp,
  testConfig,
  twoTierValuePolicy,
} from '@loyalty/testing';
import { ScoreMembersUseCase } from '../../../apps/value-scoring-worker/src/scoring/score-members.use-case';
import { createValueScoringWorkerApp } from '../../../apps/value-scoring-worker/src/value-scoring-worker.app';
import { startWorld } from '../points-ledger/ledger-world';

/**
 * Members are scored in parallel now, so two passes over one member can meet: its own job and a
 * full rescore, or two replicas. They must decide one after the other: one placement, one
 * reward, one event, however many run at once.
 */
describe('value-scoring-worker: one member scored by several passes at once', () => {
  let world: LedgerWorld;
  let worker: RunningApp;

  beforeAll(async () => {
    world = await startWorld();
    worker = await startApp(createValueScoringWorkerApp, {
      REDIS_KEY_PREFIX: `${testConfig().redis.keyPrefix}-concurrent`,
    });
    const published = await call(world.ledger.baseUrl, 'POST', '/v1/value-policies', {
      token: world.admin,
      body: twoTierValuePolicy(1),
    });
    expect(published.status).toBe(201);
  });

  afterAll(async () => {
    await worker?.close();
    await world?.close();
  });

  it('records one tier placement and owes one reward when eight passes race', async () => {
    const member = await enrolMember(world);
    for (const days of [90, 60, 30]) {
      const bought = await ledgerWrite(world, '/v1/purchases', {
        body: purchaseOf(member, 20_000, { occurredAt: daysAgo(days) }),
      });
      expect(bought.status).toBe(201);
    }
    const scoring = worker.app.get(ScoreMembersUseCase);
    await Promise.all(
      Array.from({ length: 8 }, () => scoring.execute(world.program.programId, [member.memberId])),
    );
    const changes = await world.dataSource.query<{ kind: string; to_tier: string }[]>(
      `SELECT kind, to_tier FROM tier_changes WHERE member_id = $1`,
      [member.memberId],
    );
    expect(changes).toEqual([{ kind: 'placed', to_tier: 'gold' }]);
    const events = await world.dataSource.query<{ count: number }[]>(
      `SELECT count(*)::int AS count FROM outbox_events
        WHERE member_id = $1 AND type = 'tier.changed'`,
      [member.memberId],
    );
    expect(events[0]?.count).toBe(1);
    const grants = await world.dataSource.query<unknown[]>(
      `SELECT 1 FROM reward_grants WHERE member_id = $1`,
      [member.memberId],
    );
    expect(grants.length).toBeLessThanOrEqual(1);
  }, 60_000);

  it('never lets an older valuation overwrite a newer score or decide a tier', async () => {
    const member = await enrolMember(world);
    const bought = await ledgerWrite(world, '/v1/purchases', {
      body: purchaseOf(member, 20_000, { occurredAt: daysAgo(20) }),
    });
    expect(bought.status).toBe(201);
    const scoring = worker.app.get(ScoreMembersUseCase);
    const later = new Date(Date.now() + 60_000);
    const earlier = new Date(Date.now() - 5 * 24 * 3600_000);
    const saved = () =>
      world.dataSource.query<{ scored_at: Date }[]>(
        `SELECT scored_at FROM member_scores WHERE member_id = $1`,
        [member.memberId],
      );
    const tierChanges = () =>
      world.dataSource.query<unknown[]>(`SELECT 1 FROM tier_changes WHERE member_id = $1`, [
        member.memberId,
      ]);
    await scoring.execute(world.program.programId, [member.memberId], later);
    const changesAfterNewer = (await tierChanges()).length;

    // A pass valued before it (a slow job overtaken by a rescore) arrives last.
    const overtaken = await scoring.execute(world.program.programId, [member.memberId], earlier);

    expect(await saved()).toEqual([{ scored_at: later }]);
    expect(overtaken.tierChanges).toBe(0);
    expect((await tierChanges()).length).toBe(changesAfterNewer);
  }, 60_000);
});
