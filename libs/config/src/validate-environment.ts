import { plainToInstance } from 'class-transformer';
import { type ValidationError, validateSync } from 'class-validator';
import { Environment } from './environment';

/** Groups that are all set or all unset: half a wallet configuration is a mistake. */
const ALL_OR_NONE: ReadonlyArray<ReadonlyArray<keyof Environment>> = [
  [
    'APPLE_PASS_TYPE_IDENTIFIER',
    'APPLE_TEAM_IDENTIFIER',
    'APPLE_WWDR_CERTIFICATE',
    'APPLE_SIGNER_CERTIFICATE',
    'APPLE_SIGNER_KEY',
  ],
  ['GOOGLE_WALLET_ISSUER_ID', 'GOOGLE_WALLET_SERVICE_ACCOUNT_EMAIL', 'GOOGLE_WALLET_PRIVATE_KEY'],
];

/** Variables whose developer-machine default is unsafe in production: they must be set there. */
const REQUIRED_IN_PRODUCTION: ReadonlyArray<keyof Environment> = [
  'DATABASE_HOST',
  'DATABASE_USER',
  'DATABASE_PASSWORD',
  'REDIS_HOST',
  'SIGN_IN_CODE_WEBHOOK_URL',
];

const SECRET_VARIABLES: ReadonlySet<string> = new Set([
  'PLATFORM_OPERATOR_TOKEN',
  'METRICS_TOKEN',
  'DATABASE_PASSWORD',
  'REDIS_PASSWORD',
  'STAFF_TOKEN_SECRET',
  'MEMBER_TOKEN_SECRET',
  'VOUCHER_CODE_SECRET',
  'SIGN_IN_CODE_WEBHOOK_SECRET',
  'APPLE_SIGNER_KEY',
  'APPLE_SIGNER_KEY_PASSPHRASE',
  'GOOGLE_WALLET_PRIVATE_KEY',
]);

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
/**
 * The secrets that sign and check tokens and voucher codes: only a process that signs or checks
 * them needs them.
 */
export const TOKEN_SECRETS: ReadonlyArray<keyof Environment> = [
  'STAFF_TOKEN_SECRET',
  'MEMBER_TOKEN_SECRET',
  'VOUCHER_CODE_SECRET',
];

export function validateEnvironment(
  raw: Record<string, unknown>,
  options: { readonly signsTokens?: boolean } = {},
): Environment {
  const known: Record<string, unknown> = {};
  for (const variable of ENVIRONMENT_VARIABLES) {
    const value = raw[variable];
    if (value !== undefined && value !== '') known[variable] = value;
  }

  const environment = plainToInstance(Environment, known, { exposeDefaultValues: true });
  const unneeded = new Set<string>(options.signsTokens === false ? TOKEN_SECRETS : []);
  const problems = validateSync(environment, { forbidUnknownValues: true })
    .filter((error: ValidationError) => !unneeded.has(error.property))
    .map((error: ValidationError) => ({
      variable: error.property,
      problem: `${Object.values(error.constraints ?? {}).join('; ')} (${describeValue(
        error.property,
        known[error.property],
      )})`,
    }));

  if (environment.NODE_ENV === 'production') {
    for (const variable of REQUIRED_IN_PRODUCTION) {
      if (known[variable] === undefined) {
        problems.push({ variable, problem: 'must be set when NODE_ENV is production' });
      }
    }
  }

  if (environment.NODE_ENV === 'production' && environment.WEBHOOKS_ALLOW_LOOPBACK) {
    problems.push({
      variable: 'WEBHOOKS_ALLOW_LOOPBACK',
      problem:
        'must not be true when NODE_ENV is production (webhooks would reach internal services)',
    });
  }

  for (const group of ALL_OR_NONE) {
    const unset = group.filter((variable) => known[variable] === undefined);
    if (unset.length > 0 && unset.length < group.length) {
      for (const variable of unset) {
        problems.push({ variable, problem: `must be set together with ${group.join(', ')}` });
      }
    }
  }

  if (problems.length > 0) throw new InvalidEnvironmentError(problems);
  return environment;
}
