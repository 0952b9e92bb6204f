import { PrivateRedis, request, type RunningApp, startApp, testConfig } from '@loyalty/testing';
import { createValueScoringWorkerApp } from '../../apps/value-scoring-worker/src/value-scoring-worker.app';

interface Readiness {
  readonly details: Record<string, { status: string; message?: string }>;
}

/** What production needs of Redis: the apps say so on readiness, naming the setting. */
describe('production readiness refuses a Redis that would lose the queues', () => {
  const { database } = testConfig();
  const production = (redisPort: number) => ({
    NODE_ENV: 'production',
    DATABASE_HOST: database.host,
    DATABASE_USER: database.username,
    REDIS_HOST: '127.0.0.1',
    REDIS_PORT: String(redisPort),
    WEBHOOKS_ALLOW_LOOPBACK: 'false',
    DATABASE_PASSWORD: 'unused-with-trust-auth',
    SIGN_IN_CODE_WEBHOOK_URL: 'https://notify.example/codes',
    LOG_LEVEL: 'silent',
  });
  const running: RunningApp[] = [];
  const servers: PrivateRedis[] = [];

  afterAll(async () => {
    for (const app of running) await app.close();
    for (const server of servers) await server.stop();
  });

  const readiness = async (settings: string[]) => {
    const redis = await PrivateRedis.start(settings);
    servers.push(redis);
    const app = await startApp(createValueScoringWorkerApp, production(redis.port));
    running.push(app);
    return request<Readiness>(`${app.baseUrl}/health/ready`);
  };

  it('fails readiness without an append-only file or with eviction, naming both settings', async () => {
    const unsafe = await readiness(['--appendonly', 'no', '--maxmemory-policy', 'allkeys-lru']);
    expect(unsafe.status).toBe(503);
    expect(unsafe.body.details['redis-durability']?.message).toContain('appendonly yes');
    expect(unsafe.body.details['redis-durability']?.message).toContain(
      'maxmemory-policy noeviction',
    );
    expect(unsafe.body.details.redis?.status).toBe('up');
  });

  it('is ready with an append-only file and no eviction', async () => {
    const safe = await readiness(['--appendonly', 'yes', '--maxmemory-policy', 'noeviction']);
    expect(safe.status).toBe(200);
    expect(safe.body.details['redis-durability']?.status).toBe('up');
  });

  it('does not ask it of a developer machine', async () => {
    const redis = await PrivateRedis.start(['--appendonly', 'no']);
    servers.push(redis);
    const app = await startApp(createValueScoringWorkerApp, { REDIS_PORT: String(redis.port) });
    running.push(app);
    const ready = await request<Readiness>(`${app.baseUrl}/health/ready`);
    expect(ready.status).toBe(200);
    expect(ready.body.details['redis-durability']).toBeUndefined();
  });
});
