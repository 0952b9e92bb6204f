import 'reflect-metadata';
import { LoyaltyConfigModule } from '@loyalty/config';
import {
  IMPORT_KINDS,
  ImportHistoryUseCase,
  ManageEarningRulesUseCase,
  ExpirePointsUseCase,
  LedgerModule,
  RecordPurchaseUseCase,
  requestFingerprint,
} from '@loyalty/ledger';
import {
  CatalogRepository,
  PersistenceModule,
  ProgramRepository,
  ValuePolicyRepository,
} from '@loyalty/persistence';
import type { RewardTerms } from '@loyalty/domain';
import { LoggingModule } from '@loyalty/platform';
import { type DynamicModule, type INestApplicationContext, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { appendFile, writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { DataSource } from 'typeorm';
import {
  DEMO_EARNING_RULES,
  DEMO_VALUE_POLICY,
  demoEnrolmentDaysAgo,
  demoPurchases,
  demoSurveyAnswers,
} from './demo-purchases';
import type { ColumnsOf } from '@loyalty/persistence';

const USAGE = `usage: points-ledger.cli <command> [options]
  seed-demo
      the demo program's earning rules, value policy and a purchase history for its members (once)
  expire [--program CODE]
      expires every due lot now (the worker does this on its schedule)
  import members|balances|purchases FILE [--program CODE]
      brings history from another system, from CSV (a header line) or NDJSON (.ndjson, .jsonl):
      idempotent per row, resumable, refused rows written to FILE.errors.ndjson
      (docs/imports.md); the program may be left out when there is only one`;

@Module({})
class CliModule {
  static async forRoot(): Promise<DynamicModule> {
    return {
      module: CliModule,
      imports: [
        await LoyaltyConfigModule.forRoot(),
        PersistenceModule.forRoot('points-ledger'),
        // The ledger's use cases log through pino, as in the app.
        LoggingModule.forRoot('points-ledger'),
        LedgerModule,
      ],
    };
  }
}

/** The demo catalog: something to claim at every balance, one reward for gold members only. */
const demoReward = (
  code: string,
  name: string,
  costPoints: number,
  benefit: RewardTerms['benefit'],
  more: Partial<RewardTerms> = {},
): { code: string; terms: RewardTerms } => ({
  code,
  terms: {
    name,
    description: '',
    imageUrl: null,
    costPoints,
    benefit,
    availableFrom: null,
    availableUntil: null,
    voucherValidDays: 30,
    stock: null,
    perMemberLimit: { claims: 1, period: 'month' },
    tiers: [],
    storeIds: [],
    active: true,
    ...more,
  },
});

const DEMO_REWARDS = [
  demoReward('free-espresso', 'Free espresso', 150, {
    kind: 'free_item',
    sku: null,
    category: 'coffee',
  }),
  demoReward('five-euros-off', '€5 off your next order', 400, {
    kind: 'amount_off',
    amountMinor: 500,
  }),
  demoReward(
    'tote-bag',
    'Limited tote bag',
    800,
    { kind: 'free_item', sku: 'DEMO-TOTE', category: null },
    { stock: 50 },
  ),
  demoReward(
    'gold-brunch',
    'Brunch for two',
    1500,
    { kind: 'gift_card', amountMinor: 3000 },
    { tiers: ['gold'] },
  ),
];

async function seedDemo(app: INestApplicationContext): Promise<void> {
  const program = await app.get(ProgramRepository).findByCode('DEMO');
  if (!program) throw new Error('seed the demo program first (database.cli seed-demo)');
  const rules = app.get(ManageEarningRulesUseCase);
  if ((await rules.list(program.id)).length === 0) {
    await rules.publish(program.id, DEMO_EARNING_RULES, new Date('2020-01-01T00:00:00Z'), null);
  }
  const policies = app.get(ValuePolicyRepository);
  if ((await policies.list(program.id)).length === 0) {
    await policies.publish(program.id, DEMO_VALUE_POLICY, new Date('2020-01-01T00:00:00Z'), null);
  }
  const catalog = app.get(CatalogRepository);
  if ((await catalog.list(program.id, new Date())).length === 0) {
    for (const reward of DEMO_REWARDS) {
      await catalog.create(
        program.id,
        reward.code,
        reward.terms,
        new Date('2020-01-01T00:00:00Z'),
        null,
      );
    }
  }
  const dataSource = app.get(DataSource);
  const [{ purchases } = { purchases: 0 }] = await dataSource.query<{ purchases: number }[]>(
    `SELECT count(*)::int AS purchases FROM purchases WHERE program_id = $1`,
    [program.id],
  );
  if (purchases > 0) {
    console.log('demo earning rules and purchases already present');
    return;
  }
  const members = await dataSource.query<ColumnsOf<'members', 'id' | 'enrolled_store_id'>[]>(
    `SELECT id, enrolled_store_id FROM members WHERE program_id = $1 ORDER BY email`,
    [program.id],
  );
  const record = app.get(RecordPurchaseUseCase);
  let recorded = 0;
  for (const [index, member] of members.entries()) {
    // Enrolled before their first purchase, at different times: cohorts for the dashboard.
    await dataSource.query(
      `UPDATE members SET enrolled_at = now() - make_interval(days => $2) WHERE id = $1`,
      [member.id, demoEnrolmentDaysAgo(index)],
    );
    for (const answer of demoSurveyAnswers(index)) {
      await dataSource.query(
        `INSERT INTO survey_responses (id, program_id, member_id, store_id, nps, csat, ces,
             answered_at, period_start)
         SELECT gen_random_uuid(), $1, $2, $3, $4, $5, $6, at,
                date_trunc('month', at AT TIME ZONE p.timezone)::date
           FROM programs p, (SELECT now() - make_interval(months => $7) AS at) answered
          WHERE p.id = $1`,
        [
          program.id,
          member.id,
          member.enrolled_store_id,
          answer.nps,
          answer.csat,
          answer.ces,
          answer.monthsAgo,
        ],
      );
    }
    for (const [number, purchase] of demoPurchases(index).entries()) {
      const body = {
        memberId: member.id,
        receiptId: `DEMO-${index}-${number}`,
        amountMinor: purchase.amountMinor,
        currency: program.currency,
        occurredAt: new Date(Date.now() - purchase.daysAgo * 86_400_000),
        lines: [
          {
            sku: `DEMO-${purchase.category}`,
            category: purchase.category,
            amountMinor: purchase.amountMinor,
            quantity: 1,
          },
        ],
      };
      await record.execute(
        {
          programId: program.id,
          actor: { kind: 'system', id: null },
          idempotency: {
            programId: program.id,
            caller: 'system:demo-seed',
            key: body.receiptId,
            requestHash: requestFingerprint('purchase', body),
          },
        },
        { ...body, member: { memberId: member.id }, storeId: member.enrolled_store_id },
        'history',
      );
      recorded += 1;
    }
  }
  console.log(`demo earning rules and ${recorded} purchases of ${members.length} members recorded`);
}

async function expire(app: INestApplicationContext, programCode: string | undefined) {
  let programId: string | null = null;
  if (programCode) {
    const program = await app.get(ProgramRepository).findByCode(programCode);
    if (!program) throw new Error(`no program has code ${programCode}`);
    programId = program.id;
  }
  const run = await app.get(ExpirePointsUseCase).execute(new Date(), programId);
  console.log(`${run.pointsExpired} points of ${run.membersAffected} members expired`);
}

/** The program a command names by code, or the only one there is. */
async function programIdOf(
  app: INestApplicationContext,
  code: string | undefined,
): Promise<string> {
  const programs = app.get(ProgramRepository);
  if (code) {
    const program = await programs.findByCode(code);
    if (!program) throw new Error(`no program has code ${code}`);
    return program.id;
  }
  const ids = await programs.listIds();
  if (ids.length !== 1) throw new Error('several programs: name one with --program CODE');
  return ids[0]!;
}

async function importFile(
  app: INestApplicationContext,
  kind: string | undefined,
  file: string | undefined,
  programCode: string | undefined,
): Promise<void> {
  if (!kind || !(IMPORT_KINDS as readonly string[]).includes(kind) || !file) throw new Error(USAGE);
  const programId = await programIdOf(app, programCode);
  const started = Date.now();
  const errorsFile = `${file}.errors.ndjson`;
  let refused = 0;
  const summary = await app
    .get(ImportHistoryUseCase)
    .importFile(
      programId,
      kind as (typeof IMPORT_KINDS)[number],
      file,
      async (progress, chunkErrors) => {
        // Written as each chunk commits: a file of millions of bad rows never sits in memory.
        if (chunkErrors.length > 0) {
          // A fresh run starts the file afresh; a resumed one adds to what the first run wrote.
          if (refused === 0 && progress.resumedAfter === 0) await writeFile(errorsFile, '');
          refused += chunkErrors.length;
          await appendFile(
            errorsFile,
            chunkErrors.map((error) => JSON.stringify(error)).join('\n') + '\n',
          );
        }
        process.stderr.write(
          `\r${progress.rows.toLocaleString()} rows: ${progress.imported} imported, ` +
            `${progress.skipped} skipped, ${progress.failed} refused`,
        );
      },
    );
  process.stderr.write('\n');
  console.log(
    JSON.stringify({
      ...summary,
      errors: refused,
      ...(refused > 0 ? { errorsFile } : {}),
      seconds: Math.round((Date.now() - started) / 100) / 10,
    }),
  );
}

async function main(): Promise<void> {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: { program: { type: 'string' } },
  });
  const commands: Record<string, (app: INestApplicationContext) => Promise<void>> = {
    'seed-demo': seedDemo,
    expire: (app) => expire(app, values.program),
    import: (app) => importFile(app, positionals[1], positionals[2], values.program),
  };
  const command = commands[positionals[0] ?? ''];
  if (!command) throw new Error(USAGE);
  const app = await NestFactory.createApplicationContext(await CliModule.forRoot(), {
    logger: ['error'],
  });
  try {
    await command(app);
  } finally {
    await app.close();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
