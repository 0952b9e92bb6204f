import { registerAs } from '@nestjs/config';
import {
  type Environment,
  type LogLevel,
  type NodeEnvironment,
  trustedProxiesOf,
} from './environment';
import { validateEnvironment } from './validate-environment';

export type AppName = 'points-ledger' | 'card-issuance' | 'value-scoring-worker';

export interface DatabaseConfig {
  readonly host: string;
  readonly port: number;
  readonly username: string;
  readonly password: string | undefined;
  readonly name: string;
  readonly ssl: boolean;
  readonly poolSize: number;
  readonly connectTimeoutMs: number;
  readonly statementTimeoutMs: number;
}

export interface RedisConfig {
  readonly host: string;
  readonly port: number;
  readonly password: string | undefined;
  readonly db: number;
  /** Prefix of every key the apps write, so that several deployments or test runs share a server. */
  readonly keyPrefix: string;
  /** The HTTP apps' command timeout; the worker's blocking connections have none. */
  readonly commandTimeoutMs: number;
}

export interface AuthConfig {
  readonly staffTokenSecret: string;
  readonly memberTokenSecret: string;
  readonly voucherCodeSecret: string;
  readonly accessTokenTtlSeconds: number;
  readonly refreshTokenTtlSeconds: number;
}

export interface SignInCodeDeliveryConfig {
  /** The operator's notifier that emails or texts the code; unset means the dev mailbox. */
  readonly webhookUrl: string | undefined;
  readonly webhookSecret: string | undefined;
  readonly devMailboxDir: string;
}

export interface RateLimitConfig {
  readonly posLookupsPerMinute: number;
  readonly signInAttemptsPerMinute: number;
  readonly signInCodeFailuresPerDay: number;
  readonly signInCodesPerHour: number;
  readonly surveyAnswersPerHour: number;
  readonly memberTransfersPerHour: number;
}

/** Each certificate or key as PEM text or the path of a PEM file. */
export interface AppleWalletConfig {
  readonly passTypeIdentifier: string;
  readonly teamIdentifier: string;
  readonly wwdrCertificate: string;
  readonly signerCertificate: string;
  readonly signerKey: string;
  readonly signerKeyPassphrase: string | undefined;
}

export interface GoogleWalletConfig {
  readonly issuerId: string;
  readonly serviceAccountEmail: string;
  readonly privateKey: string;
}

export interface LoyaltyConfig {
  readonly nodeEnvironment: NodeEnvironment;
  readonly logLevel: LogLevel;
  readonly http: {
    readonly host: string;
    readonly ports: Readonly<Record<AppName, number>>;
    readonly apiDocsEnabled: boolean;
    /** What a scraper sends as `Authorization: Bearer` for /metrics; unset closes /metrics. */
    readonly metricsToken: string | undefined;
  };
  /** The platform operator's credential on the worker's admin port; unset means no operator. */
  readonly platformOperatorToken: string | undefined;
  readonly webhooks: {
    /** Development only: loopback endpoints (and plain http) for a local receiver. */
    readonly allowLoopback: boolean;
    readonly requireHttps: boolean;
  };
  readonly database: DatabaseConfig;
  readonly redis: RedisConfig;
  readonly worker: {
    readonly concurrency: number;
    readonly scoringConcurrency: number;
    readonly pointsExpiryIntervalMinutes: number;
    readonly holdReleaseIntervalSeconds: number;
    readonly voucherExpiryIntervalMinutes: number;
    readonly referralSettleIntervalMinutes: number;
    readonly clvRefitIntervalHours: number;
    readonly scoreReconcileIntervalMinutes: number;
    readonly scoreStaleAfterSeconds: number;
    readonly outboxSweepIntervalMinutes: number;
    readonly outboxRedeliverAfterSeconds: number;
  };
  readonly shutdownTimeoutMs: number;
  /** Whose X-Forwarded-For the apps believe (decision 0020): no one, anyone, or these. */
  readonly trustProxy: boolean | readonly string[];
  readonly auth: AuthConfig;
  readonly signInCodeDelivery: SignInCodeDeliveryConfig;
  readonly rateLimits: RateLimitConfig;
  /** Unset when the program issues no Apple Wallet passes. */
  readonly appleWallet: AppleWalletConfig | undefined;
  /** Unset when the program offers no "Save to Google Wallet" links. */
  readonly googleWallet: GoogleWalletConfig | undefined;
}

function appleWalletOf(environment: Environment): AppleWalletConfig | undefined {
  const {
    APPLE_PASS_TYPE_IDENTIFIER: passTypeIdentifier,
    APPLE_TEAM_IDENTIFIER: teamIdentifier,
    APPLE_WWDR_CERTIFICATE: wwdrCertificate,
    APPLE_SIGNER_CERTIFICATE: signerCertificate,
    APPLE_SIGNER_KEY: signerKey,
  } = environment;
  if (
    !passTypeIdentifier ||
    !teamIdentifier ||
    !wwdrCertificate ||
    !signerCertificate ||
    !signerKey
  ) {
    return undefined;
  }
  return {
    passTypeIdentifier,
    teamIdentifier,
    wwdrCertificate,
    signerCertificate,
    signerKey,
    signerKeyPassphrase: environment.APPLE_SIGNER_KEY_PASSPHRASE,
  };
}

function googleWalletOf(environment: Environment): GoogleWalletConfig | undefined {
  const {
    GOOGLE_WALLET_ISSUER_ID: issuerId,
    GOOGLE_WALLET_SERVICE_ACCOUNT_EMAIL: serviceAccountEmail,
    GOOGLE_WALLET_PRIVATE_KEY: privateKey,
  } = environment;
  return issuerId && serviceAccountEmail && privateKey
    ? { issuerId, serviceAccountEmail, privateKey }
    : undefined;
}

export function toLoyaltyConfig(environment: Environment): LoyaltyConfig {
  return {
    nodeEnvironment: environment.NODE_ENV,
    logLevel: environment.LOG_LEVEL,
    http: {
      host: environment.HTTP_HOST,
      ports: {
        'points-ledger': environment.POINTS_LEDGER_PORT,
        'card-issuance': environment.CARD_ISSUANCE_PORT,
        'value-scoring-worker': environment.VALUE_SCORING_WORKER_PORT,
      },
      apiDocsEnabled: environment.API_DOCS_ENABLED ?? environment.NODE_ENV !== 'production',
      metricsToken: environment.METRICS_TOKEN,
    },
    platformOperatorToken: environment.PLATFORM_OPERATOR_TOKEN,
    webhooks: {
      allowLoopback: environment.WEBHOOKS_ALLOW_LOOPBACK,
      requireHttps: environment.NODE_ENV === 'production',
    },
    database: {
      host: environment.DATABASE_HOST,
      port: environment.DATABASE_PORT,
      username: environment.DATABASE_USER,
      password: environment.DATABASE_PASSWORD,
      name: environment.DATABASE_NAME,
      ssl: environment.DATABASE_SSL,
      poolSize: environment.DATABASE_POOL_SIZE,
      connectTimeoutMs: environment.DATABASE_CONNECT_TIMEOUT_MS,
      statementTimeoutMs: environment.DATABASE_STATEMENT_TIMEOUT_MS,
    },
    redis: {
      host: environment.REDIS_HOST,
      port: environment.REDIS_PORT,
      password: environment.REDIS_PASSWORD,
      db: environment.REDIS_DB,
      keyPrefix: environment.REDIS_KEY_PREFIX,
      commandTimeoutMs: environment.REDIS_COMMAND_TIMEOUT_MS,
    },
    worker: {
      concurrency: environment.WORKER_CONCURRENCY,
      scoringConcurrency: environment.SCORING_CONCURRENCY,
      pointsExpiryIntervalMinutes: environment.POINTS_EXPIRY_INTERVAL_MINUTES,
      holdReleaseIntervalSeconds: environment.HOLD_RELEASE_INTERVAL_SECONDS,
      voucherExpiryIntervalMinutes: environment.VOUCHER_EXPIRY_INTERVAL_MINUTES,
      referralSettleIntervalMinutes: environment.REFERRAL_SETTLE_INTERVAL_MINUTES,
      clvRefitIntervalHours: environment.CLV_REFIT_INTERVAL_HOURS,
      scoreReconcileIntervalMinutes: environment.SCORE_RECONCILE_INTERVAL_MINUTES,
      scoreStaleAfterSeconds: environment.SCORE_STALE_AFTER_SECONDS,
      outboxSweepIntervalMinutes: environment.OUTBOX_SWEEP_INTERVAL_MINUTES,
      outboxRedeliverAfterSeconds: environment.OUTBOX_REDELIVER_AFTER_SECONDS,
    },
    shutdownTimeoutMs: environment.SHUTDOWN_TIMEOUT_MS,
    trustProxy: trustedProxiesOf(environment.TRUST_PROXY),
    auth: {
      staffTokenSecret: environment.STAFF_TOKEN_SECRET,
      memberTokenSecret: environment.MEMBER_TOKEN_SECRET,
      voucherCodeSecret: environment.VOUCHER_CODE_SECRET,
      accessTokenTtlSeconds: environment.ACCESS_TOKEN_TTL_SECONDS,
      refreshTokenTtlSeconds: environment.REFRESH_TOKEN_TTL_SECONDS,
    },
    signInCodeDelivery: {
      webhookUrl: environment.SIGN_IN_CODE_WEBHOOK_URL,
      webhookSecret: environment.SIGN_IN_CODE_WEBHOOK_SECRET,
      devMailboxDir: environment.DEV_MAILBOX_DIR,
    },
    rateLimits: {
      posLookupsPerMinute: environment.POS_LOOKUPS_PER_MINUTE,
      signInAttemptsPerMinute: environment.SIGN_IN_ATTEMPTS_PER_MINUTE,
      signInCodeFailuresPerDay: environment.SIGN_IN_CODE_FAILURES_PER_DAY,
      signInCodesPerHour: environment.SIGN_IN_CODES_PER_HOUR,
      surveyAnswersPerHour: environment.SURVEY_ANSWERS_PER_HOUR,
      memberTransfersPerHour: environment.MEMBER_TRANSFERS_PER_HOUR,
    },
    appleWallet: appleWalletOf(environment),
    googleWallet: googleWalletOf(environment),
  };
}

/** The one reader of process.env: command-line tools that run outside Nest call this. */
export function loadLoyaltyConfig(): LoyaltyConfig {
  return toLoyaltyConfig(validateEnvironment(process.env));
}

/**
 * The database settings alone, for a command that signs and checks no token (migrations,
 * `ledger:verify`, the schema dump): it runs without the token secrets.
 */
export function loadDatabaseConfig(): LoyaltyConfig['database'] {
  return toLoyaltyConfig(validateEnvironment(process.env, { signsTokens: false })).database;
}

/** The typed configuration namespace; inject it with `@Inject(loyaltyConfig.KEY)`. */
export const loyaltyConfig = registerAs('loyalty', loadLoyaltyConfig);
