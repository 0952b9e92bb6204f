import { ExpirePointsUseCase } from '@loyalty/ledger';
import {
  brokenLedgerRules,
  call,
  clockPast,
  createPosApiKey,
  daysAgo,
  enrolMember,
  type EnrolledMember,
  expiringIn,
  type LedgerWorld,
  ledgerWrite,
  memberToken,
  type ProblemBody,
  purchaseOf,
  redemptionCode,
} from '@loyalty/testing';
import { randomUUID } from 'node:crypto';
import { startWorld } from './ledger-world';

interface Written {
  transactionId: string;
  expiresAt: string;
  pointsExpired: number;
  purchaseId: string;
  points: number;
  pointsReversed: number;
  refundableMinorLeft: number;
  balance: { available: number; pending: number };
}
interface Balance {
  available: number;
  pending: number;
  lifetimeEarned: number;
  lifetimeRedeemed: number;
  nextExpiry: { at: string; points: number } | null;
}
interface History {
  items: {
    transactionId: string;
    kind: string;
    points: number;
    reversedByTransactionId: string | null;
  }[];
  nextCursor: string | null;
}

describe('points-ledger: refunds, reversals, transfers, adjustments, expiry and reads', () => {
  let world: LedgerWorld;

  const write = (path: string, body: unknown, credential: { token?: string } = {}) =>
    ledgerWrite<Written & ProblemBody>(world, path, { body, ...credential });
  const earn = async (member: EnrolledMember, amountMinor: number, occurredAt = daysAgo(40)) => {
    const answer = await write('/v1/purchases', purchaseOf(member, amountMinor, { occurredAt }));
    expect(answer.status).toBe(201);
    return answer.body;
  };
  const balanceOf = async (member: EnrolledMember) =>
    (
      await call<Balance>(world.ledger.baseUrl, 'GET', `/v1/members/${member.memberId}/balance`, {
        token: world.clerk,
      })
    ).body;
  const redeem = async (member: EnrolledMember, points: number) => {
    const token = await memberToken(world, member);
    return write('/v1/redemptions', {
      cardNumber: member.cardNumber,
      points,
      redemptionCode: await redemptionCode(world, token),
    });
  };

  // The program's expired-points account is the sum of its sub-accounts.
  const expiredPoints = async () => {
    const [account] = await world.dataSource.query<{ balance: number }[]>(
      `SELECT coalesce(sum(balance), 0)::bigint AS balance FROM ledger_accounts
        WHERE program_id = $1 AND kind = 'points_expired'`,
      [world.program.programId],
    );
    return account!.balance;
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

  it('takes back points in proportion to partial refunds, all of them on the last', async () => {
    const member = await enrolMember(world);
    const bought = await earn(member, 9_999); // 99 points
    const parts = [3_333, 3_333, 3_333];
    const reversed: number[] = [];
    for (const amountMinor of parts) {
      const refund = await write('/v1/refunds', { purchaseId: bought.purchaseId, amountMinor });
      expect(refund.status).toBe(201);
      reversed.push(refund.body.pointsReversed);
    }
    expect(reversed.reduce((sum, points) => sum + points, 0)).toBe(99);
    expect(reversed).toEqual([33, 33, 33]);
    expect((await balanceOf(member)).available).toBe(0);

    const tooMuch = await write('/v1/refunds', { purchaseId: bought.purchaseId, amountMinor: 1 });
    expect(tooMuch.status).toBe(422);
    expect(tooMuch.body).toMatchObject({ code: 'REFUND_EXCEEDS_PURCHASE' });
  });

  it('refunds by receipt at the till, pending points first', async () => {
    const member = await enrolMember(world);
    const receiptId = `R-${randomUUID()}`;
    await write(
      '/v1/purchases',
      purchaseOf(member, 5_000, { receiptId, occurredAt: new Date().toISOString() }),
    );
    const refund = await write('/v1/refunds', { receiptId, amountMinor: 5_000 });
    expect(refund.status).toBe(201);
    expect(refund.body).toMatchObject({
      pointsReversed: 50,
      balance: { available: 0, pending: 0 },
    });
  });

  it('refunds at any store of the program, by purchase id or by receipt and its store alike', async () => {
    const otherTill = (
      await createPosApiKey(world.dataSource, world.program.programId, world.program.storeIds[1])
    ).apiKey;
    const member = await enrolMember(world);
    const receiptId = `R-${randomUUID()}`;
    const bought = await earn(member, 10_000);
    await write('/v1/purchases', purchaseOf(member, 10_000, { receiptId }));
    const refundAt = (body: Record<string, unknown>) =>
      ledgerWrite<Written & ProblemBody>(world, '/v1/refunds', { apiKey: otherTill, body });
    const byId = await refundAt({ purchaseId: bought.purchaseId, amountMinor: 2_500 });
    const byReceipt = await refundAt({
      receiptId,
      receiptStoreId: world.program.storeIds[0],
      amountMinor: 2_500,
    });
    expect(byId.status).toBe(201);
    expect(byReceipt.status).toBe(201);
    expect(byReceipt.body.pointsReversed).toBe(byId.body.pointsReversed);
    expect(byReceipt.body.refundableMinorLeft).toBe(byId.body.refundableMinorLeft);
    // Receipt ids are the issuing store's: without its store, another till finds none.
    const notHere = await refundAt({ receiptId, amountMinor: 100 });
    expect(notHere.body).toMatchObject({
      code: 'PURCHASE_NOT_FOUND',
      errors: [{ field: 'receiptId' }],
    });
    const mixed = await refundAt({
      purchaseId: bought.purchaseId,
      receiptStoreId: world.program.storeIds[0],
      amountMinor: 100,
    });
    expect(mixed.body).toMatchObject({
      code: 'VALIDATION_FAILED',
      errors: [{ field: 'receiptStoreId' }],
    });
    const transaction = await call<{ storeId: string; details: Record<string, unknown> }>(
      world.ledger.baseUrl,
      'GET',
      `/v1/transactions/${byId.body.transactionId}`,
      { token: world.clerk },
    );
    expect(transaction.body).toMatchObject({
      storeId: world.program.storeIds[0],
      details: { refundedAtStoreId: world.program.storeIds[1] },
    });
  });

  it('leaves a debt when refunded points were already spent, paid off by later earnings', async () => {
    const member = await enrolMember(world);
    const bought = await earn(member, 10_000);
    expect((await redeem(member, 80)).status).toBe(201);
    const refund = await write('/v1/refunds', {
      purchaseId: bought.purchaseId,
      amountMinor: 10_000,
    });
    expect(refund.body).toMatchObject({ pointsReversed: 100, balance: { available: -80 } });
    const refused = await redeem(member, 1);
    expect(refused.body).toMatchObject({ code: 'INSUFFICIENT_POINTS' });
    await earn(member, 5_000);
    expect((await balanceOf(member)).available).toBe(-30);
    await earn(member, 5_000);
    expect((await balanceOf(member)).available).toBe(20);
  });

  it('reverses a transaction once, giving spent lots their points back', async () => {
    const member = await enrolMember(world);
    await earn(member, 10_000);
    const spent = await redeem(member, 60);
    const reversal = (id: string, token = world.manager) =>
      write(`/v1/transactions/${id}/reversal`, { reason: 'till error' }, { token });

    expect(await balanceOf(member)).toMatchObject({
      available: 40,
      lifetimeEarned: 100,
      lifetimeRedeemed: 60,
    });
    expect((await reversal(spent.body.transactionId, world.clerk)).status).toBe(403);
    const undone = await reversal(spent.body.transactionId);
    expect(undone.status).toBe(201);
    // A reversal counts as what it undoes: the redemption is no longer in the lifetime figures.
    expect(await balanceOf(member)).toMatchObject({
      available: 100,
      lifetimeEarned: 100,
      lifetimeRedeemed: 0,
    });
    const twice = await reversal(spent.body.transactionId);
    expect(twice.status).toBe(409);
    expect(twice.body).toMatchObject({ code: 'TRANSACTION_ALREADY_REVERSED' });
    const ofReversal = await reversal(undone.body.transactionId);
    expect(ofReversal.status).toBe(422);
    expect(ofReversal.body).toMatchObject({ code: 'TRANSACTION_NOT_REVERSIBLE' });
    expect((await reversal(randomUUID())).status).toBe(404);

    const racing = await earn(member, 2_000);
    const answers = await Promise.all(
      Array.from({ length: 10 }, () => reversal(racing.transactionId)),
    );
    expect(answers.filter((answer) => answer.status === 201)).toHaveLength(1);
    expect(answers.filter((answer) => answer.status === 409)).toHaveLength(9);
    expect(await balanceOf(member)).toMatchObject({
      available: 100,
      lifetimeEarned: 100,
      lifetimeRedeemed: 0,
    });
  });

  it('transfers available points, keeping their expiry dates', async () => {
    const giver = await enrolMember(world);
    const receiver = await enrolMember(world);
    await earn(giver, 10_000, daysAgo(100));
    const reason = 'member asked at the desk to share with family';
    const transfer = await write(
      '/v1/transfers',
      { fromMemberId: giver.memberId, toMemberId: receiver.memberId, points: 40, reason },
      { token: world.manager },
    );
    expect(transfer.status).toBe(201);
    const [giverBalance, receiverBalance] = [await balanceOf(giver), await balanceOf(receiver)];
    expect(giverBalance.available).toBe(60);
    expect(receiverBalance).toMatchObject({ available: 40, nextExpiry: { points: 40 } });
    expect(receiverBalance.nextExpiry!.at).toBe(giverBalance.nextExpiry!.at);
    const tooMuch = await write(
      '/v1/transfers',
      { fromMemberId: giver.memberId, toMemberId: receiver.memberId, points: 61, reason },
      { token: world.manager },
    );
    expect(tooMuch.body).toMatchObject({ code: 'INSUFFICIENT_POINTS' });
  });

  it('lets managers adjust with a reason, recorded with who did it', async () => {
    const member = await enrolMember(world);
    const body = { memberId: member.memberId, points: 25, reason: 'goodwill after a complaint' };
    expect((await write('/v1/adjustments', body, { token: world.clerk })).status).toBe(403);
    const noReason = await write(
      '/v1/adjustments',
      { ...body, reason: undefined },
      { token: world.manager },
    );
    expect(noReason.status).toBe(400);
    expect(noReason.body.errors?.[0]).toMatchObject({ field: 'reason' });
    const added = await write('/v1/adjustments', body, { token: world.manager });
    expect(added.status).toBe(201);
    const removedTooMuch = await write(
      '/v1/adjustments',
      { ...body, points: -26 },
      { token: world.manager },
    );
    expect(removedTooMuch.body).toMatchObject({ code: 'INSUFFICIENT_POINTS' });
    const transaction = await call<{ actor: { kind: string; id: string }; reason: string }>(
      world.ledger.baseUrl,
      'GET',
      `/v1/transactions/${added.body.transactionId}`,
      { token: world.clerk },
    );
    expect(transaction.body).toMatchObject({
      actor: { kind: 'staff' },
      reason: 'goodwill after a complaint',
    });
    const [staff] = await world.dataSource.query<{ role: string }[]>(
      `SELECT role FROM staff_members WHERE id = $1`,
      [transaction.body.actor.id],
    );
    expect(staff!.role).toBe('manager');
  });

  it('books points already past their expiry straight to the expired account', async () => {
    const member = await enrolMember(world);
    const stale = await earn(member, 3_000, daysAgo(400)); // earned 13 months ago: past its 12
    expect(stale).toMatchObject({ points: 30, pointsExpired: 30 });
    await earn(member, 2_000, daysAgo(40));
    expect(await balanceOf(member)).toMatchObject({
      available: 20,
      pending: 0,
      lifetimeEarned: 50,
      nextExpiry: { points: 20 },
    });
    const run = await world.ledger.app
      .get(ExpirePointsUseCase)
      .execute(new Date(), world.program.programId);
    expect(run.pointsExpired).toBe(0);
    expect((await balanceOf(member)).available).toBe(20);
  });

  it('counts lots past their expiry as expired before the job books them, and the job once', async () => {
    const member = await enrolMember(world);
    const soon = await earn(member, 3_000, expiringIn(1));
    await earn(member, 2_000, daysAgo(40));
    expect((await balanceOf(member)).available).toBe(50);
    await clockPast(soon.expiresAt);
    expect(await balanceOf(member)).toMatchObject({ available: 20, nextExpiry: { points: 20 } });
    const refused = await redeem(member, 21);
    expect(refused.body).toMatchObject({ code: 'INSUFFICIENT_POINTS' });
    const expiredBefore = await expiredPoints();
    const expiry = world.ledger.app.get(ExpirePointsUseCase);
    const first = await expiry.execute(new Date(), world.program.programId);
    expect(first.pointsExpired).toBeGreaterThanOrEqual(30);
    const second = await expiry.execute(new Date(), world.program.programId);
    expect(second.pointsExpired).toBe(0);
    expect((await balanceOf(member)).available).toBe(20);
    expect((await expiredPoints()) - expiredBefore).toBe(first.pointsExpired);
  });

  it('pages through history with a cursor and filters by kind', async () => {
    const member = await enrolMember(world);
    for (let purchase = 0; purchase < 5; purchase += 1) await earn(member, 1_000);
    await redeem(member, 5);
    const path = `/v1/members/${member.memberId}/transactions`;
    const page = (query: string) =>
      call<History>(world.ledger.baseUrl, 'GET', `${path}?${query}`, { token: world.clerk });
    const first = await page('limit=4');
    expect(first.body.items.map((item) => item.kind)).toEqual([
      'redemption',
      'purchase_earn',
      'purchase_earn',
      'purchase_earn',
    ]);
    const second = await page(`limit=4&cursor=${first.body.nextCursor}`);
    expect(second.body.items).toHaveLength(2);
    expect(second.body.nextCursor).toBeNull();
    const redemptions = await page('kind=redemption');
    expect(redemptions.body.items).toEqual([
      expect.objectContaining({ kind: 'redemption', points: -5 }),
    ]);
    const badCursor = await page('cursor=bm90LWEtY3Vyc29y');
    expect(badCursor.status).toBe(400);
  });

  it('shows members only their own transactions', async () => {
    const member = await enrolMember(world);
    const other = await enrolMember(world);
    const mine = await earn(member, 1_000);
    const theirs = await earn(other, 1_000);
    const token = await memberToken(world, member);
    const get = (path: string) => call(world.ledger.baseUrl, 'GET', path, { token });
    expect((await get(`/v1/me/transactions/${mine.transactionId}`)).status).toBe(200);
    expect((await get(`/v1/me/transactions/${theirs.transactionId}`)).status).toBe(404);
    const history = await call<History>(world.ledger.baseUrl, 'GET', '/v1/me/transactions', {
      token,
    });
    expect(history.body.items.map((item) => item.transactionId)).toEqual([mine.transactionId]);
    expect((await get(`/v1/members/${other.memberId}/balance`)).status).toBe(403);
  });

  it('shows a member their own transaction without any staff, account or other member’s id', async () => {
    const member = await enrolMember(world);
    const adjusted = await call<{ transactionId: string }>(
      world.ledger.baseUrl,
      'POST',
      '/v1/adjustments',
      {
        token: world.admin,
        headers: { 'idempotency-key': randomUUID() },
        body: { memberId: member.memberId, points: 25, reason: 'goodwill for a late order' },
      },
    );
    expect(adjusted.status).toBe(201);
    const seen = await call<Record<string, unknown>>(
      world.ledger.baseUrl,
      'GET',
      `/v1/me/transactions/${adjusted.body.transactionId}`,
      { token: await memberToken(world, member) },
    );
    expect(seen.body).toEqual({
      id: adjusted.body.transactionId,
      kind: 'adjustment',
      points: 25,
      madeBy: 'staff',
      reason: 'goodwill for a late order',
      storeId: null,
      purchaseId: null,
      reversesTransactionId: null,
      reversedByTransactionId: null,
      occurredAt: seen.body.occurredAt,
    });
    expect(Number.isNaN(Date.parse(String(seen.body.occurredAt)))).toBe(false);
    const [staff] = await world.dataSource.query<{ actor_id: string }[]>(
      `SELECT actor_id FROM journal_transactions WHERE id = $1`,
      [adjusted.body.transactionId],
    );
    expect(JSON.stringify(seen.body)).not.toContain(staff!.actor_id);
  });

  it('applies an offline batch item by item, and replays it on re-upload', async () => {
    const member = await enrolMember(world);
    const item = (sequenceNumber: number, amountMinor: unknown) => ({
      ...purchaseOf(member, 0, { amountMinor }),
      idempotencyKey: randomUUID(),
      sequenceNumber,
    });
    const items = [
      item(3, 3_000),
      item(1, 1_000),
      item(2, -5),
      { ...item(4, 4_000), cardNumber: '42' },
    ];
    const upload = () =>
      call<{
        items: { index: number; status: number; replayed?: boolean; problem?: ProblemBody }[];
      }>(world.ledger.baseUrl, 'POST', '/v1/purchases/batch', {
        apiKey: world.posApiKey,
        body: { items },
      });
    const first = await upload();
    expect(first.status).toBe(200);
    expect(first.body.items.map((result) => result.status)).toEqual([201, 201, 400, 400]);
    expect(first.body.items[2]!.problem!.errors![0]).toMatchObject({ field: 'amountMinor' });
    expect((await balanceOf(member)).available).toBe(40);
    const again = await upload();
    expect(again.body.items.map((result) => result.replayed ?? null)).toEqual([
      true,
      true,
      null,
      null,
    ]);
    expect((await balanceOf(member)).available).toBe(40);
  });

  it('keeps the journal append-only and balances out of reach of hand edits', async () => {
    const member = await enrolMember(world);
    const bought = await earn(member, 1_000);
    await expect(
      world.dataSource.query(
        `UPDATE journal_entries SET points = points * 2 WHERE transaction_id = $1`,
        [bought.transactionId],
      ),
    ).rejects.toThrow('journal_entries is append-only');
    await expect(
      world.dataSource.query(`DELETE FROM journal_transactions WHERE id = $1`, [
        bought.transactionId,
      ]),
    ).rejects.toThrow('append-only');
    await expect(
      world.dataSource.query(
        `UPDATE ledger_accounts SET balance = balance + 1000 WHERE member_id = $1`,
        [member.memberId],
      ),
    ).rejects.toThrow('kept from its entries');
    await expect(
      world.dataSource.query(
        `UPDATE ledger_accounts SET lifetime_earned = lifetime_earned + 1000 WHERE member_id = $1`,
        [member.memberId],
      ),
    ).rejects.toThrow('kept from its entries');
    await expect(
      world.dataSource.query(
        `WITH t AS (INSERT INTO journal_transactions (id, program_id, kind, actor_kind)
                    VALUES ($1, $2, 'adjustment', 'system') RETURNING id)
         INSERT INTO journal_entries (transaction_id, account_id, points)
         SELECT t.id, a.id, 5 FROM t, ledger_accounts a WHERE a.member_id = $3`,
        [randomUUID(), world.program.programId, member.memberId],
      ),
    ).rejects.toThrow();
    const [unbalanced] = await Promise.allSettled([
      world.dataSource.query(
        `WITH t AS (INSERT INTO journal_transactions (id, program_id, kind, actor_kind)
                    VALUES ($1, $2, 'reward', 'system') RETURNING id)
         INSERT INTO journal_entries (transaction_id, account_id, points)
         SELECT t.id, a.id, 5 FROM t, ledger_accounts a WHERE a.member_id = $3`,
        [randomUUID(), world.program.programId, member.memberId],
      ),
    ]);
    expect(unbalanced.status).toBe('rejected');
    expect(String((unbalanced as PromiseRejectedResult).reason)).toContain('unbalanced');
    expect((await balanceOf(member)).available).toBe(10);
  });
});
