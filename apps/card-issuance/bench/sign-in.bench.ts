/**
 * npm run bench:sign-in — whether the time of a code request tells an enrolled address from an
 * unknown one. One client sends POST /v1/member-sessions/codes alternately for an enrolled
 * member and for an address no one enrolled (BENCH_REQUESTS of each, 1,000; each pair in a random
 * order, BENCH_PAUSE_MS (10) apart), against the compiled
 * card-issuance app on a scratch database, and compares the two latency distributions: the
 * unknown addresses are the baseline measured in the same run.
 *
 * Last line: enrolled_p50_ms=<n> unknown_p50_ms=<n> ratio_p50=<n> ratio_p90=<n>
 */
import 'reflect-metadata';
import { loadLoyaltyConfig } from '@loyalty/config';
import { buildDataSourceOptions, dropDatabase, ensureDatabaseExists } from '@loyalty/persistence';
import { spawn } from 'node:child_process';
import { randomBytes, randomInt } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import type { ColumnsOf } from '@loyalty/persistence';

const ROOT = join(__dirname, '..', '..', '..', '..');
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 1_000);
const PORT = Number(process.env.BENCH_PORT ?? 3902);
const PAUSE_MS = Number(process.env.BENCH_PAUSE_MS ?? 10);

const percentile = (sorted: readonly number[], p: number): number =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;

async function timeRequest(url: string, body: string): Promise<number> {
  const started = performance.now();
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body,
  });
  await response.arrayBuffer();
  if (response.status !== 202) throw new Error(`a code request answered ${response.status}`);
  return performance.now() - started;
}

async function main() {
  const sink = createServer((incoming, response) => {
    incoming.resume();
    incoming.on('end', () => response.writeHead(204).end());
  });
  await new Promise<void>((resolve) => sink.listen(0, '127.0.0.1', resolve));
  const name = `loyalty_bench_${randomBytes(4).toString('hex')}`;
  const environment = {
    DATABASE_NAME: name,
    REDIS_KEY_PREFIX: name,
    CARD_ISSUANCE_PORT: String(PORT),
    STAFF_TOKEN_SECRET: process.env.STAFF_TOKEN_SECRET ?? randomBytes(32).toString('hex'),
    MEMBER_TOKEN_SECRET: process.env.MEMBER_TOKEN_SECRET ?? randomBytes(32).toString('hex'),
    VOUCHER_CODE_SECRET: process.env.VOUCHER_CODE_SECRET ?? randomBytes(32).toString('hex'),
    SIGN_IN_CODE_WEBHOOK_URL: `http://127.0.0.1:${(sink.address() as AddressInfo).port}/codes`,
    SIGN_IN_ATTEMPTS_PER_MINUTE: '1000000',
    LOG_LEVEL: 'warn',
  };
  Object.assign(process.env, environment);
  const config = loadLoyaltyConfig();
  await ensureDatabaseExists(config.database);
  const dataSource = await new DataSource(
    buildDataSourceOptions(config.database, 'bench'),
  ).initialize();
  await dataSource.runMigrations({ transaction: 'each' });
  const [program] = await dataSource.query<ColumnsOf<'programs', 'id'>[]>(
    `INSERT INTO programs (code, name, currency, timezone, card_prefix)
     VALUES ('BENCH', 'Bench', 'EUR', 'Europe/Amsterdam', '777001') RETURNING id`,
  );
  const [store] = await dataSource.query<ColumnsOf<'stores', 'id'>[]>(
    `INSERT INTO stores (program_id, code, name, timezone)
     VALUES ($1, 'S1', 'Store 1', 'Europe/Amsterdam') RETURNING id`,
    [program!.id],
  );
  await dataSource.query(
    `INSERT INTO members (program_id, email, enrolled_store_id, acquisition_channel)
     SELECT $1, 'member' || i || '@bench.invalid', $2, 'store' FROM generate_series(1, $3) AS i`,
    [program!.id, store!.id, REQUESTS + 50],
  );
  const app = spawn(process.execPath, [join(ROOT, 'dist/apps/card-issuance/src/main.js')], {
    env: { ...process.env, ...environment },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const baseUrl = `http://127.0.0.1:${PORT}`;
  try {
    for (let attempt = 0; ; attempt += 1) {
      const ready = await fetch(`${baseUrl}/health/ready`).catch(() => null);
      if (ready?.status === 200) break;
      if (attempt > 300 || app.exitCode !== null) throw new Error('the app did not start');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const url = `${baseUrl}/v1/member-sessions/codes`;
    const request = (email: string) => JSON.stringify({ programCode: 'BENCH', email });
    // Warm-up on addresses of both kinds that the measurement does not use.
    for (let i = 0; i < 50; i += 1) {
      await timeRequest(url, request(`member${REQUESTS + 1 + i}@bench.invalid`));
      await timeRequest(url, request(`warm-up-${i}@nobody.invalid`));
    }
    const enrolled: number[] = [];
    const unknown: number[] = [];
    // Each pair in a random order, and a pause after each request, so that neither kind always
    // runs while the other's after-the-answer work is still going on.
    const settle = () => new Promise((resolve) => setTimeout(resolve, PAUSE_MS));
    for (let i = 1; i <= REQUESTS; i += 1) {
      const pair = [
        async () => enrolled.push(await timeRequest(url, request(`member${i}@bench.invalid`))),
        async () => unknown.push(await timeRequest(url, request(`nobody-${i}@nobody.invalid`))),
      ];
      if (randomInt(2) === 1) pair.reverse();
      for (const send of pair) {
        await send();
        await settle();
      }
    }
    enrolled.sort((a, b) => a - b);
    unknown.sort((a, b) => a - b);
    const figure = (value: number) => value.toFixed(2);
    for (const [label, sorted] of [
      ['enrolled', enrolled],
      ['unknown', unknown],
    ] as const) {
      console.log(
        `${label.padEnd(9)} p50 ${figure(percentile(sorted, 50))} ms  p90 ${figure(percentile(sorted, 90))} ms  p99 ${figure(percentile(sorted, 99))} ms  (${sorted.length} requests)`,
      );
    }
    console.log(
      `enrolled_p50_ms=${figure(percentile(enrolled, 50))} unknown_p50_ms=${figure(percentile(unknown, 50))} ` +
        `ratio_p50=${(percentile(enrolled, 50) / percentile(unknown, 50)).toFixed(3)} ` +
        `ratio_p90=${(percentile(enrolled, 90) / percentile(unknown, 90)).toFixed(3)}`,
    );
  } finally {
    const exited = new Promise((resolve) => app.once('exit', resolve));
    app.kill('SIGTERM');
    await exited;
    await dataSource.destroy();
    await dropDatabase(config.database);
    sink.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
