import {
  eventually,
  request,
  type RunningApp,
  startApp,
  TcpProxy,
  testConfig,
} from '@loyalty/testing';
import { APPS } from './apps';

interface DocumentedOperation {
  readonly responses?: Record<string, { readonly content?: Record<string, { schema?: unknown }> }>;
}

interface HealthReport {
  status: string;
  details: Record<string, { status: string }>;
}

describe.each(APPS)('$name: health, docs, metrics and errors', (app) => {
  let running: RunningApp;
  let database: TcpProxy;
  let redis: TcpProxy;
  const readiness = () => request<HealthReport>(`${running.baseUrl}/health/ready`);

  beforeAll(async () => {
    const config = testConfig();
    database = await TcpProxy.start(config.database.host, config.database.port);
    redis = await TcpProxy.start(config.redis.host, config.redis.port);
    running = await startApp(app.create, {
      DATABASE_PORT: String(database.port),
      REDIS_PORT: String(redis.port),
    });
  });

  afterEach(() => {
    database.restore();
    redis.restore();
  });

  afterAll(async () => {
    await running?.close();
    await database?.close();
    await redis?.close();
  });

  it('is live and ready when PostgreSQL and Redis answer', async () => {
    const live = await request(`${running.baseUrl}/health/live`);
    expect(live.status).toBe(200);

    const ready = await readiness();
    expect(ready.status).toBe(200);
    expect(ready.body.details).toMatchObject({
      database: { status: 'up' },
      redis: { status: 'up' },
    });
  });

  it('stops being ready while PostgreSQL is unreachable, stays live, and recovers', async () => {
    database.cut();

    const down = await readiness();
    expect(down.status).toBe(503);
    expect(down.body.details.database).toMatchObject({ status: 'down' });
    expect(down.body.details.redis).toMatchObject({ status: 'up' });
    expect((await request(`${running.baseUrl}/health/live`)).status).toBe(200);

    database.restore();
    await eventually(readiness, (report) => report.status === 200);
  });

  it('stops being ready while Redis is unreachable, and recovers', async () => {
    redis.cut();

    const down = await readiness();
    expect(down.status).toBe(503);
    expect(down.body.details.redis).toMatchObject({ status: 'down' });
    expect(down.body.details.database).toMatchObject({ status: 'up' });

    redis.restore();
    await eventually(readiness, (report) => report.status === 200);
    await app.recoveredFromRedisOutage(running.baseUrl);
  });

  it('serves its OpenAPI document at /docs-json and the UI at /docs', async () => {
    const document = await request<{ openapi: string; paths: Record<string, unknown> }>(
      `${running.baseUrl}/docs-json`,
    );
    expect(document.status).toBe(200);
    expect(document.body.openapi).toMatch(/^3\./);
    expect(Object.keys(document.body.paths)).toEqual(
      expect.arrayContaining(['/health/live', '/health/ready']),
    );

    const ui = await fetch(`${running.baseUrl}/docs`);
    expect(ui.status).toBe(200);
    expect(ui.headers.get('content-type')).toContain('text/html');
  });

  it('documents what every route answers on success, with a schema (none only for 204)', async () => {
    const document = await request<{ paths: Record<string, Record<string, DocumentedOperation>> }>(
      `${running.baseUrl}/docs-json`,
    );
    const untyped: string[] = [];
    for (const [path, operations] of Object.entries(document.body.paths)) {
      for (const [method, operation] of Object.entries(operations)) {
        const successes = Object.entries(operation.responses ?? {}).filter(([status]) =>
          status.startsWith('2'),
        );
        if (successes.length === 0) untyped.push(`${method} ${path}: no success documented`);
        for (const [status, response] of successes) {
          if (status === '204') continue;
          const schemas = Object.values(response.content ?? {}).map((media) => media.schema);
          if (schemas.length === 0 || schemas.some((schema) => !schema)) {
            untyped.push(`${method} ${path}: ${status} without a schema`);
          }
        }
      }
    }
    expect(untyped).toEqual([]);
  });

  it('exposes Prometheus metrics, with request durations by route template', async () => {
    await request(`${running.baseUrl}/health/live`);
    const metrics = await fetch(`${running.baseUrl}/metrics`, {
      headers: { authorization: `Bearer ${testConfig().http.metricsToken}` },
    });
    const text = await metrics.text();

    expect(metrics.status).toBe(200);
    expect(metrics.headers.get('content-type')).toContain('text/plain');
    expect(text).toMatch(
      /http_request_duration_seconds_count\{[^}]*route="\/health\/live"[^}]*\} \d+/,
    );
    expect(text).toContain('process_cpu_user_seconds_total');
  });

  it('refuses /metrics without the metrics token, as problem+json', async () => {
    for (const authorization of [
      undefined,
      'Bearer wrong',
      `Basic ${testConfig().http.metricsToken}`,
    ]) {
      const refused = await request(`${running.baseUrl}/metrics`, {
        headers: authorization ? { authorization } : {},
      });
      expect(refused.status).toBe(401);
      expect(refused.headers.get('content-type')).toContain('application/problem+json');
    }
  });

  it('answers an unknown route with a 404 problem+json carrying the request id', async () => {
    const response = await request(`${running.baseUrl}/v1/no-such-thing?x=1`, {
      headers: { 'x-request-id': 'till-7.receipt-42' },
    });

    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toBe('application/problem+json; charset=utf-8');
    expect(response.headers.get('x-request-id')).toBe('till-7.receipt-42');
    expect(response.body).toEqual({
      type: 'urn:loyalty:problem:not-found',
      title: 'Not Found',
      status: 404,
      detail: 'Cannot GET /v1/no-such-thing?x=1',
      instance: '/v1/no-such-thing',
      code: 'NOT_FOUND',
      requestId: 'till-7.receipt-42',
    });
  });

  it('replaces a request id that could inject text into the logs', async () => {
    const response = await request(`${running.baseUrl}/health/live`, {
      headers: { 'x-request-id': 'bad id\twith "quotes"' },
    });
    expect(response.headers.get('x-request-id')).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
  });

  it.each(['/health/live', '/v1/no-such-thing'])(
    'sends helmet’s security headers, without a content security policy, on %s',
    async (path) => {
      const response = await request(`${running.baseUrl}${path}`);

      expect(Object.fromEntries(response.headers)).toMatchObject({
        'strict-transport-security': 'max-age=31536000; includeSubDomains',
        'x-content-type-options': 'nosniff',
        'x-frame-options': 'SAMEORIGIN',
        'cross-origin-opener-policy': 'same-origin',
        'cross-origin-resource-policy': 'same-origin',
        'referrer-policy': 'no-referrer',
        'x-xss-protection': '0',
      });
      expect(response.headers.has('content-security-policy')).toBe(false);
      expect(response.headers.has('x-powered-by')).toBe(false);
    },
  );
});
