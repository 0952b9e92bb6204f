import {
  brokenLedgerRules,
  call,
  clockPast,
  createPosApiKey,
  enrolMember,
  type EnrolledMember,
  eventually,
  expiringIn,
  insertRedemptionCode,
  type LedgerWorld,
  ledgerWrite,
  memberBalance,
  purchaseOf,
  type RunningApp,
  startApp,
} from '@loyalty/testing';
import { randomUUID } from 'node:crypto';
import { createValueScoringWorkerApp } from '../../../apps/value-scoring-worker/src/value-scoring-worker.app';
import { startWorld } from './ledger-world';

interface PlacedHold {
  holdId: string;
  points: number;
  status: string;
  expiresAt: string;
  drawnFrom: { lotId: string; points: number; expiresAt: string | null }[];
  balance: { available: number; pending: number };
}

interface SettledHold {
  holdId: string;
  status: string;
  points: number;
  capturedPoints: number;
  releasedPoints: number;
  transactionId: string;
  balance: { available: number; pending: number };
}

interface Problem {
  code: string;
  errors?: { field: string }[];
}

describe('points-ledger: holds at the till', () => {
  let world: LedgerWorld;
  let otherStoreTill: string;

  beforeAll(async () => {
    world = await startWorld();
    otherStoreTill = (
      await createPosApiKey(world.dataSource, world.program.programId, world.program.storeIds[1])
    ).apiKey;
  });

  afterAll(async () => {
    await world?.close();
  });

  /** A member holding `points` available points, in one lot per purchase of `lots`. */
  const memberWith = async (...lots: { points: number; occurredAt?: string }[]) => {
    const member = await enrolMember(world);
    for (const lot of lots) {
      const bought = await ledgerWrite(world, '/v1/purchases', {
        body: purchaseOf(
          member,
          lot.points * 100,
          lot.occurredAt ? { occurredAt: lot.occurredAt } : {},
        ),
      });
      expect(bought.status).toBe(201);
    }
    return member;
  };
  const hold = async (member: EnrolledMember, points: number, extra: object = {}) =>
    ledgerWrite<PlacedHold & Problem>(world, '/v1/holds', {
      body: {
        cardNumber: member.cardNumber,
        points,
        redemptionCode: await insertRedemptionCode(world, member.memberId),
        reference: `ORDER-${randomUUID()}`,
        ...extra,
      },
    });
  const settle = (
    holdId: string,
    action: 'capture' | 'void',
    options: { body?: object; key?: string; apiKey?: string } = {},
  ) =>
    ledgerWrite<SettledHold & Problem>(world, `/v1/holds/${holdId}/${action}`, {
      body: options.body ?? {},
      ...(options.key ? { key: options.key } : {}),
      ...(options.apiKey ? { apiKey: options.apiKey } : {}),
    });
  const readHold = (holdId: string, apiKey = world.posApiKey) =>
    call<{ status: string; capturedPoints: number | null; settledBy: string | null } & Problem>(
      world.ledger.baseUrl,
      'GET',
      `/v1/holds/${holdId}`,
      { apiKey },
    );
  const lotsRemaining = async (memberId: string) =>
    (
      await world.dataSource.query<{ id: string; remaining: number; expires_at: Date | null }[]>(
        `SELECT l.id, l.remaining, l.expires_at FROM lots l
           JOIN ledger_accounts a ON a.id = l.account_id
          WHERE a.member_id = $1 ORDER BY l.id`,
        [memberId],
      )
    ).map((lot) => ({ ...lot, expires_at: lot.expires_at?.toISOString() ?? null }));

  it('holds points out of reach, then captures part: the rest goes back to its lots', async () => {
    const member = await memberWith({ points: 60 }, { points: 40 });
    const placed = await hold(member, 70);
    expect(placed.status).toBe(201);
    expect(placed.body).toMatchObject({ points: 70, status: 'held', balance: { available: 30 } });
    expect(Date.parse(placed.body.expiresAt) - Date.now()).toBeGreaterThan(14 * 60_000);
    expect(placed.body.drawnFrom.reduce((sum, draw) => sum + draw.points, 0)).toBe(70);
    expect(await memberBalance(world, member.memberId)).toMatchObject({
      available: 30,
      held: 70,
    });
    const liability = await call<{ held: number }>(
      world.ledger.baseUrl,
      'GET',
      '/v1/insights/points',
      {
        token: world.admin,
      },
    );
    expect(liability.body.held).toBe(70);

    // Held points are spent by nothing else: a redemption sees only the 30 left.
    const redeemed = await ledgerWrite<Problem>(world, '/v1/redemptions', {
      body: {
        cardNumber: member.cardNumber,
        points: 31,
        redemptionCode: await insertRedemptionCode(world, member.memberId),
      },
    });
    expect(redeemed.status).toBe(422);
    expect(redeemed.body.code).toBe('INSUFFICIENT_POINTS');

    const captured = await settle(placed.body.holdId, 'capture', { body: { points: 50 } });
    expect(captured.status).toBe(200);
    expect(captured.body).toMatchObject({
      status: 'captured',
      points: 70,
      capturedPoints: 50,
      releasedPoints: 20,
      balance: { available: 50, pending: 0 },
    });
    expect(await memberBalance(world, member.memberId)).toMatchObject({
      available: 50,
      held: 0,
      lifetimeRedeemed: 50,
    });
    expect((await readHold(placed.body.holdId)).body).toMatchObject({
      status: 'captured',
      capturedPoints: 50,
      settledBy: 'till',
    });
    expect(await brokenLedgerRules(world)).toEqual([]);
  });

  it('voids a hold: every point goes back to the lot it came from, with its expiry', async () => {
    const member = await memberWith({ points: 25 }, { points: 25 });
    const before = await lotsRemaining(member.memberId);
    const placed = await hold(member, 40);
    expect(placed.status).toBe(201);
    const voided = await settle(placed.body.holdId, 'void');
    expect(voided.status).toBe(200);
    expect(voided.body).toMatchObject({
      status: 'released',
      capturedPoints: 0,
      releasedPoints: 40,
    });
    expect(await lotsRemaining(member.memberId)).toEqual(before);
    expect(await memberBalance(world, member.memberId)).toMatchObject({
      available: 50,
      held: 0,
      lifetimeRedeemed: 0,
    });
    const [event] = await world.dataSource.query<{ payload: Record<string, unknown> }[]>(
      `SELECT payload FROM outbox_events WHERE member_id = $1 AND type = 'points.released'`,
      [member.memberId],
    );
    expect(event?.payload).toMatchObject({
      holdId: placed.body.holdId,
      points: 40,
      reason: 'void',
    });
  });

  it('settles a hold exactly once under retries and racing tills', async () => {
    const member = await memberWith({ points: 100 });
    const placed = await hold(member, 60);
    const key = randomUUID();
    const first = await settle(placed.body.holdId, 'capture', { key });
    const retried = await settle(placed.body.holdId, 'capture', { key });
    expect(retried.status).toBe(200);
    expect(retried.headers.get('idempotent-replayed')).toBe('true');
    expect(retried.body).toEqual(first.body);

    const again = await settle(placed.body.holdId, 'void');
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('HOLD_ALREADY_SETTLED');

    // Twenty tills capture and void one hold at once: one wins, the others are told it is settled.
    const raced = await hold(member, 40);
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, n) => settle(raced.body.holdId, n % 2 ? 'void' : 'capture')),
    );
    expect(answers.filter((answer) => answer.status === 200)).toHaveLength(1);
    expect(
      answers.filter((answer) => answer.status === 409).map((answer) => answer.body.code),
    ).toEqual(Array(19).fill('HOLD_ALREADY_SETTLED'));
    const [settlements] = await world.dataSource.query<{ count: number }[]>(
      `SELECT count(*)::int AS count FROM journal_transactions
        WHERE member_id = $1 AND kind IN ('hold_capture', 'hold_release')`,
      [member.memberId],
    );
    expect(settlements?.count).toBe(2);
    expect(await brokenLedgerRules(world)).toEqual([]);
  });

  it('never holds more than the member has, however many tills ask at once', async () => {
    const member = await memberWith({ points: 100 });
    const answers = await Promise.all(Array.from({ length: 10 }, () => hold(member, 30)));
    expect(answers.filter((answer) => answer.status === 201)).toHaveLength(3);
    expect(answers.filter((answer) => answer.status === 422)).toHaveLength(7);
    expect(await memberBalance(world, member.memberId)).toMatchObject({
      available: 10,
      held: 90,
    });
  });

  it("keeps a store's holds from every other store's tills", async () => {
    const member = await memberWith({ points: 50 });
    const placed = await hold(member, 20);
    expect((await readHold(placed.body.holdId, otherStoreTill)).status).toBe(404);
    for (const action of ['capture', 'void'] as const) {
      const answer = await settle(placed.body.holdId, action, { apiKey: otherStoreTill });
      expect(answer.status).toBe(404);
      expect(answer.body.code).toBe('HOLD_NOT_FOUND');
    }
    expect((await readHold(placed.body.holdId)).body.status).toBe('held');
  });

  it('refuses bad holds and settlements with the field named, and writes nothing', async () => {
    const member = await memberWith({ points: 50 });
    const tooShort = await hold(member, 10, { expiresInSeconds: 5 });
    expect(tooShort.status).toBe(400);
    expect(tooShort.body.errors?.map((error) => error.field)).toEqual(['expiresInSeconds']);
    const placed = await hold(member, 10);
    const tooMuch = await settle(placed.body.holdId, 'capture', { body: { points: 11 } });
    expect(tooMuch.status).toBe(422);
    expect(tooMuch.body.code).toBe('INSUFFICIENT_POINTS');
    const unknown = await settle(randomUUID(), 'capture');
    expect(unknown.status).toBe(404);
    const notAnId = await settle('not-a-hold', 'void');
    expect(notAnId.status).toBe(400);
    expect(notAnId.body.errors?.map((error) => error.field)).toEqual(['holdId']);
    expect((await readHold(placed.body.holdId)).body.status).toBe('held');
  });

  it('gives back a lot that expired while held, and expires those points at once', async () => {
    const member = await memberWith({ points: 30, occurredAt: expiringIn(2) });
    const placed = await hold(member, 30);
    expect(placed.status).toBe(201);
    await clockPast(placed.body.drawnFrom[0]!.expiresAt!);
    const voided = await settle(placed.body.holdId, 'void');
    expect(voided.body).toMatchObject({ releasedPoints: 30, balance: { available: 0 } });
    expect(await memberBalance(world, member.memberId)).toMatchObject({ available: 0, held: 0 });
    const kinds = await world.dataSource.query<{ kind: string }[]>(
      `SELECT kind FROM journal_transactions WHERE member_id = $1 ORDER BY occurred_at, kind`,
      [member.memberId],
    );
    expect(kinds.map((row) => row.kind).slice(-2)).toEqual(['hold_release', 'expiry']);
    expect(await brokenLedgerRules(world)).toEqual([]);
  });

  describe('when a hold expires', () => {
    let worker: RunningApp | undefined;

    afterAll(async () => {
      await worker?.close();
    });

    it('refuses its capture, and the worker releases it by itself', async () => {
      const member = await memberWith({ points: 80 });
      const placed = await hold(member, 80);
      // The order was left open past the hold's end.
      await world.dataSource.query(
        `UPDATE point_holds SET expires_at = now() - interval '1 second' WHERE id = $1`,
        [placed.body.holdId],
      );
      const late = await settle(placed.body.holdId, 'capture');
      expect(late.status).toBe(409);
      expect(late.body.code).toBe('HOLD_EXPIRED');

      worker = await startApp(createValueScoringWorkerApp, { HOLD_RELEASE_INTERVAL_SECONDS: '1' });
      const released = await eventually(
        () => readHold(placed.body.holdId),
        (answer) => answer.body.status === 'released',
        { timeoutMs: 20_000 },
      );
      expect(released.body.settledBy).toBe('expiry');
      expect(await memberBalance(world, member.memberId)).toMatchObject({
        available: 80,
        held: 0,
        lifetimeRedeemed: 0,
      });
      expect(await brokenLedgerRules(world)).toEqual([]);
    });
  });
});
