import { bullPrefix, type QueueProbeResult, QueueName } from '@loyalty/messaging';
import { type ProblemBody, request, type RunningApp, startApp, testConfig } from '@loyalty/testing';
import { Queue, QueueEvents } from 'bullmq';
import { createValueScoringWorkerApp } from '../../apps/value-scoring-worker/src/value-scoring-worker.app';

describe('value-scoring-worker: jobs over Redis', () => {
  let running: RunningApp;
  let queue: Queue;
  let queueEvents: QueueEvents;
  const operator = `Bearer ${testConfig().platformOperatorToken}`;

  beforeAll(async () => {
    running = await startApp(createValueScoringWorkerApp);
    const { redis } = testConfig();
    const connection = { host: redis.host, port: redis.port, db: redis.db };
    queue = new Queue(QueueName.Diagnostics, { connection, prefix: bullPrefix(redis) });
    queueEvents = new QueueEvents(QueueName.Diagnostics, { connection, prefix: bullPrefix(redis) });
    await queueEvents.waitUntilReady();
  });

  afterAll(async () => {
    await queueEvents?.close();
    await queue?.close();
    await running?.close();
  });

  it('processes a job that another process enqueued over Redis', async () => {
    const job = await queue.add('queue-probe', {
      requestedBy: 'jest',
      requestedAt: new Date().toISOString(),
    });

    const result = (await job.waitUntilFinished(queueEvents, 10_000)) as QueueProbeResult;

    expect(result.processedBy).toMatch(/:\d+$/);
    expect(Date.parse(result.databaseTime)).not.toBeNaN();
    expect(await queue.getJobState(String(job.id))).toBe('completed');
  });

  it('fails a job whose name has no handler, without retrying it', async () => {
    const job = await queue.add('no-such-job', {}, { attempts: 3 });

    await expect(job.waitUntilFinished(queueEvents, 10_000)).rejects.toThrow(
      'no handler for job no-such-job',
    );
    const failed = await queue.getJob(String(job.id));
    expect(failed?.attemptsMade).toBe(1);
  });

  it('runs a probe through the admin API and reports its round trip', async () => {
    const response = await request<QueueProbeResult & { jobId: string; roundTripMs: number }>(
      `${running.baseUrl}/v1/queue-probes`,
      {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: operator },
        body: JSON.stringify({ requestedBy: 'jest' }),
      },
    );

    expect(response.status).toBe(201);
    expect(response.body.roundTripMs).toBeGreaterThanOrEqual(0);
    expect(await queue.getJobState(response.body.jobId)).toBe('completed');
  });

  it.each([
    [
      'an unknown field',
      { requestedBy: 'jest', priority: 1 },
      'priority',
      'property priority should not exist',
    ],
    [
      'a timeout below 100 ms',
      { timeoutMs: 5 },
      'timeoutMs',
      'timeoutMs must not be less than 100',
    ],
    [
      'a timeout that is not a number',
      { timeoutMs: '5s' },
      'timeoutMs',
      'timeoutMs must be an integer number',
    ],
  ])('refuses %s with 400 problem+json naming the field', async (_, body, field, detail) => {
    const response = await request<ProblemBody>(`${running.baseUrl}/v1/queue-probes`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: operator },
      body: JSON.stringify(body),
    });

    expect(response.status).toBe(400);
    expect(response.body.code).toBe('VALIDATION_FAILED');
    expect(response.body.errors).toContainEqual({ field, location: 'body', detail });
  });

  it('answers a body that is not JSON with 400 problem+json', async () => {
    const response = await request<ProblemBody>(`${running.baseUrl}/v1/queue-probes`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: operator },
      body: '{"requestedBy":',
    });

    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toBe('application/problem+json; charset=utf-8');
    expect(response.body.code).toBe('BAD_REQUEST');
  });
});
