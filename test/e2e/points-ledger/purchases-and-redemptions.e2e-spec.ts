import { redemptionCodeHash } from '@loyalty/ledger';
import {
  brokenLedgerRules,
  call,
  daysAgo,
  enrolMember,
  type EnrolledMember,
  type LedgerWorld,
  ledgerWrite,
  memberToken,
  type ProblemBody,
  purchaseOf,
  redemptionCode,
} from '@loyalty/testing';
import { randomUUID } from 'node:crypto';
import { startWorld } from './ledger-world';

interface Purchase {
  transactionId: string;
  purchaseId: string;
  points: number;
  breakdown: { rule: string; points: number; detail: string | null }[];
  pendingUntil: string | null;
  balance: { available: number; pending: number };
}
interface Redemption {
  transactionId: string;
  points: number;
  drawnFrom: { lotId: string; points: number; expiresAt: string | null }[];
  balance: { available: number; pending: number };
}

describe('points-ledger: purchases earn, redemptions spend, exactly once', () => {
  let world: LedgerWorld;

  const purchase = (body: unknown, key?: string) =>
    ledgerWrite<Purchase & ProblemBody>(world, '/v1/purchases', {
      body,
      ...(key ? { key } : {}),
    });
  const balanceOf = async (member: EnrolledMember) =>
    (
      await call<{ available: number; pending: number; lifetimeEarned: number }>(
        world.ledger.baseUrl,
        'GET',
        `/v1/members/${member.memberId}/balance`,
        { token: world.clerk },
      )
    ).body;
  const traces = async () => {
    const [row] = await world.dataSource.query<
      { journal: number; purchases: number; keys: number }[]
    >(
      `SELECT (SELECT count(*) FROM journal_transactions WHERE program_id = $1)::int AS journal,
              (SELECT count(*) FROM purchases WHERE program_id = $1)::int AS purchases,
              (SELECT count(*) FROM idempotency_keys WHERE program_id = $1)::int AS keys`,
      [world.program.programId],
    );
    return row!;
  };
  /** Live codes straight into the table: a race needs more than the one live code the app keeps. */
  const insertRedemptionCodes = async (memberId: string, count: number): Promise<string[]> => {
    const codes = Array.from({ length: count }, (_, index) => String(10_000_000 + index));
    for (const code of codes) {
      await world.dataSource.query(
        `INSERT INTO redemption_codes (id, member_id, code_hash, expires_at)
         VALUES ($1, $2, $3, now() + interval '5 minutes')`,
        [randomUUID(), memberId, redemptionCodeHash(memberId, code)],
      );
    }
    return codes;
  };

  beforeAll(async () => {
    world = await startWorld();
  });

  afterAll(async () => {
    if (world) {
      const broken = await brokenLedgerRules(world);
      await world.close();
      expect(broken).toEqual([]);
    }
  });

  it('earns points on a purchase, pending through the return window', async () => {
    const member = await enrolMember(world);
    const recent = await purchase(
      purchaseOf(member, 2599, { occurredAt: new Date().toISOString() }),
    );
    expect(recent.status).toBe(201);
    expect(recent.body).toMatchObject({
      points: 25,
      breakdown: [{ rule: 'base', points: 25, detail: null }],
      balance: { available: 0, pending: 25 },
    });
    expect(Date.parse(recent.body.pendingUntil!)).toBeGreaterThan(Date.now() + 29 * 86_400_000);

    const old = await purchase(purchaseOf(member, 1000));
    expect(old.body.balance).toEqual({ available: 10, pending: 25 });
    expect(await balanceOf(member)).toMatchObject({
      available: 10,
      pending: 25,
      lifetimeEarned: 35,
    });
  });

  it('answers a retry with the first answer, marked as a replay, and records it once', async () => {
    const member = await enrolMember(world);
    const body = purchaseOf(member, 5000);
    const key = randomUUID();
    const first = await purchase(body, key);
    const retry = await purchase({ ...body }, key);
    expect(first.status).toBe(201);
    expect(retry.status).toBe(201);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect(first.headers.get('idempotent-replayed')).toBeNull();
    expect(retry.body).toEqual(first.body);
    expect((await balanceOf(member)).available).toBe(50);
  });

  it('refuses the same key with a different request', async () => {
    const member = await enrolMember(world);
    const key = randomUUID();
    await purchase(purchaseOf(member, 5000), key);
    const reused = await purchase(purchaseOf(member, 7000), key);
    expect(reused.status).toBe(422);
    expect(reused.body).toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED' });
    expect((await balanceOf(member)).available).toBe(50);
  });

  it('credits exactly once when 50 retries of one key race', async () => {
    const member = await enrolMember(world);
    const body = purchaseOf(member, 12_300);
    const key = randomUUID();
    const answers = await Promise.all(Array.from({ length: 50 }, () => purchase(body, key)));
    expect(answers.map((answer) => answer.status)).toEqual(Array(50).fill(201));
    expect(new Set(answers.map((answer) => answer.body.transactionId)).size).toBe(1);
    expect(answers.filter((answer) => !answer.headers.get('idempotent-replayed'))).toHaveLength(1);
    expect((await balanceOf(member)).available).toBe(123);
    const [count] = await world.dataSource.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM purchases WHERE member_id = $1`,
      [member.memberId],
    );
    expect(count!.n).toBe(1);
  });

  it('refuses a receipt the store already recorded under another key', async () => {
    const member = await enrolMember(world);
    const body = purchaseOf(member, 1500);
    expect((await purchase(body)).status).toBe(201);
    const again = await purchase(body);
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ code: 'RECEIPT_ALREADY_RECORDED' });
  });

  it('answers bad input with a 4xx problem naming the field and leaves no trace', async () => {
    const member = await enrolMember(world);
    const blocked = await enrolMember(world);
    const [card] = await world.dataSource.query<{ id: string }[]>(
      `SELECT id FROM cards WHERE number = $1`,
      [blocked.cardNumber],
    );
    const blockedByManager = await call(
      world.cardIssuance.baseUrl,
      'POST',
      `/v1/members/${blocked.memberId}/cards/${card!.id}/block`,
      { token: world.manager, body: { reason: 'stolen' } },
    );
    expect(blockedByManager.status).toBe(200);
    const before = await traces();
    const unknownCard = `${member.cardNumber.slice(0, 12)}0000000`;
    const luhnValid = (digits: string) => {
      for (let check = 0; check < 10; check += 1) {
        const candidate = digits.slice(0, -1) + String(check);
        let sum = 0;
        [...candidate].reverse().forEach((digit, index) => {
          let value = Number(digit);
          if (index % 2 === 1) value = value * 2 > 9 ? value * 2 - 9 : value * 2;
          sum += value;
        });
        if (sum % 10 === 0) return candidate;
      }
      throw new Error('unreachable');
    };
    const cases: [string, unknown, number, string, string][] = [
      ['a negative amount', purchaseOf(member, -100), 400, 'VALIDATION_FAILED', 'amountMinor'],
      ['a fractional amount', purchaseOf(member, 10.5), 400, 'VALIDATION_FAILED', 'amountMinor'],
      ['a huge amount', purchaseOf(member, 1e15), 400, 'VALIDATION_FAILED', 'amountMinor'],
      ['a zero amount', purchaseOf(member, 0), 400, 'VALIDATION_FAILED', 'amountMinor'],
      [
        'an amount as a string',
        purchaseOf(member, 100, { amountMinor: '100' }),
        400,
        'VALIDATION_FAILED',
        'amountMinor',
      ],
      [
        'an unknown currency',
        purchaseOf(member, 100, { currency: 'XYZ' }),
        400,
        'VALIDATION_FAILED',
        'currency',
      ],
      [
        'another currency',
        purchaseOf(member, 100, { currency: 'USD' }),
        422,
        'CURRENCY_NOT_ACCEPTED',
        'currency',
      ],
      [
        'an unknown card',
        purchaseOf(member, 100, { cardNumber: luhnValid(unknownCard) }),
        404,
        'CARD_NOT_FOUND',
        'cardNumber',
      ],
      [
        'a mistyped card',
        purchaseOf(member, 100, {
          cardNumber: `${member.cardNumber.slice(0, -1)}${(Number(member.cardNumber.at(-1)) + 1) % 10}`,
        }),
        400,
        'VALIDATION_FAILED',
        'cardNumber',
      ],
      ['a blocked card', purchaseOf(blocked, 100), 409, 'CARD_NOT_ACTIVE', 'cardNumber'],
      [
        'an unknown field',
        purchaseOf(member, 100, { bonus: 1000 }),
        400,
        'VALIDATION_FAILED',
        'bonus',
      ],
      [
        'a sale in the future',
        purchaseOf(member, 100, { occurredAt: daysAgo(-1) }),
        400,
        'VALIDATION_FAILED',
        'occurredAt',
      ],
      [
        'card and member both',
        purchaseOf(member, 100, { memberId: member.memberId }),
        400,
        'VALIDATION_FAILED',
        'cardNumber',
      ],
      [
        'lines not adding up',
        purchaseOf(member, 100, {
          lines: [{ sku: 'A', category: 'food', amountMinor: 60, quantity: 1 }],
        }),
        400,
        'VALIDATION_FAILED',
        'lines',
      ],
    ];
    for (const [name, body, status, code, field] of cases) {
      const answer = await purchase(body);
      expect({ name, status: answer.status, code: answer.body.code }).toEqual({
        name,
        status,
        code,
      });
      expect(answer.headers.get('content-type')).toContain('application/problem+json');
      const named = [...(answer.body.errors ?? []).map((error) => error.field), answer.body.detail];
      expect({ name, named: named.some((text) => text?.includes(field)) }).toEqual({
        name,
        named: true,
      });
    }
    const missingKey = await ledgerWrite<ProblemBody>(world, '/v1/purchases', {
      body: purchaseOf(member, 100),
      key: null,
    });
    expect(missingKey.status).toBe(400);
    expect(missingKey.body).toMatchObject({ code: 'IDEMPOTENCY_KEY_REQUIRED' });
    expect(missingKey.body.detail).toContain('Idempotency-Key');
    expect(await traces()).toEqual(before);
  });

  it('spends available points only with the member’s code, soonest-expiring lots first', async () => {
    const member = await enrolMember(world);
    const token = await memberToken(world, member);
    const older = await purchase(purchaseOf(member, 10_000, { occurredAt: daysAgo(200) }));
    const newer = await purchase(purchaseOf(member, 20_000, { occurredAt: daysAgo(40) }));
    await purchase(purchaseOf(member, 5_000, { occurredAt: new Date().toISOString() }));
    const redeem = (body: Record<string, unknown>) =>
      ledgerWrite<Redemption & ProblemBody>(world, '/v1/redemptions', {
        body: { cardNumber: member.cardNumber, ...body },
      });

    const withoutValidCode = await redeem({ points: 10, redemptionCode: '00000000' });
    expect(withoutValidCode.status).toBe(422);
    expect(withoutValidCode.body).toMatchObject({ code: 'REDEMPTION_CODE_INVALID' });

    const tooMany = await redeem({
      points: 301,
      redemptionCode: await redemptionCode(world, token),
    });
    expect(tooMany.status).toBe(422);
    expect(tooMany.body).toMatchObject({ code: 'INSUFFICIENT_POINTS' });
    expect(tooMany.body.detail).toContain('300 are available');

    const code = await redemptionCode(world, token);
    const spent = await redeem({ points: 150, redemptionCode: code, reference: 'R-77' });
    expect(spent.status).toBe(201);
    expect(spent.body.drawnFrom.map((draw) => draw.points)).toEqual([100, 50]);
    expect(spent.body.balance).toEqual({ available: 150, pending: 50 });
    const olderLot = await world.dataSource.query<{ id: string }[]>(
      `SELECT id FROM lots WHERE credited_by_transaction_id = $1`,
      [older.body.transactionId],
    );
    expect(spent.body.drawnFrom[0]!.lotId).toBe(olderLot[0]!.id);
    expect(newer.body.points).toBe(200);

    const reusedCode = await redeem({ points: 1, redemptionCode: code });
    expect(reusedCode.status).toBe(422);
    expect(reusedCode.body).toMatchObject({ code: 'REDEMPTION_CODE_INVALID' });

    const me = await call<{
      available: number;
      lifetimeRedeemed: number;
      nextExpiry: { points: number };
    }>(world.ledger.baseUrl, 'GET', '/v1/me/balance', { token });
    expect(me.body).toMatchObject({
      available: 150,
      lifetimeRedeemed: 150,
      nextExpiry: { points: 150 },
    });
  });

  it('never overdraws when 50 redemptions race on one account', async () => {
    const member = await enrolMember(world);
    await purchase(purchaseOf(member, 100_000));
    const codes = await insertRedemptionCodes(member.memberId, 50);
    const answers = await Promise.all(
      codes.map((code) =>
        ledgerWrite<Redemption & ProblemBody>(world, '/v1/redemptions', {
          body: { cardNumber: member.cardNumber, points: 30, redemptionCode: code },
        }),
      ),
    );
    const accepted = answers.filter((answer) => answer.status === 201);
    const refused = answers.filter((answer) => answer.status !== 201);
    expect(accepted).toHaveLength(33);
    expect(refused.every((answer) => answer.body.code === 'INSUFFICIENT_POINTS')).toBe(true);
    expect((await balanceOf(member)).available).toBe(10);
  });
});
