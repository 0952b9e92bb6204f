import { StaffRole } from '@loyalty/domain';
import {
  call,
  createProgram,
  createStaffAccount,
  enrolMember,
  eventually,
  type LedgerWorld,
  type ProblemBody,
  signInStaff,
} from '@loyalty/testing';
import { randomUUID } from 'node:crypto';
import { startWorld } from '../points-ledger/ledger-world';

const FAILURES_PER_DAY = 3;
const CODES_PER_HOUR = 3;

/**
 * Sign-in as an attacker would try it: guessing a member's six-digit code, flooding a member
 * with codes, telling enrolled addresses from unknown ones, and learning other programs' staff
 * from a conflict. The limits are lowered here so a spec can reach them.
 */
describe('card-issuance: sign-in resists guessing and enumeration', () => {
  let world: LedgerWorld;

  beforeAll(async () => {
    world = await startWorld({
      SIGN_IN_CODE_FAILURES_PER_DAY: String(FAILURES_PER_DAY),
      SIGN_IN_CODES_PER_HOUR: String(CODES_PER_HOUR),
    });
  });

  afterAll(async () => {
    await world?.close();
  });

  const requestCode = (email: string) =>
    call<ProblemBody>(world.cardIssuance.baseUrl, 'POST', '/v1/member-sessions/codes', {
      body: { programCode: world.program.programCode, email },
    });
  const signIn = (email: string, code: string) =>
    call<ProblemBody & { accessToken?: string }>(
      world.cardIssuance.baseUrl,
      'POST',
      '/v1/member-sessions',
      { body: { programCode: world.program.programCode, email, code } },
    );
  const wrongCodeFor = (code: string) => String((Number(code) + 1) % 1_000_000).padStart(6, '0');

  it('locks code sign-in for the day after too many wrong codes, even for the right one', async () => {
    const member = await enrolMember(world);
    const since = world.webhook.messages.length;
    expect((await requestCode(member.email)).status).toBe(202);
    const code = await world.webhook.codeFor(member.email, since);

    for (let failure = 0; failure < FAILURES_PER_DAY; failure += 1) {
      const wrong = await signIn(member.email, wrongCodeFor(code));
      expect(wrong.status).toBe(401);
    }
    const locked = await signIn(member.email, code);
    expect(locked.status).toBe(429);
    expect(locked.headers.get('content-type')).toContain('application/problem+json');
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(20 * 3600);
    expect(locked.body.accessToken).toBeUndefined();

    // Another member of the program is not affected.
    const other = await enrolMember(world);
    const otherSince = world.webhook.messages.length;
    expect((await requestCode(other.email)).status).toBe(202);
    expect(
      (await signIn(other.email, await world.webhook.codeFor(other.email, otherSince))).status,
    ).toBe(200);
  });

  it('answers an unknown address exactly like an enrolled one, lock-out included', async () => {
    const unknown = `nobody-${randomUUID()}@example.com`;
    for (let failure = 0; failure < FAILURES_PER_DAY; failure += 1) {
      expect((await signIn(unknown, '123456')).status).toBe(401);
    }
    expect((await signIn(unknown, '123456')).status).toBe(429);
  });

  it('caps the codes sent to one address per hour, known or not', async () => {
    const member = await enrolMember(world);
    const unknown = `nobody-${randomUUID()}@example.com`;
    for (const email of [member.email, unknown]) {
      for (let sent = 0; sent < CODES_PER_HOUR; sent += 1) {
        expect((await requestCode(email)).status).toBe(202);
      }
      const capped = await requestCode(email);
      expect(capped.status).toBe(429);
      expect(Number(capped.headers.get('retry-after'))).toBeGreaterThan(0);
    }
    await eventually(
      () => Promise.resolve(world.webhook.messages.filter((m) => m.to === member.email).length),
      (count) => count === CODES_PER_HOUR,
    );
    expect(world.webhook.messages.some((m) => m.to === unknown)).toBe(false);
  });

  it('answers a code request before touching the member’s codes (no timing tell)', async () => {
    const member = await enrolMember(world);
    const since = world.webhook.messages.length;
    expect((await requestCode(member.email)).status).toBe(202);
    await world.webhook.codeFor(member.email, since);

    // Hold the member's live code row: storing a new code must wait for it.
    const runner = world.dataSource.createQueryRunner();
    await runner.connect();
    await runner.startTransaction();
    try {
      await runner.query(
        `SELECT id FROM member_sign_in_codes WHERE member_id = $1 AND consumed_at IS NULL FOR UPDATE`,
        [member.memberId],
      );
      const beforeAnswer = world.webhook.messages.length;
      expect((await requestCode(member.email)).status).toBe(202);
      expect(world.webhook.messages.length).toBe(beforeAnswer);
      await runner.commitTransaction();
    } finally {
      await runner.release();
    }
    // Once the row is free, the code stored and sent after the answer arrives.
    await world.webhook.codeFor(member.email, since + 1);
  });

  it('does not disclose another program’s staff account when creating staff', async () => {
    const email = `shared-${randomUUID()}@example.com`;
    const create = (token: string, password: string) =>
      call<ProblemBody>(world.cardIssuance.baseUrl, 'POST', '/v1/staff', {
        token,
        body: { email, displayName: 'Sam', role: StaffRole.Admin, password },
      });
    const other = await createProgram(world.dataSource);
    const otherAdmin = await signInStaff(
      world.cardIssuance.baseUrl,
      await createStaffAccount(world.dataSource, other.programId, StaffRole.Admin, null),
    );
    const password = `pw-${randomUUID()}`;
    expect((await create(otherAdmin, password)).status).toBe(201);

    // The same email in this program: created, as though the other program did not exist.
    expect((await create(world.admin, password)).status).toBe(201);
    const again = await create(world.admin, password);
    expect([again.status, again.body.code]).toEqual([409, 'STAFF_EMAIL_TAKEN']);
    expect(again.body.detail).toContain('this program');

    // One password opening both accounts: the sign-in asks which program.
    const ambiguous = await call<ProblemBody>(
      world.cardIssuance.baseUrl,
      'POST',
      '/v1/staff/sessions',
      {
        body: { email, password },
      },
    );
    expect(ambiguous.status).toBe(401);
    expect(ambiguous.body.errors).toContainEqual(expect.objectContaining({ field: 'programCode' }));
    const chosen = await call<{ staff: { programId: string } }>(
      world.cardIssuance.baseUrl,
      'POST',
      '/v1/staff/sessions',
      { body: { email, password, programCode: other.programCode } },
    );
    expect(chosen.status).toBe(200);
    expect(chosen.body.staff.programId).toBe(other.programId);
  });
});
