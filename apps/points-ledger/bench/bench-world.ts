/**
 * What bench:ledger and bench:reads share: a scratch database seeded with a program, its stores,
 * tills and members; the compiled points-ledger app in a process of its own; pgbench against the
 * same PostgreSQL server; and `ledger:verify` at the end. Nothing here is a test fixture: the
 * figures are meant to be read by a person, next to pgbench's measured in the same run.
 */
import { type LoyaltyConfig, loadLoyaltyConfig } from '@loyalty/config';
import { generateCardNumber } from '@loyalty/domain';
import { buildDataSourceOptions, dropDatabase, ensureDatabaseExists } from '@loyalty/persistence';
import { mintOpaqueToken } from '@loyalty/auth';
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { DataSource } from 'typeorm';
import { countCpu } from './cpu-usage';
import { type BenchRequest, describeLoad, drive, getJson, type LoadResult } from './load-driver';
import type { ColumnsOf } from '@loyalty/persistence';

const run = promisify(execFile);
const ROOT = join(__dirname, '..', '..', '..', '..');

export const BENCH_SECONDS = Number(process.env.BENCH_SECONDS ?? 20);
export const BENCH_CLIENTS = Number(process.env.BENCH_CLIENTS ?? 64);
export const BENCH_MEMBERS = Number(process.env.BENCH_MEMBERS ?? 50_000);
/** points-ledger processes, each on a port of its own; the load driver spreads its clients. */
export const BENCH_APP_PROCESSES = Number(process.env.BENCH_APP_PROCESSES ?? 1);
const STORES = 8;
const TILLS_PER_STORE = 4;
const PORT = Number(process.env.BENCH_PORT ?? 3901);

export const STANDARD_RULES = {
  basePoints: 1,
  perMinorUnits: 100,
  rounding: 'down',
  categoryMultipliers: [{ category: 'fresh', multiplierBp: 20_000 }],
  skuMultipliers: [],
  campaigns: [],
  excludedCategories: ['tobacco'],
  maxPointsPerPurchase: null,
  pendingDays: 14,
  expiry: { kind: 'months_after_earning', months: 12 },
};

export interface Till {
  readonly storeId: string;
  readonly apiKey: string;
}

export interface BenchWorld {
  readonly config: LoyaltyConfig;
  readonly dataSource: DataSource;
  /** One per app process. */
  readonly baseUrls: readonly string[];
  readonly programId: string;
  readonly tills: readonly Till[];
  readonly members: readonly { id: string; cardNumber: string }[];
  close(): Promise<void>;
}

const seconds = (since: number) => ((performance.now() - since) / 1000).toFixed(1);

async function seed(dataSource: DataSource) {
  const [program] = await dataSource.query<ColumnsOf<'programs', 'id'>[]>(
    `INSERT INTO programs (code, name, currency, timezone, card_prefix)
     VALUES ('BENCH', 'Bench', 'EUR', 'Europe/Amsterdam', '900001') RETURNING id`,
  );
  const programId = program!.id;
  const tills: Till[] = [];
  for (let store = 0; store < STORES; store += 1) {
    const [row] = await dataSource.query<ColumnsOf<'stores', 'id'>[]>(
      `INSERT INTO stores (program_id, code, name, timezone)
       VALUES ($1, $2, $3, 'Europe/Amsterdam') RETURNING id`,
      [programId, `S${store}`, `Store ${store}`],
    );
    for (let till = 0; till < TILLS_PER_STORE; till += 1) {
      const minted = mintOpaqueToken('pos');
      await dataSource.query(
        `INSERT INTO pos_api_keys (id, program_id, store_id, terminal_code, secret_hash)
         VALUES ($1, $2, $3, $4, $5)`,
        [minted.id, programId, row!.id, `S${store}-T${till}`, minted.secretHash],
      );
      tills.push({ storeId: row!.id, apiKey: minted.token });
    }
  }
  // The return window counts from recording (decision 0009): sales before the seed earn under
  // rules without one, so a till's upload of the past days is spendable at once; sales from now
  // on are pending for 14 days.
  await dataSource.query(
    `INSERT INTO earning_rule_sets (program_id, version, effective_from, rules)
     VALUES ($1, 1, '2000-01-01', $2), ($1, 2, now(), $3)`,
    [
      programId,
      JSON.stringify({ ...STANDARD_RULES, pendingDays: 0 }),
      JSON.stringify(STANDARD_RULES),
    ],
  );
  const cardNumbers = Array.from({ length: BENCH_MEMBERS }, () => generateCardNumber('900001'));
  const members = await dataSource.query<{ id: string; cardNumber: string }[]>(
    `WITH enrolled AS (
       INSERT INTO members (program_id, email, enrolled_store_id, acquisition_channel)
       SELECT $1, 'member' || i || '@bench.invalid', $2, 'store'
         FROM generate_series(1, $3) AS i
       RETURNING id),
     numbered AS (SELECT id, row_number() OVER (ORDER BY id) AS n FROM enrolled),
     issued AS (
       INSERT INTO cards (program_id, member_id, number, kind, status, activated_at)
       SELECT $1, numbered.id, card.number, 'physical', 'active', now()
         FROM numbered JOIN unnest($4::text[]) WITH ORDINALITY AS card(number, n) USING (n)
       RETURNING member_id, number)
     SELECT member_id AS id, number AS "cardNumber" FROM issued`,
    [programId, tills[0]!.storeId, BENCH_MEMBERS, cardNumbers],
  );
  return { programId, tills, members };
}

async function waitUntilReady(baseUrl: string, app: ChildProcess, output: string[]) {
  for (let attempt = 0; attempt < 300; attempt += 1) {
    if (app.exitCode !== null) throw new Error(`the app exited:\n${output.join('')}`);
    const ready = await getJson(`${baseUrl}/health/ready`).catch(() => null);
    if (ready?.status === 200) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`the app never became ready:\n${output.join('')}`);
}

/** A scratch database, migrated and seeded, and the compiled points-ledger app serving it. */
export async function openBenchWorld(): Promise<BenchWorld> {
  const name = `loyalty_bench_${randomBytes(4).toString('hex')}`;
  const environment = {
    DATABASE_NAME: name,
    REDIS_KEY_PREFIX: name,
    POINTS_LEDGER_PORT: String(PORT),
    STAFF_TOKEN_SECRET: process.env.STAFF_TOKEN_SECRET ?? randomBytes(32).toString('hex'),
    MEMBER_TOKEN_SECRET: process.env.MEMBER_TOKEN_SECRET ?? randomBytes(32).toString('hex'),
    VOUCHER_CODE_SECRET: process.env.VOUCHER_CODE_SECRET ?? randomBytes(32).toString('hex'),
    POS_LOOKUPS_PER_MINUTE: '1000000',
    // The same 16 connections in all, however many processes share them.
    DATABASE_POOL_SIZE:
      process.env.DATABASE_POOL_SIZE ?? String(Math.max(4, Math.ceil(16 / BENCH_APP_PROCESSES))),
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'info',
  };
  Object.assign(process.env, environment);
  const config = loadLoyaltyConfig();
  await ensureDatabaseExists(config.database);
  const dataSource = new DataSource(buildDataSourceOptions(config.database, 'bench'));
  await dataSource.initialize();
  await dataSource.runMigrations({ transaction: 'each' });
  const started = performance.now();
  const seeded = await seed(dataSource);
  console.log(
    `seeded ${seeded.members.length.toLocaleString()} members with cards, ${STORES} stores, ` +
      `${seeded.tills.length} tills in ${seconds(started)} s (database ${name})`,
  );
  const output: string[] = [];
  const nodeOptions = process.env.BENCH_APP_NODE_OPTIONS?.split(' ').filter(Boolean) ?? [];
  const apps = Array.from({ length: BENCH_APP_PROCESSES }, (_, index) => {
    const app = spawn(
      process.execPath,
      [...nodeOptions, join(ROOT, 'dist/apps/points-ledger/src/main.js')],
      {
        env: { ...process.env, ...environment, POINTS_LEDGER_PORT: String(PORT + index) },
        stdio: ['ignore', 'ignore', 'pipe'],
      },
    );
    (app.stderr as NodeJS.ReadableStream | null)?.on('data', (chunk: Buffer) =>
      output.push(chunk.toString('utf8')),
    );
    return app;
  });
  const baseUrls = apps.map((_, index) => `http://127.0.0.1:${PORT + index}`);
  await Promise.all(apps.map((app, index) => waitUntilReady(baseUrls[index]!, app, output)));
  return {
    config,
    dataSource,
    baseUrls,
    ...seeded,
    close: async () => {
      await Promise.all(
        apps.map((app) => {
          const exited = new Promise((resolve) => app.once('exit', resolve));
          app.kill('SIGTERM');
          return exited;
        }),
      );
      await dataSource.destroy();
      if (!process.env.BENCH_KEEP_DATABASE) await dropDatabase(config.database);
    },
  };
}

export interface PgbenchResult {
  readonly tps: number;
  readonly latencyMs: number;
}

/**
 * pgbench with the benches' clients and time, against the same server, on a database of its own:
 * `-N` (simple update, a commit per transaction) or `-S` (select only). Scale 16, prepared
 * statements. Prints its figure.
 */
export async function runPgbench(config: LoyaltyConfig, mode: '-N' | '-S'): Promise<PgbenchResult> {
  const clients = BENCH_CLIENTS;
  const name = `${config.database.name}_pgbench`;
  const connection = ['-h', config.database.host, '-p', String(config.database.port)];
  connection.push('-U', config.database.username);
  const env = { ...process.env, PGPASSWORD: config.database.password ?? '' };
  await run('createdb', [...connection, name], { env });
  try {
    await run('pgbench', [...connection, '-i', '-q', '-s', '16', name], { env });
    const threads = String(Math.min(2, clients));
    const { stdout } = await run(
      'pgbench',
      [...connection, mode, '-M', 'prepared', '-c', String(clients), '-j', threads].concat([
        '-T',
        String(BENCH_SECONDS),
        name,
      ]),
      { env, maxBuffer: 16 * 1024 * 1024 },
    );
    const tps = /tps = ([\d.]+)/.exec(stdout)?.[1];
    const latency = /latency average = ([\d.]+) ms/.exec(stdout)?.[1];
    if (!tps || !latency) throw new Error(`pgbench printed no tps:\n${stdout}`);
    console.log(
      `pgbench ${mode} -c ${clients}: ${Number(tps).toFixed(0)} tps, latency average ${latency} ms`,
    );
    return { tps: Number(tps), latencyMs: Number(latency) };
  } finally {
    await run('dropdb', [...connection, '--force', name], { env });
  }
}

/**
 * A figure against pgbench's in the same run, on one line: `<name>=<per second>`, pgbench's tps
 * when asked, the ratio and the p99.
 */
export const againstPgbench = (
  name: string,
  result: LoadResult,
  pgbench: PgbenchResult,
  options: { withTps?: boolean } = {},
): string =>
  `${name}=${result.perSecond.toFixed(0)} ` +
  (options.withTps ? `pgbench_tps=${pgbench.tps.toFixed(0)} ` : '') +
  `ratio=${(result.perSecond / pgbench.tps).toFixed(2)} p99_ms=${result.p99Ms.toFixed(1)}`;

/** `npm run ledger:verify` on the bench database; true when every ledger rule holds. */
export async function verifyLedger(config: LoyaltyConfig): Promise<boolean> {
  const cli = join(ROOT, 'dist/libs/persistence/src/cli/database.cli.js');
  try {
    const { stdout } = await run(process.execPath, [cli, 'verify-ledger'], {
      env: { ...process.env, DATABASE_NAME: config.database.name },
    });
    process.stdout.write(stdout);
    return true;
  } catch (error) {
    process.stdout.write((error as { stdout?: string }).stdout ?? String(error));
    return false;
  }
}

/**
 * One measured phase: BENCH_CLIENTS clients for BENCH_SECONDS against the app processes, after a
 * 3-second warm-up unless the requests are too few to spare; prints the load and where the CPU
 * went.
 */
export async function measurePhase(
  world: Pick<BenchWorld, 'baseUrls'>,
  label: string,
  phase: {
    readonly nextRequest: (client: number) => BenchRequest | null;
    readonly expected: (status: number) => boolean;
    readonly warmUp: boolean;
  },
): Promise<LoadResult> {
  const load = { baseUrls: world.baseUrls, clients: BENCH_CLIENTS, ...phase };
  if (phase.warmUp) await drive({ ...load, durationSeconds: 3 });
  const cpu = countCpu();
  const result = await drive({ ...load, durationSeconds: BENCH_SECONDS });
  console.log(describeLoad(label, result));
  console.log(`  CPU in cores: ${cpu()}`);
  return result;
}

/**
 * The same requests, the same clients and the same driver against the HTTP floor's server
 * (http-floor-server.ts): the most requests per second any Node HTTP service could answer on this
 * machine, next to which the ledger's figure and pgbench's can be read.
 */
export async function measureHttpFloor(
  nextRequest: (client: number) => BenchRequest | null,
): Promise<LoadResult> {
  const port = PORT + 90;
  const server = spawn(process.execPath, [join(__dirname, 'http-floor-server.js')], {
    env: { ...process.env, HTTP_FLOOR_PORT: String(port) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  try {
    await new Promise<void>((resolve, reject) => {
      server.stdout?.once('data', () => resolve());
      server.once('exit', (code) => reject(new Error(`the HTTP floor server exited with ${code}`)));
    });
    return await measurePhase(
      { baseUrls: [`http://127.0.0.1:${port}`] },
      'HTTP floor (node:http, no work)',
      { nextRequest, expected: () => true, warmUp: true },
    );
  } finally {
    const exited = new Promise((resolve) => server.once('exit', resolve));
    server.kill('SIGTERM');
    await exited;
  }
}
