import { bullPrefix, QueueName } from '@loyalty/messaging';
import {
  call,
  daysAgo,
  enrolMember,
  eventually,
  type LedgerWorld,
  ledgerWrite,
  type ProblemBody,
  purchaseOf,
  type RunningApp,
  startApp,
  testConfig,
} from '@loyalty/testing';
import { Queue } from 'bullmq';
import { randomUUID } from 'node:crypto';
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createValueScoringWorkerApp } from '../../../apps/value-scoring-worker/src/value-scoring-worker.app';
import { startWorld } from '../points-ledger/ledger-world';

interface Receiver {
  readonly server: Server;
  readonly url: string;
  readonly hits: string[];
}

async function startReceiver(answer: (response: ServerResponse) => void) {
  const hits: string[] = [];
  const server = createServer((incoming, response) => {
    hits.push(incoming.url ?? '');
    incoming.resume();
    answer(response);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/events`;
  return { server, url, hits } satisfies Receiver;
}

/**
 * Webhook endpoints as an insider would aim them at the platform's own network: refused when
 * registered, and refused again when delivered (an endpoint registered before, or a name whose
 * DNS changed). Each worker here has a Redis prefix of its own, so no other spec's worker (which
 * may deliver to loopback) takes these jobs.
 */
describe('webhooks: no delivery inside the platform’s network', () => {
  let world: LedgerWorld;
  let receiver: Receiver;
  let redirectTarget: Receiver;
  let redirecting: Receiver;
  const workers: RunningApp[] = [];
  const queues: Queue[] = [];

  const workerWith = async (allowLoopback: boolean) => {
    const prefix = `${testConfig().redis.keyPrefix}-ssrf-${allowLoopback ? 'local' : 'strict'}`;
    workers.push(
      await startApp(createValueScoringWorkerApp, {
        WEBHOOKS_ALLOW_LOOPBACK: String(allowLoopback),
        REDIS_KEY_PREFIX: prefix,
      }),
    );
    const { redis } = testConfig();
    const queue = new Queue(QueueName.Webhooks, {
      connection: { host: redis.host, port: redis.port, db: redis.db },
      prefix: bullPrefix({ ...redis, keyPrefix: prefix }),
    });
    queues.push(queue);
    return queue;
  };

  beforeAll(async () => {
    world = await startWorld({ WEBHOOKS_ALLOW_LOOPBACK: 'false' });
    receiver = await startReceiver((response) => response.writeHead(200).end());
    redirectTarget = await startReceiver((response) => response.writeHead(200).end());
    redirecting = await startReceiver((response) =>
      response.writeHead(302, { location: redirectTarget.url }).end(),
    );
  });

  afterAll(async () => {
    for (const queue of queues) await queue.close();
    for (const worker of workers) await worker.close();
    for (const each of [receiver, redirectTarget, redirecting]) {
      await new Promise((resolve) => each?.server.close(resolve));
    }
    await world?.close();
  });

  const register = (url: string) =>
    call<ProblemBody>(world.ledger.baseUrl, 'POST', '/v1/webhooks', {
      token: world.admin,
      body: { url, eventTypes: ['tier.changed'] },
    });

  it.each([
    'http://127.0.0.1:6379/',
    'http://169.254.169.254/latest/meta-data/iam/security-credentials/',
    'http://[::1]:3001/v1/webhooks',
    'http://[::ffff:127.0.0.1]:5432/',
    'http://[fd00:ec2::254]/latest/meta-data/',
    'http://10.0.0.5:8080/',
    'http://192.168.1.1/',
    'http://172.20.0.2/',
    'http://0.0.0.0:3002/',
    'http://localhost:3001/',
    'https://user:secret@crm.example.com/hook',
  ])('refuses to register %s, naming the url field', async (url) => {
    const refused = await register(url);
    expect([400, 422]).toContain(refused.status);
    expect(refused.headers.get('content-type')).toContain('application/problem+json');
    expect(refused.body.errors).toContainEqual(expect.objectContaining({ field: 'url' }));
    if (refused.status === 422) expect(refused.body.code).toBe('WEBHOOK_URL_NOT_ALLOWED');
  });

  /** An endpoint as it would be if registered before the rule, or if its name now resolved inside. */
  const insertEndpoint = async (url: string): Promise<string> => {
    const id = randomUUID();
    await world.dataSource.query(
      `INSERT INTO webhook_endpoints (id, program_id, url, secret, event_types)
       VALUES ($1, $2, $3, 'whsec_test', ARRAY['adjustment.requested'])`,
      [id, world.program.programId, url],
    );
    return id;
  };
  let outboxEvent: { outboxId: string; programId: string };
  const deliveryOf = (endpointId: string, event: Record<string, unknown>) => ({
    endpointId,
    event: {
      memberId: null,
      type: 'purchase.recorded',
      data: {},
      occurredAt: new Date().toISOString(),
      ...event,
    },
  });
  const finalState = (queue: Queue, jobId: string) =>
    eventually(
      async () => ({ state: await queue.getJobState(jobId), job: await queue.getJob(jobId) }),
      ({ state }) => state === 'failed' || state === 'completed',
      { timeoutMs: 15_000 },
    );
  const deliveryLog = async (endpointId: string) =>
    (
      await call<{
        items: { statusCode: number | null; error: string | null; succeeded: boolean }[];
      }>(world.ledger.baseUrl, 'GET', `/v1/webhooks/${endpointId}/deliveries`, {
        token: world.admin,
      })
    ).body.items;

  it('refuses at delivery an endpoint on loopback, once, with a log that names no listener', async () => {
    const member = await enrolMember(world);
    expect(
      (
        await ledgerWrite(world, '/v1/purchases', {
          body: purchaseOf(member, 1_000, { occurredAt: daysAgo(2) }),
        })
      ).status,
    ).toBe(201);
    const [row] = await world.dataSource.query<{ id: string }[]>(
      `SELECT id::text AS id FROM outbox_events WHERE program_id = $1 ORDER BY id LIMIT 1`,
      [world.program.programId],
    );
    outboxEvent = { outboxId: row!.id, programId: world.program.programId };

    const strict = await workerWith(false);
    const endpointId = await insertEndpoint(receiver.url);
    const job = await strict.add('deliver-webhook', deliveryOf(endpointId, outboxEvent), {
      attempts: 5,
    });
    const { state, job: finished } = await finalState(strict, job.id!);
    expect(state).toBe('failed');
    expect(finished?.attemptsMade).toBe(1);
    expect(receiver.hits).toEqual([]);
    const [attempt, ...more] = await deliveryLog(endpointId);
    expect(more).toEqual([]);
    expect(attempt).toMatchObject({ statusCode: null, succeeded: false });
    expect(attempt!.error).toContain('destination not allowed');
  });

  it('does not follow a redirect, even where loopback delivery is allowed', async () => {
    const local = await workerWith(true);
    const endpointId = await insertEndpoint(redirecting.url);
    const job = await local.add('deliver-webhook', deliveryOf(endpointId, outboxEvent), {
      attempts: 1,
    });
    expect((await finalState(local, job.id!)).state).toBe('failed');
    expect(redirecting.hits).toHaveLength(1);
    expect(redirectTarget.hits).toEqual([]);
    expect(await deliveryLog(endpointId)).toEqual([
      expect.objectContaining({
        statusCode: 302,
        succeeded: false,
        error: 'the endpoint answered 302',
      }),
    ]);
  });

  it('signs and sends nothing for a job that is not an event of this program’s ledger', async () => {
    const local = queues[1]!;
    const endpointId = await insertEndpoint(receiver.url);
    for (const forged of [
      { outboxId: 'evt-forged', programId: world.program.programId },
      { outboxId: '999999999999', programId: world.program.programId },
      { outboxId: outboxEvent.outboxId, programId: randomUUID() },
    ]) {
      const job = await local.add('deliver-webhook', deliveryOf(endpointId, forged), {
        attempts: 3,
      });
      const { state, job: finished } = await finalState(local, job.id!);
      expect(state).toBe('failed');
      expect(finished?.failedReason).toBe('not an event of the ledger’s outbox');
      expect(finished?.attemptsMade).toBe(1);
    }
    expect(receiver.hits).toEqual([]);
  });
});
