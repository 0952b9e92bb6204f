import { Transform, Type } from 'class-transformer';
import {
  IsBoolean,
  IsEmail,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUrl,
  Matches,
  Max,
  Min,
  MinLength,
} from 'class-validator';

export const NODE_ENVIRONMENTS = ['development', 'test', 'production'] as const;
export type NodeEnvironment = (typeof NODE_ENVIRONMENTS)[number];

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

const parseBoolean = ({ value }: { value: unknown }): unknown => {
  if (value === 'true') return true;
  if (value === 'false') return false;
  return value;
};

const PROXY_ENTRY = String.raw`(?:loopback|linklocal|uniquelocal|[0-9a-fA-F.:]+(?:/\d{1,3})?)`;
const TRUST_PROXY_PATTERN = new RegExp(
  String.raw`^(?:true|false|${PROXY_ENTRY}(?:\s*,\s*${PROXY_ENTRY})*)$`,
);

/** TRUST_PROXY as Fastify takes it: a yes or no, or the proxies to believe. */
export function trustedProxiesOf(value: string): boolean | string[] {
  if (value === 'true') return true;
  if (value === 'false') return false;
  return value.split(',').map((entry) => entry.trim());
}

/**
 * Every environment variable the apps read, with the default that works on a developer machine.
 * The field names are the variable names; docs/configuration.md describes each one.
 */
export class Environment {
  @IsIn(NODE_ENVIRONMENTS)
  NODE_ENV: NodeEnvironment = 'development';

  @IsIn(LOG_LEVELS)
  LOG_LEVEL: LogLevel = 'info';

  @IsString()
  @IsNotEmpty()
  HTTP_HOST: string = '127.0.0.1';

  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(65535)
  POINTS_LEDGER_PORT: number = 3001;

  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(65535)
  CARD_ISSUANCE_PORT: number = 3002;

  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(65535)
  VALUE_SCORING_WORKER_PORT: number = 3003;

  /** OpenAPI at /docs and /docs-json; unset means on, except when NODE_ENV is production. */
  @IsOptional()
  @Transform(parseBoolean)
  @IsBoolean()
  API_DOCS_ENABLED?: boolean = undefined;

  /**
   * The platform operator's credential for the worker's admin port (the queue board, the queue
   * probe, every program's failed jobs). Unset means nobody is the operator: those tools refuse.
   */
  @IsOptional()
  @IsString()
  @MinLength(32, { message: 'PLATFORM_OPERATOR_TOKEN must be at least 32 random characters' })
  PLATFORM_OPERATOR_TOKEN?: string = undefined;

  /** Bearer token a Prometheus scraper sends for /metrics; unset means /metrics refuses. */
  @IsOptional()
  @IsString()
  @MinLength(32, { message: 'METRICS_TOKEN must be at least 32 random characters' })
  METRICS_TOKEN?: string = undefined;

  /** Development only: let webhook endpoints be http:// and on loopback, for a local receiver. */
  @Transform(parseBoolean)
  @IsBoolean()
  WEBHOOKS_ALLOW_LOOPBACK: boolean = false;

  @IsString()
  @IsNotEmpty()
  DATABASE_HOST: string = '127.0.0.1';

  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(65535)
  DATABASE_PORT: number = 5432;

  @IsString()
  @IsNotEmpty()
  DATABASE_USER: string = 'postgres';

  @IsOptional()
  @IsString()
  DATABASE_PASSWORD?: string = undefined;

  // Database names are used in CREATE DATABASE by the setup tooling, so only plain identifiers.
  @Matches(/^[A-Za-z_][A-Za-z0-9_]{0,62}$/, {
    message: 'DATABASE_NAME must be a plain identifier: letters, digits and _, at most 63',
  })
  DATABASE_NAME: string = 'loyalty';

  @Transform(parseBoolean)
  @IsBoolean()
  DATABASE_SSL: boolean = false;

  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  DATABASE_POOL_SIZE: number = 10;

  @Type(() => Number)
  @IsInt()
  @Min(100)
  DATABASE_CONNECT_TIMEOUT_MS: number = 5000;

  @Type(() => Number)
  @IsInt()
  @Min(100)
  DATABASE_STATEMENT_TIMEOUT_MS: number = 15000;

  @IsString()
  @IsNotEmpty()
  REDIS_HOST: string = '127.0.0.1';

  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(65535)
  REDIS_PORT: number = 6379;

  @IsOptional()
  @IsString()
  REDIS_PASSWORD?: string = undefined;

  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(15)
  REDIS_DB: number = 0;

  @Matches(/^[A-Za-z0-9_-]{1,64}$/, {
    message: 'REDIS_KEY_PREFIX must be 1 to 64 letters, digits, _ or -',
  })
  REDIS_KEY_PREFIX: string = 'loyalty';

  /**
   * How long an HTTP app's Redis command may go unanswered before it fails: a Redis that hangs is
   * then a Redis that is down. Longer than the app's worst event-loop stall, or a busy app would
   * take its own pause for Redis's.
   */
  @Type(() => Number)
  @IsInt()
  @Min(50)
  @Max(10_000)
  REDIS_COMMAND_TIMEOUT_MS: number = 250;

  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(256)
  WORKER_CONCURRENCY: number = 4;

  /**
   * Scoring jobs a worker runs at once: members in parallel (each member's decision serialised
   * by a lock), and a full rescore takes one slot, never all.
   */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(64)
  SCORING_CONCURRENCY: number = 4;

  /** How often the worker expires due points; 0 turns the schedule off (run it by hand). */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(10_080)
  POINTS_EXPIRY_INTERVAL_MINUTES: number = 60;

  /**
   * How often the worker releases holds past their expiry, so an abandoned order's points come
   * back within this long of the hold's end; 0 turns it off (run it by hand).
   */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(3600)
  HOLD_RELEASE_INTERVAL_SECONDS: number = 15;

  /**
   * How often the worker ends vouchers past their expiry (their points back or forfeited, by the
   * program's policy); 0 turns it off (run it by hand).
   */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(1440)
  VOUCHER_EXPIRY_INTERVAL_MINUTES: number = 5;

  /**
   * How often the worker settles referrals whose first qualifying purchase is past its return
   * window (both sides' bonuses, or a refusal); 0 turns it off (run it by hand).
   */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(1440)
  REFERRAL_SETTLE_INTERVAL_MINUTES: number = 15;

  /**
   * How often the worker looks for members whose score is older than their last purchase or
   * refund (lost jobs, an outage) and scores them again; 0 turns it off.
   */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(1440)
  SCORE_RECONCILE_INTERVAL_MINUTES: number = 5;

  /**
   * How often the worker looks for ledger events whose jobs were lost (published, never consumed)
   * and webhook deliveries that never succeeded, and asks for them again; 0 turns it off.
   */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(1440)
  OUTBOX_SWEEP_INTERVAL_MINUTES: number = 1;

  /** How long an event may stay published but unconsumed before its job counts as lost. */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(86_400)
  OUTBOX_REDELIVER_AFTER_SECONDS: number = 300;

  /** How long after a purchase a member without a newer score counts as stale. */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(86_400)
  SCORE_STALE_AFTER_SECONDS: number = 120;

  /** How often the worker refits the CLV models (and rescores on a new one); 0 turns it off. */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(720)
  CLV_REFIT_INTERVAL_HOURS: number = 24;

  @Type(() => Number)
  @IsInt()
  @Min(1000)
  SHUTDOWN_TIMEOUT_MS: number = 10000;

  /**
   * Whose X-Forwarded-For to believe, so that per-address limits see the client behind a load
   * balancer or the console's gateway: `false`, `true` (anyone: only when nothing else can reach
   * the app), or comma-separated addresses, CIDR ranges and `loopback`, `linklocal`, `uniquelocal`.
   */
  @IsString()
  @Matches(TRUST_PROXY_PATTERN, {
    message:
      'TRUST_PROXY must be true, false, or comma-separated addresses, CIDR ranges, loopback, linklocal, uniquelocal',
  })
  TRUST_PROXY: string = 'false';

  // Token signing secrets have no default anywhere: a default would be a secret in the repository.
  // scripts/start.sh generates them once per machine into .data/secrets.env.
  @IsString()
  @MinLength(32, { message: 'STAFF_TOKEN_SECRET must be set to at least 32 random characters' })
  STAFF_TOKEN_SECRET: string = '';

  @IsString()
  @MinLength(32, { message: 'MEMBER_TOKEN_SECRET must be set to at least 32 random characters' })
  MEMBER_TOKEN_SECRET: string = '';

  /** Derives voucher codes from voucher ids (docs/decisions/0018): rotating it voids every code. */
  @IsString()
  @MinLength(32, { message: 'VOUCHER_CODE_SECRET must be set to at least 32 random characters' })
  VOUCHER_CODE_SECRET: string = '';

  @Type(() => Number)
  @IsInt()
  @Min(60)
  @Max(3600)
  ACCESS_TOKEN_TTL_SECONDS: number = 900;

  @Type(() => Number)
  @IsInt()
  @Min(3600)
  REFRESH_TOKEN_TTL_SECONDS: number = 30 * 24 * 3600;

  /** Where member sign-in codes are sent for delivery by email or SMS (the operator's notifier). */
  @IsOptional()
  @IsUrl({ require_tld: false, protocols: ['http', 'https'] })
  SIGN_IN_CODE_WEBHOOK_URL?: string = undefined;

  @IsOptional()
  @IsString()
  @MinLength(32, { message: 'SIGN_IN_CODE_WEBHOOK_SECRET must be at least 32 characters' })
  SIGN_IN_CODE_WEBHOOK_SECRET?: string = undefined;

  /** Without a webhook, outside production, sign-in codes are written here as files. */
  @IsString()
  @IsNotEmpty()
  DEV_MAILBOX_DIR: string = '.data/mailbox';

  @Type(() => Number)
  @IsInt()
  @Min(1)
  POS_LOOKUPS_PER_MINUTE: number = 120;

  @Type(() => Number)
  @IsInt()
  @Min(1)
  SIGN_IN_ATTEMPTS_PER_MINUTE: number = 10;

  /** Wrong sign-in codes an account may send in 24 hours before code sign-in locks for the rest. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  SIGN_IN_CODE_FAILURES_PER_DAY: number = 10;

  /** Sign-in codes sent to one account (program and email) per hour. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  SIGN_IN_CODES_PER_HOUR: number = 5;

  @Type(() => Number)
  @IsInt()
  @Min(1)
  SURVEY_ANSWERS_PER_HOUR: number = 10;

  @Type(() => Number)
  @IsInt()
  @Min(1)
  MEMBER_TRANSFERS_PER_HOUR: number = 20;

  // Apple Wallet: each certificate or key is PEM text or the path of a PEM file.
  @IsOptional()
  @Matches(/^pass\.[A-Za-z0-9.-]+$/, {
    message: 'APPLE_PASS_TYPE_IDENTIFIER must look like pass.com.example.loyalty',
  })
  APPLE_PASS_TYPE_IDENTIFIER?: string = undefined;

  @IsOptional()
  @Matches(/^[A-Z0-9]{10}$/, { message: 'APPLE_TEAM_IDENTIFIER must be 10 letters or digits' })
  APPLE_TEAM_IDENTIFIER?: string = undefined;

  @IsOptional()
  @IsString()
  APPLE_WWDR_CERTIFICATE?: string = undefined;

  @IsOptional()
  @IsString()
  APPLE_SIGNER_CERTIFICATE?: string = undefined;

  @IsOptional()
  @IsString()
  APPLE_SIGNER_KEY?: string = undefined;

  @IsOptional()
  @IsString()
  APPLE_SIGNER_KEY_PASSPHRASE?: string = undefined;

  // Google Wallet: the issuer and the service account that signs "Save to Google Wallet" links.
  @IsOptional()
  @Matches(/^[0-9]{1,32}$/, { message: 'GOOGLE_WALLET_ISSUER_ID must be digits' })
  GOOGLE_WALLET_ISSUER_ID?: string = undefined;

  @IsOptional()
  @IsEmail()
  GOOGLE_WALLET_SERVICE_ACCOUNT_EMAIL?: string = undefined;

  @IsOptional()
  @IsString()
  GOOGLE_WALLET_PRIVATE_KEY?: string = undefined;
}
