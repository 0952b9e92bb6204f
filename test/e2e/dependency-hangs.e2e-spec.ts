import {
  call,
  daysAgo,
  enrolMember,
  eventually,
  insertRedemptionCode,
  type LedgerWorld,
  ledgerWrite,
  type ProblemBody,
  purchaseOf,
  request,
  TcpProxy,
  testConfig,
} from '@loyalty/testing';
import { startWorld } from './points-ledger/ledger-world';

/** Far below the 10 s and more a hung dependency used to hold a request; not a speed figure. */
const PROMPTLY_MS = 2_500;

const timed = async <T>(work: () => Promise<T>): Promise<{ result: T; ms: number }> => {
  const started = performance.now();
  const result = await work();
  return { result, ms: performance.now() - started };
};

/**
 * A dependency that hangs (SIGSTOP, a black-holed network) instead of refusing: every byte to
 * it is held back while connections stay open. Requests must not wait on it: the till's sale
 * goes through, what guards a secret answers 503 at once, readiness says 503 within a second.
 */
describe('a Redis or PostgreSQL that hangs is a dependency that is down', () => {
  let world: LedgerWorld;
  let redis: TcpProxy;
  let database: TcpProxy;

  beforeAll(async () => {
    const config = testConfig();
    redis = await TcpProxy.start(config.redis.host, config.redis.port);
    database = await TcpProxy.start(config.database.host, config.database.port);
    world = await startWorld({
      REDIS_PORT: String(redis.port),
      DATABASE_PORT: String(database.port),
      // The deployed default is 250 ms; a shared, busy test process needs more headroom.
      REDIS_COMMAND_TIMEOUT_MS: '1000',
    });
  });

  afterAll(async () => {
    redis?.restore();
    database?.restore();
    await world?.close();
    await redis?.close();
    await database?.close();
  });

  const ready = (baseUrl: string) => request(`${baseUrl}/health/ready`);
  const bothReady = () =>
    eventually(
      async () => [await ready(world.ledger.baseUrl), await ready(world.cardIssuance.baseUrl)],
      (answers) => answers.every((answer) => answer.status === 200),
      { timeoutMs: 20_000 },
    );

  it('lets the till redeem and look up cards while Redis hangs, and refuses sign-in with 503 at once', async () => {
    const member = await enrolMember(world);
    const bought = await ledgerWrite(world, '/v1/purchases', {
      body: purchaseOf(member, 5_000, { occurredAt: daysAgo(40) }),
    });
    expect(bought.status).toBe(201);
    const code = await insertRedemptionCode(world, member.memberId);

    redis.hold();
    try {
      const redeemed = await timed(() =>
        ledgerWrite(world, '/v1/redemptions', {
          body: { cardNumber: member.cardNumber, points: 10, redemptionCode: code },
        }),
      );
      expect(redeemed.result.status).toBe(201);
      expect(redeemed.ms).toBeLessThan(PROMPTLY_MS);

      const looked = await timed(() =>
        call(world.cardIssuance.baseUrl, 'GET', `/v1/cards/${member.cardNumber}`, {
          headers: { 'x-api-key': world.posApiKey },
        }),
      );
      expect(looked.result.status).toBe(200);
      expect(looked.ms).toBeLessThan(PROMPTLY_MS);

      const signIn = await timed(() =>
        call<ProblemBody>(world.cardIssuance.baseUrl, 'POST', '/v1/staff/sessions', {
          body: { email: 'someone@example.com', password: 'a password of some length' },
        }),
      );
      expect([signIn.result.status, signIn.result.body.code]).toEqual([
        503,
        'DEPENDENCY_UNAVAILABLE',
      ]);
      expect(signIn.ms).toBeLessThan(PROMPTLY_MS);

      for (const baseUrl of [world.ledger.baseUrl, world.cardIssuance.baseUrl]) {
        const health = await timed(() => ready(baseUrl));
        expect(health.result.status).toBe(503);
        expect(health.ms).toBeLessThan(PROMPTLY_MS);
      }
    } finally {
      redis.restore();
    }
    await bothReady();
  }, 60_000);

  it('answers readiness with 503 within a second while PostgreSQL hangs, and recovers', async () => {
    database.hold();
    try {
      for (const baseUrl of [world.ledger.baseUrl, world.cardIssuance.baseUrl]) {
        const health = await timed(() => ready(baseUrl));
        expect(health.result.status).toBe(503);
        expect(health.ms).toBeLessThan(PROMPTLY_MS);
      }
    } finally {
      database.restore();
    }
    await bothReady();
  }, 60_000);
});
