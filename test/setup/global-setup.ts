import 'reflect-metadata';
// Jest runs global setup outside its module registry (no moduleNameMapper): relative imports.
import { loadLoyaltyConfig } from '../../libs/config/src/loyalty-config';
import { buildDataSourceOptions } from '../../libs/persistence/src/data-source-options';
import { ensureDatabaseExists } from '../../libs/persistence/src/database-admin';
import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';

/**
 * Gives this run its own database (random name, migrated) and Redis key prefix. The variables set
 * here reach the jest workers, which start after it; global-teardown.ts removes both.
 */
export default async function globalSetup(): Promise<void> {
  const runId = randomBytes(5).toString('hex');
  process.env.DATABASE_NAME = `loyalty_test_${runId}`;
  process.env.REDIS_KEY_PREFIX = `test-${runId}`;
  process.env.LOG_LEVEL ??= 'silent';
  // Every spec signs in from 127.0.0.1 against one Redis: the per-address limit would make them
  // throttle each other. The sign-in limit has its own spec, with a Redis prefix of its own.
  process.env.SIGN_IN_ATTEMPTS_PER_MINUTE = '100000';
  // Specs expire points of their own program when they mean to; an hourly run across every
  // program would race them. The schedule itself has a spec, with a Redis prefix of its own.
  process.env.POINTS_EXPIRY_INTERVAL_MINUTES = '0';
  process.env.CLV_REFIT_INTERVAL_HOURS = '0';
  process.env.SCORE_RECONCILE_INTERVAL_MINUTES = '0';
  process.env.OUTBOX_SWEEP_INTERVAL_MINUTES = '0';
  // The holds spec starts a worker releasing holds every second for its own program.
  process.env.HOLD_RELEASE_INTERVAL_SECONDS = '0';
  process.env.VOUCHER_EXPIRY_INTERVAL_MINUTES = '0';
  process.env.REFERRAL_SETTLE_INTERVAL_MINUTES = '0';
  // Three apps and jest share one event loop here, which stalls far longer than a deployed
  // app's; the spec of a hanging Redis sets a shorter timeout again.
  process.env.REDIS_COMMAND_TIMEOUT_MS = '2000';
  process.env.STAFF_TOKEN_SECRET = randomBytes(32).toString('base64url');
  process.env.MEMBER_TOKEN_SECRET = randomBytes(32).toString('base64url');
  process.env.VOUCHER_CODE_SECRET = randomBytes(32).toString('base64url');
  // Specs receive webhooks on 127.0.0.1; the SSRF spec starts its apps without this.
  process.env.WEBHOOKS_ALLOW_LOOPBACK = 'true';
  process.env.PLATFORM_OPERATOR_TOKEN = randomBytes(32).toString('base64url');
  process.env.METRICS_TOKEN = randomBytes(32).toString('base64url');

  const { database } = loadLoyaltyConfig();
  await ensureDatabaseExists(database);
  const dataSource = await new DataSource(
    buildDataSourceOptions(database, 'jest-setup'),
  ).initialize();
  try {
    await dataSource.runMigrations({ transaction: 'each' });
  } finally {
    await dataSource.destroy();
  }
}
