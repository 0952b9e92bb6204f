import { eventually, TcpProxy, testConfig } from '@loyalty/testing';
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');
const mainOf = (app: string) => join(ROOT, 'dist', 'apps', app, 'src', 'main.js');

/** A compiled app in a child process, its stdout collected line by line (JSON logs). */
class AppProcess {
  readonly lines: string[] = [];
  readonly exited: Promise<number | null>;
  private readonly child: ChildProcess;

  constructor(app: string, environment: Record<string, string>) {
    this.child = spawn(process.execPath, [mainOf(app)], {
      env: { ...process.env, LOG_LEVEL: 'info', ...environment },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let buffered = '';
    const collect = (chunk: Buffer) => {
      buffered += chunk.toString('utf8');
      const complete = buffered.split('\n');
      buffered = complete.pop() ?? '';
      this.lines.push(...complete.filter(Boolean));
    };
    this.child.stdout?.on('data', collect);
    this.child.stderr?.on('data', collect);
    this.exited = new Promise((resolve) => this.child.on('exit', (code) => resolve(code)));
  }

  signal(signal: NodeJS.Signals): void {
    this.child.kill(signal);
  }

  logged(text: string): boolean {
    return this.lines.some((line) => line.includes(text));
  }
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (!address || typeof address === 'string') throw new Error('no port');
  return address.port;
}

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
