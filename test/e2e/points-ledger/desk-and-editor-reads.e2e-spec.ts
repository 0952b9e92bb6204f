import {
  call,
  daysAgo,
  enrolMember,
  IMMEDIATE_EARNING_RULES,
  type LedgerWorld,
  ledgerWrite,
} from '@loyalty/testing';
import { randomUUID } from 'node:crypto';
import { startWorld } from './ledger-world';

/** What the console's desk and editors read beyond the tills' and the app's routes. */
describe('reads for the desk and the rule editors', () => {
  let world: LedgerWorld;

  beforeAll(async () => {
    world = await startWorld();
  });

  afterAll(async () => {
    await world?.close();
  });

  it('lists a member’s open points by expiry date, pending apart, never an expired lot', async () => {
    const member = await enrolMember(world);
    const buy = (amountMinor: number, occurredAt: string) =>
      ledgerWrite(world, '/v1/purchases', {
        body: {
          cardNumber: member.cardNumber,
          receiptId: `R-${randomUUID()}`,
          amountMinor,
          currency: 'EUR',
          occurredAt,
        },
      });
    // 400 days ago: expired (12 months after earning); 40 days ago: spendable; now: pending.
    expect((await buy(5_000, daysAgo(400))).status).toBe(201);
    expect((await buy(2_000, daysAgo(40))).status).toBe(201);
    expect((await buy(3_000, new Date().toISOString())).status).toBe(201);
    const lots = await call<{
      items: {
        expiresAt: string;
        availablePoints: number;
        pendingPoints: number;
        pendingUntil: string | null;
      }[];
    }>(world.ledger.baseUrl, 'GET', `/v1/members/${member.memberId}/lots`, {
      token: world.clerk,
    });
    expect(lots.status).toBe(200);
    expect(
      lots.body.items.map((lot) => [lot.availablePoints, lot.pendingPoints, !!lot.pendingUntil]),
    ).toEqual([
      [20, 0, false],
      [0, 30, true],
    ]);
    expect(Date.parse(lots.body.items[0]!.expiresAt)).toBeLessThan(
      Date.parse(lots.body.items[1]!.expiresAt),
    );
    const balance = await call<{ available: number; pending: number }>(
      world.ledger.baseUrl,
      'GET',
      `/v1/members/${member.memberId}/balance`,
      { token: world.clerk },
    );
    expect(balance.body).toMatchObject({ available: 20, pending: 30 });
    const unknown = await call(world.ledger.baseUrl, 'GET', `/v1/members/${randomUUID()}/lots`, {
      token: world.clerk,
    });
    expect(unknown.status).toBe(404);
  });

  it('prices a sample basket under draft rules beside the rules in force, writing nothing', async () => {
    const draft = { ...IMMEDIATE_EARNING_RULES, basePoints: 3, effectiveFrom: undefined };
    const priced = await call<{
      draft: { points: number; breakdown: { rule: string; points: number }[] };
      inForce: { points: number } | null;
    }>(world.ledger.baseUrl, 'POST', '/v1/earning-rules/preview', {
      token: world.admin,
      body: {
        rules: draft,
        basket: {
          amountMinor: 4_250,
          lines: [
            { sku: 'SKU-1', category: 'coffee', amountMinor: 4_000, quantity: 2 },
            { sku: 'SKU-2', category: 'tobacco', amountMinor: 250, quantity: 1 },
          ],
        },
      },
    });
    expect(priced.status).toBe(200);
    // 42.50 at 3 points per euro, rounded down: 127; in force, 1 point per euro: 42.
    expect(priced.body.draft).toEqual({
      points: 127,
      breakdown: [{ rule: 'base', points: 127, detail: null }],
    });
    expect(priced.body.inForce).toMatchObject({ points: 42 });
    const versions = await call<{ items: unknown[] }>(
      world.ledger.baseUrl,
      'GET',
      '/v1/earning-rules',
      { token: world.admin },
    );
    expect(versions.body.items).toHaveLength(2);

    const refused = await call<{ errors: { field: string }[] }>(
      world.ledger.baseUrl,
      'POST',
      '/v1/earning-rules/preview',
      {
        token: world.admin,
        body: { rules: { ...draft, perMinorUnits: 0 }, basket: { amountMinor: -1 } },
      },
    );
    expect(refused.status).toBe(400);
    expect(refused.body.errors.map((error) => error.field).sort()).toEqual([
      'basket.amountMinor',
      'rules.perMinorUnits',
    ]);
    for (const body of [{}, { rules: draft }, { basket: { amountMinor: 1 } }]) {
      const missing = await call<{ errors: { field: string }[] }>(
        world.ledger.baseUrl,
        'POST',
        '/v1/earning-rules/preview',
        { token: world.admin, body },
      );
      expect(missing.status).toBe(400);
      expect(missing.body.errors.length).toBeGreaterThan(0);
    }
    const clerk = await call(world.ledger.baseUrl, 'POST', '/v1/earning-rules/preview', {
      token: world.clerk,
      body: { rules: draft, basket: { amountMinor: 100 } },
    });
    expect(clerk.status).toBe(403);
  });

  it('keeps the program’s language, which an admin sets and the console starts in', async () => {
    const before = await call<{ locale: string }>(world.ledger.baseUrl, 'GET', '/v1/program', {
      token: world.clerk,
    });
    expect(before.body.locale).toBe('en');
    const set = await call<{ locale: string }>(world.ledger.baseUrl, 'PATCH', '/v1/program', {
      token: world.admin,
      body: { locale: 'fr-BE' },
    });
    expect(set).toMatchObject({ status: 200, body: { locale: 'fr-BE' } });
    for (const locale of ['french', 'FR', 'fr_BE', '']) {
      const refused = await call<{ errors: { field: string }[] }>(
        world.ledger.baseUrl,
        'PATCH',
        '/v1/program',
        { token: world.admin, body: { locale } },
      );
      expect([locale, refused.status, refused.body.errors?.[0]?.field]).toEqual([
        locale,
        400,
        'locale',
      ]);
    }
    const manager = await call(world.ledger.baseUrl, 'PATCH', '/v1/program', {
      token: world.manager,
      body: { locale: 'en' },
    });
    expect(manager.status).toBe(403);
  });
});
