import { StaffRole } from '@loyalty/domain';
import {
  AppProcess,
  call,
  CapturingWebhook,
  createPosApiKey,
  createProgram,
  createStaffAccount,
  eventually,
  freePort,
  openTestDataSource,
  type ProgramFixture,
  type StaffAccount,
  untilReady,
} from '@loyalty/testing';
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';

/**
 * The compiled app with debug logging, driven through every flow that handles a credential; its
 * whole output must hold none of them. Card numbers appear masked.
 */
describe('card-issuance: no secret in any log line', () => {
  let dataSource: DataSource;
  let webhook: CapturingWebhook;
  let program: ProgramFixture;
  let app: AppProcess;
  let baseUrl: string;
  let admin: StaffAccount;

  beforeAll(async () => {
    dataSource = await openTestDataSource();
    webhook = await CapturingWebhook.start();
    program = await createProgram(dataSource);
    admin = await createStaffAccount(dataSource, program.programId, StaffRole.Admin, null);
    const port = await freePort();
    app = new AppProcess('card-issuance', {
      LOG_LEVEL: 'debug',
      CARD_ISSUANCE_PORT: String(port),
      SIGN_IN_CODE_WEBHOOK_URL: webhook.url,
    });
    baseUrl = `http://127.0.0.1:${port}`;
    await untilReady(baseUrl);
  });

  afterAll(async () => {
    app?.signal('SIGTERM');
    await app?.exited;
    await webhook?.close();
    await dataSource?.destroy();
  });

  it('logs requests, but never a password, token, API key, sign-in code, card number or email', async () => {
    const secrets: string[] = [admin.password];
    const wrongPassword = `wrong-${randomUUID()}`;
    secrets.push(wrongPassword);
    await call(baseUrl, 'POST', '/v1/staff/sessions', {
      body: { email: admin.email, password: wrongPassword },
    });
    const session = await call<{ accessToken: string; refreshToken: string }>(
      baseUrl,
      'POST',
      '/v1/staff/sessions',
      { body: { email: admin.email, password: admin.password } },
    );
    expect(session.status).toBe(200);
    secrets.push(session.body.accessToken, session.body.refreshToken);
    const refreshed = await call<{ accessToken: string; refreshToken: string }>(
      baseUrl,
      'POST',
      '/v1/staff/sessions/refresh',
      { body: { refreshToken: session.body.refreshToken } },
    );
    secrets.push(refreshed.body.accessToken, refreshed.body.refreshToken);
    // A reused refresh token is an incident worth a log line, but not the token itself.
    await call(baseUrl, 'POST', '/v1/staff/sessions/refresh', {
      body: { refreshToken: session.body.refreshToken },
    });
    // The reuse revoked that session, its access tokens with it: sign in again.
    const again = await call<{ accessToken: string; refreshToken: string }>(
      baseUrl,
      'POST',
      '/v1/staff/sessions',
      { body: { email: admin.email, password: admin.password } },
    );
    expect(
      (await call(baseUrl, 'GET', '/v1/staff', { token: refreshed.body.accessToken })).status,
    ).toBe(401);
    secrets.push(again.body.accessToken, again.body.refreshToken);
    const token = again.body.accessToken;

    const created = await call<{ apiKey: string }>(baseUrl, 'POST', '/v1/pos-api-keys', {
      token,
      body: { storeId: program.storeIds[0], terminalCode: 'TILL-LOG' },
    });
    expect(created.status).toBe(201);
    secrets.push(created.body.apiKey);
    const seeded = await createPosApiKey(dataSource, program.programId, program.storeIds[0]);
    secrets.push(seeded.apiKey);

    const email = `log-${randomUUID()}@example.com`;
    const enrolled = await call<{ card: { number: string } }>(baseUrl, 'POST', '/v1/members', {
      token,
      body: {
        email,
        storeId: program.storeIds[0],
        acquisitionChannel: 'store',
        marketingConsent: false,
        card: { kind: 'virtual' },
      },
    });
    const number = enrolled.body.card.number;
    secrets.push(number);
    expect(
      (await call(baseUrl, 'GET', `/v1/cards/${number}`, { apiKey: created.body.apiKey })).status,
    ).toBe(200);
    await call(baseUrl, 'GET', `/v1/cards/${number}`, { apiKey: `${seeded.apiKey}x` });

    // A desk searching for the member by email or phone: the search terms are personal data.
    const searched = await call(baseUrl, 'GET', `/v1/members?email=${encodeURIComponent(email)}`, {
      token,
    });
    expect(searched.status).toBe(200);
    secrets.push(email, encodeURIComponent(email));
    const since = webhook.messages.length;
    await call(baseUrl, 'POST', '/v1/member-sessions/codes', {
      body: { programCode: program.programCode, email },
    });
    const code = await webhook.codeFor(email, since);
    const member = await call<{ accessToken: string; refreshToken: string }>(
      baseUrl,
      'POST',
      '/v1/member-sessions',
      { body: { programCode: program.programCode, email, code } },
    );
    expect(member.status).toBe(200);
    secrets.push(member.body.accessToken, member.body.refreshToken, `"${code}"`);

    await eventually(
      () =>
        Promise.resolve(app.lines.filter((line) => line.includes('/v1/member-sessions')).length),
      (count) => count >= 2,
    );
    const output = app.lines.join('\n');
    expect(app.lines.length).toBeGreaterThan(10);
    expect(output).toContain(`****${number.slice(-4)}`);
    const leaked = secrets.filter((secret) => output.includes(secret));
    expect(leaked).toEqual([]);
    // A request line names the request, never its headers (where the credentials travel).
    const requestLines = app.lines
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as { req?: Record<string, unknown> })
      .filter((line) => line.req);
    expect(requestLines.length).toBeGreaterThan(5);
    for (const { req } of requestLines) {
      expect(Object.keys(req ?? {}).sort()).toEqual(['id', 'method', 'url']);
    }
  });
});
