/**
 * npm run bench:scoring — the value-scoring pipeline on a synthetic program, end to end against
 * PostgreSQL: BENCH_MEMBERS members (default 1,000,000) with BENCH_PURCHASES_PER_MEMBER purchases
 * each on average (default 20), in a scratch database created and dropped by the run. Prints
 * members per second for the purchase summary, the model fit (two summaries, two BG/NBD fits,
 * Gamma-Gamma, the holdout check) and the full rescore (scores, tiers, snapshot), each also as a
 * multiple of a plain scan of the purchases measured in the same run. Seeding needs a superuser
 * (it switches foreign-key triggers off for the bulk insert), as a developer machine has.
 */
import 'reflect-metadata';
import { LoyaltyConfigModule, loadLoyaltyConfig } from '@loyalty/config';
import { LedgerModule } from '@loyalty/ledger';
import {
  buildDataSourceOptions,
  ClvHistoryRepository,
  dropDatabase,
  ensureDatabaseExists,
  migrations,
  PersistenceModule,
  ValuePolicyRepository,
} from '@loyalty/persistence';
import { type DynamicModule, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { FitClvModelUseCase } from '../src/scoring/fit-clv-model.use-case';
import { PayRewardsUseCase } from '../src/scoring/pay-rewards.use-case';
import { RescoreProgramUseCase } from '../src/scoring/rescore-program.use-case';
import { ScoreMembersUseCase } from '../src/scoring/score-members.use-case';

const MEMBERS = Number(process.env.BENCH_MEMBERS ?? 1_000_000);
const PURCHASES_PER_MEMBER = Number(process.env.BENCH_PURCHASES_PER_MEMBER ?? 20);

@Module({})
class BenchModule {
  static async forRoot(): Promise<DynamicModule> {
    return {
      module: BenchModule,
      imports: [
        await LoyaltyConfigModule.forRoot(),
        PersistenceModule.forRoot('value-scoring-worker'),
        LedgerModule,
      ],
      providers: [
        ScoreMembersUseCase,
        PayRewardsUseCase,
        FitClvModelUseCase,
        RescoreProgramUseCase,
      ],
    };
  }
}

const seconds = (since: number) => (performance.now() - since) / 1000;
const timed = async <T>(label: string, work: () => Promise<T>): Promise<[T, number]> => {
  const started = performance.now();
  const result = await work();
  const took = seconds(started);
  console.log(`${label}: ${took.toFixed(1)} s`);
  return [result, took];
};

/**
 * Members buy at their own rate (a gamma-like spread) through a lifetime that ends at a random
 * point: repeat buyers, lapsed buyers and one-off buyers, over the last 540 days.
 */
async function seed(dataSource: DataSource): Promise<string> {
  const [program] = await dataSource.query<{ id: string }[]>(
    `INSERT INTO programs (code, name, currency, timezone, card_prefix)
     VALUES ('BENCH', 'Bench', 'EUR', 'UTC', '900001') RETURNING id`,
  );
  const programId = program!.id;
  const [store] = await dataSource.query<{ id: string }[]>(
    `INSERT INTO stores (program_id, code, name, timezone) VALUES ($1, 'S', 'Store', 'UTC')
     RETURNING id`,
    [programId],
  );
  const [rules] = await dataSource.query<{ id: string }[]>(
    `INSERT INTO earning_rule_sets (program_id, version, effective_from, rules)
     VALUES ($1, 1, '2000-01-01', '{}') RETURNING id`,
    [programId],
  );
  await timed(`seed ${MEMBERS.toLocaleString()} members`, () =>
    dataSource.query(
      `INSERT INTO members (program_id, email, enrolled_store_id, acquisition_channel,
           acquisition_cost_minor, acquisition_cost_currency, enrolled_at)
       SELECT $1, 'm' || i || '@bench.invalid', $2,
              (ARRAY['store','web','app','referral','paid_social'])[1 + i % 5],
              CASE WHEN i % 5 = 4 THEN 800 END, CASE WHEN i % 5 = 4 THEN 'EUR' END,
              now() - interval '600 days'
         FROM generate_series(1, $3) AS i`,
      [programId, store!.id, MEMBERS],
    ),
  );
  await timed(`seed ~${(MEMBERS * PURCHASES_PER_MEMBER).toLocaleString()} purchases`, () =>
    dataSource.transaction(async (manager) => {
      // Foreign keys to journal transactions are beside the point here: switched off for the load.
      await manager.query(`SET LOCAL session_replication_role = replica`);
      await manager.query(`SET LOCAL statement_timeout = 0`);
      await manager.query(
        `INSERT INTO purchases (id, program_id, member_id, store_id, receipt_id, amount_minor,
             currency, occurred_at, earning_rule_set_id, points_earned, earn_transaction_id)
         SELECT gen_random_uuid(), $1, m.id, $2, m.id::text || '-' || k,
                500 + (hashint8(k * 7919 + m.n) & 8191), 'EUR',
                now() - make_interval(days => (m.start - k * m.gap)::int),
                $3, 0, gen_random_uuid()
           FROM (SELECT id, n, start, purchases,
                        greatest(1, start * lifetime / purchases) AS gap
                   FROM (SELECT id, row_number() OVER () AS n,
                                540 - (random() * 60)::int AS start,
                                random() AS lifetime,
                                1 + (random() * (2 * $4 - 1))::int AS purchases
                           FROM members WHERE program_id = $1) drawn) m,
                LATERAL generate_series(0, m.purchases - 1) AS k
          WHERE m.start - k * m.gap > 0`,
        [programId, store!.id, rules!.id, PURCHASES_PER_MEMBER],
      );
    }),
  );
  await dataSource.query(`ANALYZE`);
  await dataSource.query(
    `INSERT INTO value_policies (program_id, version, effective_from, policy)
     VALUES ($1, 1, '2000-01-01', $2)`,
    [
      programId,
      JSON.stringify({
        tierBasis: 'percentile',
        tiers: [
          { name: 'member', earningMultiplierBp: 10000, upgradeRewardPoints: 0 },
          { name: 'silver', minPercentile: 60, earningMultiplierBp: 12000, upgradeRewardPoints: 0 },
          { name: 'gold', minPercentile: 90, earningMultiplierBp: 15000, upgradeRewardPoints: 0 },
        ],
        downgradeGraceDays: 30,
        horizonMonths: 12,
        annualDiscountRate: 0.1,
        margin: 0.3,
        costToServePerPurchaseMinor: 0,
        minHistoryDays: 0,
        winBack: null,
      }),
    ],
  );
  return programId;
}

async function main(): Promise<void> {
  const name = `loyalty_bench_${randomBytes(4).toString('hex')}`;
  process.env.DATABASE_NAME = name;
  process.env.STAFF_TOKEN_SECRET ??= randomBytes(32).toString('base64url');
  process.env.MEMBER_TOKEN_SECRET ??= randomBytes(32).toString('base64url');
  const { database } = loadLoyaltyConfig();
  await ensureDatabaseExists(database);
  const dataSource = await new DataSource({
    ...buildDataSourceOptions(database, 'bench-scoring'),
    migrations,
  }).initialize();
  try {
    await dataSource.runMigrations({ transaction: 'each' });
    const programId = await seed(dataSource);
    const [{ purchases } = { purchases: 0 }] = await dataSource.query<{ purchases: number }[]>(
      `SELECT count(*)::int AS purchases FROM purchases`,
    );
    const app = await NestFactory.createApplicationContext(await BenchModule.forRoot(), {
      logger: ['error'],
    });
    try {
      const [, scan] = await timed('baseline: one scan of the purchases', () =>
        dataSource.transaction(async (manager) => {
          await manager.query(`SET LOCAL statement_timeout = 0`);
          return manager.query<unknown[]>(
            `SELECT member_id, sum(amount_minor) FROM purchases GROUP BY member_id`,
          );
        }),
      );
      const history = app.get(ClvHistoryRepository);
      const [, summary] = await timed('summary of every member', () =>
        history.summaries(programId, new Date(), 'UTC', null),
      );
      const [fit, fitting] = await timed(
        'fit (2 summaries, 2 BG/NBD fits, Gamma-Gamma, holdout)',
        () => app.get(FitClvModelUseCase).execute(programId),
      );
      const [model] = await history.models(programId);
      const diagnostics = (fitted: Record<string, unknown> | null | undefined) =>
        fitted && {
          method: fitted.method,
          iterations: fitted.iterations,
          evaluations: fitted.evaluations,
          converged: fitted.converged,
          parameters: fitted.parameters,
        };
      console.log(
        JSON.stringify({
          purchaseModel: diagnostics(model?.purchaseModel),
          calibration: diagnostics(model?.purchaseModel.calibration as Record<string, unknown>),
          spendModel: diagnostics(model?.spendModel),
        }),
      );
      const policy = await app.get(ValuePolicyRepository).inForceAt(programId, new Date());
      if (!policy) throw new Error('the bench policy is missing');
      const [rescore, rescoring] = await timed(
        'full rescore (scores, percentile tiers, snapshot)',
        () => app.get(RescoreProgramUseCase).execute({ requestedBy: 'bench', programId }, null),
      );
      const rate = (took: number) => Math.round(MEMBERS / took).toLocaleString();
      console.table([
        {
          step: 'baseline scan',
          seconds: scan.toFixed(1),
          membersPerSecond: rate(scan),
          vsScan: 1,
        },
        {
          step: 'summary',
          seconds: summary.toFixed(1),
          membersPerSecond: rate(summary),
          vsScan: (summary / scan).toFixed(1),
        },
        {
          step: 'fit',
          seconds: fitting.toFixed(1),
          membersPerSecond: rate(fitting),
          vsScan: (fitting / scan).toFixed(1),
        },
        {
          step: 'full rescore',
          seconds: rescoring.toFixed(1),
          membersPerSecond: rate(rescoring),
          vsScan: (rescoring / scan).toFixed(1),
        },
      ]);
      console.log(JSON.stringify({ members: MEMBERS, purchases, fit, rescore }));
    } finally {
      await app.close();
    }
  } finally {
    await dataSource.destroy();
    await dropDatabase(database);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
