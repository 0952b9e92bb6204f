/**
 * npm run bench:console — the console's two budgets, measured, never asserted in a test:
 *
 * 1. What the first screen downloads, gzipped (index.html, the entry script and styles, and what
 *    they preload), against a budget of 300 KB; the chunks loaded later (the dashboard) apart.
 * 2. How long the member detail screen takes to show a member after the click on a search
 *    result, with BENCH_CONSOLE_MEMBERS members (default 50,000) in a scratch database: the
 *    compiled points-ledger and card-issuance apps in processes of their own, the console's
 *    server in this one, Debian's Chromium driving the built console. Budget: 1 s. The baseline
 *    of the same run: one API round trip from the page (GET the member through the gateway),
 *    so the ratio says how much of the time is the screen's own.
 *
 * The database is created and dropped by the run.
 */
import 'reflect-metadata';
import { LoyaltyConfigModule, loadLoyaltyConfig, toConsoleConfig } from '@loyalty/config';
import { PasswordHasher } from '@loyalty/auth';
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
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream, readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import { DataSource } from 'typeorm';
import { createConsoleServer } from '../server/console-server';

const ROOT = join(__dirname, '..', '..', '..', '..');
const WEB_ROOT = join(ROOT, 'dist', 'console-web');
const MEMBERS = Number(process.env.BENCH_CONSOLE_MEMBERS ?? 50_000);
const SAMPLES = Number(process.env.BENCH_CONSOLE_SAMPLES ?? 15);
const FIRST_SCREEN_BUDGET_BYTES = 300 * 1024;
const MEMBER_DETAIL_BUDGET_MS = 1000;
const LEDGER_PORT = Number(process.env.BENCH_LEDGER_PORT ?? 3911);
const CARDS_PORT = Number(process.env.BENCH_CARDS_PORT ?? 3912);
const DAY_MS = 86_400_000;

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

/** The files a first visit downloads: index.html and what it links, scripts, styles, preloads. */
function firstScreenBundle(): void {
  const html = readFileSync(join(WEB_ROOT, 'index.html'), 'utf8');
  const linked = [...html.matchAll(/(?:src|href)="(\/assets\/[^"]+)"/g)].map((match) => match[1]!);
  const sizes = [
    ['index.html', gzipSync(html, { level: 9 }).length] as const,
    ...linked.map(
      (path) => [path, gzipSync(readFileSync(join(WEB_ROOT, path)), { level: 9 }).length] as const,
    ),
  ];
  const total = sizes.reduce((sum, [, size]) => sum + size, 0);
  console.log('first screen, gzipped:');
  for (const [path, size] of sizes) console.log(`  ${path}  ${kb(size)}`);
  console.log(
    `  total ${kb(total)} of a ${kb(FIRST_SCREEN_BUDGET_BYTES)} budget ` +
      `(${((total / FIRST_SCREEN_BUDGET_BYTES) * 100).toFixed(0)} %: ` +
      `${total <= FIRST_SCREEN_BUDGET_BYTES ? 'met' : 'missed'})`,
  );
  const lazy = readdirSync(join(WEB_ROOT, 'assets')).filter(
    (file) => file.endsWith('.js') && !html.includes(file),
  );
  for (const file of lazy) {
    console.log(
      `  loaded later: /assets/${file}  ${kb(gzipSync(readFileSync(join(WEB_ROOT, 'assets', file)), { level: 9 }).length)}`,
    );
  }
}

@Module({})
class SeedModule {
  static async forRoot(): Promise<DynamicModule> {
    return {
      module: SeedModule,
      imports: [
        await LoyaltyConfigModule.forRoot(),
        PersistenceModule.forRoot('points-ledger'),
        LoggingModule.forRoot('points-ledger'),
        LedgerModule,
      ],
    };
  }
}

async function writeCsv(path: string, header: string, rows: number, line: (n: number) => string) {
  const out = createWriteStream(path);
  out.write(`${header}\n`);
  for (let n = 0; n < rows; n += 1) {
    if (!out.write(`${line(n)}\n`)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}

function startApp(app: string, environment: Record<string, string>): ChildProcess {
  return spawn(process.execPath, [join(ROOT, 'dist', 'apps', app, 'src', 'main.js')], {
    env: { ...process.env, ...environment },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}

async function untilReady(url: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    const status = await fetch(`${url}/health/ready`).then(
      (response) => response.status,
      () => 0,
    );
    if (status === 200) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${url} did not become ready`);
}

const percentile = (sorted: readonly number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;

async function memberDetail(): Promise<void> {
  const name = `loyalty_bench_${randomBytes(4).toString('hex')}`;
  process.env.DATABASE_NAME = name;
  process.env.LOG_LEVEL = 'warn';
  process.env.STAFF_TOKEN_SECRET ??= randomBytes(32).toString('base64url');
  process.env.MEMBER_TOKEN_SECRET ??= randomBytes(32).toString('base64url');
  process.env.VOUCHER_CODE_SECRET ??= randomBytes(32).toString('base64url');
  const { database } = loadLoyaltyConfig();
  await ensureDatabaseExists(database);
  const directory = await mkdtemp(join(tmpdir(), 'loyalty-console-bench-'));
  const dataSource = await new DataSource({
    ...buildDataSourceOptions(database, 'bench-console'),
    migrations,
  }).initialize();
  const children: ChildProcess[] = [];
  try {
    await dataSource.runMigrations({ transaction: 'each' });
    const [program] = await dataSource.query<ColumnsOf<'programs', 'id'>[]>(
      `INSERT INTO programs (code, name, currency, timezone, card_prefix, phone_region)
       VALUES ('CONSOLE', 'Console bench', 'EUR', 'Europe/Amsterdam', '900004', 'NL')
       RETURNING id`,
    );
    const programId = program!.id;
    await dataSource.query(
      `INSERT INTO stores (program_id, code, name, timezone)
       SELECT $1, 'S' || i, 'Store ' || i, 'Europe/Amsterdam' FROM generate_series(1, 20) AS i`,
      [programId],
    );
    const password = randomBytes(12).toString('base64url');
    await dataSource.query(
      `INSERT INTO staff_members (program_id, email, display_name, role, store_id, password_hash)
       VALUES ($1, 'clerk@bench.invalid', 'Bench clerk', 'clerk',
               (SELECT id FROM stores WHERE program_id = $1 AND code = 'S1'), $2)`,
      [programId, await new PasswordHasher().hash(password)],
    );
    const now = Date.now();
    const files = {
      members: join(directory, 'members.csv'),
      purchases: join(directory, 'purchases.csv'),
    };
    // Every member with a surname of their own, so that the search finds exactly one.
    await writeCsv(
      files.members,
      'externalId,name,email,storeCode,enrolledAt,acquisitionChannel,marketingConsent',
      MEMBERS,
      (n) =>
        `M${n},Member Bench${n},m${n}@bench.invalid,S${1 + (n % 20)},` +
        `${new Date(now - (400 + (n % 300)) * DAY_MS).toISOString()},store,${n % 3 === 0}`,
    );
    await writeCsv(
      files.purchases,
      'externalId,storeCode,receiptId,amountMinor,currency,occurredAt',
      MEMBERS * 4,
      (n) =>
        `M${n % MEMBERS},S${1 + (n % 20)},R${n},${500 + ((n * 7919) % 9000)},EUR,` +
        `${new Date(now - (1 + ((n * 31) % 364)) * DAY_MS).toISOString()}`,
    );
    const seeder = await NestFactory.createApplicationContext(await SeedModule.forRoot(), {
      logger: ['error'],
    });
    try {
      const importer = seeder.get(ImportHistoryUseCase);
      for (const kind of ['members', 'purchases'] as const) {
        const summary = await importer.importFile(programId, kind, files[kind]);
        if (summary.failed > 0) throw new Error(`${kind}: ${summary.failed} rows refused`);
      }
    } finally {
      await seeder.close();
    }
    console.log(
      `seeded ${MEMBERS.toLocaleString()} members and ${(MEMBERS * 4).toLocaleString()} purchases`,
    );

    const environment = {
      DATABASE_NAME: name,
      LOG_LEVEL: 'warn',
      POINTS_LEDGER_PORT: String(LEDGER_PORT),
      CARD_ISSUANCE_PORT: String(CARDS_PORT),
      SIGN_IN_ATTEMPTS_PER_MINUTE: '10000',
      POINTS_EXPIRY_INTERVAL_MINUTES: '0',
    };
    children.push(startApp('points-ledger', environment), startApp('card-issuance', environment));
    const ledgerUrl = `http://127.0.0.1:${LEDGER_PORT}`;
    const cardsUrl = `http://127.0.0.1:${CARDS_PORT}`;
    await Promise.all([untilReady(ledgerUrl), untilReady(cardsUrl)]);
    const server = await createConsoleServer(
      toConsoleConfig({
        LOG_LEVEL: 'warn',
        CONSOLE_POINTS_LEDGER_URL: ledgerUrl,
        CONSOLE_CARD_ISSUANCE_URL: cardsUrl,
      }),
      { webRoot: WEB_ROOT },
    );
    const consoleUrl = await server.listen({ port: 0, host: '127.0.0.1' });
    const browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
      ],
    });
    try {
      const page = await browser.newPage({
        baseURL: consoleUrl,
        viewport: { width: 1360, height: 900 },
      });
      await page.goto('/');
      await page.getByLabel('Email').fill('clerk@bench.invalid');
      await page.getByLabel('Password').fill(password);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByRole('heading', { level: 1, name: 'Members' }).waitFor();
      const renders: number[] = [];
      const roundTrips: number[] = [];
      for (let sample = 0; sample < SAMPLES + 2; sample += 1) {
        const n = Math.floor((sample + 1) * (MEMBERS / (SAMPLES + 3)));
        const memberName = `Member Bench${n}`;
        await page.getByRole('link', { name: 'Members' }).click();
        await page.getByLabel('Find a member').fill(`bench${n}`);
        const result = page.getByRole('link', { name: memberName, exact: true });
        await result.waitFor();
        const href = (await result.getAttribute('href')) ?? '';
        const clicked = await page.evaluate<number>('performance.now()');
        await result.click();
        // Shown: the member's name, points, value, cards and history, nothing still loading.
        await page.getByRole('heading', { level: 1, name: memberName }).waitFor();
        await page.getByTestId('available-points').waitFor();
        await page.locator('.cards').waitFor({ state: 'attached' });
        await page.locator('.loading').first().waitFor({ state: 'detached' });
        const shown = await page.evaluate<number>('performance.now()');
        const memberId = href.split('/').pop();
        const roundTrip = await page.evaluate<number>(
          `(async () => { const t = performance.now(); await fetch('/api/card-issuance/v1/members/${memberId}'); return performance.now() - t; })()`,
        );
        // The first two warm the browser's and the apps' caches; they are not counted.
        if (sample >= 2) {
          renders.push(shown - clicked);
          roundTrips.push(roundTrip);
        }
      }
      renders.sort((a, b) => a - b);
      roundTrips.sort((a, b) => a - b);
      const p50 = percentile(renders, 50);
      const p95 = percentile(renders, 95);
      const baseline = percentile(roundTrips, 50);
      console.log(
        `member detail, click to shown (${renders.length} members of ${MEMBERS.toLocaleString()}): ` +
          `p50 ${p50.toFixed(0)} ms, p95 ${p95.toFixed(0)} ms, max ${renders.at(-1)!.toFixed(0)} ms ` +
          `(budget ${MEMBER_DETAIL_BUDGET_MS} ms: ${(renders.at(-1) ?? Infinity) <= MEMBER_DETAIL_BUDGET_MS ? 'met' : 'missed'})`,
      );
      console.log(
        `baseline, one API round trip from the page: p50 ${baseline.toFixed(1)} ms; ` +
          `member detail p50 / round trip = ${(p50 / baseline).toFixed(1)} ×`,
      );
    } finally {
      await browser.close();
      await server.close();
    }
  } finally {
    for (const child of children) child.kill('SIGTERM');
    await Promise.all(children.map((child) => once(child, 'exit')));
    await dataSource.destroy();
    await dropDatabase(database);
    await rm(directory, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  firstScreenBundle();
  await memberDetail();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
