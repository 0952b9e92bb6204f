// @ts-check
import eslint from '@eslint/js';
import prettier from 'eslint-config-prettier';
import tseslint from 'typescript-eslint';

/** One import boundary: files matching `files` may not import what `patterns` names. */
const boundary = (files, patterns) => ({
  files,
  rules: { 'no-restricted-imports': ['error', { patterns }] },
});

const noApps = { group: ['**/apps/**'], message: 'Libraries and apps never import an app.' };
const noTesting = {
  group: ['@loyalty/testing', '**/libs/testing/**'],
  message: 'libs/testing is for tests only.',
};

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'coverage/**',
      'node_modules/**',
      '.tools/**',
      '.data/**',
      'test-output/**',
      'libs/api-client/src/generated/**',
    ],
  },
  eslint.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        projectService: { allowDefaultProject: ['*.js', '*.mjs', 'scripts/*.mjs'] },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      '@typescript-eslint/no-extraneous-class': 'off',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
      'no-console': 'error',
    },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: {
      globals: {
        require: 'readonly',
        module: 'writable',
        __dirname: 'readonly',
        URL: 'readonly',
        console: 'readonly',
      },
    },
    rules: {
      ...tseslint.configs.disableTypeChecked.rules,
      '@typescript-eslint/no-require-imports': 'off',
    },
  },
  {
    // Decorated constructor parameters are read by Nest's DI through their runtime types.
    files: ['apps/**/*.ts', 'libs/**/*.ts'],
    rules: { '@typescript-eslint/consistent-type-imports': 'off' },
  },
  // The arrows of docs/architecture.md: apps → libs; persistence and messaging → domain, config;
  // domain → nothing of ours and no framework; no app → another app.
  boundary(
    ['libs/domain/**/*.ts'],
    [
      {
        group: ['@loyalty/*', '@nestjs/*', 'typeorm', 'bullmq', 'ioredis', 'pg'],
        message: 'The domain is pure TypeScript.',
      },
      noApps,
    ],
  ),
  boundary(
    ['libs/clv/**/*.ts'],
    [
      {
        group: ['@loyalty/*', '@nestjs/*', 'typeorm', 'bullmq', 'ioredis', 'pg'],
        message: 'The CLV engine is pure numerics: no framework, no database, no other lib.',
      },
      noApps,
    ],
  ),
  boundary(
    ['libs/config/**/*.ts'],
    [{ group: ['@loyalty/*'], message: 'Config depends on no other lib.' }, noApps],
  ),
  boundary(
    ['libs/persistence/**/*.ts', 'libs/messaging/**/*.ts'],
    [
      {
        group: ['@loyalty/auth', '@loyalty/platform', '@loyalty/persistence', '@loyalty/messaging'],
        message: 'Persistence and messaging import only domain and config.',
      },
      noApps,
      noTesting,
    ],
  ),
  boundary(
    ['libs/ledger/**/*.ts'],
    [
      {
        group: ['@loyalty/auth', '@loyalty/platform'],
        message: 'The ledger knows no HTTP: callers pass it who they are.',
      },
      noApps,
      noTesting,
    ],
  ),
  boundary(['libs/platform/**/*.ts'], [noApps, noTesting]),
  boundary(['libs/auth/**/*.ts'], [noApps, noTesting]),
  boundary(
    ['apps/points-ledger/**/*.ts'],
    [
      {
        group: ['**/card-issuance/**', '**/value-scoring-worker/**'],
        message: 'An app never imports another app.',
      },
      noTesting,
    ],
  ),
  boundary(
    ['apps/card-issuance/**/*.ts'],
    [
      {
        group: ['**/points-ledger/**', '**/value-scoring-worker/**'],
        message: 'An app never imports another app.',
      },
      noTesting,
    ],
  ),
  boundary(
    ['apps/value-scoring-worker/**/*.ts'],
    [
      {
        group: ['**/points-ledger/**', '**/card-issuance/**'],
        message: 'An app never imports another app.',
      },
      noTesting,
    ],
  ),
  {
    files: [
      '**/cli/**/*.ts',
      '**/bench/**/*.ts',
      'test/**/*.ts',
      '**/*.spec.ts',
      '**/*.int-spec.ts',
      'scripts/**',
    ],
    rules: { 'no-console': 'off' },
  },
  prettier,
);
