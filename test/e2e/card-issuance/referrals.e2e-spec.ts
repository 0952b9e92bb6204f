import { loadLoyaltyConfig } from '@loyalty/config';
import {
  brokenLedgerRules,
  call,
  enrolMember,
  type EnrolledMember,
  type LedgerWorld,
  ledgerWrite,
  MaintenanceJobs,
  memberBalance,
  memberToken,
  purchaseOf,
  type RunningApp,
  startApp,
} from '@loyalty/testing';
import { randomUUID } from 'node:crypto';
import { createValueScoringWorkerApp } from '../../../apps/value-scoring-worker/src/value-scoring-worker.app';
import { startWorld } from '../points-ledger/ledger-world';

interface Referrals {
  code: string;
  shareText: string;
  referrals: { status: string; refusalReason: string | null; refereeEmail: string | null }[];
}

interface Problem {
  code: string;
  refusals?: string[];
  errors?: { field: string }[];
}

describe('card-issuance: referrals', () => {
  let world: LedgerWorld;
  let worker: RunningApp;
  let jobs: MaintenanceJobs;

  beforeAll(async () => {
    world = await startWorld();
    const policy = await call(world.ledger.baseUrl, 'PATCH', '/v1/program', {
      token: world.admin,
      body: {
        referralPolicy: {
          referrerPoints: 200,
          refereePoints: 100,
          minPurchaseMinor: 1_500,
          capPerReferrer: 3,
          capPeriod: 'month',
        },
      },
    });
    expect(policy.status).toBe(200);
    worker = await startApp(createValueScoringWorkerApp);
    jobs = await MaintenanceJobs.open(loadLoyaltyConfig().redis);
  });

  afterAll(async () => {
    await jobs?.close();
    await worker?.close();
    await world?.close();
  });

  const enrolWith = (email: string, referralCode: string) =>
    call<{ member: { id: string }; card: { number: string } } & Problem>(
      world.cardIssuance.baseUrl,
      'POST',
      '/v1/members',
      {
        token: world.clerk,
        body: {
          email,
          acquisitionChannel: 'referral',
          marketingConsent: false,
          card: { kind: 'virtual' },
          referralCode,
        },
      },
    );
  const referralsOf = async (member: EnrolledMember) =>
    (
      await call<Referrals>(world.cardIssuance.baseUrl, 'GET', '/v1/me/referral', {
        token: await memberToken(world, member),
      })
    ).body;
  const settle = () =>
    jobs.run<{ rewarded: number; refused: number; membersPaid: number }>('settle-referrals', {
      programId: world.program.programId,
    });
  /** As if the purchase's return window had passed: its lot becomes spendable now. */
  const pastReturnWindow = (purchaseId: string) =>
    world.dataSource.query(
      `UPDATE lots SET available_from = now() - interval '1 second'
        WHERE credited_by_transaction_id = (SELECT earn_transaction_id FROM purchases WHERE id = $1)`,
      [purchaseId],
    );
  const buy = async (member: EnrolledMember, amountMinor: number) => {
    const bought = await ledgerWrite<{ purchaseId: string }>(world, '/v1/purchases', {
      body: purchaseOf(member, amountMinor, { occurredAt: new Date().toISOString() }),
    });
    expect(bought.status).toBe(201);
    return bought.body.purchaseId;
  };

  it('rewards both sides once, after the first qualifying purchase passes its return window', async () => {
    const referrer = await enrolMember(world);
    const mine = await referralsOf(referrer);
    expect(mine.code).toMatch(/^[0-9A-HJKMNP-TV-Z]{8}$/);
    expect(mine.shareText).toContain(mine.code);
    expect(mine.referrals).toEqual([]);
    expect((await referralsOf(referrer)).code).toBe(mine.code);

    // The code is read however it is typed.
    const typed = `${mine.code.slice(0, 4).toLowerCase()}-${mine.code.slice(4)}`;
    const friendEmail = `friend-${randomUUID()}@example.com`;
    const enrolled = await enrolWith(friendEmail, typed);
    expect(enrolled.status).toBe(201);
    const friend = {
      memberId: enrolled.body.member.id,
      cardNumber: enrolled.body.card.number,
      email: friendEmail,
    };
    const referrerBefore = (await memberBalance(world, referrer.memberId)).available;

    await buy(friend, 1_000); // below the program's qualifying minimum
    const qualifying = await buy(friend, 2_000);
    expect(await settle()).toMatchObject({ rewarded: 0, refused: 0 });
    expect((await referralsOf(referrer)).referrals[0]).toMatchObject({ status: 'pending' });

    await pastReturnWindow(qualifying);
    expect(await settle()).toMatchObject({ rewarded: 1, membersPaid: 2 });
    expect(await settle()).toMatchObject({ rewarded: 0, membersPaid: 0 });
    expect((await memberBalance(world, referrer.memberId)).available).toBe(referrerBefore + 200);
    expect((await memberBalance(world, friend.memberId)).available).toBe(100 + 20);
    const grants = await world.dataSource.query<{ grant_key: string; paid: boolean }[]>(
      `SELECT grant_key, paid_at IS NOT NULL AS paid FROM reward_grants
        WHERE kind = 'referral' AND member_id = ANY($1::uuid[]) ORDER BY grant_key`,
      [[referrer.memberId, friend.memberId]],
    );
    expect(grants.map((grant) => [grant.grant_key.split(':').at(-1), grant.paid])).toEqual([
      ['referee', true],
      ['referrer', true],
    ]);
    const told = await world.dataSource.query<{ type: string }[]>(
      `SELECT type FROM outbox_events WHERE member_id = $1 AND type LIKE 'referral.%'`,
      [referrer.memberId],
    );
    expect(told.map((event) => event.type)).toEqual(['referral.rewarded']);
    expect((await referralsOf(referrer)).referrals[0]).toMatchObject({
      status: 'rewarded',
      refereeEmail: `f***@example.com`,
    });
    const exported = await call<{ referrals: { role: string; status: string }[] }>(
      world.cardIssuance.baseUrl,
      'GET',
      '/v1/me/export',
      { token: await memberToken(world, friend) },
    );
    expect(exported.body.referrals).toEqual([
      expect.objectContaining({ role: 'referee', status: 'rewarded' }),
    ]);
    expect(await brokenLedgerRules(world)).toEqual([]);
  });

  it('refuses a self-referral under another address, an unknown code and a referrer over the cap', async () => {
    const address = `ada.lovelace.${randomUUID().slice(0, 6)}@gmail.com`;
    const referrer = await (async () => {
      const enrolled = await call<{ member: { id: string }; card: { number: string } }>(
        world.cardIssuance.baseUrl,
        'POST',
        '/v1/members',
        {
          token: world.clerk,
          body: {
            email: address,
            acquisitionChannel: 'store',
            marketingConsent: false,
            card: { kind: 'virtual' },
          },
        },
      );
      return {
        memberId: enrolled.body.member.id,
        cardNumber: enrolled.body.card.number,
        email: address,
      };
    })();
    const { code } = await referralsOf(referrer);
    const alias = `${address.split('@')[0]!.replaceAll('.', '')}+shop@googlemail.com`;
    const self = await enrolWith(alias, code);
    expect(self).toMatchObject({
      status: 422,
      body: { code: 'REFERRAL_NOT_ALLOWED', refusals: ['self_referral'] },
    });
    const unknown = await enrolWith(`x-${randomUUID()}@example.com`, 'ZZZZZZZZ');
    expect(unknown).toMatchObject({ status: 422, body: { code: 'REFERRAL_CODE_UNKNOWN' } });
    // Nothing was enrolled by a refused referral.
    const [enrolledAlias] = await world.dataSource.query<{ count: number }[]>(
      `SELECT count(*)::int AS count FROM members WHERE email = $1`,
      [alias.toLowerCase()],
    );
    expect(enrolledAlias!.count).toBe(0);

    const friends = await Promise.all(
      Array.from({ length: 5 }, () => enrolWith(`f-${randomUUID()}@example.com`, code)),
    );
    expect(friends.map((friend) => friend.status).sort()).toEqual([201, 201, 201, 422, 422]);
    expect(friends.find((friend) => friend.status === 422)?.body.refusals).toEqual([
      'referrer_cap',
    ]);
  });

  it('refuses the referral when the first qualifying purchase is refunded', async () => {
    const referrer = await enrolMember(world);
    const { code } = await referralsOf(referrer);
    const email = `refunded-${randomUUID()}@example.com`;
    const enrolled = await enrolWith(email, code);
    const friend = {
      memberId: enrolled.body.member.id,
      cardNumber: enrolled.body.card.number,
      email,
    };
    const sale = purchaseOf(friend, 3_000, { occurredAt: new Date().toISOString() });
    expect((await ledgerWrite(world, '/v1/purchases', { body: sale })).status).toBe(201);
    expect(
      (
        await ledgerWrite(world, '/v1/refunds', {
          body: { receiptId: sale.receiptId, amountMinor: 3_000 },
        })
      ).status,
    ).toBe(201);
    expect(await settle()).toMatchObject({ refused: 1 });
    expect((await referralsOf(referrer)).referrals[0]).toMatchObject({
      status: 'refused',
      refusalReason: 'first_purchase_refunded',
    });
    expect((await memberBalance(world, friend.memberId)).available).toBe(0);
  });

  it('pays a bonus granted by a run that stopped before paying it, once', async () => {
    const member = await enrolMember(world);
    await world.dataSource.query(
      `INSERT INTO reward_grants (id, program_id, member_id, kind, grant_key, points, reason)
       VALUES ($1, $2, $3, 'referral', $4, 150, 'a stopped run')`,
      [randomUUID(), world.program.programId, member.memberId, `referral:${randomUUID()}:referee`],
    );
    expect(await settle()).toMatchObject({ membersPaid: 1 });
    expect(await settle()).toMatchObject({ membersPaid: 0 });
    expect((await memberBalance(world, member.memberId)).available).toBe(150);
  });

  it('tells marketing how referrals convert, and the referred members’ CLV against others’', async () => {
    const insight = await call<{
      referrals: {
        referrals: number;
        rewarded: number;
        refused: number;
        conversionRate: number;
        referred: { scored: number };
      };
    }>(world.ledger.baseUrl, 'GET', '/v1/insights/rewards', { token: world.admin });
    expect(insight.status).toBe(200);
    const [counted] = await world.dataSource.query<
      { referrals: number; rewarded: number; refused: number }[]
    >(
      `SELECT count(*)::int AS referrals,
              count(*) FILTER (WHERE status = 'rewarded')::int AS rewarded,
              count(*) FILTER (WHERE status = 'refused')::int AS refused
         FROM referrals WHERE program_id = $1`,
      [world.program.programId],
    );
    expect(counted!.rewarded).toBeGreaterThan(0);
    expect(counted!.refused).toBeGreaterThan(0);
    expect(insight.body.referrals).toMatchObject({
      ...counted,
      conversionRate: counted!.rewarded / (counted!.rewarded + counted!.refused),
    });
  });
});
