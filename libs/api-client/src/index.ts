import createClient, { type Client } from 'openapi-fetch';
import type { paths as CardIssuancePaths } from './generated/card-issuance';
import type { paths as LedgerPaths } from './generated/points-ledger';
import type { paths as WorkerPaths } from './generated/value-scoring-worker';

export type { CardIssuancePaths, LedgerPaths, WorkerPaths };
export type { components as CardIssuanceSchemas } from './generated/card-issuance';
export type { components as LedgerSchemas } from './generated/points-ledger';

/** How a caller proves who it is: a staff or member access token, or a till's API key. */
export type Credential =
  { readonly token: string } | { readonly apiKey: string } | Record<string, never>;

const headersOf = (credential: Credential): Record<string, string> =>
  'token' in credential
    ? { authorization: `Bearer ${credential.token}` }
    : 'apiKey' in credential
      ? { 'x-api-key': credential.apiKey }
      : {};

/**
 * Typed clients of the three apps, generated from their OpenAPI documents (docs/openapi/,
 * `npm run openapi`): every path, parameter, body and answer, success and problem, is a type, so
 * a client that compiles calls the API as it is documented.
 */
export const ledgerClient = (baseUrl: string, credential: Credential = {}): Client<LedgerPaths> =>
  createClient<LedgerPaths>({ baseUrl, headers: headersOf(credential) });

export const cardIssuanceClient = (
  baseUrl: string,
  credential: Credential = {},
): Client<CardIssuancePaths> =>
  createClient<CardIssuancePaths>({ baseUrl, headers: headersOf(credential) });

export const workerClient = (baseUrl: string, credential: Credential = {}): Client<WorkerPaths> =>
  createClient<WorkerPaths>({ baseUrl, headers: headersOf(credential) });
