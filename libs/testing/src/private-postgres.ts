import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chown, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from './app-process';
import { eventually } from './eventually';

const run = promisify(execFile);

/** The server binaries: Debian keeps them per major version, off the PATH. */
async function binDirectory(): Promise<string> {
  const root = '/usr/lib/postgresql';
  if (existsSync(root)) {
    const versions = (await readdir(root)).sort((a, b) => Number(b) - Number(a));
    for (const version of versions) {
      if (existsSync(join(root, version, 'bin', 'pg_ctl'))) return join(root, version, 'bin');
    }
  }
  return (await run('pg_config', ['--bindir'])).stdout.trim();
}

const isRunning = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/**
 * A PostgreSQL cluster of a suite's own, on a free port in a scratch directory, never the
 * developer's: for suites that kill, stop and restart the database. PostgreSQL refuses to run as
 * root, so as root the cluster belongs to the `postgres` system user. Removed by destroy().
 */
export class PrivatePostgres {
  private constructor(
    readonly port: number,
    private readonly directory: string,
    private readonly bin: string,
    private readonly owner: string | null,
  ) {}

  static async start(): Promise<PrivatePostgres> {
    const bin = await binDirectory();
    const directory = await mkdtemp(join(tmpdir(), 'loyalty-postgres-'));
    const owner = process.getuid?.() === 0 ? 'postgres' : null;
    if (owner) {
      const uid = Number((await run('id', ['-u', owner])).stdout.trim());
      const gid = Number((await run('id', ['-g', owner])).stdout.trim());
      await chown(directory, uid, gid);
    }
    const cluster = new PrivatePostgres(await freePort(), directory, bin, owner);
    await cluster.asOwner('initdb', [
      '--pgdata',
      cluster.data,
      '--username=postgres',
      '--auth=trust',
      '--encoding=UTF8',
      '--no-sync',
    ]);
    await cluster.restart();
    return cluster;
  }

  private get data(): string {
    return join(this.directory, 'data');
  }

  /** Starts the cluster (again), recovering from its write-ahead log after a crash. */
  async restart(): Promise<void> {
    // After a SIGKILL the old backends notice their postmaster is gone and leave within moments;
    // until then the new postmaster refuses the shared memory they still hold.
    await eventually(
      () =>
        this.asOwner('pg_ctl', [
          '--pgdata',
          this.data,
          '--log',
          join(this.directory, 'postgres.log'),
          '--wait',
          '--options',
          `-p ${this.port} -k ${this.directory} -c listen_addresses=127.0.0.1 -c max_connections=200`,
          'start',
        ]).then(
          () => true,
          () => false,
        ),
      (started) => started,
      { timeoutMs: 30_000, intervalMs: 250 },
    );
  }

  /** SIGKILL to the postmaster: a crash, as a machine losing power looks to the apps. */
  async kill(): Promise<void> {
    const pid = await this.postmasterPid();
    if (pid === null) return;
    process.kill(pid, 'SIGKILL');
    await eventually(
      () => Promise.resolve(isRunning(pid)),
      (running) => !running,
      { timeoutMs: 10_000, intervalMs: 50 },
    );
  }

  /** A clean, fast shutdown: open connections are ended. */
  async stop(): Promise<void> {
    if ((await this.postmasterPid()) === null) return;
    await this.asOwner('pg_ctl', ['--pgdata', this.data, '--mode', 'fast', '--wait', 'stop']);
  }

  async destroy(): Promise<void> {
    await this.kill().catch(() => undefined);
    await rm(this.directory, { recursive: true, force: true });
  }

  private async postmasterPid(): Promise<number | null> {
    const file = join(this.data, 'postmaster.pid');
    if (!existsSync(file)) return null;
    const pid = Number((await readFile(file, 'utf8')).split('\n')[0]);
    return Number.isInteger(pid) && isRunning(pid) ? pid : null;
  }

  private async asOwner(program: string, args: readonly string[]): Promise<void> {
    const path = join(this.bin, program);
    if (this.owner) await run('runuser', ['-u', this.owner, '--', path, ...args]);
    else await run(path, [...args]);
  }
}
