import { plainToInstance, Transform, Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsNotEmpty, IsString, IsUrl, Max, Min } from 'class-validator';
import { validateSync } from 'class-validator';
import { LOG_LEVELS, type LogLevel, NODE_ENVIRONMENTS, type NodeEnvironment } from './environment';
import { InvalidEnvironmentError } from './validate-environment';

const parseBoolean = ({ value }: { value: unknown }): unknown =>
  value === 'true' ? true : value === 'false' ? false : value;

const URL_OPTIONS = { require_tld: false, require_protocol: true, protocols: ['http', 'https'] };

/**
 * The variables the console's server reads. It holds no secret and opens no database: it serves
 * the console's files and forwards its calls to the two HTTP apps (docs/decisions/0020).
 */
export class ConsoleEnvironment {
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
  CONSOLE_PORT: number = 3004;

  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(65535)
  POINTS_LEDGER_PORT: number = 3001;

  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(65535)
  CARD_ISSUANCE_PORT: number = 3002;

  /** Where the console reaches points-ledger; default: this host's POINTS_LEDGER_PORT. */
  @IsUrl(URL_OPTIONS)
  CONSOLE_POINTS_LEDGER_URL: string = '';

  /** Where the console reaches card-issuance; default: this host's CARD_ISSUANCE_PORT. */
  @IsUrl(URL_OPTIONS)
  CONSOLE_CARD_ISSUANCE_URL: string = '';

  /**
   * The session cookie is sent only over HTTPS. On by default in production, where the console
   * sits behind TLS; off on a developer machine, which serves plain http on 127.0.0.1.
   */
  @Transform(parseBoolean)
  @IsBoolean()
  CONSOLE_SECURE_COOKIE: boolean = false;
}

export interface ConsoleConfig {
  readonly nodeEnvironment: NodeEnvironment;
  readonly logLevel: LogLevel;
  readonly host: string;
  readonly port: number;
  readonly upstreams: { readonly pointsLedger: string; readonly cardIssuance: string };
  readonly secureCookie: boolean;
}

const VARIABLES = Object.keys(new ConsoleEnvironment());

/** Validates the console's variables (unset and empty ones take their defaults). */
export function toConsoleConfig(raw: Record<string, unknown>): ConsoleConfig {
  const known: Record<string, unknown> = {};
  for (const variable of VARIABLES) {
    const value = raw[variable];
    if (value !== undefined && value !== '') known[variable] = value;
  }
  const localUrl = (port: unknown) =>
    `http://127.0.0.1:${typeof port === 'string' || typeof port === 'number' ? port : ''}`;
  const environment = plainToInstance(
    ConsoleEnvironment,
    {
      ...known,
      CONSOLE_POINTS_LEDGER_URL:
        known.CONSOLE_POINTS_LEDGER_URL ?? localUrl(known.POINTS_LEDGER_PORT ?? 3001),
      CONSOLE_CARD_ISSUANCE_URL:
        known.CONSOLE_CARD_ISSUANCE_URL ?? localUrl(known.CARD_ISSUANCE_PORT ?? 3002),
      CONSOLE_SECURE_COOKIE:
        known.CONSOLE_SECURE_COOKIE ?? (known.NODE_ENV === 'production' ? 'true' : 'false'),
    },
    { exposeDefaultValues: true },
  );
  const problems = validateSync(environment, { forbidUnknownValues: true }).map((error) => ({
    variable: error.property,
    problem: `${Object.values(error.constraints ?? {}).join('; ')} (got ${JSON.stringify(
      known[error.property],
    )})`,
  }));
  if (problems.length > 0) throw new InvalidEnvironmentError(problems);
  const withoutTrailingSlash = (url: string) => url.replace(/\/+$/, '');
  return {
    nodeEnvironment: environment.NODE_ENV,
    logLevel: environment.LOG_LEVEL,
    host: environment.HTTP_HOST,
    port: environment.CONSOLE_PORT,
    upstreams: {
      pointsLedger: withoutTrailingSlash(environment.CONSOLE_POINTS_LEDGER_URL),
      cardIssuance: withoutTrailingSlash(environment.CONSOLE_CARD_ISSUANCE_URL),
    },
    secureCookie: environment.CONSOLE_SECURE_COOKIE,
  };
}

/** The console server's reader of process.env. */
export const loadConsoleConfig = (): ConsoleConfig => toConsoleConfig(process.env);
