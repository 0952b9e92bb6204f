import {
  call,
  daysAgo,
  enrolMember,
  eventually,
  type LedgerWorld,
  ledgerWrite,
  purchaseOf,
  type RunningApp,
  startApp,
  twoTierValuePolicy,
} from '@loyalty/testing';
import { createHmac } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createValueScoringWorkerApp } from '../../../apps/value-scoring-worker/src/value-scoring-worker.app';
import { startWorld } from '../points-ledger/ledger-world';

interface Received {
  readonly body: string;
  readonly signature: string;
  readonly status: number;
}

describe('value scoring: signed webhook deliveries', () => {
  let world: LedgerWorld;
  let worker: RunningApp;
  let server: Server;
  let url: string;
  const received: Received[] = [];

  beforeAll(async () => {
    world = await startWorld();
    worker = await startApp(createValueScoringWorkerApp);
    // The receiver fails its very first delivery, as a flaky endpoint would.
    server = createServer((incoming, response) => {
      const chunks: Buffer[] = [];
      incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
      incoming.on('end', () => {
        const status = received.length === 0 ? 500 : 200;
        received.push({
          body: Buffer.concat(chunks).toString('utf8'),
          signature: String(incoming.headers['loyalty-signature']),
          status,
        });
        response.writeHead(status).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/events`;
    const policy = await call(world.ledger.baseUrl, 'POST', '/v1/value-policies', {
      token: world.admin,
      body: twoTierValuePolicy(),
    });
    expect(policy.status).toBe(201);
  });

  afterAll(async () => {
    await new Promise((resolve) => server?.close(resolve));
    await worker?.close();
    await world?.close();
  });

  it('delivers tier changes and rewards signed, retrying a failed delivery, with a log', async () => {
    const registered = await call<{ id: string; secret: string }>(
      world.ledger.baseUrl,
      'POST',
      '/v1/webhooks',
      { token: world.admin, body: { url, eventTypes: ['tier.changed', 'points.rewarded'] } },
    );
    expect(registered.status).toBe(201);
    expect(registered.body.secret).toMatch(/^whsec_/);
    const listed = await call<{ items: Record<string, unknown>[] }>(
      world.ledger.baseUrl,
      'GET',
      '/v1/webhooks',
      {
        token: world.admin,
      },
    );
    expect(JSON.stringify(listed.body)).not.toContain(registered.body.secret);

    const member = await enrolMember(world);
    const buy = (amountMinor: number) =>
      ledgerWrite(world, '/v1/purchases', {
        body: purchaseOf(member, amountMinor, { occurredAt: daysAgo(45) }),
      });
    await buy(1_000);
    // Placed first (no bonus), then upgraded by the next purchases (the bonus).
    await eventually(
      () => Promise.resolve(received.length),
      (count) => count > 0,
      { timeoutMs: 20_000 },
    );
    for (let i = 0; i < 4; i += 1) await buy(10_000);
    const delivered = await eventually(
      () => Promise.resolve(received.filter((r) => r.status === 200)),
      (ok) => ok.some((r) => r.body.includes('points.rewarded')),
      { timeoutMs: 20_000 },
    );
    for (const delivery of received) {
      const [t, v1] = delivery.signature.split(',').map((part) => part.split('=')[1]);
      const expected = createHmac('sha256', registered.body.secret)
        .update(`${t}.${delivery.body}`)
        .digest('hex');
      expect(v1).toBe(expected);
      expect(Math.abs(Date.now() / 1000 - Number(t))).toBeLessThan(120);
    }
    const events = delivered.map(
      (r) => JSON.parse(r.body) as { id: string; type: string; memberId: string },
    );
    expect(
      events.filter((e) => e.type === 'tier.changed').every((e) => e.memberId === member.memberId),
    ).toBe(true);
    expect(events.find((e) => e.type === 'points.rewarded')).toMatchObject({
      memberId: member.memberId,
    });
    // The first delivery failed and came again under the same event id.
    const firstId = (JSON.parse(received[0]!.body) as { id: string }).id;
    expect(
      received
        .filter((r) => (JSON.parse(r.body) as { id: string }).id === firstId)
        .map((r) => r.status),
    ).toEqual([500, 200]);
    const log = await call<{
      items: { outboxId: string; succeeded: boolean; statusCode: number }[];
    }>(world.ledger.baseUrl, 'GET', `/v1/webhooks/${registered.body.id}/deliveries`, {
      token: world.admin,
    });
    expect(
      log.body.items
        .filter((item) => item.outboxId === firstId)
        .map((item) => [item.statusCode, item.succeeded]),
    ).toEqual([
      [500, false],
      [200, true],
    ]);
  }, 60_000);

  it('lets only admins manage endpoints, and refuses a bad one naming the field', async () => {
    const byClerk = await call(world.ledger.baseUrl, 'POST', '/v1/webhooks', {
      token: world.clerk,
      body: { url, eventTypes: ['tier.changed'] },
    });
    expect(byClerk.status).toBe(403);
    const bad = await call<{ errors: { field: string }[] }>(
      world.ledger.baseUrl,
      'POST',
      '/v1/webhooks',
      {
        token: world.admin,
        body: { url: 'not a url', eventTypes: ['tier.exploded'] },
      },
    );
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((error) => error.field).sort()).toEqual(['eventTypes', 'url']);
  });
});
