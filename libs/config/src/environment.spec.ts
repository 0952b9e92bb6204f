import { InvalidEnvironmentError, validateEnvironment } from './validate-environment';
import { toLoyaltyConfig } from './loyalty-config';

/** Token secrets have no default: every environment here carries them. */
const SECRETS = {
  STAFF_TOKEN_SECRET: 's'.repeat(32),
  MEMBER_TOKEN_SECRET: 'm'.repeat(32),
  VOUCHER_CODE_SECRET: 'v'.repeat(32),
};

const problemsOf = (raw: Record<string, string>) => {
  try {
    validateEnvironment({ ...SECRETS, ...raw });
  } catch (error) {
    if (error instanceof InvalidEnvironmentError) return error.problems;
    throw error;
  }
  throw new Error('expected the environment to be refused');
};

describe('validateEnvironment', () => {
  it('gives developer-machine defaults when nothing is set', () => {
    const config = toLoyaltyConfig(validateEnvironment(SECRETS));

    expect(config.database).toMatchObject({ host: '127.0.0.1', port: 5432, username: 'postgres' });
    expect(config.redis).toMatchObject({ host: '127.0.0.1', port: 6379, keyPrefix: 'loyalty' });
    expect(config.http.ports).toEqual({
      'points-ledger': 3001,
      'card-issuance': 3002,
      'value-scoring-worker': 3003,
    });
  });

  it('reads ports, the database name and the Redis prefix, converting numbers and booleans', () => {
    const config = toLoyaltyConfig(
      validateEnvironment({
        ...SECRETS,
        POINTS_LEDGER_PORT: '4001',
        DATABASE_NAME: 'loyalty_eu',
        REDIS_KEY_PREFIX: 'eu-1',
        DATABASE_SSL: 'true',
        API_DOCS_ENABLED: 'false',
      }),
    );

    expect(config.http.ports['points-ledger']).toBe(4001);
    expect(config.database.name).toBe('loyalty_eu');
    expect(config.redis.keyPrefix).toBe('eu-1');
    expect(config.database.ssl).toBe(true);
    expect(config.http.apiDocsEnabled).toBe(false);
  });

  it('serves API docs by default except in production, and no operator or metrics token unless given', () => {
    const production = {
      ...SECRETS,
      NODE_ENV: 'production',
      DATABASE_HOST: 'db',
      DATABASE_USER: 'loyalty',
      DATABASE_PASSWORD: 'p',
      REDIS_HOST: 'redis',
      SIGN_IN_CODE_WEBHOOK_URL: 'https://notify.example/codes',
    };
    expect(toLoyaltyConfig(validateEnvironment(SECRETS)).http.apiDocsEnabled).toBe(true);
    const inProduction = toLoyaltyConfig(validateEnvironment(production));
    expect(inProduction.http.apiDocsEnabled).toBe(false);
    expect(inProduction.http.metricsToken).toBeUndefined();
    expect(inProduction.platformOperatorToken).toBeUndefined();
    expect(inProduction.webhooks).toEqual({ allowLoopback: false, requireHttps: true });
    expect(
      toLoyaltyConfig(validateEnvironment({ ...production, API_DOCS_ENABLED: 'true' })).http
        .apiDocsEnabled,
    ).toBe(true);
    expect(problemsOf({ ...production, WEBHOOKS_ALLOW_LOOPBACK: 'true' })).toContainEqual(
      expect.objectContaining({ variable: 'WEBHOOKS_ALLOW_LOOPBACK' }),
    );
    expect(problemsOf({ PLATFORM_OPERATOR_TOKEN: 'short' })).toEqual([
      {
        variable: 'PLATFORM_OPERATOR_TOKEN',
        problem: 'PLATFORM_OPERATOR_TOKEN must be at least 32 random characters (value hidden)',
      },
    ]);
  });

  it.each([
    ['false', false],
    ['true', true],
    ['loopback', ['loopback']],
    ['10.0.0.0/8, 127.0.0.1,::1', ['10.0.0.0/8', '127.0.0.1', '::1']],
  ])('reads TRUST_PROXY %s as the proxies to believe', (value, trusted) => {
    expect(
      toLoyaltyConfig(validateEnvironment({ ...SECRETS, TRUST_PROXY: value })).trustProxy,
    ).toEqual(trusted);
  });

  it.each(['yes', 'anyone', '127.0.0.1;x', '*'])('refuses TRUST_PROXY %s', (value) => {
    expect(problemsOf({ TRUST_PROXY: value }).map((problem) => problem.variable)).toEqual([
      'TRUST_PROXY',
    ]);
  });

  it('treats an empty variable as unset', () => {
    expect(
      validateEnvironment({ ...SECRETS, DATABASE_PORT: '', REDIS_PASSWORD: '' }),
    ).toMatchObject({
      DATABASE_PORT: 5432,
      REDIS_PASSWORD: undefined,
    });
  });

  it.each([
    ['DATABASE_PORT', 'abc'],
    ['DATABASE_PORT', '70000'],
    ['CARD_ISSUANCE_PORT', '-1'],
    ['REDIS_DB', '16'],
    ['DATABASE_SSL', 'yes'],
    ['LOG_LEVEL', 'verbose'],
    ['NODE_ENV', 'staging'],
    ['DATABASE_NAME', 'loyalty; DROP DATABASE x'],
    ['REDIS_KEY_PREFIX', 'has space'],
    ['DATABASE_POOL_SIZE', '0'],
    ['SHUTDOWN_TIMEOUT_MS', '1.5'],
  ])('refuses %s=%j and names it', (variable, value) => {
    const problems = problemsOf({ [variable]: value });

    expect(problems.map((problem) => problem.variable)).toEqual([variable]);
    expect(problems[0]?.problem).toContain(JSON.stringify(value));
  });

  it('names every invalid variable at once', () => {
    const problems = problemsOf({ DATABASE_PORT: 'x', REDIS_PORT: 'y', LOG_LEVEL: 'loud' });

    expect(problems.map((problem) => problem.variable).sort()).toEqual([
      'DATABASE_PORT',
      'LOG_LEVEL',
      'REDIS_PORT',
    ]);
  });

  it('in production requires the hosts and credentials instead of defaulting them', () => {
    const problems = problemsOf({ NODE_ENV: 'production' });

    expect(problems.map((problem) => problem.variable).sort()).toEqual([
      'DATABASE_HOST',
      'DATABASE_PASSWORD',
      'DATABASE_USER',
      'REDIS_HOST',
      'SIGN_IN_CODE_WEBHOOK_URL',
    ]);
  });

  it('requires both token secrets, at least 32 characters, and never echoes them', () => {
    const problems = (() => {
      try {
        validateEnvironment({ STAFF_TOKEN_SECRET: 'too-short-secret' });
      } catch (error) {
        if (error instanceof InvalidEnvironmentError) return error;
        throw error;
      }
      throw new Error('expected the environment to be refused');
    })();

    expect(problems.problems.map((problem) => problem.variable).sort()).toEqual([
      'MEMBER_TOKEN_SECRET',
      'STAFF_TOKEN_SECRET',
      'VOUCHER_CODE_SECRET',
    ]);
    expect(problems.message).not.toContain('too-short-secret');
  });

  it('runs a command that signs no token without the token secrets, and checks the rest', () => {
    expect(validateEnvironment({}, { signsTokens: false }).DATABASE_NAME).toBeTruthy();
    expect(() =>
      validateEnvironment({ DATABASE_PORT: 'not a port' }, { signsTokens: false }),
    ).toThrow('DATABASE_PORT');
    expect(() => validateEnvironment({})).toThrow('STAFF_TOKEN_SECRET');
  });

  it('refuses half an Apple Wallet configuration, naming what is missing', () => {
    const problems = problemsOf({
      APPLE_PASS_TYPE_IDENTIFIER: 'pass.com.example.loyalty',
      APPLE_TEAM_IDENTIFIER: 'ABCDE12345',
    });

    expect(problems.map((problem) => problem.variable).sort()).toEqual([
      'APPLE_SIGNER_CERTIFICATE',
      'APPLE_SIGNER_KEY',
      'APPLE_WWDR_CERTIFICATE',
    ]);
  });

  it('leaves the wallets unconfigured when none of their variables is set', () => {
    const config = toLoyaltyConfig(validateEnvironment(SECRETS));

    expect(config.appleWallet).toBeUndefined();
    expect(config.googleWallet).toBeUndefined();
  });

  it('never repeats a secret in its message', () => {
    const error = (() => {
      try {
        validateEnvironment({ ...SECRETS, DATABASE_PASSWORD: 'hunter2', DATABASE_PORT: 'x' });
      } catch (caught) {
        return caught as Error;
      }
      return undefined;
    })();

    expect(error?.message).toContain('DATABASE_PORT');
    expect(error?.message).not.toContain('hunter2');
  });
});
