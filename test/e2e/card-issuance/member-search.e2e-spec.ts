import { StaffRole } from '@loyalty/domain';
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
import { randomBytes } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { createCardIssuanceApp } from '../../../apps/card-issuance/src/card-issuance.app';

interface MemberBody {
  id: string;
  name: string | null;
  email: string | null;
  phone: string | null;
}
interface MemberPage {
  items: MemberBody[];
  nextCursor: string | null;
}

describe('card-issuance: the desk finds members', () => {
  let running: RunningApp;
  let dataSource: DataSource;
  let program: ProgramFixture;
  let clerk: string;
  let admin: string;
  const enrolled: Record<string, { id: string; card: string }> = {};

  /** A Dutch mobile number of its own: 06 1 and seven digits. */
  const dutchMobile = () =>
    `06 1${String(randomBytes(4).readUInt32BE() % 10_000_000).padStart(7, '0')}`;

  const enrol = async (name: string, fields: Record<string, unknown> = {}, token = clerk) => {
    const answer = await call<{ member: MemberBody; card: { number: string } } & ProblemBody>(
      running.baseUrl,
      'POST',
      '/v1/members',
      {
        token,
        headers: { 'idempotency-key': randomBytes(8).toString('hex') },
        body: {
          name,
          email: `${randomBytes(6).toString('hex')}@example.com`,
          acquisitionChannel: 'store',
          marketingConsent: false,
          card: { kind: 'virtual' },
          ...fields,
        },
      },
    );
    expect(answer.status).toBe(201);
    enrolled[name] = { id: answer.body.member.id, card: answer.body.card.number };
    return answer.body;
  };
  const find = (query: string, token = clerk) =>
    call<MemberPage & ProblemBody>(running.baseUrl, 'GET', `/v1/members?${query}`, { token });
  const namesFound = async (query: string) =>
    (await find(query)).body.items.map((member) => member.name).sort();

  beforeAll(async () => {
    running = await startApp(createCardIssuanceApp);
    dataSource = await openTestDataSource();
    program = await createProgram(dataSource);
    clerk = await signedInStaff(
      running.baseUrl,
      dataSource,
      program.programId,
      StaffRole.Clerk,
      program.storeIds[0],
    );
    admin = await signedInStaff(
      running.baseUrl,
      dataSource,
      program.programId,
      StaffRole.Admin,
      null,
    );
    await enrol('Zoë Ødegård');
    await enrol('Ada Lovelace');
    await enrol('Adam Smith', { storeId: program.storeIds[1] }, admin);
    await enrol('Grace Hopper');
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await running?.close();
  });

  it('finds a name by the start of any word, whatever the case or accents', async () => {
    expect(await namesFound('q=ODEG')).toEqual(['Zoë Ødegård']);
    expect(await namesFound(`q=${encodeURIComponent('zoe')}`)).toEqual(['Zoë Ødegård']);
    expect(await namesFound(`q=${encodeURIComponent('ødé')}`)).toEqual(['Zoë Ødegård']);
    expect(await namesFound('q=ada')).toEqual(['Ada Lovelace', 'Adam Smith']);
    expect(await namesFound(`name=${encodeURIComponent('ada lov')}`)).toEqual(['Ada Lovelace']);
    expect(await namesFound('q=love')).toEqual(['Ada Lovelace']);
    // Inside a word is not the start of one.
    expect(await namesFound('q=velace')).toEqual([]);
  });

  it('finds a phone typed as a Dutch clerk types it, or in international form', async () => {
    const phone = dutchMobile();
    const member = await enrol('Phone Person', { phone });
    expect(member.member.phone).toBe(`+31${phone.replaceAll(' ', '').slice(1)}`);
    for (const typed of [phone, phone.replaceAll(' ', ''), member.member.phone!]) {
      expect((await find(`q=${encodeURIComponent(typed)}`)).body.items.map((m) => m.id)).toEqual([
        member.member.id,
      ]);
      expect((await find(`phone=${encodeURIComponent(typed)}`)).body.items).toHaveLength(1);
    }
  });

  it('finds a member by card number and by email, in any case', async () => {
    const grace = enrolled['Grace Hopper']!;
    const spaced = grace.card.replace(/(\d{4})(?=\d)/g, '$1 ');
    expect((await find(`q=${encodeURIComponent(spaced)}`)).body.items.map((m) => m.id)).toEqual([
      grace.id,
    ]);
    expect((await find(`cardNumber=${grace.card}`)).body.items.map((m) => m.id)).toEqual([
      grace.id,
    ]);
    const [row] = await dataSource.query<{ email: string }[]>(
      `SELECT email FROM members WHERE id = $1`,
      [grace.id],
    );
    const shouted = encodeURIComponent(row!.email.toUpperCase());
    expect((await find(`q=${shouted}`)).body.items.map((m) => m.id)).toEqual([grace.id]);
    expect((await find(`email=${shouted}`)).body.items.map((m) => m.id)).toEqual([grace.id]);
  });

  it('lists the program newest first, filtered, a page at a time, each member once', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { body: MemberPage } = await find(
        `limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      );
      expect(page.body.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.body.items.map((member) => member.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    const [{ count } = { count: 0 }] = await dataSource.query<{ count: number }[]>(
      `SELECT count(*)::int AS count FROM members WHERE program_id = $1`,
      [program.programId],
    );
    expect(new Set(seen).size).toBe(count);
    expect(seen).toHaveLength(count);
    const enrolledAt = await dataSource.query<{ id: string }[]>(
      `SELECT id FROM members WHERE program_id = $1 ORDER BY enrolled_at DESC, id DESC`,
      [program.programId],
    );
    expect(seen).toEqual(enrolledAt.map((row) => row.id));

    expect(await namesFound(`storeId=${program.storeIds[1]}`)).toEqual(['Adam Smith']);
    expect(await namesFound(`q=ada&storeId=${program.storeIds[0]}`)).toEqual(['Ada Lovelace']);
    await dataSource.query(`UPDATE members SET tier = 'gold' WHERE id = $1`, [
      enrolled['Grace Hopper']!.id,
    ]);
    expect(await namesFound('tier=gold')).toEqual(['Grace Hopper']);
    const future = new Date(Date.now() + 60_000).toISOString();
    expect(await namesFound(`enrolledFrom=${encodeURIComponent(future)}`)).toEqual([]);
    expect((await find(`enrolledBefore=${encodeURIComponent(future)}`)).body.items.length).toBe(
      Math.min(count, 25),
    );
  });

  it('never finds an erased member, by anything they were', async () => {
    const gone = await enrol('Erased Person', { phone: dutchMobile() });
    const erased = await call(running.baseUrl, 'DELETE', `/v1/members/${gone.member.id}`, {
      token: admin,
      headers: { 'idempotency-key': randomBytes(8).toString('hex') },
    });
    expect(erased.status).toBe(200);
    expect(await namesFound('q=erased')).toEqual([]);
    expect((await find(`cardNumber=${enrolled['Erased Person']!.card}`)).body.items).toEqual([]);
    const [row] = await dataSource.query<{ search_name: string | null }[]>(
      `SELECT search_name FROM members WHERE id = $1`,
      [gone.member.id],
    );
    expect(row?.search_name).toBeNull();
  });

  it('refuses malformed fields and cursors by name, and matches nothing for the unmatchable', async () => {
    for (const [query, field] of [
      ['cursor=bm90LWEtY3Vyc29y', 'cursor'],
      ['limit=0', 'limit'],
      ['cardNumber=123', 'cardNumber'],
      ['enrolledFrom=yesterday', 'enrolledFrom'],
      ['storeId=not-a-store', 'storeId'],
      ['nickname=ada', 'nickname'],
    ] as const) {
      const answer = await find(query);
      expect(answer.status).toBe(400);
      expect(answer.body.errors?.map((error) => error.field) ?? [answer.body.code]).toContain(
        field,
      );
    }
    // LIKE's wildcards are no wildcards here, and a number no phone can have finds nobody.
    for (const query of [
      `q=${encodeURIComponent('%_!')}`,
      `q=${encodeURIComponent('%')}`,
      'phone=123',
    ]) {
      expect((await find(query)).body).toEqual({ items: [], nextCursor: null });
    }
  });
});
