// Two projects: `unit` runs pure specs beside the code; `integration` runs *.int-spec.ts and the
// end-to-end suite under test/ against the real PostgreSQL and Redis, in a database and a Redis key
// prefix of its own that test/setup creates and removes.
const swcTransform = [
  '@swc/jest',
  JSON.parse(require('node:fs').readFileSync(`${__dirname}/.swcrc`, 'utf8')),
];

const shared = {
  rootDir: __dirname,
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': swcTransform },
  moduleFileExtensions: ['ts', 'js', 'json'],
  moduleNameMapper: {
    '^@loyalty/(api-client|auth|clv|config|domain|ledger|messaging|persistence|platform|testing)$':
      '<rootDir>/libs/$1/src',
  },
  modulePathIgnorePatterns: ['<rootDir>/dist/', '<rootDir>/.tools/'],
  setupFiles: ['reflect-metadata'],
};

/** @type {import('jest').Config} */
module.exports = {
  testTimeout: 30000,
  projects: [
    {
      ...shared,
      displayName: 'unit',
      testMatch: ['<rootDir>/apps/**/*.spec.ts', '<rootDir>/libs/**/*.spec.ts'],
    },
    {
      ...shared,
      displayName: 'integration',
      testMatch: [
        '<rootDir>/libs/**/*.int-spec.ts',
        '<rootDir>/apps/**/*.int-spec.ts',
        '<rootDir>/test/**/*.e2e-spec.ts',
      ],
      globalSetup: '<rootDir>/test/setup/global-setup.ts',
      globalTeardown: '<rootDir>/test/setup/global-teardown.ts',
    },
    {
      // The fault drill: a PostgreSQL cluster and a Redis of its own, the compiled apps as child
      // processes (test/faults); alone under `npm run test:faults`.
      ...shared,
      displayName: 'faults',
      testMatch: ['<rootDir>/test/faults/**/*.fault-spec.ts'],
    },
  ],
};
