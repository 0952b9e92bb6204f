import { AppProcess, eventually, freePort, mainOf, TcpProxy, testConfig } from '@loyalty/testing';
import { existsSync } from 'node:fs';

const status = (url: string) =>
  fetch(url).then(
    (response) => response.status,
    () => 0,
  );

describe('the compiled apps as processes', () => {
  beforeAll(() => {
    if (!existsSync(mainOf('card-issuance'))) {
      throw new Error('dist/ is missing: run `npm run build` first (npm test does)');
    }
  });

  it.each(['points-ledger', 'card-issuance', 'value-scoring-worker'])(
    '%s refuses to start on a malformed variable and names it',
    async (app) => {
      const child = new AppProcess(app, { DATABASE_PORT: 'five-four-three-two', REDIS_DB: '99' });

      expect(await child.exited).toBe(1);
      const output = child.lines.join('\n');
      expect(output).toContain('DATABASE_PORT');
      expect(output).toContain('five-four-three-two');
      expect(output).toContain('REDIS_DB');
    },
  );

  it('refuses to start in production without the database password, hiding secrets', async () => {
    const child = new AppProcess('points-ledger', {
      NODE_ENV: 'production',
      DATABASE_HOST: '127.0.0.1',
      DATABASE_USER: 'postgres',
      REDIS_HOST: '127.0.0.1',
      REDIS_PASSWORD: 'x',
    });

    expect(await child.exited).toBe(1);
    expect(child.lines.join('\n')).toContain(
      'DATABASE_PASSWORD: must be set when NODE_ENV is production',
    );
  });

  it('on SIGTERM finishes the request in flight, then exits 0; secrets never reach the log', async () => {
    const config = testConfig();
    const database = await TcpProxy.start(config.database.host, config.database.port);
    const port = await freePort();
    const child = new AppProcess('card-issuance', {
      CARD_ISSUANCE_PORT: String(port),
      DATABASE_PORT: String(database.port),
    });
    const baseUrl = `http://127.0.0.1:${port}`;
    try {
      await eventually(
        () => status(`${baseUrl}/health/ready`),
        (code) => code === 200,
        {
          timeoutMs: 20_000,
        },
      );

      database.hold();
      const inFlight = fetch(`${baseUrl}/v1/stores?limit=1`, {
        headers: { authorization: 'Bearer secret-token-4711', 'x-request-id': 'drain-check' },
      });
      // The request is in flight once its query sits in the proxy, unanswered.
      await eventually(
        () => Promise.resolve(database.heldBytesFromApp),
        (bytes) => bytes > 0,
      );
      child.signal('SIGTERM');
      await eventually(() => Promise.resolve(child.logged('SIGTERM received')), Boolean);
      database.restore();

      const response = await inFlight;
      expect(response.status).toBe(200);
      expect(await child.exited).toBe(0);
      expect(child.logged('stopped cleanly')).toBe(true);
    } finally {
      child.signal('SIGKILL');
      await database.close();
    }

    const requestLog = child.lines
      .map((line) => JSON.parse(line) as { req?: { id?: string }; msg?: string })
      .find((entry) => entry.req?.id === 'drain-check');
    expect(requestLog?.msg).toBe('request completed');
    expect(child.lines.join('\n')).not.toContain('secret-token-4711');
  });

  it('the worker stops cleanly on SIGTERM', async () => {
    const port = await freePort();
    const child = new AppProcess('value-scoring-worker', {
      VALUE_SCORING_WORKER_PORT: String(port),
    });
    try {
      await eventually(
        () => status(`http://127.0.0.1:${port}/health/ready`),
        (code) => code === 200,
        {
          timeoutMs: 20_000,
        },
      );
      child.signal('SIGTERM');
      expect(await child.exited).toBe(0);
      expect(child.logged('stopped cleanly')).toBe(true);
    } finally {
      child.signal('SIGKILL');
    }
  });
});
