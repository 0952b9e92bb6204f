import { StaffRole } from '@loyalty/domain';
import {
  call,
  CapturingWebhook,
  createPosApiKey,
  createProgram,
  createStaffAccount,
  type Credential,
  openTestDataSource,
  type ProgramFixture,
  type RunningApp,
  signInMember,
  signInStaff,
  startApp,
} from '@loyalty/testing';
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { createCardIssuanceApp } from '../../../apps/card-issuance/src/card-issuance.app';

type Caller = 'anonymous' | 'member' | 'pos' | 'clerk' | 'manager' | 'admin' | 'marketing';
const CALLERS: Caller[] = ['anonymous', 'member', 'pos', 'clerk', 'manager', 'admin', 'marketing'];

interface Enrolled {
  member: { id: string; email: string };
  card: { id: string; number: string };
}

describe('card-issuance: who may call what', () => {
  let running: RunningApp;
  let dataSource: DataSource;
  let webhook: CapturingWebhook;
  let program: ProgramFixture;
  const credentials = {} as Record<Caller, Credential>;
  let memberA: Enrolled;
  let memberB: Enrolled;

  const enrol = async (token: string, email: string): Promise<Enrolled> => {
    const response = await call<Enrolled>(running.baseUrl, 'POST', '/v1/members', {
      token,
      body: {
        email,
        acquisitionChannel: 'store',
        marketingConsent: false,
        card: { kind: 'virtual' },
      },
    });
    expect(response.status).toBe(201);
    return response.body;
  };

  beforeAll(async () => {
    dataSource = await openTestDataSource();
    webhook = await CapturingWebhook.start();
    running = await startApp(createCardIssuanceApp, { SIGN_IN_CODE_WEBHOOK_URL: webhook.url });
    program = await createProgram(dataSource);
    const [store] = program.storeIds;
    const staffOf = async (role: StaffRole, storeId: string | null) =>
      signInStaff(
        running.baseUrl,
        await createStaffAccount(dataSource, program.programId, role, storeId),
      );
    credentials.anonymous = {};
    credentials.clerk = { token: await staffOf(StaffRole.Clerk, store) };
    credentials.manager = { token: await staffOf(StaffRole.Manager, store) };
    credentials.admin = { token: await staffOf(StaffRole.Admin, null) };
    credentials.marketing = { token: await staffOf(StaffRole.Marketing, null) };
    credentials.pos = {
      apiKey: (await createPosApiKey(dataSource, program.programId, store)).apiKey,
    };
    memberA = await enrol(credentials.clerk.token!, `a-${randomUUID()}@example.com`);
    memberB = await enrol(credentials.clerk.token!, `b-${randomUUID()}@example.com`);
    const session = await signInMember(
      running.baseUrl,
      webhook,
      program.programCode,
      memberA.member.email,
    );
    credentials.member = { token: session.accessToken };
  });

  afterAll(async () => {
    await running?.close();
    await webhook?.close();
    await dataSource?.destroy();
  });

  // Writes are sent with an empty body: a caller who is let in gets 400 (validation runs after
  // the access guard), so the matrix changes no state. Reads use ids of member B.
  const routes = (): [string, string, Caller[]][] => {
    const b = `/v1/members/${memberB.member.id}`;
    const card = `${b}/cards/${memberB.card.id}`;
    const mine = `/v1/me/cards/${memberA.card.id}`;
    const staff: Caller[] = ['clerk', 'manager', 'admin'];
    const managers: Caller[] = ['manager', 'admin'];
    return [
      ['POST', '/v1/members', staff],
      ['GET', `/v1/members?email=${encodeURIComponent(memberB.member.email)}`, staff],
      ['GET', b, staff],
      ['GET', `${b}/cards`, staff],
      ['POST', `${b}/cards`, staff],
      ['POST', `${card}/block`, staff],
      ['POST', `${card}/replacement`, staff],
      ['GET', `${card}/events`, managers],
      ['GET', `${card}/barcode.svg`, staff],
      ['GET', `${b}/export`, ['admin']],
      ['POST', `${b}/merge`, managers],
      ['GET', '/v1/acquisition-campaigns', [...staff, 'marketing']],
      ['POST', '/v1/acquisition-campaigns', ['admin', 'marketing']],
      ['PATCH', `/v1/acquisition-campaigns/${randomUUID()}`, ['admin', 'marketing']],
      ['DELETE', `/v1/members/${randomUUID()}`, ['admin']],
      ['GET', '/v1/staff', ['admin']],
      ['POST', '/v1/staff', ['admin']],
      ['PATCH', `/v1/staff/${randomUUID()}`, ['admin']],
      ['POST', '/v1/stores', ['admin']],
      ['GET', '/v1/pos-api-keys', ['admin']],
      ['POST', '/v1/pos-api-keys', ['admin']],
      ['DELETE', `/v1/pos-api-keys/${randomUUID()}`, ['admin']],
      ['POST', '/v1/card-batches', ['admin']],
      ['GET', '/v1/card-batches', ['admin']],
      ['GET', `/v1/card-batches/${randomUUID()}/cards`, ['admin']],
      ['GET', `/v1/cards/${memberB.card.number}`, ['pos']],
      ['GET', '/v1/me', ['member']],
      ['GET', '/v1/me/cards', ['member']],
      ['GET', '/v1/me/referral', ['member']],
      ['GET', `${mine}/barcode.svg`, ['member']],
      ['GET', `${mine}/barcode.png`, ['member']],
      ['GET', `${mine}/wallet-pass.pkpass`, ['member']],
      ['GET', `${mine}/google-wallet-link`, ['member']],
      ['GET', '/v1/me/export', ['member']],
      ['GET', '/v1/stores', CALLERS],
    ];
  };

  it('lets in exactly the callers each route names, and refuses the rest with 401 or 403', async () => {
    const outcomes: string[] = [];
    const expected: string[] = [];
    for (const [method, path, allowed] of routes()) {
      for (const caller of CALLERS) {
        const body = method === 'POST' || method === 'PATCH' ? {} : undefined;
        const response = await call(running.baseUrl, method, path, {
          ...credentials[caller],
          body,
        });
        const refusal = caller === 'anonymous' ? 401 : 403;
        const verdict = [401, 403].includes(response.status) ? String(response.status) : 'allowed';
        outcomes.push(`${method} ${path} as ${caller}: ${verdict}`);
        expected.push(
          `${method} ${path} as ${caller}: ${allowed.includes(caller) ? 'allowed' : refusal}`,
        );
      }
    }
    expect(outcomes).toEqual(expected);
  });

  it('refuses erasure to every caller but a member (the member case is in privacy)', async () => {
    for (const caller of CALLERS.filter((c) => c !== 'member')) {
      const response = await call(running.baseUrl, 'DELETE', '/v1/me', credentials[caller]);
      expect([caller, response.status]).toEqual([caller, caller === 'anonymous' ? 401 : 403]);
    }
  });

  it('answers another member’s card as not found on every member route', async () => {
    const suffixes = ['barcode.svg', 'barcode.png', 'wallet-pass.pkpass', 'google-wallet-link'];
    for (const suffix of suffixes) {
      const theirs = await call(
        running.baseUrl,
        'GET',
        `/v1/me/cards/${memberB.card.id}/${suffix}`,
        credentials.member,
      );
      expect([suffix, theirs.status, theirs.body.code]).toEqual([suffix, 404, 'CARD_NOT_FOUND']);
    }
    const own = await call(
      running.baseUrl,
      'GET',
      `/v1/me/cards/${memberA.card.id}/barcode.svg`,
      credentials.member,
    );
    expect(own.status).not.toBe(404);
    const cards = await call<{ items: { id: string }[] }>(
      running.baseUrl,
      'GET',
      '/v1/me/cards',
      credentials.member,
    );
    expect(cards.body.items.map((card) => card.id)).toEqual([memberA.card.id]);
    const me = await call(running.baseUrl, 'GET', '/v1/me', credentials.member);
    expect(me.body).toMatchObject({ id: memberA.member.id, email: memberA.member.email });
  });

  it('keeps programs apart: staff of another program find no such member', async () => {
    const other = await createProgram(dataSource);
    const otherAdmin = await signInStaff(
      running.baseUrl,
      await createStaffAccount(dataSource, other.programId, StaffRole.Admin, null),
    );
    const response = await call(running.baseUrl, 'GET', `/v1/members/${memberB.member.id}`, {
      token: otherAdmin,
    });
    expect(response.status).toBe(404);
    const lookup = await call(running.baseUrl, 'GET', `/v1/cards/${memberB.card.number}`, {
      apiKey: (await createPosApiKey(dataSource, other.programId, other.storeIds[0])).apiKey,
    });
    expect(lookup.status).toBe(404);
  });

  it.each([
    ['a forged bearer token', { token: 'eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.' }],
    ['an unknown API key', { apiKey: `pos_${'0'.repeat(32)}_${'A'.repeat(43)}` }],
    ['a malformed API key', { apiKey: 'let-me-in' }],
  ])('refuses %s with 401 INVALID_CREDENTIALS', async (_, credential) => {
    const response = await call(running.baseUrl, 'GET', '/v1/me', credential);
    expect(response.status).toBe(401);
    expect(response.body).toMatchObject({ code: 'INVALID_CREDENTIALS' });
    expect(response.headers.get('www-authenticate')).toBe('Bearer realm="loyalty"');
  });

  it('refuses a member token signed with the staff secret’s audience swapped (no confusion)', async () => {
    const memberToken = credentials.member.token!;
    const response = await call(running.baseUrl, 'GET', '/v1/staff', { token: memberToken });
    expect(response.status).toBe(403);
    expect(response.body).toMatchObject({ code: 'PERMISSION_DENIED' });
  });
});
