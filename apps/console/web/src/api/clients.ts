import type { CardIssuancePaths, LedgerPaths } from '@loyalty/api-client';
import createClient, { type Client } from 'openapi-fetch';
import type { StaffSession } from './session';

export interface ApiClients {
  readonly ledger: Client<LedgerPaths>;
  readonly cards: Client<CardIssuancePaths>;
  /** A response body as a blob (barcode images), with the same credentials and renewal. */
  blob(path: string): Promise<Blob>;
}

/**
 * The typed clients of points-ledger and card-issuance, generated from their OpenAPI documents
 * (libs/api-client), reached through the console's origin (/api/<app>/v1/…). Every request
 * carries the staff access token; one the app refuses with 401 is sent again once after the
 * session is renewed, by a refresh or by the sign-in dialog.
 */
export function createApiClients(session: StaffSession): ApiClients {
  const authorisedFetch = async (request: Request): Promise<Response> => {
    const retry = request.clone();
    const token = session.token();
    const first = await fetch(withToken(request, token));
    if (first.status !== 401) return first;
    const renewed = await session.renew(token);
    return renewed ? fetch(withToken(retry, renewed)) : first;
  };
  const options = (app: string) => ({
    baseUrl: `${globalThis.location?.origin ?? ''}/api/${app}`,
    fetch: authorisedFetch,
  });
  return {
    ledger: createClient<LedgerPaths>(options('points-ledger')),
    cards: createClient<CardIssuancePaths>(options('card-issuance')),
    async blob(path: string): Promise<Blob> {
      const response = await authorisedFetch(new Request(`${globalThis.location.origin}${path}`));
      if (!response.ok) throw new Error(`${response.status} ${response.statusText}`);
      return response.blob();
    },
  };
}

function withToken(request: Request, token: string | null): Request {
  if (!token) return request;
  const headers = new Headers(request.headers);
  headers.set('authorization', `Bearer ${token}`);
  return new Request(request, { headers });
}

/** A fresh Idempotency-Key for one attempt at a write (docs/ledger.md). */
export const idempotencyKey = (): { 'Idempotency-Key': string } => ({
  'Idempotency-Key': crypto.randomUUID(),
});
