import { StaffRole } from '@loyalty/domain';
import {
  call,
  createProgram,
  createStaffAccount,
  daysAgo,
  enrolMember,
  eventually,
  type LedgerWorld,
  ledgerWrite,
  type ProblemBody,
  purchaseOf,
  type RunningApp,
  signInStaff,
  startApp,
  testConfig,
  twoTierValuePolicy,
} from '@loyalty/testing';
import { randomUUID } from 'node:crypto';
import { createValueScoringWorkerApp } from '../../../apps/value-scoring-worker/src/value-scoring-worker.app';
import { startWorld } from '../points-ledger/ledger-world';

interface Rescore {
  readonly id: string;
  readonly state: string;
  readonly requestedBy: string;
  readonly scored: number | null;
}

/**
 * An admin starts a full rescore over HTTP (no queue board needed): one at a time per program,
 * recorded with who asked, its progress and outcome readable. The apps have queues of their
 * own, and the worker starts only once the first rescore waits, so the second request meets it.
 */
describe('points-ledger: full rescores on request', () => {
  let world: LedgerWorld;
  let worker: RunningApp | undefined;
  const prefix = `${testConfig().redis.keyPrefix}-rescores`;

  beforeAll(async () => {
    world = await startWorld({ REDIS_KEY_PREFIX: prefix });
    const published = await call(world.ledger.baseUrl, 'POST', '/v1/value-policies', {
      token: world.admin,
      body: twoTierValuePolicy(),
    });
    expect(published.status).toBe(201);
  });

  afterAll(async () => {
    await worker?.close();
    await world?.close();
  });

  const rescores = <T>(method: 'GET' | 'POST', token: string, id = '') =>
    call<T>(world.ledger.baseUrl, method, `/v1/rescores${id ? `/${id}` : ''}`, { token });

  it('runs one rescore per program at a time, and tells who asked and what it did', async () => {
    for (let i = 0; i < 3; i += 1) {
      const member = await enrolMember(world);
      expect(
        (
          await ledgerWrite(world, '/v1/purchases', {
            body: purchaseOf(member, 3_000, { occurredAt: daysAgo(20) }),
          })
        ).status,
      ).toBe(201);
    }
    const started = await rescores<Rescore>('POST', world.admin);
    expect(started.status).toBe(202);
    expect(started.body.state).toBe('queued');
    const again = await rescores<ProblemBody>('POST', world.admin);
    expect([again.status, again.body.code]).toEqual([409, 'RESCORE_IN_PROGRESS']);
    expect(again.body.detail).toContain(started.body.id);

    worker = await startApp(createValueScoringWorkerApp, { REDIS_KEY_PREFIX: prefix });
    const finished = await eventually(
      () => rescores<Rescore>('GET', world.admin, started.body.id),
      (read) => read.body.state === 'finished',
      { timeoutMs: 30_000 },
    );
    const [{ members } = { members: 0 }] = await world.dataSource.query<{ members: number }[]>(
      `SELECT count(*)::int AS members FROM members WHERE program_id = $1`,
      [world.program.programId],
    );
    expect(finished.body.scored).toBe(members);
    expect(finished.body.requestedBy).toMatch(/^[0-9a-f-]{36}$/);

    // Once it has finished, the next one may start.
    const next = await rescores<Rescore>('POST', world.admin);
    expect(next.status).toBe(202);
  }, 60_000);

  it('keeps rescores to the program’s admins', async () => {
    expect((await rescores('POST', world.clerk)).status).toBe(403);
    expect((await rescores('POST', world.manager)).status).toBe(403);
    expect((await rescores('GET', world.admin, randomUUID())).status).toBe(404);
    const other = await createProgram(world.dataSource);
    const otherAdmin = await signInStaff(
      world.cardIssuance.baseUrl,
      await createStaffAccount(world.dataSource, other.programId, StaffRole.Admin, null),
    );
    const [row] = await world.dataSource.query<{ id: string }[]>(
      `SELECT id FROM rescore_requests WHERE program_id = $1 LIMIT 1`,
      [world.program.programId],
    );
    expect((await rescores('GET', otherAdmin, row!.id)).status).toBe(404);
  });
});
