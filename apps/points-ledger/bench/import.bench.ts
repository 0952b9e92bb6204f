/**
 * npm run bench:import — `npm run import` of a program moving here: BENCH_IMPORT_MEMBERS members
 * (default 100,000) with BENCH_IMPORT_PURCHASES purchases (default 2,000,000) over the last year,
 * and one opening-balance lot per member, from CSV files written by the run, into a scratch
 * database created and dropped by the run. Prints each file's time and rows per second, and the
 * purchases' import as a multiple of a plain set-based INSERT of the same number of purchases
 * measured in the same run (no parsing, no checks): what the import's reading, checking and
 * per-row idempotency cost on top of writing the rows.
 */
import 'reflect-metadata';
import { LoyaltyConfigModule, loadLoyaltyConfig } from '@loyalty/config';
import { ImportHistoryUseCase, LedgerModule } from '@loyalty/ledger';
import {
  buildDataSourceOptions,
  type ColumnsOf,
  dropDatabase,
  ensureDatabaseExists,
  migrations,
  PersistenceModule,
} from '@loyalty/persistence';
import { LoggingModule } from '@loyalty/platform';
import { type DynamicModule, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { DataSource } from 'typeorm';

const MEMBERS = Number(process.env.BENCH_IMPORT_MEMBERS ?? 100_000);
const PURCHASES = Number(process.env.BENCH_IMPORT_PURCHASES ?? 2_000_000);
const DAY_MS = 86_400_000;
/** The target of the issue: the whole import in under five minutes on this machine. */
const BUDGET_SECONDS = 300;

@Module({})
class BenchModule {
  static async forRoot(): Promise<DynamicModule> {
    return {
      module: BenchModule,
      imports: [
        await LoyaltyConfigModule.forRoot(),
        PersistenceModule.forRoot('points-ledger'),
        LoggingModule.forRoot('points-ledger'),
        LedgerModule,
      ],
    };
  }
}

/** Writes `rows` lines to a CSV file, with back-pressure. */
async function writeCsv(path: string, header: string, rows: number, line: (n: number) => string) {
  const out = createWriteStream(path);
  out.write(`${header}\n`);
  for (let n = 0; n < rows; n += 1) {
    if (!out.write(`${line(n)}\n`)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}

const seconds = (started: number) => (performance.now() - started) / 1000;

async function main(): Promise<void> {
  const name = `loyalty_bench_${randomBytes(4).toString('hex')}`;
  process.env.DATABASE_NAME = name;
  process.env.LOG_LEVEL = 'warn';
  process.env.STAFF_TOKEN_SECRET ??= randomBytes(32).toString('base64url');
  process.env.MEMBER_TOKEN_SECRET ??= randomBytes(32).toString('base64url');
  process.env.VOUCHER_CODE_SECRET ??= randomBytes(32).toString('base64url');
  const { database } = loadLoyaltyConfig();
  await ensureDatabaseExists(database);
  const directory = await mkdtemp(join(tmpdir(), 'loyalty-import-bench-'));
  const dataSource = await new DataSource({
    ...buildDataSourceOptions(database, 'bench-import'),
    migrations,
  }).initialize();
  try {
    await dataSource.runMigrations({ transaction: 'each' });
    const [program] = await dataSource.query<ColumnsOf<'programs', 'id'>[]>(
      `INSERT INTO programs (code, name, currency, timezone, card_prefix, phone_region)
       VALUES ('IMPORT', 'Import', 'EUR', 'Europe/Amsterdam', '900002', 'NL') RETURNING id`,
    );
    const programId = program!.id;
    await dataSource.query(
      `INSERT INTO stores (program_id, code, name, timezone)
       SELECT $1, 'S' || i, 'Store ' || i, 'Europe/Amsterdam' FROM generate_series(1, 20) AS i`,
      [programId],
    );
    const now = Date.now();
    const files = {
      members: join(directory, 'members.csv'),
      balances: join(directory, 'balances.csv'),
      purchases: join(directory, 'purchases.csv'),
    };
    let started = performance.now();
    await writeCsv(
      files.members,
      'externalId,name,email,storeCode,enrolledAt,acquisitionChannel,marketingConsent',
      MEMBERS,
      (n) =>
        `M${n},Member ${n},m${n}@import.invalid,S${1 + (n % 20)},` +
        `${new Date(now - (400 + (n % 300)) * DAY_MS).toISOString()},store,${n % 3 === 0}`,
    );
    await writeCsv(
      files.balances,
      'externalId,reference,points,expiresAt',
      MEMBERS,
      (n) =>
        `M${n},L${n},${1 + (n % 500)},${new Date(now + (30 + (n % 330)) * DAY_MS).toISOString()}`,
    );
    await writeCsv(
      files.purchases,
      'externalId,storeCode,receiptId,amountMinor,currency,occurredAt',
      PURCHASES,
      (n) =>
        `M${n % MEMBERS},S${1 + (n % 20)},R${n},${500 + ((n * 7919) % 9000)},EUR,` +
        `${new Date(now - (1 + ((n * 31) % 364)) * DAY_MS - (n % 86_400) * 1000).toISOString()}`,
    );
    console.log(`files written: ${seconds(started).toFixed(1)} s`);

    const app = await NestFactory.createApplicationContext(await BenchModule.forRoot(), {
      logger: ['error'],
    });
    const times: Record<string, number> = {};
    try {
      const importer = app.get(ImportHistoryUseCase);
      for (const kind of ['members', 'balances', 'purchases'] as const) {
        started = performance.now();
        const summary = await importer.importFile(programId, kind, files[kind]);
        times[kind] = seconds(started);
        if (summary.failed > 0 || summary.imported !== summary.rows) {
          throw new Error(
            `${kind}: ${JSON.stringify({ ...summary, errors: summary.errors.slice(0, 3) })}`,
          );
        }
        console.log(
          `import ${kind}: ${summary.imported.toLocaleString()} rows in ${times[kind].toFixed(1)} s ` +
            `(${Math.round(summary.imported / times[kind]).toLocaleString()} rows/s)`,
        );
      }
    } finally {
      await app.close();
    }

    // The baseline: the same number of purchases written by one set-based INSERT of generated
    // rows into a second program, foreign keys and indexes on: the cost of the rows themselves.
    const [other] = await dataSource.query<ColumnsOf<'programs', 'id'>[]>(
      `INSERT INTO programs (code, name, currency, timezone, card_prefix)
       VALUES ('BASE', 'Baseline', 'EUR', 'UTC', '900003') RETURNING id`,
    );
    const [store] = await dataSource.query<ColumnsOf<'stores', 'id'>[]>(
      `INSERT INTO stores (program_id, code, name, timezone) VALUES ($1, 'S', 'S', 'UTC') RETURNING id`,
      [other!.id],
    );
    const [journal] = await dataSource.query<ColumnsOf<'journal_transactions', 'id'>[]>(
      `INSERT INTO journal_transactions (id, program_id, kind, actor_kind)
       VALUES (gen_random_uuid(), $1, 'import', 'system') RETURNING id`,
      [other!.id],
    );
    const [member] = await dataSource.query<ColumnsOf<'members', 'id'>[]>(
      `INSERT INTO members (program_id, email, enrolled_store_id, acquisition_channel)
       VALUES ($1, 'baseline@import.invalid', $2, 'store') RETURNING id`,
      [other!.id, store!.id],
    );
    started = performance.now();
    await dataSource.transaction(async (manager) => {
      await manager.query(`SET LOCAL statement_timeout = 0`);
      await manager.query(
        `INSERT INTO purchases (id, program_id, member_id, store_id, receipt_id, amount_minor,
             currency, occurred_at, points_earned, earn_transaction_id)
         SELECT gen_random_uuid(), $1, $2, $3, 'B' || i, 500 + i % 9000, 'EUR',
                now() - make_interval(days => 1 + i % 364), 0, $4
           FROM generate_series(1, $5) AS i`,
        [other!.id, member!.id, store!.id, journal!.id, PURCHASES],
      );
    });
    const baseline = seconds(started);
    const total = times.members! + times.balances! + times.purchases!;
    console.log(
      `baseline: one INSERT of ${PURCHASES.toLocaleString()} purchases: ${baseline.toFixed(1)} s`,
    );
    console.log(`purchases import / baseline: ${(times.purchases! / baseline).toFixed(2)} ×`);
    console.log(
      `whole import: ${total.toFixed(1)} s for ${MEMBERS.toLocaleString()} members, ` +
        `${MEMBERS.toLocaleString()} balances and ${PURCHASES.toLocaleString()} purchases ` +
        `(budget ${BUDGET_SECONDS} s: ${total <= BUDGET_SECONDS ? 'met' : 'missed'})`,
    );
  } finally {
    await dataSource.destroy();
    await dropDatabase(database);
    await rm(directory, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
