import { cardIssuanceClient, ledgerClient } from '@loyalty/api-client';
import { StaffRole } from '@loyalty/domain';
import {
  createStaffAccount,
  daysAgo,
  enrolMember,
  type LedgerWorld,
  memberToken,
  signInStaff,
} from '@loyalty/testing';
import { randomUUID } from 'node:crypto';
import { startWorld } from './points-ledger/ledger-world';

const key = () => ({ 'Idempotency-Key': randomUUID() });

/**
 * One journey per kind of caller, written only against the typed client generated from the
 * OpenAPI documents (libs/api-client): if a route, a field or an answer were missing from the
 * documents, these would not compile or would fail.
 */
describe('journeys through the generated client', () => {
  let world: LedgerWorld;

  beforeAll(async () => {
    world = await startWorld();
  });

  afterAll(async () => {
    await world?.close();
  });

  it('a till previews a basket, records it, reads it back, and holds then captures points', async () => {
    const member = await enrolMember(world);
    const till = ledgerClient(world.ledger.baseUrl, { apiKey: world.posApiKey });
    const basket = {
      cardNumber: member.cardNumber,
      amountMinor: 12_000,
      currency: 'EUR',
      occurredAt: daysAgo(40),
    };
    const preview = await till.POST('/v1/purchases/preview', { body: basket });
    const receiptId = `R-${randomUUID()}`;
    const recorded = await till.POST('/v1/purchases', {
      params: { header: key() },
      body: { ...basket, receiptId },
    });
    expect(recorded.data?.points).toBe(preview.data?.points);
    const read = await till.GET('/v1/purchases', { params: { query: { receiptId } } });
    expect(read.data).toMatchObject({ receiptId, refundableMinor: 12_000 });

    const app = ledgerClient(world.ledger.baseUrl, { token: await memberToken(world, member) });
    const code = await app.POST('/v1/me/redemption-codes');
    const hold = await till.POST('/v1/holds', {
      params: { header: key() },
      body: { cardNumber: member.cardNumber, points: 100, redemptionCode: code.data!.code },
    });
    expect(hold.data?.status).toBe('held');
    const captured = await till.POST('/v1/holds/{holdId}/capture', {
      params: { header: key(), path: { holdId: hold.data!.holdId } },
      body: { points: 60 },
    });
    expect(captured.data).toMatchObject({ capturedPoints: 60, releasedPoints: 40 });
    const again = await till.POST('/v1/holds/{holdId}/void', {
      params: { header: key(), path: { holdId: hold.data!.holdId } },
    });
    expect(again.response.status).toBe(409);
    expect(again.error?.code).toBe('HOLD_ALREADY_SETTLED');
  });

  it('an app reads the program, the balance and the history, and asks for codes', async () => {
    const member = await enrolMember(world);
    const till = ledgerClient(world.ledger.baseUrl, { apiKey: world.posApiKey });
    await till.POST('/v1/purchases', {
      params: { header: key() },
      body: {
        cardNumber: member.cardNumber,
        receiptId: `R-${randomUUID()}`,
        amountMinor: 5_000,
        currency: 'EUR',
        occurredAt: daysAgo(40),
      },
    });
    const app = ledgerClient(world.ledger.baseUrl, { token: await memberToken(world, member) });
    const program = await app.GET('/v1/program');
    expect(program.data?.currency).toBe('EUR');
    const balance = await app.GET('/v1/me/balance');
    expect(balance.data).toMatchObject({ available: 50, held: 0 });
    const history = await app.GET('/v1/me/transactions', { params: { query: { limit: 10 } } });
    expect(history.data?.items.map((item) => item.kind)).toEqual(['purchase_earn']);
    const codes = await Promise.all([
      app.POST('/v1/me/redemption-codes'),
      app.POST('/v1/me/redemption-codes'),
    ]);
    expect(new Set(codes.map((answer) => answer.data?.code)).size).toBe(2);
    const refused = await app.GET('/v1/me/transactions', {
      params: { query: { limit: 1000 } },
    });
    expect(refused.error?.errors?.[0]?.field).toBe('limit');
  });

  it('a desk enrols a member, finds them by name, and reads their points and value', async () => {
    const desk = cardIssuanceClient(world.cardIssuance.baseUrl, { token: world.clerk });
    const surname = `Journey${randomUUID().slice(0, 8)}`;
    const enrolled = await desk.POST('/v1/members', {
      body: {
        name: `Grace ${surname}`,
        phone: `06 1${String(Math.floor(Math.random() * 10_000_000)).padStart(7, '0')}`,
        acquisitionChannel: 'store',
        marketingConsent: false,
        card: { kind: 'virtual' },
      },
    });
    const memberId = enrolled.data!.member.id;
    const found = await desk.GET('/v1/members', {
      params: { query: { q: surname.toLowerCase().slice(0, 9) } },
    });
    expect(found.data?.items.map((item) => item.id)).toEqual([memberId]);
    const ledger = ledgerClient(world.ledger.baseUrl, { token: world.clerk });
    const balance = await ledger.GET('/v1/members/{memberId}/balance', {
      params: { path: { memberId } },
    });
    expect(balance.data?.available).toBe(0);
    const value = await ledger.GET('/v1/members/{memberId}/value', {
      params: { path: { memberId } },
    });
    expect(value.data).toEqual({ memberId, clv: null, tier: null, tierHistory: [] });
  });

  it('marketing reads customer value by store and the points liability', async () => {
    const marketing = ledgerClient(world.ledger.baseUrl, {
      token: await signInStaff(
        world.cardIssuance.baseUrl,
        await createStaffAccount(
          world.dataSource,
          world.program.programId,
          StaffRole.Marketing,
          null,
        ),
      ),
    });
    const byStore = await marketing.GET('/v1/insights/clv', { params: { query: { by: 'store' } } });
    expect(byStore.data?.by).toBe('store');
    const points = await marketing.GET('/v1/insights/points');
    expect(points.data?.expiring.map((window) => window.withinDays)).toEqual([30, 90, 365]);
    const notTheirs = await marketing.POST('/v1/adjustments', {
      params: { header: key() },
      body: { memberId: randomUUID(), points: 10, reason: 'not a marketing task' },
    });
    expect(notTheirs.response.status).toBe(403);
  });
});
