import {
  type OpenApiDocument,
  request,
  routesOf,
  type RunningApp,
  startApp,
} from '@loyalty/testing';
import { createCardIssuanceApp } from '../../apps/card-issuance/src/card-issuance.app';
import { createPointsLedgerApp } from '../../apps/points-ledger/src/points-ledger.app';
import { createValueScoringWorkerApp } from '../../apps/value-scoring-worker/src/value-scoring-worker.app';

interface DocumentedResponse {
  readonly content?: Readonly<Record<string, { readonly schema?: unknown }>>;
}

/** What a generated client needs of each operation: its success and its refusals, typed. */
describe('the OpenAPI documents describe every answer', () => {
  const apps: RunningApp[] = [];
  const documents: { app: string; document: OpenApiDocument }[] = [];

  beforeAll(async () => {
    for (const [app, create] of [
      ['points-ledger', createPointsLedgerApp],
      ['card-issuance', createCardIssuanceApp],
      ['value-scoring-worker', createValueScoringWorkerApp],
    ] as const) {
      const running = await startApp(create);
      apps.push(running);
      documents.push({
        app,
        document: (await request<OpenApiDocument>(`${running.baseUrl}/docs-json`)).body,
      });
    }
  });

  afterAll(async () => {
    for (const app of apps) await app.close();
  });

  it('gives every operation a typed success and its problem+json refusals', () => {
    const gaps: string[] = [];
    for (const { app, document } of documents) {
      for (const route of routesOf(document)) {
        const responses =
          (route.operation as { responses?: Record<string, DocumentedResponse> }).responses ?? {};
        const name = `${app} ${route.method} ${route.path}`;
        const successes = Object.entries(responses).filter(([status]) => /^2\d\d$/.test(status));
        if (successes.length === 0) gaps.push(`${name}: no 2xx response`);
        for (const [status, response] of successes) {
          if (status === '204') continue;
          const typed = Object.values(response.content ?? {}).some((media) => media.schema);
          if (!typed) gaps.push(`${name}: ${status} has no schema`);
        }
        const refusals = Object.entries(responses).filter(([status]) => /^4\d\d$/.test(status));
        if (refusals.length === 0) gaps.push(`${name}: no 4xx response`);
        for (const [status, response] of refusals) {
          if (!response.content?.['application/problem+json']?.schema) {
            gaps.push(`${name}: ${status} is not problem+json`);
          }
        }
      }
    }
    expect(gaps).toEqual([]);
  });
});
