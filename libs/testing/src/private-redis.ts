import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { freePort } from './app-process';

/**
 * A Redis server of a spec's own, on a free port and in a scratch directory, never the
 * developer's: for specs that kill, flush or configure Redis. Stopped and removed by stop().
 */
export class PrivateRedis {
  private constructor(
    readonly port: number,
    private readonly directory: string,
    private process: ChildProcess,
    private readonly args: readonly string[],
  ) {}

  static async start(settings: readonly string[] = []): Promise<PrivateRedis> {
    const port = await freePort();
    const directory = await mkdtemp(join(tmpdir(), 'loyalty-redis-'));
    const args = [
      '--bind',
      '127.0.0.1',
      '--port',
      String(port),
      '--dir',
      directory,
      '--save',
      '',
      ...settings,
    ];
    const redis = new PrivateRedis(
      port,
      directory,
      spawn('redis-server', args, { stdio: 'ignore' }),
      args,
    );
    await redis.waitUntilAnswering();
    return redis;
  }

  /** A client of its own, for a spec to look or flush. */
  client(): Redis {
    return new Redis({ host: '127.0.0.1', port: this.port, lazyConnect: false });
  }

  /** SIGKILL: what it had in memory and not in its append-only file is gone. */
  async kill(): Promise<void> {
    const exited = new Promise((resolve) => this.process.once('exit', resolve));
    this.process.kill('SIGKILL');
    await exited;
  }

  /** SIGSTOP: a Redis that hangs, answering nothing, until resume(). */
  pause(): void {
    this.process.kill('SIGSTOP');
  }

  resume(): void {
    this.process.kill('SIGCONT');
  }

  /** Starts it again on the same port and directory (so an append-only file is read back). */
  async restart(): Promise<void> {
    this.process = spawn('redis-server', this.args, { stdio: 'ignore' });
    await this.waitUntilAnswering();
  }

  async stop(): Promise<void> {
    if (this.process.exitCode === null && this.process.signalCode === null) await this.kill();
    await rm(this.directory, { recursive: true, force: true });
  }

  private async waitUntilAnswering(): Promise<void> {
    for (let attempt = 0; attempt < 100; attempt += 1) {
      const probe = new Redis({
        host: '127.0.0.1',
        port: this.port,
        lazyConnect: true,
        maxRetriesPerRequest: 0,
        retryStrategy: () => null,
      });
      probe.on('error', () => undefined);
      const answered = await probe
        .connect()
        .then(() => probe.ping())
        .then(
          () => true,
          () => false,
        );
      probe.disconnect();
      if (answered) return;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`redis-server did not answer on port ${this.port}`);
  }
}
