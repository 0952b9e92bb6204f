import { plainToInstance, Transform, Type } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  Matches,
  Max,
  Min,
  validateSync,
  type ValidationError,
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

  @Transform(parseBoolean)
  @IsBoolean()
  API_DOCS_ENABLED: boolean = true;

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

  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(256)
  WORKER_CONCURRENCY: number = 4;

  @Type(() => Number)
  @IsInt()
  @Min(1000)
  SHUTDOWN_TIMEOUT_MS: number = 10000;
}

/** Variables whose developer-machine default is unsafe in production: they must be set there. */
const REQUIRED_IN_PRODUCTION: ReadonlyArray<keyof Environment> = [
  'DATABASE_HOST',
  'DATABASE_USER',
  'DATABASE_PASSWORD',
  'REDIS_HOST',
];

const SECRET_VARIABLES: ReadonlySet<string> = new Set(['DATABASE_PASSWORD', 'REDIS_PASSWORD']);

export class InvalidEnvironmentError extends Error {
  constructor(readonly problems: ReadonlyArray<{ variable: string; problem: string }>) {
    super(
      [
        'Invalid configuration; fix these environment variables and start again:',
        ...problems.map(({ variable, problem }) => `  - ${variable}: ${problem}`),
      ].join('\n'),
    );
    this.name = 'InvalidEnvironmentError';
  }
}

const ENVIRONMENT_VARIABLES: ReadonlyArray<string> = Object.keys(new Environment());

function describeValue(variable: string, value: unknown): string {
  if (SECRET_VARIABLES.has(variable)) return 'value hidden';
  return `got ${JSON.stringify(value)}`;
}

/**
 * Validates the environment and returns it typed, with defaults for what is unset. An empty
 * variable counts as unset. Throws InvalidEnvironmentError naming every invalid variable.
 */
export function validateEnvironment(raw: Record<string, unknown>): Environment {
  const known: Record<string, unknown> = {};
  for (const variable of ENVIRONMENT_VARIABLES) {
    const value = raw[variable];
    if (value !== undefined && value !== '') known[variable] = value;
  }

  const environment = plainToInstance(Environment, known, { exposeDefaultValues: true });
  const problems = validateSync(environment, { forbidUnknownValues: true }).map(
    (error: ValidationError) => ({
      variable: error.property,
      problem: `${Object.values(error.constraints ?? {}).join('; ')} (${describeValue(
        error.property,
        known[error.property],
      )})`,
    }),
  );

  if (environment.NODE_ENV === 'production') {
    for (const variable of REQUIRED_IN_PRODUCTION) {
      if (known[variable] === undefined) {
        problems.push({ variable, problem: 'must be set when NODE_ENV is production' });
      }
    }
  }

  if (problems.length > 0) throw new InvalidEnvironmentError(problems);
  return environment;
}
