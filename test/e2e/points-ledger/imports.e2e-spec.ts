import {
  brokenLedgerRules,
  call,
  eventually,
  type LedgerWorld,
  memberBalance,
} from '@loyalty/testing';
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { startWorld } from './ledger-world';

const CLI = join(__dirname, '../../../dist/apps/points-ledger/src/cli/points-ledger.cli.js');
const DAY_MS = 86_400_000;

interface Summary {
  rows: number;
  imported: number;
  skipped: number;
  failed: number;
  resumedAfter: number;
  errors: number;
  errorsFile?: string;
}

/** The first day of the month `monthsAgo` months back, at noon UTC. */
const monthStart = (monthsAgo: number): Date => {
  const now = new Date();
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - monthsAgo, 3, 12));
};

describe('points-ledger: importing a program’s history', () => {
  let world: LedgerWorld;
  let directory: string;
  const prefix = `X${Date.now().toString(36)}`;

  beforeAll(async () => {
    world = await startWorld();
    directory = await mkdtemp(join(tmpdir(), 'loyalty-import-'));
  });

  afterAll(async () => {
    await rm(directory, { recursive: true, force: true });
    if (world) {
      const broken = await brokenLedgerRules(world);
      await world.close();
      expect(broken).toEqual([]);
    }
  });

  /** `npm run import -- kind file --program CODE`, compiled, as an operator runs it. */
  const runImport = async (kind: string, file: string): Promise<Summary> => {
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [CLI, 'import', kind, file, '--program', world.program.programCode],
      { env: process.env },
    );
    return JSON.parse(stdout.trim().split('\n').pop()!) as Summary;
  };
  const write = async (name: string, text: string) => {
    const path = join(directory, name);
    await writeFile(path, text);
    return path;
  };
  const memberIdOf = async (externalId: string) => {
    const [row] = await world.dataSource.query<{ id: string }[]>(
      `SELECT id FROM members WHERE program_id = $1 AND external_id = $2`,
      [world.program.programId, externalId],
    );
    return row!.id;
  };

  it('imports members, balances with their expiries and a year of purchases; reruns skip', async () => {
    const enrolled = monthStart(14).toISOString();
    const members = await write(
      'members.csv',
      [
        'externalId,name,email,phone,storeCode,enrolledAt,acquisitionChannel,marketingConsent',
        `${prefix}-1,Zoë Ødegård,zoe-${prefix}@example.com,,FIRST,${enrolled},store,true`,
        `${prefix}-2,Ada Lovelace,,06 12345678,SECOND,${enrolled},web,false`,
        `${prefix}-3,No Contact,,,FIRST,${enrolled},store,false`,
        `${prefix}-4,Bad Store,bad-${prefix}@example.com,,NOWHERE,${enrolled},store,false`,
        `${prefix}-5,Future,future-${prefix}@example.com,,FIRST,2999-01-01,store,false`,
      ].join('\n'),
    );
    const first = await runImport('members', members);
    expect(first).toMatchObject({ rows: 5, imported: 2, skipped: 0, failed: 3 });
    const errors = (await readFile(first.errorsFile!, 'utf8'))
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { line: number; field: string });
    expect(errors.map(({ line, field }) => [line, field])).toEqual([
      [4, 'email'],
      [5, 'storeCode'],
      [6, 'enrolledAt'],
    ]);
    const zoe = await memberIdOf(`${prefix}-1`);
    const member = await call<{ name: string; enrolledAt: string; phone: string | null }>(
      world.cardIssuance.baseUrl,
      'GET',
      `/v1/members/${zoe}`,
      { token: world.clerk },
    );
    expect(member.body).toMatchObject({ name: 'Zoë Ødegård', enrolledAt: enrolled });
    const found = await call<{ items: { id: string }[] }>(
      world.cardIssuance.baseUrl,
      'GET',
      '/v1/members?q=odeg',
      { token: world.clerk },
    );
    expect(found.body.items.map((item) => item.id)).toEqual([zoe]);

    const expiresAt = new Date(Date.now() + 40 * DAY_MS).toISOString();
    const later = new Date(Date.now() + 200 * DAY_MS).toISOString();
    const balances = await write(
      'balances.ndjson',
      [
        { externalId: `${prefix}-1`, reference: `${prefix}-L1`, points: 120, expiresAt },
        { externalId: `${prefix}-1`, reference: `${prefix}-L2`, points: 80, expiresAt: later },
        { externalId: `${prefix}-2`, reference: `${prefix}-L3`, points: 50 },
        { externalId: `${prefix}-9`, reference: `${prefix}-L4`, points: 10 },
        {
          externalId: `${prefix}-2`,
          reference: `${prefix}-L5`,
          points: 5,
          expiresAt: '2001-01-01',
        },
      ]
        .map((row) => JSON.stringify(row))
        .join('\n') + '\nnot json\n',
    );
    expect(await runImport('balances', balances)).toMatchObject({
      rows: 6,
      imported: 3,
      failed: 3,
    });
    expect(await memberBalance(world, zoe)).toMatchObject({
      available: 200,
      nextExpiry: { at: expiresAt, points: 120 },
    });

    // Twelve months of purchases: each member buys in the first month, one of them every month.
    const ada = `${prefix}-2`;
    const lines = ['externalId,storeCode,receiptId,amountMinor,currency,occurredAt'];
    for (let month = 12; month >= 1; month -= 1) {
      lines.push(
        `${prefix}-1,FIRST,${prefix}-Z-${month},2500,EUR,${monthStart(month).toISOString()}`,
      );
      if (month === 12) {
        lines.push(
          `${ada},SECOND,${prefix}-A-${month},1000,EUR,${monthStart(month).toISOString()}`,
        );
      }
    }
    lines.push(`${prefix}-1,FIRST,${prefix}-Z-USD,100,USD,${monthStart(3).toISOString()}`);
    const purchases = await write('purchases.csv', lines.join('\n'));
    expect(await runImport('purchases', purchases)).toMatchObject({
      rows: 14,
      imported: 13,
      failed: 1,
    });
    // Imported purchases earn nothing: their points came with the balances.
    expect(await memberBalance(world, zoe)).toMatchObject({ available: 200 });

    // The same files again change nothing; a file with more rows imports only what is new.
    expect(await runImport('purchases', purchases)).toMatchObject({ rows: 14, imported: 13 });
    const extended = await write(
      'purchases-2.csv',
      `${lines.join('\n')}\n${prefix}-1,FIRST,${prefix}-Z-0,900,EUR,${new Date(Date.now() - DAY_MS).toISOString()}`,
    );
    expect(await runImport('purchases', extended)).toMatchObject({
      rows: 15,
      imported: 1,
      skipped: 13,
      failed: 1,
    });
    expect(await runImport('balances', balances)).toMatchObject({ imported: 3, resumedAfter: 6 });
    const [counts] = await world.dataSource.query<{ purchases: number; lots: number }[]>(
      `SELECT (SELECT count(*) FROM purchases WHERE member_id = $1)::int AS purchases,
              (SELECT count(*) FROM lots l JOIN ledger_accounts a ON a.id = l.account_id
                WHERE a.member_id = $1)::int AS lots`,
      [zoe],
    );
    expect(counts).toEqual({ purchases: 13, lots: 2 });

    // The history shows in marketing's figures: a retained member every month of the year.
    const from = monthStart(12).toISOString();
    const to = monthStart(0).toISOString();
    const retention = await call<{ items: { retained: number; activeAtStart: number }[] }>(
      world.ledger.baseUrl,
      'GET',
      `/v1/insights/retention?period=month&from=${from}&to=${to}`,
      { token: world.admin },
    );
    expect(retention.body.items.length).toBeGreaterThanOrEqual(11);
    expect(retention.body.items.slice(1).every((period) => period.retained >= 1)).toBe(true);
    const arpu = await call<{ items: { revenueMinor: number }[] }>(
      world.ledger.baseUrl,
      'GET',
      `/v1/insights/arpu?period=month&from=${from}&to=${to}`,
      { token: world.admin },
    );
    expect(arpu.body.items.every((period) => period.revenueMinor >= 2_500)).toBe(true);
  });

  it('resumes a run cut short where it stopped, writing nothing twice', async () => {
    const externalId = `${prefix}-R`;
    const members = await write(
      'resume-members.csv',
      `externalId,email,storeCode,enrolledAt\n${externalId},r-${prefix}@example.com,FIRST,2020-01-01`,
    );
    await runImport('members', members);
    const rows = ['externalId,storeCode,receiptId,amountMinor,occurredAt'];
    for (let n = 0; n < 60_000; n += 1) {
      rows.push(`${externalId},FIRST,${prefix}-R-${n},${100 + (n % 900)},2021-06-01T10:00:00Z`);
    }
    const file = await write('resume-purchases.csv', rows.join('\n'));
    const child: ChildProcess = spawn(
      process.execPath,
      [CLI, 'import', 'purchases', file, '--program', world.program.programCode],
      { env: process.env, stdio: 'ignore' },
    );
    // Killed once it has committed some chunks but not all.
    await eventually(
      async () =>
        (
          await world.dataSource.query<{ rows_done: number; status: string }[]>(
            `SELECT rows_done, status FROM imports
              WHERE program_id = $1 AND kind = 'purchases' AND source_name = 'resume-purchases.csv'`,
            [world.program.programId],
          )
        )[0],
      (run) => (run?.rows_done ?? 0) > 0,
      { timeoutMs: 60_000, intervalMs: 5 },
    );
    child.kill('SIGKILL');
    await new Promise((resolve) => child.once('exit', resolve));
    const resumed = await runImport('purchases', file);
    expect(resumed.resumedAfter).toBeGreaterThan(0);
    const [row] = await world.dataSource.query<
      { purchases: number; distinct_receipts: number; rows_done: number; status: string }[]
    >(
      `SELECT (SELECT count(*) FROM purchases WHERE member_id = $1)::int AS purchases,
              (SELECT count(DISTINCT receipt_id) FROM purchases WHERE member_id = $1)::int
                AS distinct_receipts,
              i.rows_done, i.status
         FROM imports i WHERE i.program_id = $2 AND i.source_name = 'resume-purchases.csv'`,
      [await memberIdOf(externalId), world.program.programId],
    );
    expect(row).toEqual({
      purchases: 60_000,
      distinct_receipts: 60_000,
      rows_done: 60_000,
      status: 'finished',
    });
  });

  it('imports rows over HTTP for admins, with each refused row named', async () => {
    const rows = [
      {
        externalId: `${prefix}-H1`,
        email: `h1-${prefix}@example.com`,
        storeCode: 'FIRST',
        enrolledAt: '2022-03-01',
      },
      { externalId: `${prefix}-H2`, storeCode: 'FIRST', enrolledAt: '2022-03-01' },
    ];
    const post = (token: string) =>
      call<Summary & { errors: { line: number; field: string }[] }>(
        world.ledger.baseUrl,
        'POST',
        '/v1/imports/members',
        { token, body: { rows } },
      );
    expect((await post(world.manager)).status).toBe(403);
    const answer = await post(world.admin);
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({
      imported: 1,
      failed: 1,
      errors: [{ line: 2, field: 'email' }],
    });
    expect((await post(world.admin)).body).toMatchObject({ imported: 0, skipped: 1, failed: 1 });
    const unknownKind = await call(world.ledger.baseUrl, 'POST', '/v1/imports/points', {
      token: world.admin,
      body: { rows },
    });
    expect(unknownKind.status).toBe(400);
  });
});
