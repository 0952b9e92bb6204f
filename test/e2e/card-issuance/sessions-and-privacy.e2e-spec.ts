import { StaffRole } from '@loyalty/domain';
import {
  call,
  CapturingWebhook,
  createProgram,
  createStaffAccount,
  openTestDataSource,
  type ProblemBody,
  type ProgramFixture,
  type RunningApp,
  signInMember,
  signInStaff,
  type StaffAccount,
  startApp,
} from '@loyalty/testing';
import { createHmac, randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { createCardIssuanceApp } from '../../../apps/card-issuance/src/card-issuance.app';

interface Session {
  accessToken: string;
  refreshToken: string;
  expiresIn: number;
}

const WEBHOOK_SECRET = 'w'.repeat(40);

describe('card-issuance: sessions and privacy', () => {
  let running: RunningApp;
  let dataSource: DataSource;
  let webhook: CapturingWebhook;
  let program: ProgramFixture;
  let clerkAccount: StaffAccount;
  let clerk: string;

  const enrolMember = async (email: string) => {
    const response = await call<{ member: { id: string }; card: { id: string } }>(
      running.baseUrl,
      'POST',
      '/v1/members',
      {
        token: clerk,
        body: {
          name: 'Radia Perlman',
          email,
          phone: '+31 6 5555 0000'.replace('0000', String(1000 + Math.floor(Math.random() * 8999))),
          acquisitionChannel: 'store',
          marketingConsent: true,
          card: { kind: 'virtual' },
        },
      },
    );
    expect(response.status).toBe(201);
    return response.body;
  };

  beforeAll(async () => {
    dataSource = await openTestDataSource();
    webhook = await CapturingWebhook.start();
    running = await startApp(createCardIssuanceApp, {
      SIGN_IN_CODE_WEBHOOK_URL: webhook.url,
      SIGN_IN_CODE_WEBHOOK_SECRET: WEBHOOK_SECRET,
    });
    program = await createProgram(dataSource);
    clerkAccount = await createStaffAccount(
      dataSource,
      program.programId,
      StaffRole.Clerk,
      program.storeIds[0],
    );
    clerk = await signInStaff(running.baseUrl, clerkAccount);
  });

  afterAll(async () => {
    await running?.close();
    await webhook?.close();
    await dataSource?.destroy();
  });

  const staffSignIn = (email: string, password: string) =>
    call<Session & ProblemBody>(running.baseUrl, 'POST', '/v1/staff/sessions', {
      body: { email, password },
    });
  const refresh = (path: string, refreshToken: string) =>
    call<Session & ProblemBody>(running.baseUrl, 'POST', path, { body: { refreshToken } });

  it('answers a wrong password and an unknown email alike', async () => {
    const wrong = await staffSignIn(clerkAccount.email, 'not the password');
    const unknown = await staffSignIn(`nobody-${randomUUID()}@example.com`, 'whatever');
    for (const response of [wrong, unknown]) {
      expect(response.status).toBe(401);
      expect(response.body).toMatchObject({
        code: 'INVALID_CREDENTIALS',
        detail: 'the email or password is wrong',
      });
    }
  });

  it('rate-limits sign-in attempts per account, answering 429 with Retry-After', async () => {
    const limited = await startApp(createCardIssuanceApp, {
      SIGN_IN_ATTEMPTS_PER_MINUTE: '3',
      REDIS_KEY_PREFIX: `${process.env.REDIS_KEY_PREFIX}-sign-in-limit`,
    });
    try {
      const attempt = () =>
        call<ProblemBody>(limited.baseUrl, 'POST', '/v1/staff/sessions', {
          body: { email: clerkAccount.email, password: 'guessing' },
        });
      const statuses = [];
      for (let tries = 0; tries < 4; tries += 1) statuses.push((await attempt()).status);
      expect(statuses).toEqual([401, 401, 401, 429]);
      const refused = await attempt();
      expect(refused.body.code).toBe('TOO_MANY_REQUESTS');
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    } finally {
      await limited.close();
    }
  });

  it('rotates refresh tokens, and a reused one revokes the whole session', async () => {
    const first = (await staffSignIn(clerkAccount.email, clerkAccount.password)).body;
    const second = await refresh('/v1/staff/sessions/refresh', first.refreshToken);
    expect(second.status).toBe(200);
    expect(second.body.refreshToken).not.toBe(first.refreshToken);

    const replayed = await refresh('/v1/staff/sessions/refresh', first.refreshToken);
    expect(replayed.status).toBe(401);
    expect(replayed.body.code).toBe('REFRESH_TOKEN_REUSED');
    // The successor, though never used, died with its family.
    const successor = await refresh('/v1/staff/sessions/refresh', second.body.refreshToken);
    expect(successor.status).toBe(401);
    expect(successor.body.code).toBe('INVALID_CREDENTIALS');
  });

  it('lets exactly one of two simultaneous refreshes with one token through', async () => {
    const session = (await staffSignIn(clerkAccount.email, clerkAccount.password)).body;
    const answers = await Promise.all([
      refresh('/v1/staff/sessions/refresh', session.refreshToken),
      refresh('/v1/staff/sessions/refresh', session.refreshToken),
    ]);
    expect(answers.map((answer) => answer.status).sort()).toEqual([200, 401]);
  });

  it('signs a member in with a code sent to the notifier, signed with the webhook secret', async () => {
    const email = `m-${randomUUID()}@example.com`;
    const { member } = await enrolMember(email);
    const since = webhook.messages.length;

    const session = await signInMember(running.baseUrl, webhook, program.programCode, email);

    const message = webhook.messages.slice(since).find((m) => m.to === email)!;
    const body = JSON.stringify({
      channel: 'email',
      to: email,
      code: message.code,
      expiresAt: (message as unknown as { expiresAt: string }).expiresAt,
      programName: `Program ${program.programCode}`,
    });
    expect(message.headers['x-signature']).toBe(
      `sha256=${createHmac('sha256', WEBHOOK_SECRET).update(body).digest('hex')}`,
    );
    const me = await call(running.baseUrl, 'GET', '/v1/me', { token: session.accessToken });
    expect(me.body).toMatchObject({ id: member.id, email });
    const rotated = await refresh('/v1/member-sessions/refresh', session.refreshToken);
    expect(rotated.status).toBe(200);
  });

  it('signs in a member enrolled with only a phone, by text message, in national or international form', async () => {
    // A Dutch mobile number (06 1…): valid whatever the seven digits after it.
    const national = `06 1${String(Math.floor(Math.random() * 10_000_000)).padStart(7, '0')}`;
    const international = `+31${national.replace(/\D/g, '').slice(1)}`;
    const enrolled = await call<{ member: { id: string } }>(
      running.baseUrl,
      'POST',
      '/v1/members',
      {
        token: clerk,
        body: {
          phone: national,
          acquisitionChannel: 'store',
          marketingConsent: false,
          card: { kind: 'virtual' },
        },
      },
    );
    expect(enrolled.status).toBe(201);
    for (const phone of [national, international]) {
      const since = webhook.messages.length;
      const asked = await call(running.baseUrl, 'POST', '/v1/member-sessions/codes', {
        body: { programCode: program.programCode, phone },
      });
      expect(asked.status).toBe(202);
      const code = await webhook.codeFor(international, since);
      expect(webhook.messages.slice(since).find((m) => m.to === international)).toMatchObject({
        channel: 'sms',
      });
      const session = await call<{ accessToken: string }>(
        running.baseUrl,
        'POST',
        '/v1/member-sessions',
        { body: { programCode: program.programCode, phone, code } },
      );
      expect(session.status).toBe(200);
      const me = await call(running.baseUrl, 'GET', '/v1/me', { token: session.body.accessToken });
      expect(me.body).toMatchObject({ id: enrolled.body.member.id, phone: international });
    }
    const both = await call(running.baseUrl, 'POST', '/v1/member-sessions/codes', {
      body: { programCode: program.programCode, phone: national, email: 'a@example.com' },
    });
    expect(both.status).toBe(400);
    const neither = await call(running.baseUrl, 'POST', '/v1/member-sessions/codes', {
      body: { programCode: program.programCode },
    });
    expect(neither.status).toBe(400);
    const notAPhone = await call(running.baseUrl, 'POST', '/v1/member-sessions/codes', {
      body: { programCode: program.programCode, phone: '12' + 'x'.repeat(5) },
    });
    expect(notAPhone.status).toBe(400);
  });

  it('accepts a code once, and gives up on a code after five wrong tries', async () => {
    const email = `m-${randomUUID()}@example.com`;
    await enrolMember(email);
    const since = webhook.messages.length;
    await call(running.baseUrl, 'POST', '/v1/member-sessions/codes', {
      body: { programCode: program.programCode, email },
    });
    const code = await webhook.codeFor(email, since);
    const wrong = code === '000000' ? '111111' : '000000';
    const attempt = (guess: string) =>
      call<ProblemBody>(running.baseUrl, 'POST', '/v1/member-sessions', {
        body: { programCode: program.programCode, email, code: guess },
      });
    for (let tries = 0; tries < 5; tries += 1) expect((await attempt(wrong)).status).toBe(401);
    // Five wrong guesses used the code up: even the right one no longer works.
    expect((await attempt(code)).status).toBe(401);

    const since2 = webhook.messages.length;
    await call(running.baseUrl, 'POST', '/v1/member-sessions/codes', {
      body: { programCode: program.programCode, email },
    });
    const fresh = await webhook.codeFor(email, since2);
    expect((await attempt(fresh)).status).toBe(200);
    expect((await attempt(fresh)).status).toBe(401);
  });

  it('answers a code request for an unknown email exactly as for a member, sending nothing', async () => {
    const since = webhook.messages.length;
    const unknown = await call(running.baseUrl, 'POST', '/v1/member-sessions/codes', {
      body: { programCode: program.programCode, email: `nobody-${randomUUID()}@example.com` },
    });
    expect(unknown.status).toBe(202);
    expect(unknown.body).toEqual({ expiresIn: 600 });
    expect(webhook.messages.slice(since)).toEqual([]);
  });

  it('exports a member’s data, and erasure anonymises them but keeps the anonymous record', async () => {
    const email = `m-${randomUUID()}@example.com`;
    const { member, card } = await enrolMember(email);
    const session = await signInMember(running.baseUrl, webhook, program.programCode, email);
    const token = session.accessToken;

    const exported = await call<{
      member: { id: string; email: string; phone: string };
      cards: { id: string; events: unknown[] }[];
    }>(running.baseUrl, 'GET', '/v1/me/export', { token });
    expect(exported.status).toBe(200);
    expect(exported.body.member).toMatchObject({ id: member.id, email, name: 'Radia Perlman' });
    expect(exported.body.cards).toEqual([expect.objectContaining({ id: card.id })]);
    expect(exported.body.cards[0]!.events).toHaveLength(1);

    const erased = await call(running.baseUrl, 'DELETE', '/v1/me', { token });
    expect(erased.status).toBe(200);
    expect(erased.body).toMatchObject({
      id: member.id,
      name: null,
      email: null,
      phone: null,
      marketingConsent: false,
    });
    expect(Date.parse(String(erased.body.erasedAt))).not.toBeNaN();

    const [row] = await dataSource.query<Record<string, unknown>[]>(
      `SELECT name, email, phone, acquisition_channel, erased_at FROM members WHERE id = $1`,
      [member.id],
    );
    expect(row).toMatchObject({
      name: null,
      email: null,
      phone: null,
      acquisition_channel: 'store',
    });
    const [cardRow] = await dataSource.query<{ status: string; block_reason: string }[]>(
      `SELECT status, block_reason FROM cards WHERE id = $1`,
      [card.id],
    );
    expect(cardRow).toEqual({ status: 'blocked', block_reason: 'member_erased' });
    expect((await call(running.baseUrl, 'GET', '/v1/me', { token })).status).toBe(410);
    expect((await refresh('/v1/member-sessions/refresh', session.refreshToken)).status).toBe(401);
    // The address is free again: the person may enrol afresh.
    await enrolMember(email);
  });
});
