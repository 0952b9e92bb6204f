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
import { LoggingModule } from '@loyalty/platform';
import { type DynamicModule, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { FitClvModelUseCase } from '../src/scoring/fit-clv-model.use-case';
import { PayRewardsUseCase } from '../src/scoring/pay-rewards.use-case';
import { RescoreProgramUseCase } from '../src/scoring/rescore-program.use-case';
import { ScoreMembersUseCase } from '../src/scoring/score-members.use-case';
import { seedSyntheticProgram, timed } from './synthetic-program';

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
        LoggingModule.forRoot('value-scoring-worker'),
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

async function main(): Promise<void> {
  const name = `loyalty_bench_${randomBytes(4).toString('hex')}`;
  process.env.DATABASE_NAME = name;
  process.env.STAFF_TOKEN_SECRET ??= randomBytes(32).toString('base64url');
  process.env.MEMBER_TOKEN_SECRET ??= randomBytes(32).toString('base64url');
  process.env.VOUCHER_CODE_SECRET ??= randomBytes(32).toString('base64url');
  const { database } = loadLoyaltyConfig();
  await ensureDatabaseExists(database);
  const dataSource = await new DataSource({
    ...buildDataSourceOptions(database, 'bench-scoring'),
    migrations,
  }).initialize();
  try {
    await dataSource.runMigrations({ transaction: 'each' });
    const programId = await seedSyntheticProgram(dataSource, MEMBERS, PURCHASES_PER_MEMBER);
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
