import { StaffRole } from '@loyalty/domain';
import { bullPrefix, QueueName } from '@loyalty/messaging';
import {
  call,
  createProgram,
  createStaffAccount,
  eventually,
  type LedgerWorld,
  type ProblemBody,
  request,
  type RunningApp,
  signInStaff,
  startApp,
  testConfig,
} from '@loyalty/testing';
import { randomUUID } from 'node:crypto';
import { Queue } from 'bullmq';
import { createValueScoringWorkerApp } from '../../../apps/value-scoring-worker/src/value-scoring-worker.app';
import { startWorld } from '../points-ledger/ledger-world';

const basic = (user: string, password: string) =>
  `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

/**
 * The worker's admin port as a program admin, another program's admin, a clerk, a stranger and
 * the platform operator would use it: the board and the probe span every program and are the
 * operator's; a program admin reaches their own program's failed jobs and nothing else.
 */
describe('value-scoring-worker: the admin port, per caller', () => {
  let world: LedgerWorld;
  let worker: RunningApp;
  let queue: Queue;
  let operator: string;
  let adminAccount: { email: string; password: string };
  let otherProgramId: string;

  beforeAll(async () => {
    world = await startWorld();
    worker = await startApp(createValueScoringWorkerApp);
    const { redis, platformOperatorToken } = testConfig();
    operator = `Bearer ${platformOperatorToken}`;
    queue = new Queue(QueueName.ValueScoring, {
      connection: { host: redis.host, port: redis.port, db: redis.db },
      prefix: bullPrefix(redis),
    });
    adminAccount = await createStaffAccount(
      world.dataSource,
      world.program.programId,
      StaffRole.Admin,
      null,
    );
    otherProgramId = (await createProgram(world.dataSource)).programId;
  });

  afterAll(async () => {
    await queue?.close();
    await worker?.close();
    await world?.close();
  });

  const admin = <T = Record<string, unknown>>(
    path: string,
    authorization?: string,
    method = 'GET',
    body?: unknown,
  ) =>
    request<T>(`${worker.baseUrl}${path}`, {
      method,
      headers: {
        ...(authorization ? { authorization } : {}),
        ...(body ? { 'content-type': 'application/json' } : {}),
      },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });

  const failJob = async (programId: string) => {
    const job = await queue.add(
      'no-such-job',
      { programId, memberId: randomUUID() },
      { attempts: 1 },
    );
    await eventually(
      () => queue.getJobState(job.id!),
      (state) => state === 'failed',
      { timeoutMs: 10_000 },
    );
    return job.id!;
  };
  const listedIds = async (authorization: string) =>
    (
      await admin<{ items: { id: string }[] }>(
        '/v1/failed-jobs?queue=value-scoring&limit=500',
        authorization,
      )
    ).body.items.map((item) => item.id);

  it('shows a program admin their own program’s failed jobs only, and replays only those', async () => {
    const ours = await failJob(world.program.programId);
    const theirs = await failJob(otherProgramId);

    const seenByAdmin = await listedIds(`Bearer ${world.admin}`);
    expect(seenByAdmin).toContain(ours);
    expect(seenByAdmin).not.toContain(theirs);
    expect(await listedIds(operator)).toEqual(expect.arrayContaining([ours, theirs]));

    const foreign = await admin<ProblemBody>(
      `/v1/failed-jobs/value-scoring/${theirs}/retry`,
      `Bearer ${world.admin}`,
      'POST',
    );
    expect(foreign.status).toBe(404);
    expect(await queue.getJobState(theirs)).toBe('failed');

    const replay = await admin(
      `/v1/failed-jobs/value-scoring/${ours}/retry`,
      `Bearer ${world.admin}`,
      'POST',
    );
    expect(replay.status).toBe(202);
    await eventually(
      () => queue.getJob(ours),
      (replayed) => (replayed?.attemptsMade ?? 0) >= 2,
      { timeoutMs: 10_000 },
    );
    expect((await admin('/v1/failed-jobs/value-scoring/nope/retry', operator, 'POST')).status).toBe(
      404,
    );
  });

  it('refuses the failed jobs to strangers, clerks and managers, as problem+json', async () => {
    for (const [authorization, status] of [
      [undefined, 401],
      ['Bearer not-a-token', 401],
      [`Bearer ${world.clerk}`, 403],
      [`Bearer ${world.manager}`, 403],
    ] as const) {
      const refused = await admin<ProblemBody>('/v1/failed-jobs', authorization);
      expect(refused.status).toBe(status);
      expect(refused.headers.get('content-type')).toContain('application/problem+json');
    }
  });

  it('keeps the board to the operator: a program admin’s token or password gets no confirmation', async () => {
    const anonymous = await admin<ProblemBody>('/admin/queues');
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('www-authenticate')).toContain('Basic');
    expect(anonymous.headers.get('content-type')).toContain('application/problem+json');

    const byAdminToken = await admin<ProblemBody>(
      '/admin/queues/api/queues',
      `Bearer ${world.admin}`,
    );
    expect(byAdminToken.status).toBe(403);
    expect(byAdminToken.body.code).toBe('PERMISSION_DENIED');

    // A program admin's right password and a wrong one answer alike.
    const rightPassword = await admin<ProblemBody>(
      '/admin/queues',
      basic(adminAccount.email, adminAccount.password),
    );
    const wrongPassword = await admin<ProblemBody>(
      '/admin/queues',
      basic(adminAccount.email, 'nope'),
    );
    expect([rightPassword.status, rightPassword.body.code]).toEqual([
      401,
      'AUTHENTICATION_REQUIRED',
    ]);
    expect([wrongPassword.status, wrongPassword.body.detail]).toEqual([
      401,
      rightPassword.body.detail,
    ]);
    expect((await admin('/admin/queues', basic('operator', 'wrong'))).status).toBe(401);

    const board = await request<string>(`${worker.baseUrl}/admin/queues`, {
      headers: { authorization: basic('operator', testConfig().platformOperatorToken!) },
    });
    expect(board.status).toBe(200);
    expect(board.body).toContain('Loyalty queues');
    const queues = await admin<{ queues: { name: string; readOnlyMode: boolean }[] }>(
      '/admin/queues/api/queues',
      operator,
    );
    expect(queues.status).toBe(200);
    expect(queues.body.queues.map((entry) => entry.name).sort()).toEqual(
      Object.values(QueueName).sort(),
    );
    expect(queues.body.queues.every((entry) => entry.readOnlyMode)).toBe(true);
  });

  it('adds, edits or replays nothing through the board, even for the operator', async () => {
    // Other specs share these queues: the checks look for this spec's own jobs only.
    const stillFailed = await failJob(world.program.programId);
    const forgedId = `forged-${randomUUID()}`;
    const forged = await admin<ProblemBody>(
      '/admin/queues/api/queues/ledger-events/add',
      operator,
      'POST',
      {
        name: 'ledger-event',
        data: { outboxId: forgedId, programId: otherProgramId, type: 'tier.changed' },
      },
    );
    expect(forged.status).toBe(403);
    expect(forged.headers.get('content-type')).toContain('application/problem+json');
    for (const [method, path] of [
      ['PUT', '/admin/queues/api/queues/value-scoring/retry/failed'],
      ['PUT', `/admin/queues/api/queues/value-scoring/${stillFailed}/retry`],
      ['PATCH', `/admin/queues/api/queues/value-scoring/${stillFailed}/update-data`],
      ['PUT', `/admin/queues/api/queues/value-scoring/${stillFailed}/clean`],
    ] as const) {
      const refused = await admin<ProblemBody>(path, operator, method, { data: {} });
      expect([path, refused.status]).toEqual([path, 403]);
    }
    const replayed = await queue.getJob(stillFailed);
    expect([await replayed?.getState(), replayed?.attemptsMade]).toEqual(['failed', 1]);
    const ledgerEvents = new Queue(QueueName.LedgerEvents, {
      connection: queue.opts.connection,
      prefix: bullPrefix(testConfig().redis),
    });
    try {
      const jobs = await ledgerEvents.getJobs([
        'waiting',
        'delayed',
        'active',
        'failed',
        'completed',
      ]);
      expect(
        jobs.some((job) => (job.data as { outboxId?: string } | undefined)?.outboxId === forgedId),
      ).toBe(false);
    } finally {
      await ledgerEvents.close();
    }

    const unknownQueue = await admin<ProblemBody>('/admin/queues/api/queues/nope/1', operator);
    expect(unknownQueue.status).toBe(404);
    expect(unknownQueue.headers.get('content-type')).toContain('application/problem+json');
    expect(unknownQueue.body.status).toBe(404);
  });

  it('refuses a disabled program admin’s access token at once', async () => {
    const account = await createStaffAccount(
      world.dataSource,
      world.program.programId,
      StaffRole.Admin,
      null,
    );
    const token = await signInStaff(world.cardIssuance.baseUrl, account);
    expect((await admin('/v1/failed-jobs', `Bearer ${token}`)).status).toBe(200);
    const disabled = await call(world.cardIssuance.baseUrl, 'PATCH', `/v1/staff/${account.id}`, {
      token: world.admin,
      body: { disabled: true },
    });
    expect(disabled.status).toBe(200);
    expect((await admin('/v1/failed-jobs', `Bearer ${token}`)).status).toBe(401);
  });

  it('keeps the queue probe to the operator, with a bounded wait', async () => {
    expect(
      (await admin('/v1/queue-probes', undefined, 'POST', { requestedBy: 'jest' })).status,
    ).toBe(401);
    expect(
      (await admin('/v1/queue-probes', `Bearer ${world.admin}`, 'POST', { requestedBy: 'jest' }))
        .status,
    ).toBe(403);
    const tooLong = await admin<ProblemBody>('/v1/queue-probes', operator, 'POST', {
      timeoutMs: 30_000,
    });
    expect(tooLong.status).toBe(400);
    expect(tooLong.body.errors).toContainEqual(expect.objectContaining({ field: 'timeoutMs' }));
  });
});

describe('value-scoring-worker: failed sign-ins on the admin port are limited per address', () => {
  let worker: RunningApp;

  beforeAll(async () => {
    worker = await startApp(createValueScoringWorkerApp, {
      SIGN_IN_ATTEMPTS_PER_MINUTE: '3',
      REDIS_KEY_PREFIX: `${testConfig().redis.keyPrefix}-admin-lock-out`,
    });
  });

  afterAll(async () => {
    await worker?.close();
  });

  it('answers 401 to each of the first failures, then 429 with Retry-After even for the right token', async () => {
    const attempt = (password: string) =>
      request<ProblemBody>(`${worker.baseUrl}/admin/queues`, {
        headers: { authorization: basic('operator', password) },
      });
    for (let failure = 0; failure < 3; failure += 1) {
      expect((await attempt(`guess-${failure}`)).status).toBe(401);
    }
    const locked = await attempt(testConfig().platformOperatorToken!);
    expect(locked.status).toBe(429);
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(locked.headers.get('content-type')).toContain('application/problem+json');
  });
});
