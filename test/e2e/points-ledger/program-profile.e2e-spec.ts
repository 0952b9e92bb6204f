import {
  call,
  enrolMember,
  type LedgerWorld,
  memberToken,
  STANDARD_EARNING_RULES,
} from '@loyalty/testing';
import { randomUUID } from 'node:crypto';
import { startWorld } from './ledger-world';

const POLICY = {
  tierBasis: 'clv',
  tiers: [
    { name: 'member', earningMultiplierBp: 10_000, upgradeRewardPoints: 0 },
    { name: 'gold', minClvMinor: 50_000, earningMultiplierBp: 15_000, upgradeRewardPoints: 500 },
  ],
  downgradeGraceDays: 30,
  horizonMonths: 12,
  annualDiscountRate: 0.1,
  margin: 0.3,
  costToServePerPurchaseMinor: 0,
  minHistoryDays: 30,
  winBack: null,
};

describe('points-ledger: the program profile', () => {
  let world: LedgerWorld;

  beforeAll(async () => {
    world = await startWorld();
    const published = await call(world.ledger.baseUrl, 'POST', '/v1/value-policies', {
      token: world.admin,
      body: POLICY,
    });
    expect(published.status).toBe(201);
  });

  afterAll(async () => {
    await world?.close();
  });

  const profileAs = (credentials: { token?: string; headers?: Record<string, string> }) =>
    call<Record<string, unknown>>(world.ledger.baseUrl, 'GET', '/v1/program', credentials);

  it('answers tills, members and staff alike with what they need to explain earning', async () => {
    const member = await enrolMember(world);
    const asTill = await profileAs({ headers: { 'x-api-key': world.posApiKey } });
    const asMember = await profileAs({ token: await memberToken(world, member) });
    const asClerk = await profileAs({ token: world.clerk });
    expect([asTill.status, asMember.status, asClerk.status]).toEqual([200, 200, 200]);
    expect(asMember.body).toEqual(asTill.body);
    expect(asClerk.body).toEqual(asTill.body);

    const rules = await call<{ items: { version: number; rules: unknown }[] }>(
      world.ledger.baseUrl,
      'GET',
      '/v1/earning-rules',
      { token: world.admin },
    );
    const inForce = rules.body.items.reduce((a, b) => (a.version > b.version ? a : b));
    expect(asTill.body).toMatchObject({
      id: world.program.programId,
      currency: 'EUR',
      country: 'NL',
      timeZone: 'Europe/Amsterdam',
      returnWindowDays: STANDARD_EARNING_RULES.pendingDays,
      // The test program's: a ten-year offline window, the default largest purchase.
      offlineWindowDays: 3650,
      maxPurchaseMinor: 5_000_000,
      expiry: STANDARD_EARNING_RULES.expiry,
      tierBasis: 'clv',
      tiers: POLICY.tiers,
      earningRules: { version: inForce.version, rules: inForce.rules },
    });
  });

  it('lets an admin set the country national phone numbers are read in, and nothing else', async () => {
    const enrolByPhone = (phone: string) =>
      call(world.cardIssuance.baseUrl, 'POST', '/v1/members', {
        token: world.clerk,
        body: {
          phone,
          acquisitionChannel: 'store',
          marketingConsent: false,
          card: { kind: 'virtual' },
        },
      });
    const change = (body: unknown, token = world.admin) =>
      call<Record<string, unknown>>(world.ledger.baseUrl, 'PATCH', '/v1/program', { token, body });

    expect((await change({ country: null })).body).toMatchObject({ country: null });
    expect((await enrolByPhone('06 17540594')).status).toBe(400);

    const set = await change({ country: 'nl', name: `Coffee Club ${randomUUID().slice(0, 4)}` });
    expect(set.status).toBe(200);
    expect(set.body).toMatchObject({ country: 'NL', currency: 'EUR' });
    expect((await profileAs({ token: world.clerk })).body).toMatchObject({
      country: 'NL',
      name: set.body.name,
    });
    expect((await enrolByPhone('06 17540594')).status).toBe(201);

    expect((await change({ country: 'XX' })).status).toBe(400);
    expect((await change({ timeZone: 'Mars/Olympus' })).status).toBe(400);
    expect((await change({ currency: 'USD' })).status).toBe(400);
    expect((await change({ country: 'BE' }, world.manager)).status).toBe(403);
    expect((await profileAs({ token: world.clerk })).body).toMatchObject({ country: 'NL' });
  });
});
