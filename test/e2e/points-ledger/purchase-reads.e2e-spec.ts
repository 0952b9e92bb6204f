import { call, daysAgo, enrolMember, type LedgerWorld } from '@loyalty/testing';
import { randomUUID } from 'node:crypto';
import { startWorld } from './ledger-world';

interface PurchaseRead {
  id: string;
  receiptId: string;
  amountMinor: number;
  pointsEarned: number;
  lines: unknown[];
  refunds: { amountMinor: number; pointsReversed: number }[];
  refundedMinor: number;
  pointsRefunded: number;
  refundableMinor: number;
  refundablePoints: number;
}

describe('points-ledger: a purchase read back before a return', () => {
  let world: LedgerWorld;

  beforeAll(async () => {
    world = await startWorld();
  });

  afterAll(async () => {
    await world?.close();
  });

  const till = <T = Record<string, unknown>>(method: string, path: string, body?: unknown) =>
    call<T>(world.ledger.baseUrl, method, path, {
      headers: {
        'x-api-key': world.posApiKey,
        ...(method === 'POST' ? { 'idempotency-key': randomUUID() } : {}),
      },
      ...(body ? { body } : {}),
    });

  it('answers the purchase by id and by receipt, with its refunds and what is left to refund', async () => {
    const member = await enrolMember(world);
    const receiptId = `R-${randomUUID()}`;
    const lines = [
      { sku: 'SKU-1', category: 'coffee', amountMinor: 700, quantity: 2 },
      { sku: 'SKU-2', category: 'bakery', amountMinor: 300, quantity: 1 },
    ];
    const recorded = await till<{ purchaseId: string; points: number }>('POST', '/v1/purchases', {
      cardNumber: member.cardNumber,
      receiptId,
      amountMinor: 1_000,
      currency: 'EUR',
      occurredAt: daysAgo(40),
      lines,
    });
    expect(recorded.status).toBe(201);
    const { purchaseId, points } = recorded.body;

    const fresh = await till<PurchaseRead>('GET', `/v1/purchases/${purchaseId}`);
    expect(fresh.status).toBe(200);
    expect(fresh.body).toMatchObject({
      id: purchaseId,
      receiptId,
      amountMinor: 1_000,
      pointsEarned: points,
      lines,
      refunds: [],
      refundableMinor: 1_000,
      refundablePoints: points,
    });

    const refund = await till<{ pointsReversed: number }>('POST', '/v1/refunds', {
      receiptId,
      amountMinor: 300,
    });
    expect(refund.status).toBe(201);
    const afterRefund = await till<PurchaseRead>(
      'GET',
      `/v1/purchases?receiptId=${encodeURIComponent(receiptId)}`,
    );
    expect(afterRefund.status).toBe(200);
    expect(afterRefund.body).toMatchObject({
      id: purchaseId,
      refunds: [{ amountMinor: 300, pointsReversed: refund.body.pointsReversed }],
      refundedMinor: 300,
      pointsRefunded: refund.body.pointsReversed,
      refundableMinor: 700,
      refundablePoints: points - refund.body.pointsReversed,
    });

    // What it says is left is exactly what refunding the rest takes.
    const rest = await till<{ pointsReversed: number; refundableMinorLeft: number }>(
      'POST',
      '/v1/refunds',
      { purchaseId, amountMinor: 700 },
    );
    expect(rest.body).toMatchObject({
      pointsReversed: afterRefund.body.refundablePoints,
      refundableMinorLeft: 0,
    });
    expect((await till<PurchaseRead>('GET', `/v1/purchases/${purchaseId}`)).body).toMatchObject({
      refundableMinor: 0,
      refundablePoints: 0,
    });
  });

  it('answers an unknown purchase 404, a bad id or an unknown query field 400, other callers 401/403', async () => {
    expect((await till('GET', `/v1/purchases/${randomUUID()}`)).body).toMatchObject({
      status: 404,
      code: 'PURCHASE_NOT_FOUND',
    });
    expect((await till('GET', `/v1/purchases?receiptId=R-${randomUUID()}`)).status).toBe(404);
    expect((await till('GET', '/v1/purchases/not-a-uuid')).status).toBe(400);
    expect((await till('GET', '/v1/purchases')).status).toBe(400);
    expect((await till('GET', '/v1/purchases?receiptId=R-1&colour=red')).status).toBe(400);
    const anonymous = await call(world.ledger.baseUrl, 'GET', `/v1/purchases/${randomUUID()}`);
    expect(anonymous.status).toBe(401);
    const staff = await call(world.ledger.baseUrl, 'GET', `/v1/purchases/${randomUUID()}`, {
      token: world.admin,
    });
    expect(staff.status).toBe(403);
  });
});
