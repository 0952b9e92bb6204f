import { StaffRole } from '@loyalty/domain';
import { verifyLedger } from '@loyalty/persistence';
import {
  call,
  createProgram,
  openTestDataSource,
  type ProblemBody,
  type ProgramFixture,
  type RunningApp,
  signedInStaff,
  startApp,
} from '@loyalty/testing';
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { createCardIssuanceApp } from '../../../apps/card-issuance/src/card-issuance.app';

interface Enrolment {
  member: { id: string; email: string | null };
  card: { id: string; number: string; status: string };
}

/**
 * Every write of card-issuance takes an optional Idempotency-Key with the ledger's semantics: a
 * clerk's retry after a lost answer gets the first answer, never a 409 and never a second card.
 */
describe('card-issuance: writes under an Idempotency-Key', () => {
  let running: RunningApp;
  let dataSource: DataSource;
  let program: ProgramFixture;
  let clerk: string;
  let otherClerk: string;
  let admin: string;

  const enrolment = (email = `ada-${randomUUID()}@example.com`) => ({
    name: 'Ada Lovelace',
    email,
    acquisitionChannel: 'store',
    marketingConsent: false,
    card: { kind: 'virtual' },
  });
  const send = <T>(
    method: string,
    path: string,
    body: unknown,
    key: string | undefined,
    token = clerk,
  ) =>
    call<T & ProblemBody>(running.baseUrl, method, path, {
      token,
      ...(body === undefined ? {} : { body }),
      headers: key === undefined ? {} : { 'idempotency-key': key },
    });
  const enrol = (body: unknown, key?: string, token = clerk) =>
    send<Enrolment>('POST', '/v1/members', body, key, token);
  const membersWithEmail = async (email: string): Promise<number> => {
    const [row] = await dataSource.query<{ count: number }[]>(
      `SELECT count(*)::int AS count FROM members WHERE program_id = $1 AND email = $2`,
      [program.programId, email],
    );
    return row!.count;
  };

  beforeAll(async () => {
    dataSource = await openTestDataSource();
    running = await startApp(createCardIssuanceApp);
    program = await createProgram(dataSource);
    const staff = (role: StaffRole, store: string | null) =>
      signedInStaff(running.baseUrl, dataSource, program.programId, role, store);
    clerk = await staff(StaffRole.Clerk, program.storeIds[0]);
    otherClerk = await staff(StaffRole.Clerk, program.storeIds[0]);
    admin = await staff(StaffRole.Admin, null);
  });

  afterAll(async () => {
    await running?.close();
    await dataSource?.destroy();
  });

  it('answers a retried enrolment with the first answer, and enrols once', async () => {
    const key = randomUUID();
    const body = enrolment();
    const first = await enrol(body, key);
    const retried = await enrol(body, key);

    expect(first.status).toBe(201);
    expect(first.headers.get('idempotent-replayed')).toBeNull();
    expect(retried.status).toBe(201);
    expect(retried.headers.get('idempotent-replayed')).toBe('true');
    expect(retried.body).toEqual(first.body);
    expect(await membersWithEmail(body.email)).toBe(1);
  });

  it('enrols once when the same request arrives many times at once', async () => {
    const key = randomUUID();
    const body = enrolment();
    const answers = await Promise.all(Array.from({ length: 8 }, () => enrol(body, key)));

    expect(answers.map((answer) => answer.status)).toEqual(Array(8).fill(201));
    expect(new Set(answers.map((answer) => answer.body.member.id)).size).toBe(1);
    expect(answers.filter((answer) => answer.headers.get('idempotent-replayed'))).toHaveLength(7);
    expect(await membersWithEmail(body.email)).toBe(1);
  });

  it('refuses the same key with another request, on the same route or another', async () => {
    const key = randomUUID();
    expect((await enrol(enrolment(), key)).status).toBe(201);

    const otherBody = await enrol(enrolment(), key);
    const otherRoute = await send(
      'POST',
      '/v1/stores',
      {
        name: 'Kiosk',
        code: `K${randomUUID().slice(0, 8).toUpperCase()}`,
        timezone: 'Europe/Amsterdam',
      },
      key,
      admin,
    );

    expect(otherBody.status).toBe(422);
    expect(otherBody.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect(otherBody.body).toMatchObject({
      code: 'IDEMPOTENCY_KEY_REUSED',
      errors: [expect.objectContaining({ field: 'Idempotency-Key' })],
    });
    // The admin is another caller, so the key is theirs to use.
    expect(otherRoute.status).toBe(201);
    const reusedOnAnotherRoute = await send(
      'POST',
      `/v1/members/${randomUUID()}/cards`,
      {
        kind: 'virtual',
      },
      key,
    );
    expect(reusedOnAnotherRoute.status).toBe(422);
  });

  it('scopes a key to its caller: another clerk sending it makes a write of their own', async () => {
    const key = randomUUID();
    const body = enrolment();
    expect((await enrol(body, key)).status).toBe(201);

    const fromOtherClerk = await enrol(body, key, otherClerk);

    expect(fromOtherClerk.status).toBe(409);
    expect(fromOtherClerk.headers.get('idempotent-replayed')).toBeNull();
    expect(await membersWithEmail(body.email)).toBe(1);
  });

  it('keeps no key for a refused write, so the corrected retry under it goes through', async () => {
    const taken = enrolment();
    expect((await enrol(taken)).status).toBe(201);
    const key = randomUUID();

    const refused = await enrol(taken, key);
    const corrected = enrolment();
    const retried = await enrol(corrected, key);

    expect(refused.status).toBe(409);
    expect(retried.status).toBe(201);
    expect(retried.headers.get('idempotent-replayed')).toBeNull();
    expect(await membersWithEmail(corrected.email)).toBe(1);
  });

  it('refuses a body nested too deep to fingerprint with a 400, not a 500', async () => {
    const depth = 3_000;
    const nested = `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
    const response = await fetch(`${running.baseUrl}/v1/members`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${clerk}`,
        'content-type': 'application/json',
        'idempotency-key': randomUUID(),
      },
      body: JSON.stringify(enrolment()).replace('"name":', `"name":${nested},"_":`),
    });
    const answer = { status: response.status, body: await response.json() };

    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({ errors: [expect.objectContaining({ field: 'body' })] });
  });

  it('refuses a malformed key with a problem naming the header', async () => {
    for (const key of ['short', 'x'.repeat(201), 'with space inside']) {
      const answer = await enrol(enrolment(), key);
      expect(answer.status).toBe(400);
      expect(answer.body).toMatchObject({
        code: 'IDEMPOTENCY_KEY_REQUIRED',
        errors: [expect.objectContaining({ field: 'Idempotency-Key' })],
      });
    }
  });

  it('commits the key, the enrolment and the answer together or not at all', async () => {
    const key = `crash-${randomUUID()}`;
    const body = enrolment();
    // The database fails the statement that stores the answer, after the member and card were
    // written: the whole request must roll back with it.
    await dataSource.query(`
      CREATE OR REPLACE FUNCTION fail_storing_answer() RETURNS trigger AS $$
      BEGIN
        IF NEW.key LIKE 'crash-%' THEN RAISE EXCEPTION 'storage failed'; END IF;
        RETURN NEW;
      END $$ LANGUAGE plpgsql;
      CREATE TRIGGER fail_storing_answer BEFORE UPDATE ON idempotency_keys
        FOR EACH ROW EXECUTE FUNCTION fail_storing_answer();`);
    try {
      const failed = await enrol(body, key);
      expect(failed.status).toBeGreaterThanOrEqual(500);
      expect(await membersWithEmail(body.email)).toBe(0);
    } finally {
      await dataSource.query(`DROP TRIGGER fail_storing_answer ON idempotency_keys;
        DROP FUNCTION fail_storing_answer();`);
    }

    const retried = await enrol(body, key);

    expect(retried.status).toBe(201);
    expect(retried.headers.get('idempotent-replayed')).toBeNull();
    expect(await membersWithEmail(body.email)).toBe(1);
    const unanswered = (await verifyLedger(dataSource, program.programId)).find((check) =>
      check.rule.includes('idempotency key'),
    );
    expect(unanswered?.violations).toBe(0);
  });

  it('makes every card write exactly-once: issue, block and replace', async () => {
    const enrolled = await enrol(enrolment());
    const memberId = enrolled.body.member.id;
    const cardsPath = `/v1/members/${memberId}/cards`;

    const blockKey = randomUUID();
    const blockPath = `${cardsPath}/${enrolled.body.card.id}/block`;
    const blocked = await send('POST', blockPath, { reason: 'lost' }, blockKey, admin);
    const blockedAgain = await send('POST', blockPath, { reason: 'lost' }, blockKey, admin);
    const issueKey = randomUUID();
    const issue = { kind: 'virtual' };
    const issued = await send<{ id: string }>('POST', cardsPath, issue, issueKey, admin);
    const issuedAgain = await send<{ id: string }>('POST', cardsPath, issue, issueKey, admin);
    const replaceKey = randomUUID();
    const replacePath = `${cardsPath}/${issued.body.id}/replacement`;
    const replacement = { reason: 'damaged', card: { kind: 'virtual' } };
    const replaced = await send<{ id: string }>(
      'POST',
      replacePath,
      replacement,
      replaceKey,
      admin,
    );
    const replacedAgain = await send<{ id: string }>(
      'POST',
      replacePath,
      replacement,
      replaceKey,
      admin,
    );

    expect([issued.status, issuedAgain.status]).toEqual([201, 201]);
    expect(issuedAgain.body.id).toBe(issued.body.id);
    expect([blocked.status, blockedAgain.status]).toEqual([200, 200]);
    expect(blockedAgain.body).toEqual(blocked.body);
    expect([replaced.status, replacedAgain.status]).toEqual([201, 201]);
    expect(replacedAgain.body.id).toBe(replaced.body.id);
    expect(replacedAgain.headers.get('idempotent-replayed')).toBe('true');
    const [cards] = await dataSource.query<{ count: number }[]>(
      `SELECT count(*)::int AS count FROM cards WHERE member_id = $1`,
      [memberId],
    );
    // The enrolment's card, the one issued after it was lost, and the one that replaced that.
    expect(cards!.count).toBe(3);
  });

  it('replays a new till key without its secret, and never stores the secret', async () => {
    const key = randomUUID();
    const request = { storeId: program.storeIds[0], terminalCode: `TILL-${randomUUID()}` };
    const created = await send<{ id: string; apiKey?: string }>(
      'POST',
      '/v1/pos-api-keys',
      request,
      key,
      admin,
    );
    const replayed = await send<{ id: string; apiKey?: string }>(
      'POST',
      '/v1/pos-api-keys',
      request,
      key,
      admin,
    );

    expect(created.status).toBe(201);
    expect(created.body.apiKey).toEqual(expect.any(String));
    expect(replayed.status).toBe(201);
    expect(replayed.headers.get('idempotent-replayed')).toBe('true');
    expect(replayed.body.id).toBe(created.body.id);
    expect(replayed.body).not.toHaveProperty('apiKey');
    const [stored] = await dataSource.query<{ count: number }[]>(
      `SELECT count(*)::int AS count FROM idempotency_keys WHERE response_body::text LIKE $1`,
      [`%${created.body.apiKey!}%`],
    );
    expect(stored!.count).toBe(0);
    const [keys] = await dataSource.query<{ count: number }[]>(
      `SELECT count(*)::int AS count FROM pos_api_keys WHERE terminal_code = $1`,
      [request.terminalCode],
    );
    expect(keys!.count).toBe(1);
  });

  it('creates a staff account once, binding the key to the request but not to the password', async () => {
    const key = randomUUID();
    const account = {
      email: `clerk-${randomUUID()}@example.com`,
      displayName: 'Grace',
      role: 'clerk',
      storeId: program.storeIds[0],
      password: 'correct horse battery staple',
    };
    const created = await send<{ id: string }>('POST', '/v1/staff', account, key, admin);
    const retried = await send<{ id: string }>(
      'POST',
      '/v1/staff',
      { ...account, password: 'another long passphrase' },
      key,
      admin,
    );
    const otherAccount = await send(
      'POST',
      '/v1/staff',
      { ...account, email: `clerk-${randomUUID()}@example.com` },
      key,
      admin,
    );

    expect(created.status).toBe(201);
    expect(retried.status).toBe(201);
    expect(retried.body.id).toBe(created.body.id);
    expect(otherAccount.status).toBe(422);
    const [rows] = await dataSource.query<{ count: number }[]>(
      `SELECT count(*)::int AS count FROM staff_members WHERE email = $1`,
      [account.email],
    );
    expect(rows!.count).toBe(1);
  });

  it('answers a retried erasure as the first, and a write without a key as before', async () => {
    const enrolled = await enrol(enrolment());
    const key = randomUUID();
    const path = `/v1/members/${enrolled.body.member.id}`;

    const erased = await send('DELETE', path, undefined, key, admin);
    const erasedAgain = await send('DELETE', path, undefined, key, admin);
    const withoutKey = enrolment();
    const once = await enrol(withoutKey);
    const twice = await enrol(withoutKey);

    expect(erased.status).toBe(erasedAgain.status);
    expect(erased.status).toBeLessThan(300);
    expect(erasedAgain.headers.get('idempotent-replayed')).toBe('true');
    expect(erasedAgain.body).toEqual(erased.body);
    expect([once.status, twice.status]).toEqual([201, 409]);
  });
});
