import { bullPrefix, QueueName } from '@loyalty/messaging';
import { buildDataSourceOptions } from '@loyalty/persistence';
import { type AppName, loadLoyaltyConfig } from '@loyalty/config';
import {
  AppProcess,
  call,
  createPosApiKey,
  createProgram,
  freePort,
  IMMEDIATE_EARNING_RULES,
  MaintenanceJobs,
  PrivatePostgres,
  PrivateRedis,
  type ProgramFixture,
  signedInStaff,
  untilReady,
} from '@loyalty/testing';
import { StaffRole } from '@loyalty/domain';
import { Queue } from 'bullmq';
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { DataSource } from 'typeorm';

const PORT_VARIABLES: Record<AppName, string> = {
  'points-ledger': 'POINTS_LEDGER_PORT',
  'card-issuance': 'CARD_ISSUANCE_PORT',
  'value-scoring-worker': 'VALUE_SCORING_WORKER_PORT',
};
const DATABASE_CLI = join(__dirname, '../../dist/libs/persistence/src/cli/database.cli.js');

interface RunningProcess {
  readonly process: AppProcess;
  readonly port: number;
  /** Set before the suite kills it, so that any other exit counts as a crash. */
  killed: boolean;
}

/**
 * The whole system on a PostgreSQL cluster and a Redis of the suite's own (never the
 * developer's), each app a compiled child process, so that a kill is a real SIGKILL: what an
 * operator's fault drill does to a deployment. Redis runs without an append-only file, the
 * hardest case: a kill loses every queue.
 */
export class FaultWorld {
  readonly apps = new Map<AppName, RunningProcess>();
  /** Apps that exited without being killed, with the end of what they logged. */
  readonly crashes: string[] = [];
  program!: ProgramFixture;
  admin!: string;
  clerk!: string;
  tillKeys: string[] = [];
  private maintenance?: MaintenanceJobs;

  private constructor(
    readonly postgres: PrivatePostgres,
    readonly redis: PrivateRedis,
    readonly dataSource: DataSource,
    readonly environment: Record<string, string>,
  ) {}

  static async start(): Promise<FaultWorld> {
    const postgres = await PrivatePostgres.start();
    const redis = await PrivateRedis.start(['--appendonly', 'no']);
    const environment: Record<string, string> = {
      NODE_ENV: 'development',
      LOG_LEVEL: 'warn',
      DATABASE_HOST: '127.0.0.1',
      DATABASE_PORT: String(postgres.port),
      DATABASE_NAME: 'loyalty_faults',
      DATABASE_USER: 'postgres',
      DATABASE_CONNECT_TIMEOUT_MS: '2000',
      REDIS_HOST: '127.0.0.1',
      REDIS_PORT: String(redis.port),
      REDIS_DB: '0',
      REDIS_KEY_PREFIX: 'faults',
      STAFF_TOKEN_SECRET: randomBytes(32).toString('base64url'),
      MEMBER_TOKEN_SECRET: randomBytes(32).toString('base64url'),
      VOUCHER_CODE_SECRET: randomBytes(32).toString('base64url'),
      PLATFORM_OPERATOR_TOKEN: randomBytes(32).toString('base64url'),
      METRICS_TOKEN: randomBytes(32).toString('base64url'),
      WEBHOOKS_ALLOW_LOOPBACK: 'true',
      SIGN_IN_ATTEMPTS_PER_MINUTE: '100000',
      POS_LOOKUPS_PER_MINUTE: '100000',
      // Scheduled, but not due during the drill.
      POINTS_EXPIRY_INTERVAL_MINUTES: '600',
      CLV_REFIT_INTERVAL_HOURS: '24',
      // The schedules run as deployed; the checks afterwards also run them on demand.
      SCORE_RECONCILE_INTERVAL_MINUTES: '1',
      OUTBOX_SWEEP_INTERVAL_MINUTES: '1',
      HOLD_RELEASE_INTERVAL_SECONDS: '15',
      VOUCHER_EXPIRY_INTERVAL_MINUTES: '5',
      REFERRAL_SETTLE_INTERVAL_MINUTES: '15',
      OUTBOX_REDELIVER_AFTER_SECONDS: '10',
      SCORE_STALE_AFTER_SECONDS: '10',
    };
    await promisify(execFile)(process.execPath, [DATABASE_CLI, 'create'], {
      env: { ...process.env, ...environment },
    });
    await promisify(execFile)(process.execPath, [DATABASE_CLI, 'migrate'], {
      env: { ...process.env, ...environment },
    });
    // This test file's own process.env (jest gives each file a copy): the suite's servers.
    Object.assign(process.env, environment);
    const config = loadLoyaltyConfig();
    const dataSource = await new DataSource(
      buildDataSourceOptions(config.database, 'fault-suite'),
    ).initialize();
    const world = new FaultWorld(postgres, redis, dataSource, environment);
    try {
      for (const app of Object.keys(PORT_VARIABLES) as AppName[]) await world.startApp(app);
      await world.seed();
    } catch (error) {
      // Nothing of the drill's may outlive a failed start, or jest waits on it forever.
      await world.close();
      throw error;
    }
    return world;
  }

  baseUrl(app: AppName): string {
    const running = this.apps.get(app);
    if (!running) throw new Error(`${app} is not running`);
    return `http://127.0.0.1:${running.port}`;
  }

  async startApp(app: AppName): Promise<void> {
    const port = this.apps.get(app)?.port ?? (await freePort());
    const child = new AppProcess(app, {
      ...this.environment,
      [PORT_VARIABLES[app]]: String(port),
    });
    const running: RunningProcess = { process: child, port, killed: false };
    this.apps.set(app, running);
    void child.exited.then((code) => {
      if (!running.killed) {
        this.crashes.push(`${app} exited with ${code}: ${child.lines.slice(-15).join('\n')}`);
      }
    });
    await untilReady(`http://127.0.0.1:${port}`).catch((error: Error) => {
      throw new Error(
        `${app} never became ready: ${error.message}\n${child.lines.slice(-10).join('\n')}`,
      );
    });
  }

  /** The app's last log lines (warnings and errors: the drill runs its apps at LOG_LEVEL warn). */
  recentLogs(app: AppName, count: number): string {
    return this.apps.get(app)?.process.lines.slice(-count).join('\n') ?? '(not running)';
  }

  /** SIGKILL, then the same app started again on the same port, as a supervisor would. */
  async killAndRestart(app: AppName): Promise<void> {
    const running = this.apps.get(app);
    if (running) {
      running.killed = true;
      running.process.signal('SIGKILL');
      await running.process.exited;
    }
    await this.startApp(app);
  }

  /** Waits until every app answers ready again (after a dependency came back). */
  async untilAllReady(): Promise<void> {
    for (const app of this.apps.keys()) {
      await untilReady(this.baseUrl(app), { timeoutMs: 60_000 });
    }
  }

  /** Runs a maintenance job now, as its schedule would, and answers its result. */
  async runMaintenance<T>(name: 'sweep-outbox' | 'reconcile-scores', data: object): Promise<T> {
    this.maintenance ??= await MaintenanceJobs.open(loadLoyaltyConfig().redis);
    return this.maintenance.run<T>(name, data);
  }

  /** The job schedulers Redis holds: the maintenance ones and the CLV refit. */
  async schedulers(): Promise<string[]> {
    const ids: string[] = [];
    for (const name of [QueueName.LedgerMaintenance, QueueName.ValueScoring]) {
      const queue = new Queue(name, {
        connection: { host: '127.0.0.1', port: this.redis.port },
        prefix: bullPrefix(loadLoyaltyConfig().redis),
      });
      try {
        ids.push(...(await queue.getJobSchedulers()).map((scheduler) => scheduler.key));
      } finally {
        await queue.close();
      }
    }
    return ids.sort();
  }

  async verifyLedger(): Promise<string> {
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [DATABASE_CLI, 'verify-ledger'],
      {
        env: { ...process.env, ...this.environment },
      },
    );
    return stdout;
  }

  async close(): Promise<void> {
    await this.maintenance?.close();
    for (const running of this.apps.values()) {
      running.killed = true;
      running.process.signal('SIGTERM');
      await running.process.exited;
    }
    await this.dataSource.destroy().catch(() => undefined);
    await this.redis.stop();
    await this.postgres.destroy();
  }

  /** A program with two tills, an admin, a clerk, immediate earning rules and two CLV tiers. */
  private async seed(): Promise<void> {
    this.program = await createProgram(this.dataSource);
    const store = this.program.storeIds[0];
    const signIn = (role: StaffRole, storeId: string | null) =>
      signedInStaff(
        this.baseUrl('card-issuance'),
        this.dataSource,
        this.program.programId,
        role,
        storeId,
      );
    this.admin = await signIn(StaffRole.Admin, null);
    this.clerk = await signIn(StaffRole.Clerk, store);
    for (let till = 0; till < 2; till += 1) {
      this.tillKeys.push(
        (await createPosApiKey(this.dataSource, this.program.programId, store)).apiKey,
      );
    }
    const ledger = this.baseUrl('points-ledger');
    for (const [path, body] of [
      ['/v1/earning-rules', IMMEDIATE_EARNING_RULES],
      ['/v1/value-policies', FAULT_VALUE_POLICY],
    ] as const) {
      const published = await call(ledger, 'POST', path, { token: this.admin, body });
      if (published.status !== 201) throw new Error(`${path} answered ${published.status}`);
    }
  }
}

/** Gold after a few purchases, with an upgrade bonus: tier changes and rewards under faults. */
const FAULT_VALUE_POLICY = {
  tierBasis: 'clv',
  tiers: [
    { name: 'member', earningMultiplierBp: 10000, upgradeRewardPoints: 0 },
    { name: 'gold', minClvMinor: 30_000, earningMultiplierBp: 15000, upgradeRewardPoints: 300 },
  ],
  downgradeGraceDays: 30,
  horizonMonths: 12,
  annualDiscountRate: 0.1,
  margin: 0.3,
  costToServePerPurchaseMinor: 0,
  minHistoryDays: 365,
  winBack: null,
};
