import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { eventually } from './eventually';

const ROOT = join(__dirname, '..', '..', '..');
export const mainOf = (app: string) => join(ROOT, 'dist', 'apps', app, 'src', 'main.js');

/** A compiled app in a child process, its stdout collected line by line (JSON logs). */
export class AppProcess {
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

/** Resolves once the app at `baseUrl` answers its readiness check with 200. */
export async function untilReady(baseUrl: string, { timeoutMs = 20_000 } = {}): Promise<void> {
  await eventually(
    () =>
      fetch(`${baseUrl}/health/ready`).then(
        async (response) => ({ status: response.status, body: await response.text() }),
        (error: Error) => ({ status: 0, body: error.message }),
      ),
    (answer) => answer.status === 200,
    { timeoutMs, intervalMs: 200 },
  );
}

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (!address || typeof address === 'string') throw new Error('no port');
  return address.port;
}
