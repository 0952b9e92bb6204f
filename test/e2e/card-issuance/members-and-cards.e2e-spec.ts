import { StaffRole } from '@loyalty/domain';
import {
  call,
  createPosApiKey,
  createProgram,
  createStaffAccount,
  openTestDataSource,
  type ProblemBody,
  type ProgramFixture,
  type RunningApp,
  signInStaff,
  startApp,
} from '@loyalty/testing';
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { createCardIssuanceApp } from '../../../apps/card-issuance/src/card-issuance.app';

interface CardBody {
  id: string;
  number: string;
  status: string;
  blockReason: string | null;
  replacedByCardId: string | null;
}
interface Enrolment {
  member: { id: string; email: string | null; phone: string | null; marketingConsentAt: string };
  card: CardBody;
}

const POS_LOOKUPS_PER_MINUTE = 40;

describe('card-issuance: enrolment and the card lifecycle', () => {
  let running: RunningApp;
  let dataSource: DataSource;
  let program: ProgramFixture;
  let clerk: string;
  let manager: string;
  let admin: string;
  let pos: string;
  let campaignId: string;

  const enrolment = (overrides: Record<string, unknown> = {}) => ({
    name: 'Ada Lovelace',
    email: `ada-${randomUUID()}@example.com`,
    acquisitionChannel: 'paid_social',
    acquisitionCampaignId: campaignId,
    marketingConsent: true,
    card: { kind: 'virtual' },
    ...overrides,
  });
  const enrol = (body: unknown, token = clerk) =>
    call<Enrolment & ProblemBody>(running.baseUrl, 'POST', '/v1/members', { token, body });
  const lookUp = (number: string, apiKey = pos) =>
    call<{ cardStatus: string; memberId: string | null } & ProblemBody>(
      running.baseUrl,
      'GET',
      `/v1/cards/${number}`,
      { apiKey },
    );

  beforeAll(async () => {
    dataSource = await openTestDataSource();
    running = await startApp(createCardIssuanceApp, {
      POS_LOOKUPS_PER_MINUTE: String(POS_LOOKUPS_PER_MINUTE),
    });
    program = await createProgram(dataSource, { phoneRegion: 'NL' });
    const staff = async (role: StaffRole, store: string | null) =>
      signInStaff(
        running.baseUrl,
        await createStaffAccount(dataSource, program.programId, role, store),
      );
    clerk = await staff(StaffRole.Clerk, program.storeIds[0]);
    manager = await staff(StaffRole.Manager, program.storeIds[0]);
    admin = await staff(StaffRole.Admin, null);
    pos = (await createPosApiKey(dataSource, program.programId, program.storeIds[0])).apiKey;
    const campaign = await call<{ id: string }>(
      running.baseUrl,
      'POST',
      '/v1/acquisition-campaigns',
      {
        token: admin,
        body: {
          channel: 'paid_social',
          name: 'spring-flyer',
          startsOn: '2000-01-01',
          endsOn: '2999-12-31',
          spendMinor: 35_000,
        },
      },
    );
    campaignId = campaign.body.id;
  });

  afterAll(async () => {
    await running?.close();
    await dataSource?.destroy();
  });

  it('enrols a member with a normalised email and E.164 phone, consent time and a first card', async () => {
    const response = await enrol(
      enrolment({ email: '  Grace.Hopper@Example.COM ', phone: '06 1234 5678' }),
    );

    expect(response.status).toBe(201);
    expect(response.body.member).toMatchObject({
      email: 'grace.hopper@example.com',
      phone: '+31612345678',
      enrolledStoreId: program.storeIds[0],
      acquisitionChannel: 'paid_social',
      acquisitionCampaign: 'spring-flyer',
      acquisitionCampaignId: campaignId,
      acquisitionCost: null,
      marketingConsent: true,
    });
    expect(Date.parse(response.body.member.marketingConsentAt)).not.toBeNaN();
    expect(response.body.card).toMatchObject({ kind: 'virtual', status: 'active' });
    expect(response.body.card.number).toMatch(new RegExp(`^${program.cardPrefix}\\d{13}$`));
    const [events] = await dataSource.query<{ count: number }[]>(
      `SELECT count(*)::int AS count FROM card_events WHERE card_id = $1 AND to_status = 'active'`,
      [response.body.card.id],
    );
    expect(events).toEqual({ count: 1 });
  });

  it('refuses a duplicate email or phone with 409, revealing nothing of the other member', async () => {
    const first = await enrol(enrolment({ phone: '+31 6 2222 3333' }));
    expect(first.status).toBe(201);

    const sameEmail = await enrol(enrolment({ email: first.body.member.email!.toUpperCase() }));
    const samePhone = await enrol(enrolment({ phone: '0622223333' }));

    expect(sameEmail.status).toBe(409);
    expect(sameEmail.body.code).toBe('EMAIL_ALREADY_ENROLLED');
    expect(samePhone.status).toBe(409);
    expect(samePhone.body.code).toBe('PHONE_ALREADY_ENROLLED');
    for (const refusal of [sameEmail, samePhone]) {
      expect(JSON.stringify(refusal.body)).not.toContain(first.body.member.id);
      expect(JSON.stringify(refusal.body)).not.toContain('Ada');
    }
  });

  it('lets exactly one of two simultaneous enrolments of the same email through', async () => {
    const body = enrolment();
    const answers = await Promise.all([enrol(body), enrol(body), enrol(body)]);
    expect(answers.map((answer) => answer.status).sort()).toEqual([201, 409, 409]);
  });

  it.each([
    ['no email or phone', { email: undefined }, 'email'],
    ['an invalid phone', { phone: '12' }, 'phone'],
    ['an unknown channel', { acquisitionChannel: 'billboard' }, 'acquisitionChannel'],
    ['a typed acquisition cost', { acquisitionCostMinor: 350 }, 'acquisitionCostMinor'],
    ['a campaign that is no id', { acquisitionCampaignId: 'spring' }, 'acquisitionCampaignId'],
    ['a campaign of another channel', { acquisitionChannel: 'store' }, 'acquisitionChannel'],
    ['a physical card without number', { card: { kind: 'physical' } }, 'card.number'],
    [
      'a card number with a typo',
      { card: { kind: 'physical', number: '6280001005353834178' } },
      'card.number',
    ],
    ['an unknown field', { tier: 'gold' }, 'tier'],
  ])('refuses %s with 400 problem+json naming the field', async (_, overrides, field) => {
    const response = await enrol(enrolment(overrides));

    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toBe('application/problem+json; charset=utf-8');
    expect(response.body.errors?.map((error) => error.field)).toContain(field);
  });

  it('keeps clerks to their own store', async () => {
    const response = await enrol(enrolment({ storeId: program.storeIds[1] }));
    expect(response.status).toBe(403);
    expect(response.body.code).toBe('STORE_OUT_OF_SCOPE');
    const byAdmin = await enrol(enrolment({ storeId: program.storeIds[1] }), admin);
    expect(byAdmin.status).toBe(201);
  });

  it('takes a card through its whole life; the member keeps their identity throughout', async () => {
    const { member, card } = (await enrol(enrolment())).body;
    expect((await lookUp(card.number)).body).toMatchObject({
      cardStatus: 'active',
      memberId: member.id,
    });

    const second = await call(running.baseUrl, 'POST', `/v1/members/${member.id}/cards`, {
      token: clerk,
      body: { kind: 'virtual' },
    });
    expect(second.status).toBe(409);
    expect(second.body.code).toBe('ACTIVE_CARD_LIMIT_REACHED');

    // A lost or stolen card is the desk's errand: the clerk blocks it (decision 0020); its history
    // stays a manager's read.
    const historyByClerk = await call(
      running.baseUrl,
      'GET',
      `/v1/members/${member.id}/cards/${card.id}/events`,
      { token: clerk },
    );
    expect(historyByClerk.status).toBe(403);

    const blocked = await call<CardBody>(
      running.baseUrl,
      'POST',
      `/v1/members/${member.id}/cards/${card.id}/block`,
      { token: clerk, body: { reason: 'stolen' } },
    );
    expect(blocked.status).toBe(200);
    expect(blocked.body).toMatchObject({ status: 'blocked', blockReason: 'stolen' });
    // A blocked card is answered as blocked, not as missing, and names no member.
    expect((await lookUp(card.number)).body).toMatchObject({
      cardStatus: 'blocked',
      memberId: null,
    });

    const again = await call(
      running.baseUrl,
      'POST',
      `/v1/members/${member.id}/cards/${card.id}/block`,
      { token: manager, body: { reason: 'lost' } },
    );
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('CARD_TRANSITION_NOT_ALLOWED');

    const replacement = await call<{ replaced: CardBody; successor: CardBody }>(
      running.baseUrl,
      'POST',
      `/v1/members/${member.id}/cards/${card.id}/replacement`,
      { token: manager, body: { reason: 'stolen', card: { kind: 'virtual' } } },
    );
    expect(replacement.status).toBe(201);
    const { replaced, successor } = replacement.body;
    expect(replaced).toMatchObject({
      id: card.id,
      status: 'replaced',
      replacedByCardId: successor.id,
    });
    expect(successor).toMatchObject({ status: 'active' });
    expect((await lookUp(successor.number)).body).toMatchObject({ memberId: member.id });
    expect((await lookUp(card.number)).body).toMatchObject({
      cardStatus: 'replaced',
      memberId: null,
    });

    const history = await call<{
      items: {
        fromStatus: string | null;
        toStatus: string;
        reason: string;
        actorKind: string;
        actorId: string;
      }[];
    }>(running.baseUrl, 'GET', `/v1/members/${member.id}/cards/${card.id}/events`, {
      token: manager,
    });
    expect(
      history.body.items.map((event) => [event.fromStatus, event.toStatus, event.actorKind]),
    ).toEqual([
      [null, 'active', 'staff'],
      ['active', 'blocked', 'staff'],
      ['blocked', 'replaced', 'staff'],
    ]);
    expect(history.body.items[1]).toMatchObject({ reason: 'stolen' });
    expect(new Set(history.body.items.map((event) => event.actorId)).size).toBe(2);
  });

  it('allows as many active cards as the program says, and no more', async () => {
    const generous = await createProgram(dataSource, { maxActiveCardsPerMember: 2 });
    const itsClerk = await signInStaff(
      running.baseUrl,
      await createStaffAccount(
        dataSource,
        generous.programId,
        StaffRole.Clerk,
        generous.storeIds[0],
      ),
    );
    const { member } = (await enrol(enrolment({ acquisitionCampaignId: undefined }), itsClerk))
      .body;
    const issue = () =>
      call(running.baseUrl, 'POST', `/v1/members/${member.id}/cards`, {
        token: itsClerk,
        body: { kind: 'virtual' },
      });
    expect((await issue()).status).toBe(201);
    const third = await issue();
    expect(third.status).toBe(409);
    expect(third.body.code).toBe('ACTIVE_CARD_LIMIT_REACHED');
  });

  it('replaces an active, damaged card directly, blocking it first in its history', async () => {
    const { member, card } = (await enrol(enrolment())).body;
    const replacement = await call<{ replaced: CardBody }>(
      running.baseUrl,
      'POST',
      `/v1/members/${member.id}/cards/${card.id}/replacement`,
      { token: manager, body: { reason: 'damaged', card: { kind: 'virtual' } } },
    );
    expect(replacement.status).toBe(201);
    expect(replacement.body.replaced).toMatchObject({ status: 'replaced', blockReason: 'damaged' });
  });

  it('puts pre-printed cards in stock and activates one at the till, once', async () => {
    const batch = await call<{ id: string; quantity: number }>(
      running.baseUrl,
      'POST',
      '/v1/card-batches',
      { token: admin, body: { label: 'test print run', quantity: 25 } },
    );
    expect(batch.status).toBe(201);
    expect(batch.body.quantity).toBe(25);
    const stock = await call<{ cards: { number: string; status: string }[] }>(
      running.baseUrl,
      'GET',
      `/v1/card-batches/${batch.body.id}/cards`,
      { token: admin },
    );
    expect(stock.body.cards).toHaveLength(25);
    const [printed] = stock.body.cards;
    expect((await lookUp(printed!.number)).body).toMatchObject({
      cardStatus: 'issued',
      memberId: null,
    });

    const enrolled = await enrol(
      enrolment({ card: { kind: 'physical', number: printed!.number } }),
    );
    expect(enrolled.status).toBe(201);
    expect(enrolled.body.card).toMatchObject({
      number: printed!.number,
      kind: 'physical',
      status: 'active',
    });
    expect((await lookUp(printed!.number)).body).toMatchObject({
      memberId: enrolled.body.member.id,
    });

    // The batch list counts what is left: one card of 25 is now a member's.
    const batches = await call<{ items: { id: string; quantity: number; inStock: number }[] }>(
      running.baseUrl,
      'GET',
      '/v1/card-batches',
      { token: admin },
    );
    expect(batches.body.items.find((listed) => listed.id === batch.body.id)).toMatchObject({
      quantity: 25,
      inStock: 24,
    });

    const refusedBody = enrolment({ card: { kind: 'physical', number: printed!.number } });
    const twice = await enrol(refusedBody);
    expect(twice.status).toBe(409);
    expect(twice.body.code).toBe('CARD_NOT_IN_STOCK');
    // The refused enrolment left no member behind: member and card are one transaction.
    const [left] = await dataSource.query<{ count: number }[]>(
      `SELECT count(*)::int AS count FROM members WHERE email = $1`,
      [refusedBody.email],
    );
    expect(left).toEqual({ count: 0 });
  });

  it('draws a member’s card as the till scans it for the desk, and no other member’s', async () => {
    const { member, card } = (await enrol(enrolment())).body;
    const barcode = await fetch(
      `${running.baseUrl}/v1/members/${member.id}/cards/${card.id}/barcode.svg`,
      { headers: { authorization: `Bearer ${clerk}` } },
    );
    expect(barcode.status).toBe(200);
    expect(barcode.headers.get('content-type')).toMatch(/^image\/svg\+xml/);
    expect(barcode.headers.get('cache-control')).toBe('private, no-store');
    expect(await barcode.text()).toContain('<svg');
    const other = (await enrol(enrolment())).body;
    const crossed = await fetch(
      `${running.baseUrl}/v1/members/${other.member.id}/cards/${card.id}/barcode.svg`,
      { headers: { authorization: `Bearer ${clerk}` } },
    );
    expect(crossed.status).toBe(404);
  });

  it('refuses an imported batch with a foreign or mistyped number, and a reused number', async () => {
    const foreign = await call(running.baseUrl, 'POST', '/v1/card-batches', {
      token: admin,
      body: { label: 'import', numbers: ['6280001005353834179'] },
    });
    expect(foreign.status).toBe(400);
    expect(foreign.body).toMatchObject({ code: 'CARD_BATCH_NUMBER_INVALID' });

    const { card } = (await enrol(enrolment())).body;
    const reused = await call(running.baseUrl, 'POST', '/v1/card-batches', {
      token: admin,
      body: { label: 'import', numbers: [card.number] },
    });
    expect(reused.status).toBe(409);
    expect(reused.body).toMatchObject({ code: 'CARD_NUMBER_TAKEN' });
  });

  it('keeps the card audit trail append-only in the database', async () => {
    await expect(dataSource.query(`UPDATE card_events SET reason = 'edited'`)).rejects.toThrow(
      'card_events is append-only',
    );
    await expect(dataSource.query(`DELETE FROM card_events`)).rejects.toThrow(
      'card_events is append-only',
    );
  });

  it('refuses a malformed card number at the till with 400, before looking it up', async () => {
    const response = await lookUp('6280001005353834178');
    expect(response.status).toBe(400);
    expect(response.body.errors).toEqual([
      {
        field: 'number',
        location: 'path',
        detail: 'number must be a 19-digit card number with a valid check digit',
      },
    ]);
  });

  it('refuses a revoked POS key from its next request', async () => {
    const key = await createPosApiKey(dataSource, program.programId, program.storeIds[0]);
    const { card } = (await enrol(enrolment())).body;
    expect((await lookUp(card.number, key.apiKey)).status).toBe(200);

    const revoked = await call(running.baseUrl, 'DELETE', `/v1/pos-api-keys/${key.id}`, {
      token: admin,
    });
    expect(revoked.status).toBe(200);
    expect(revoked.body.revokedAt).toEqual(expect.any(String));
    expect((await lookUp(card.number, key.apiKey)).status).toBe(401);
  });

  it('rate-limits look-ups per key, answering 429 with Retry-After, and other keys go on', async () => {
    const key = await createPosApiKey(dataSource, program.programId, program.storeIds[0]);
    const other = await createPosApiKey(dataSource, program.programId, program.storeIds[0]);
    const { card } = (await enrol(enrolment())).body;
    const statuses: number[] = [];
    let limited: Awaited<ReturnType<typeof lookUp>> | undefined;
    for (let attempt = 0; attempt <= POS_LOOKUPS_PER_MINUTE; attempt += 1) {
      const response = await lookUp(card.number, key.apiKey);
      statuses.push(response.status);
      limited = response;
    }
    expect(statuses.filter((status) => status === 200)).toHaveLength(POS_LOOKUPS_PER_MINUTE);
    expect(limited?.status).toBe(429);
    expect(limited?.body.code).toBe('TOO_MANY_REQUESTS');
    expect(Number(limited?.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await lookUp(card.number, other.apiKey)).status).toBe(200);
  });
});
