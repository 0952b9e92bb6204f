import { StaffRole } from '@loyalty/domain';
import {
  call,
  createStaffAccount,
  enrolMember,
  type LedgerWorld,
  signInMember,
  type StaffAccount,
} from '@loyalty/testing';
import { startWorld } from '../points-ledger/ledger-world';

interface Session {
  accessToken: string;
  refreshToken: string;
}

/**
 * An access token ends with what it stood for, at once, not after its 15 minutes: a disabled,
 * demoted, moved or re-passworded staff member, a signed-out session, a reused refresh token.
 */
describe('access tokens are refused as soon as their session is revoked', () => {
  let world: LedgerWorld;

  const staffSession = async (account: StaffAccount): Promise<Session> => {
    const answer = await call<Session>(world.cardIssuance.baseUrl, 'POST', '/v1/staff/sessions', {
      body: { email: account.email, password: account.password },
    });
    expect(answer.status).toBe(200);
    return answer.body;
  };
  const newStaff = async (role: StaffRole) => {
    const account = await createStaffAccount(
      world.dataSource,
      world.program.programId,
      role,
      role === StaffRole.Admin ? null : world.program.storeIds[0],
    );
    return { account, session: await staffSession(account) };
  };
  /** What a staff token gets on a read of each app. */
  const staffReads = async (token: string) => [
    (
      await call(world.cardIssuance.baseUrl, 'GET', '/v1/members?email=nobody%40example.com', {
        token,
      })
    ).status,
    (await call(world.ledger.baseUrl, 'GET', '/v1/point-limits', { token })).status,
  ];
  const change = (staffId: string, body: Record<string, unknown>) =>
    call(world.cardIssuance.baseUrl, 'PATCH', `/v1/staff/${staffId}`, {
      token: world.admin,
      body,
    });

  beforeAll(async () => {
    world = await startWorld();
  });

  afterAll(async () => {
    await world?.close();
  });

  it.each([
    ['disabled', { disabled: true }],
    ['demoted', { role: 'clerk' }],
    ['moved to another store', { storeId: 'second' }],
    ['given a new password', { password: 'a new password for the desk' }],
  ])('refuses the token of a manager %s', async (_, body) => {
    const { account, session } = await newStaff(StaffRole.Manager);
    expect(await staffReads(session.accessToken)).toEqual([200, 200]);
    const changed = await change(account.id, {
      ...body,
      ...('storeId' in body ? { storeId: world.program.storeIds[1] } : {}),
    });
    expect(changed.status).toBe(200);
    expect(await staffReads(session.accessToken)).toEqual([401, 401]);
  });

  it('refuses a staff token once its session is signed out, and a whole family once a refresh token is reused', async () => {
    const { session } = await newStaff(StaffRole.Clerk);
    const signedOut = await call(
      world.cardIssuance.baseUrl,
      'POST',
      '/v1/staff/sessions/revocation',
      { body: { refreshToken: session.refreshToken } },
    );
    expect(signedOut.status).toBeLessThan(300);
    expect(await staffReads(session.accessToken)).toEqual([401, 401]);

    const { session: other } = await newStaff(StaffRole.Clerk);
    const next = await call<Session>(
      world.cardIssuance.baseUrl,
      'POST',
      '/v1/staff/sessions/refresh',
      { body: { refreshToken: other.refreshToken } },
    );
    expect(await staffReads(next.body.accessToken)).toEqual([200, 200]);
    // The spent token again: a thief's copy. The family, and its access tokens, end.
    await call(world.cardIssuance.baseUrl, 'POST', '/v1/staff/sessions/refresh', {
      body: { refreshToken: other.refreshToken },
    });
    expect(await staffReads(next.body.accessToken)).toEqual([401, 401]);
  });

  it('ends a member’s signed-out session at once and leaves their other devices signed in', async () => {
    const member = await enrolMember(world);
    const sign = () =>
      signInMember(
        world.cardIssuance.baseUrl,
        world.webhook,
        world.program.programCode,
        member.email,
      );
    const phone = await sign();
    const tablet = await sign();
    const balance = async (token: string) =>
      (await call(world.ledger.baseUrl, 'GET', '/v1/me/balance', { token })).status;
    expect([await balance(phone.accessToken), await balance(tablet.accessToken)]).toEqual([
      200, 200,
    ]);
    await call(world.cardIssuance.baseUrl, 'POST', '/v1/member-sessions/revocation', {
      body: { refreshToken: phone.refreshToken },
    });
    expect([await balance(phone.accessToken), await balance(tablet.accessToken)]).toEqual([
      401, 200,
    ]);
    const me = await call(world.cardIssuance.baseUrl, 'GET', '/v1/me', {
      token: phone.accessToken,
    });
    expect(me.status).toBe(401);
  });
});
