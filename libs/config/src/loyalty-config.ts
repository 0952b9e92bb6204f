import { registerAs } from '@nestjs/config';
import {
  validateEnvironment,
  type Environment,
  type LogLevel,
  type NodeEnvironment,
} from './environment';

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
}

export interface LoyaltyConfig {
  readonly nodeEnvironment: NodeEnvironment;
  readonly logLevel: LogLevel;
  readonly http: {
    readonly host: string;
    readonly ports: Readonly<Record<AppName, number>>;
    readonly apiDocsEnabled: boolean;
  };
  readonly database: DatabaseConfig;
  readonly redis: RedisConfig;
  readonly worker: { readonly concurrency: number };
  readonly shutdownTimeoutMs: number;
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
      apiDocsEnabled: environment.API_DOCS_ENABLED,
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
    },
    worker: { concurrency: environment.WORKER_CONCURRENCY },
    shutdownTimeoutMs: environment.SHUTDOWN_TIMEOUT_MS,
  };
}

/** The one reader of process.env: command-line tools that run outside Nest call this. */
export function loadLoyaltyConfig(): LoyaltyConfig {
  return toLoyaltyConfig(validateEnvironment(process.env));
}

/** The typed configuration namespace; inject it with `@Inject(loyaltyConfig.KEY)`. */
export const loyaltyConfig = registerAs('loyalty', loadLoyaltyConfig);
