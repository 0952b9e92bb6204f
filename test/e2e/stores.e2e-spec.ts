import {
  openTestDataSource,
  type ProblemBody,
  request,
  type RunningApp,
  startApp,
  TcpProxy,
  testConfig,
} from '@loyalty/testing';
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { createCardIssuanceApp } from '../../apps/card-issuance/src/card-issuance.app';

interface StorePage {
  items: { id: string; code: string; programId: string; name: string; timezone: string }[];
  nextCursor: string | null;
}

describe('card-issuance: the store directory', () => {
  let running: RunningApp;
  let dataSource: DataSource;
  let database: TcpProxy;
  let programId: string;
  const codes = ['S-A', 'S-B', 'S-C', 'S-D', 'S-E'];

  beforeAll(async () => {
    dataSource = await openTestDataSource();
    const [program] = await dataSource.query<{ id: string }[]>(
      `INSERT INTO programs (code, name, currency, timezone) VALUES ($1, 'Stores spec', 'EUR', 'UTC') RETURNING id`,
      [`P-${randomUUID()}`],
    );
    programId = program!.id;
    for (const code of codes) {
      await dataSource.query(
        `INSERT INTO stores (program_id, code, name, timezone) VALUES ($1, $2, $3, 'Europe/Paris')`,
        [programId, code, `Store ${code}`],
      );
    }
    const config = testConfig();
    database = await TcpProxy.start(config.database.host, config.database.port);
    running = await startApp(createCardIssuanceApp, { DATABASE_PORT: String(database.port) });
  });

  afterAll(async () => {
    await running?.close();
    await database?.close();
    await dataSource?.destroy();
  });

  const list = (query: string) =>
    request<StorePage & ProblemBody>(`${running.baseUrl}/v1/stores?${query}`);

  it('pages through a program’s stores in code order, each store exactly once', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page = await list(`programId=${programId}&limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.status).toBe(200);
      expect(page.body.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.body.items.map((store) => store.code));
      cursor = page.body.nextCursor;
      pages += 1;
    } while (cursor);

    expect(seen).toEqual(codes);
    expect(pages).toBe(3);
  });

  it('returns one store by id', async () => {
    const first = await list(`programId=${programId}&limit=1`);
    const store = first.body.items[0]!;

    const response = await request(`${running.baseUrl}/v1/stores/${store.id}`);

    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      id: store.id,
      programId,
      code: 'S-A',
      name: 'Store S-A',
      timezone: 'Europe/Paris',
    });
  });

  it.each([
    ['an unknown field', 'colour=red', 'colour', 'property colour should not exist'],
    ['a limit above 100', 'limit=101', 'limit', 'limit must not be greater than 100'],
    ['a limit that is not a number', 'limit=ten', 'limit', 'limit must be an integer number'],
    ['a malformed programId', 'programId=42', 'programId', 'programId must be a UUID'],
    ['a malformed cursor', 'cursor=%21%21', 'cursor', 'cursor must be a cursor this list returned'],
  ])('refuses %s with 400 problem+json naming the field', async (_, query, field, detail) => {
    const response = await list(query);

    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toBe('application/problem+json; charset=utf-8');
    expect(response.body).toMatchObject({ code: 'VALIDATION_FAILED', status: 400 });
    expect(response.body.errors).toContainEqual({ field, location: 'query', detail });
  });

  it('refuses a well-formed cursor that this list did not issue', async () => {
    const forged = Buffer.from(JSON.stringify(['S-A', 'not-a-uuid'])).toString('base64url');

    const response = await list(`cursor=${forged}`);

    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ code: 'INVALID_CURSOR' });
    expect(response.body.errors).toEqual([
      { field: 'cursor', detail: 'cursor is not a cursor this list returned' },
    ]);
  });

  it('refuses a store id that is not a UUID before querying', async () => {
    const response = await request<ProblemBody>(`${running.baseUrl}/v1/stores/42`);

    expect(response.status).toBe(400);
    expect(response.body.errors).toEqual([
      { field: 'id', location: 'path', detail: 'id must be a UUID' },
    ]);
  });

  it('answers an unknown store with 404 problem+json', async () => {
    const id = randomUUID();
    const response = await request<ProblemBody>(`${running.baseUrl}/v1/stores/${id}`);

    expect(response.status).toBe(404);
    expect(response.body).toMatchObject({
      code: 'STORE_NOT_FOUND',
      detail: `no store has id ${id}`,
    });
  });

  it('answers 503 problem+json with no internals while PostgreSQL is unreachable', async () => {
    database.cut();
    try {
      const response = await list('limit=1');

      expect(response.status).toBe(503);
      expect(response.headers.get('retry-after')).toBe('5');
      expect(response.body).toMatchObject({ code: 'DEPENDENCY_UNAVAILABLE', status: 503 });
      expect(JSON.stringify(response.body)).not.toMatch(/ECONN|Error|at .*\.(js|ts)/);
    } finally {
      database.restore();
    }
    expect((await list('limit=1')).status).toBe(200);
  });
});
