import { ExpirePointsUseCase } from '@loyalty/ledger';
import {
  brokenLedgerRules,
  call,
  enrolMember,
  type EnrolledMember,
  type LedgerWorld,
  ledgerWrite,
  memberToken,
  purchaseOf,
  redemptionCode,
} from '@loyalty/testing';
import { randomUUID } from 'node:crypto';
import { startWorld } from './ledger-world';

/**
 * A member's data-subject requests reach the ledger: the export holds the points history,
 * purchases, tiers and surveys; erasure forfeits what the member held into the program's
 * forfeited account, ends their codes, and every member route of both apps answers 410.
 */

interface Export {
  member: { id: string; email: string | null };
  cards: { id: string; events: unknown[] }[];
  pointsHistory: { kind: string; points: number }[];
  purchases: { id: string; refunds: { amountMinor: number }[] }[];
  tierHistory: unknown[];
  surveyAnswers: { nps: number | null }[];
}

describe('points-ledger: erasure and export reach the ledger', () => {
  let world: LedgerWorld;

  const accountOf = async (memberId: string) => {
    const [row] = await world.dataSource.query<{ balance: number }[]>(
      `SELECT balance FROM ledger_accounts WHERE member_id = $1`,
      [memberId],
    );
    return row?.balance ?? 0;
  };
  const forfeited = async () => {
    const [row] = await world.dataSource.query<{ balance: number }[]>(
      `SELECT coalesce(sum(balance), 0)::bigint AS balance FROM ledger_accounts
        WHERE program_id = $1 AND kind = 'points_forfeited'`,
      [world.program.programId],
    );
    return row!.balance;
  };
  const memberWithHistory = async (): Promise<{ member: EnrolledMember; token: string }> => {
    const member = await enrolMember(world);
    const bought = await ledgerWrite<{ purchaseId: string }>(world, '/v1/purchases', {
      body: purchaseOf(member, 10_000),
    });
    await ledgerWrite(world, '/v1/purchases', {
      body: purchaseOf(member, 5_000, { occurredAt: new Date().toISOString() }),
    });
    await ledgerWrite(world, '/v1/refunds', {
      body: { purchaseId: bought.body.purchaseId, amountMinor: 2_000 },
    });
    const token = await memberToken(world, member);
    const survey = await call(world.ledger.baseUrl, 'POST', '/v1/me/surveys', {
      token,
      body: { nps: 9, storeId: world.program.storeIds[0] },
    });
    expect(survey.status).toBe(201);
    return { member, token };
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

  it('exports the points history, purchases, tiers and surveys, to the member and to an admin', async () => {
    const { member, token } = await memberWithHistory();
    const own = await call<Export>(world.cardIssuance.baseUrl, 'GET', '/v1/me/export', { token });
    expect(own.status).toBe(200);
    expect(own.body.member).toMatchObject({ id: member.memberId, email: member.email });
    expect(own.body.cards).toHaveLength(1);
    expect(own.body.pointsHistory.map((movement) => [movement.kind, movement.points])).toEqual([
      ['purchase_earn', 100],
      ['purchase_earn', 50],
      ['refund', -20],
    ]);
    expect(own.body.purchases).toHaveLength(2);
    expect(own.body.purchases.flatMap((purchase) => purchase.refunds)).toEqual([
      expect.objectContaining({ amountMinor: 2_000 }),
    ]);
    expect(own.body.tierHistory).toEqual([]);
    expect(own.body.surveyAnswers).toEqual([expect.objectContaining({ nps: 9 })]);

    const path = `/v1/members/${member.memberId}/export`;
    const atTheDesk = await call<Export>(world.cardIssuance.baseUrl, 'GET', path, {
      token: world.admin,
    });
    expect({ ...atTheDesk.body, exportedAt: null }).toEqual({ ...own.body, exportedAt: null });
    expect(
      (await call(world.cardIssuance.baseUrl, 'GET', path, { token: world.clerk })).status,
    ).toBe(403);
  });

  it('forfeits what an erased member held, ends their codes, and answers 410 on every member route', async () => {
    const { member, token } = await memberWithHistory();
    const code = await redemptionCode(world, token);
    const forfeitedBefore = await forfeited();
    const erased = await call(world.cardIssuance.baseUrl, 'DELETE', '/v1/me', { token });
    expect(erased.status).toBe(200);
    expect(await accountOf(member.memberId)).toBe(0);
    expect((await forfeited()) - forfeitedBefore).toBe(130);

    const routes: [string, string, string, unknown?][] = [
      [world.cardIssuance.baseUrl, 'GET', '/v1/me'],
      [world.cardIssuance.baseUrl, 'GET', '/v1/me/cards'],
      [world.cardIssuance.baseUrl, 'GET', '/v1/me/export'],
      [world.cardIssuance.baseUrl, 'DELETE', '/v1/me'],
      [world.ledger.baseUrl, 'GET', '/v1/me/balance'],
      [world.ledger.baseUrl, 'GET', '/v1/me/transactions'],
      [world.ledger.baseUrl, 'GET', '/v1/me/tier'],
      [world.ledger.baseUrl, 'POST', '/v1/me/redemption-codes'],
      [world.ledger.baseUrl, 'POST', '/v1/me/surveys', { nps: 0 }],
      [
        world.ledger.baseUrl,
        'POST',
        '/v1/me/transfers',
        { to: { email: 'x@example.com' }, points: 1 },
      ],
    ];
    for (const [baseUrl, method, path, body] of routes) {
      const answer = await call<{ code: string }>(baseUrl, method, path, {
        token,
        ...(body ? { body } : {}),
        headers: { 'idempotency-key': randomUUID() },
      });
      expect({ path, status: answer.status, code: answer.body.code }).toEqual({
        path,
        status: 410,
        code: 'MEMBER_ERASED',
      });
    }
    const [live] = await world.dataSource.query<{ live: number }[]>(
      `SELECT count(*)::int AS live FROM redemption_codes
        WHERE member_id = $1 AND used_at IS NULL AND expires_at > now()`,
      [member.memberId],
    );
    expect(live!.live).toBe(0);
    // The till still refunds the money; the closed points account gives nothing back.
    const [purchase] = await world.dataSource.query<{ id: string }[]>(
      `SELECT id FROM purchases WHERE member_id = $1 ORDER BY occurred_at LIMIT 1`,
      [member.memberId],
    );
    const refund = await ledgerWrite<{ pointsReversed: number }>(world, '/v1/refunds', {
      body: { purchaseId: purchase!.id, amountMinor: 1_000 },
    });
    expect(refund.status).toBe(201);
    expect(refund.body.pointsReversed).toBe(0);
    const spend = await ledgerWrite<{ code: string }>(world, '/v1/redemptions', {
      body: { memberId: member.memberId, points: 10, redemptionCode: code },
    });
    expect(spend.status).toBeGreaterThanOrEqual(400);
    expect(spend.status).toBeLessThan(500);
    expect(await accountOf(member.memberId)).toBe(0);
  });

  it('writes off the debt of a member erased at the desk', async () => {
    const member = await enrolMember(world);
    const bought = await ledgerWrite<{ purchaseId: string }>(world, '/v1/purchases', {
      body: purchaseOf(member, 10_000),
    });
    const token = await memberToken(world, member);
    await ledgerWrite(world, '/v1/redemptions', {
      body: {
        cardNumber: member.cardNumber,
        points: 80,
        redemptionCode: await redemptionCode(world, token),
      },
    });
    await ledgerWrite(world, '/v1/refunds', {
      body: { purchaseId: bought.body.purchaseId, amountMinor: 10_000 },
    });
    expect(await accountOf(member.memberId)).toBe(-80);
    const before = await forfeited();
    const path = `/v1/members/${member.memberId}`;
    expect(
      (await call(world.cardIssuance.baseUrl, 'DELETE', path, { token: world.clerk })).status,
    ).toBe(403);
    const erased = await call(world.cardIssuance.baseUrl, 'DELETE', path, { token: world.admin });
    expect(erased.status).toBe(200);
    expect(await accountOf(member.memberId)).toBe(0);
    expect((await forfeited()) - before).toBe(-80);
    const again = await call(world.cardIssuance.baseUrl, 'DELETE', path, { token: world.admin });
    expect(again.status).toBe(200);
    expect((await forfeited()) - before).toBe(-80);
  });

  it('completes an erasure whose forfeiture was interrupted at the next expiry run', async () => {
    const member = await enrolMember(world);
    await ledgerWrite(world, '/v1/purchases', { body: purchaseOf(member, 4_200) });
    // The erasure committed, the process died before the forfeiture.
    await world.dataSource.query(`UPDATE members SET erased_at = now() WHERE id = $1`, [
      member.memberId,
    ]);
    const run = await world.ledger.app
      .get(ExpirePointsUseCase)
      .execute(new Date(), world.program.programId);
    expect(run.erasedAccountsClosed).toBeGreaterThanOrEqual(1);
    expect(await accountOf(member.memberId)).toBe(0);
  });
});
