import { StaffRole } from '@loyalty/domain';
import { bullPrefix, QueueName } from '@loyalty/messaging';
import {
  createStaffAccount,
  eventually,
  type LedgerWorld,
  request,
  type RunningApp,
  signInStaff,
  startApp,
  testConfig,
} from '@loyalty/testing';
import { Queue } from 'bullmq';
import { createValueScoringWorkerApp } from '../../../apps/value-scoring-worker/src/value-scoring-worker.app';
import { startWorld } from '../points-ledger/ledger-world';

describe('value-scoring-worker: failed jobs and the queue board, for admins only', () => {
  let world: LedgerWorld;
  let worker: RunningApp;
  let queue: Queue;
  let adminBasic: string;

  beforeAll(async () => {
    world = await startWorld();
    worker = await startApp(createValueScoringWorkerApp);
    const { redis } = testConfig();
    queue = new Queue(QueueName.ValueScoring, {
      connection: { host: redis.host, port: redis.port, db: redis.db },
      prefix: bullPrefix(redis),
    });
    const admin = await createStaffAccount(
      world.dataSource,
      world.program.programId,
      StaffRole.Admin,
      null,
    );
    adminBasic = `Basic ${Buffer.from(`${admin.email}:${admin.password}`).toString('base64')}`;
  });

  afterAll(async () => {
    await queue?.close();
    await worker?.close();
    await world?.close();
  });

  const admin = (path: string, authorization?: string, method = 'GET') =>
    request<Record<string, unknown>>(`${worker.baseUrl}${path}`, {
      method,
      headers: authorization ? { authorization } : {},
    });

  it('lists a job that failed every attempt and replays it', async () => {
    const job = await queue.add('no-such-job', { reason: 'jest' }, { attempts: 1 });
    const failed = await eventually(
      () => admin('/v1/failed-jobs?queue=value-scoring', `Bearer ${world.admin}`),
      (response) =>
        (response.body.items as { id: string }[] | undefined)?.some((item) => item.id === job.id) ??
        false,
      { timeoutMs: 10_000 },
    );
    expect(
      (failed.body.items as Record<string, unknown>[]).find((item) => item.id === job.id),
    ).toMatchObject({
      queue: 'value-scoring',
      name: 'no-such-job',
      failedReason: 'no handler for job no-such-job',
      attemptsMade: 1,
    });
    const replay = await admin(`/v1/failed-jobs/value-scoring/${job.id}/retry`, adminBasic, 'POST');
    expect(replay.status).toBe(202);
    await eventually(
      () => queue.getJob(job.id!),
      (replayed) => (replayed?.attemptsMade ?? 0) >= 2,
      { timeoutMs: 10_000 },
    );
    expect(
      (await admin('/v1/failed-jobs/value-scoring/nope/retry', adminBasic, 'POST')).status,
    ).toBe(404);
  });

  it('refuses the failed jobs and the board to anyone but an admin', async () => {
    expect((await admin('/v1/failed-jobs')).status).toBe(401);
    expect((await admin('/v1/failed-jobs', `Bearer ${world.clerk}`)).status).toBe(403);
    const anonymous = await admin('/admin/queues');
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('www-authenticate')).toContain('Basic');
    expect((await admin('/admin/queues', `Bearer ${world.manager}`)).status).toBe(403);
    expect((await admin('/admin/queues', 'Basic bm9ib2R5Ondyb25n')).status).toBe(401);
    const board = await request<string>(`${worker.baseUrl}/admin/queues`, {
      headers: { authorization: adminBasic },
    });
    expect(board.status).toBe(200);
    expect(board.body).toContain('Loyalty queues');
    const queues = await admin('/admin/queues/api/queues', `Bearer ${world.admin}`);
    expect(queues.status).toBe(200);
    expect((queues.body.queues as { name: string }[]).map((entry) => entry.name).sort()).toEqual(
      Object.values(QueueName).sort(),
    );
    const marketing = await signInStaff(
      world.cardIssuance.baseUrl,
      await createStaffAccount(
        world.dataSource,
        world.program.programId,
        StaffRole.Marketing,
        null,
      ),
    );
    expect((await admin('/admin/queues/api/queues', `Bearer ${marketing}`)).status).toBe(403);
  });
});
