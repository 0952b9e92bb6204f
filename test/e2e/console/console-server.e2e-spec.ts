import { toConsoleConfig } from '@loyalty/config';
import { StaffRole } from '@loyalty/domain';
import {
  createStaffAccount,
  freePort,
  type LedgerWorld,
  request,
  type StaffAccount,
} from '@loyalty/testing';
import type { FastifyInstance } from 'fastify';
import { randomUUID } from 'node:crypto';
import { rm, writeFile } from 'node:fs/promises';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { CONTENT_SECURITY_POLICY } from '../../../apps/console/server/console-security-headers';
import { createConsoleServer } from '../../../apps/console/server/console-server';
import { REFRESH_COOKIE } from '../../../apps/console/server/staff-session.routes';
import { startWorld } from '../points-ledger/ledger-world';
import { BUILT_CONSOLE } from './console-world';

const JSON_HEADERS = { 'content-type': 'application/json' };

const cookieOf = (response: { headers: Headers }): string | undefined =>
  response.headers.getSetCookie().find((cookie) => cookie.startsWith(`${REFRESH_COOKIE}=`));

const valueOf = (setCookie: string | undefined): string =>
  (setCookie ?? '').split(';')[0]!.slice(REFRESH_COOKIE.length + 1);

/**
 * The console's server as an attacker, a misconfigured deployment and a failing app meet it: what
 * it forwards and what it never does, where the refresh token lives, what it logs.
 */
describe("the console's server", () => {
  let apps: LedgerWorld;
  let server: FastifyInstance;
  let base: string;
  let admin: StaffAccount;
  const logLines: string[] = [];

  beforeAll(async () => {
    apps = await startWorld();
    server = await createConsoleServer(
      toConsoleConfig({
        LOG_LEVEL: 'info',
        CONSOLE_POINTS_LEDGER_URL: apps.ledger.baseUrl,
        CONSOLE_CARD_ISSUANCE_URL: apps.cardIssuance.baseUrl,
      }),
      {
        webRoot: BUILT_CONSOLE,
        logStream: new Writable({
          write(chunk: Buffer, _encoding, done) {
            logLines.push(chunk.toString('utf8'));
            done();
          },
        }),
      },
    );
    base = await server.listen({ port: 0, host: '127.0.0.1' });
    admin = await createStaffAccount(
      apps.dataSource,
      apps.program.programId,
      StaffRole.Admin,
      null,
    );
  });

  afterAll(async () => {
    await server?.close();
    await apps?.close();
  });

  const signIn = () =>
    fetch(`${base}/api/session`, {
      method: 'POST',
      headers: JSON_HEADERS,
      body: JSON.stringify({ email: admin.email, password: admin.password }),
    });

  it('keeps the refresh token in an HttpOnly, SameSite=Strict cookie scoped to the session routes, never in the page', async () => {
    const response = await signIn();
    expect(response.status).toBe(200);
    const body = (await response.json()) as Record<string, unknown>;
    expect(body).not.toHaveProperty('refreshToken');
    expect(body).toMatchObject({ tokenType: 'Bearer', staff: { email: admin.email } });
    const cookie = cookieOf(response);
    expect(cookie).toMatch(/^loyalty_console_session=rt_/);
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Strict');
    expect(cookie).toContain('Path=/api/session');
    expect(response.headers.get('cache-control')).toBe('no-store');
  });

  it('rotates the cookie on refresh, and a spent cookie presented again ends the session', async () => {
    const first = valueOf(cookieOf(await signIn()));
    const refreshed = await fetch(`${base}/api/session/refresh`, {
      method: 'POST',
      headers: { ...JSON_HEADERS, cookie: `${REFRESH_COOKIE}=${first}` },
      body: '{}',
    });
    expect(refreshed.status).toBe(200);
    const second = valueOf(cookieOf(refreshed));
    expect(second).not.toBe(first);

    const replayed = await fetch(`${base}/api/session/refresh`, {
      method: 'POST',
      headers: { ...JSON_HEADERS, cookie: `${REFRESH_COOKIE}=${first}` },
      body: '{}',
    });
    expect(replayed.status).toBe(401);
    expect(((await replayed.json()) as { code: string }).code).toBe('REFRESH_TOKEN_REUSED');
    expect(cookieOf(replayed)).toContain('Max-Age=0');
    const afterReuse = await fetch(`${base}/api/session/refresh`, {
      method: 'POST',
      headers: { ...JSON_HEADERS, cookie: `${REFRESH_COOKIE}=${second}` },
      body: '{}',
    });
    expect(afterReuse.status).toBe(401);
  });

  it('signs out: the cookie is cleared and its session refused from then on', async () => {
    const cookie = valueOf(cookieOf(await signIn()));
    const out = await fetch(`${base}/api/session/revocation`, {
      method: 'POST',
      headers: { ...JSON_HEADERS, cookie: `${REFRESH_COOKIE}=${cookie}` },
      body: '{}',
    });
    expect(out.status).toBe(204);
    expect(cookieOf(out)).toContain('Max-Age=0');
    const again = await fetch(`${base}/api/session/refresh`, {
      method: 'POST',
      headers: { ...JSON_HEADERS, cookie: `${REFRESH_COOKIE}=${cookie}` },
      body: '{}',
    });
    expect(again.status).toBe(401);
  });

  it('refuses a cross-site sign-in or refresh: a form post (not JSON) or a foreign Origin', async () => {
    const form = await fetch(`${base}/api/session`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: JSON.stringify({ email: admin.email, password: admin.password }),
    });
    expect(form.status).toBe(415);
    expect(form.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    const foreign = await fetch(`${base}/api/session/refresh`, {
      method: 'POST',
      headers: { ...JSON_HEADERS, origin: 'https://evil.example' },
      body: '{}',
    });
    expect(foreign.status).toBe(403);
    expect(((await foreign.json()) as { code: string }).code).toBe('FOREIGN_ORIGIN');
    expect(cookieOf(form)).toBeUndefined();
  });

  it('answers hostile sign-in bodies with a 4xx problem, never a 500', async () => {
    for (const body of [
      '{',
      '[]',
      'null',
      '{"email":{"$gt":""},"password":1}',
      'x'.repeat(20_000),
    ]) {
      const answer = await fetch(`${base}/api/session`, {
        method: 'POST',
        headers: JSON_HEADERS,
        body,
      });
      expect(answer.status).toBeGreaterThanOrEqual(400);
      expect(answer.status).toBeLessThan(500);
      expect(answer.headers.get('content-type')).toMatch(/problem\+json/);
    }
  });

  it('forwards /v1 routes with the apps’ own answers, headers and problem+json, and nothing else', async () => {
    const refused = await request(`${base}/api/card-issuance/v1/members`);
    expect(refused.status).toBe(401);
    expect(refused.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(refused.body).toMatchObject({
      code: 'AUTHENTICATION_REQUIRED',
      instance: '/v1/members',
    });
    expect(refused.headers.get('x-content-type-options')).toBe('nosniff');

    for (const path of [
      '/api/points-ledger/metrics',
      '/api/points-ledger/docs-json',
      '/api/card-issuance/health/ready',
      '/api/card-issuance/../points-ledger/metrics',
      '/api/other/v1/members',
    ]) {
      const answer = await request(`${base}${path}`);
      expect([answer.status, path]).toEqual([404, path]);
      expect(answer.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    }
  });

  it('does not pass the session cookie or a forged client address on to the apps', async () => {
    const seen: IncomingHttpHeaders[] = [];
    const upstream = createServer((incoming, outgoing) => {
      seen.push(incoming.headers);
      outgoing.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
    const port = await freePort();
    await new Promise<void>((resolve) => upstream.listen(port, '127.0.0.1', resolve));
    const gateway = await createConsoleServer(
      toConsoleConfig({
        LOG_LEVEL: 'silent',
        CONSOLE_POINTS_LEDGER_URL: `http://127.0.0.1:${port}`,
        CONSOLE_CARD_ISSUANCE_URL: `http://127.0.0.1:${port}`,
      }),
      { webRoot: BUILT_CONSOLE },
    );
    try {
      const gatewayUrl = await gateway.listen({ port: 0, host: '127.0.0.1' });
      const answer = await fetch(`${gatewayUrl}/api/points-ledger/v1/program`, {
        headers: {
          cookie: `${REFRESH_COOKIE}=rt_stolen_secret; other=1`,
          'x-forwarded-for': '203.0.113.9',
          authorization: 'Bearer a-token',
        },
      });
      expect(answer.status).toBe(200);
      expect(seen).toHaveLength(1);
      expect(seen[0]!.cookie).toBeUndefined();
      expect(seen[0]!['x-forwarded-for']).toBe('127.0.0.1');
      expect(seen[0]!.authorization).toBe('Bearer a-token');
    } finally {
      await gateway.close();
      await new Promise((resolve) => upstream.close(resolve));
    }
  });

  it('answers 502 problem+json when an app is down, without a stack or its address', async () => {
    const gateway = await createConsoleServer(
      toConsoleConfig({
        LOG_LEVEL: 'silent',
        CONSOLE_POINTS_LEDGER_URL: `http://127.0.0.1:${await freePort()}`,
        CONSOLE_CARD_ISSUANCE_URL: `http://127.0.0.1:${await freePort()}`,
      }),
      { webRoot: BUILT_CONSOLE },
    );
    try {
      const gatewayUrl = await gateway.listen({ port: 0, host: '127.0.0.1' });
      for (const path of ['/api/points-ledger/v1/program', '/api/session']) {
        const answer = await fetch(`${gatewayUrl}${path}`, {
          method: path === '/api/session' ? 'POST' : 'GET',
          headers: JSON_HEADERS,
          ...(path === '/api/session' ? { body: '{"email":"a@b.example","password":"x"}' } : {}),
        });
        expect(answer.status).toBe(502);
        const text = await answer.text();
        expect(JSON.parse(text)).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', status: 502 });
        expect(text).not.toMatch(/ECONNREFUSED|127\.0\.0\.1|at /);
      }
    } finally {
      await gateway.close();
    }
  });

  it('serves every screen’s path the app itself, under a strict content security policy, and no asset that is not there', async () => {
    for (const path of ['/', '/desk', '/desk/members/3f0e0c1e-0000-4000-8000-000000000000']) {
      const page = await fetch(`${base}${path}`);
      expect(page.status).toBe(200);
      expect(page.headers.get('content-type')).toMatch(/^text\/html/);
      expect(page.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
      expect(page.headers.get('x-frame-options')).toBe('SAMEORIGIN');
      expect(await page.text()).toContain('<div id="root">');
    }
    const missing = await fetch(`${base}/assets/not-built.js`);
    expect(missing.status).toBe(404);
    const unknownApi = await fetch(`${base}/api/nothing`);
    expect(unknownApi.status).toBe(404);
    expect(unknownApi.headers.get('content-type')).toMatch(/problem\+json/);
  });

  it('serves a file built after it started: a rebuild needs no restart', async () => {
    const name = `late-${randomUUID()}.js`;
    const file = join(BUILT_CONSOLE, 'assets', name);
    await writeFile(file, 'export {};\n');
    try {
      const late = await fetch(`${base}/assets/${name}`);
      expect(late.status).toBe(200);
      expect(late.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    } finally {
      await rm(file, { force: true });
    }
  });

  it('never logs a password, a token or what a clerk searched for', async () => {
    await signIn();
    await fetch(`${base}/api/card-issuance/v1/members?q=Ada%20Lovelace&email=ada%40example.com`);
    const logged = logLines.join('');
    expect(logged).toContain('/api/card-issuance/v1/members?q=[redacted]');
    expect(logged).not.toContain(admin.password);
    expect(logged).not.toMatch(/rt_[0-9a-f]/);
    expect(logged).not.toContain('Lovelace');
    expect(logged).not.toContain('ada%40example.com');
  });
});
