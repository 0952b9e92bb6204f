import {
  brokenLedgerRules,
  call,
  createPosApiKey,
  createProgram,
  eventually,
  type LedgerWorld,
  ledgerTraces,
  ledgerWrite,
  type MaintenanceJobs,
  memberBalance,
  memberToken,
  purchaseOf,
} from '@loyalty/testing';
import { canonicalVoucherCode, voucherCheckSymbol } from '@loyalty/ledger';
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { useVoucherWorld, type Voucher } from './voucher-world';

describe('points-ledger: vouchers at the till, refunded and expired', () => {
  const voucherWorld = useVoucherWorld();
  const { addReward, memberWith, tillClaim, check, redeem, voucherRow } = voucherWorld;
  let world: LedgerWorld;
  let marketing: string;
  let otherStoreTill: string;
  let jobs: MaintenanceJobs;

  beforeAll(() => {
    ({ world, marketing, otherStoreTill, jobs } = voucherWorld.state);
  });

  it('is used once at a till: retries replay, racing tills get one redemption and 409s', async () => {
    const member = await memberWith(100);
    const reward = await addReward();
    const voucher = (await tillClaim(member, reward.rewardId)).body;
    const checked = await check(voucher.code.toLowerCase().replaceAll('-', ' '));
    expect(checked).toMatchObject({ status: 200, body: { redeemable: true, refusal: null } });

    const key = randomUUID();
    const receipt = `R-${randomUUID()}`;
    const first = await redeem(voucher.code, receipt, { key });
    expect(first).toMatchObject({ status: 200, body: { status: 'redeemed', receiptId: receipt } });
    const retried = await redeem(voucher.code, receipt, { key });
    expect(retried.status).toBe(200);
    expect(retried.body).toEqual(first.body);

    const other = (await tillClaim(member, reward.rewardId)).body;
    const racing = await Promise.all(
      Array.from({ length: 20 }, () => redeem(other.code, `R-${randomUUID()}`)),
    );
    expect(racing.filter((answer) => answer.status === 200)).toHaveLength(1);
    const refused = racing.filter((answer) => answer.status !== 200);
    expect(refused).toHaveLength(19);
    expect(refused.every((answer) => answer.status === 409)).toBe(true);
    expect(refused[0]!.body).toMatchObject({
      code: 'VOUCHER_NOT_REDEEMABLE',
      voucherStatus: 'redeemed',
    });
    expect(await check(other.code)).toMatchObject({
      body: { redeemable: false, refusal: 'redeemed', status: 'redeemed' },
    });
    expect(await brokenLedgerRules(world)).toEqual([]);
  });

  it('refuses a guessed, mangled, foreign or misplaced code with a problem and no trace', async () => {
    const member = await memberWith(100);
    const restricted = await addReward({ storeIds: [world.program.storeIds[0]] });
    const voucher = (await tillClaim(member, restricted.rewardId)).body;
    const before = await ledgerTraces(world);

    // A well-formed code (its check symbol right) that no voucher has.
    const payload = voucher.code.replaceAll('-', '').slice(0, 16);
    const guessedPayload = `${payload.slice(0, 15)}${payload.at(-1) === '0' ? '1' : '0'}`;
    const wellFormedGuess = `${guessedPayload}${voucherCheckSymbol(guessedPayload)}`;
    expect(canonicalVoucherCode(wellFormedGuess)).toBe(wellFormedGuess);
    expect(await check(wellFormedGuess)).toMatchObject({
      status: 404,
      body: { code: 'VOUCHER_NOT_FOUND' },
    });
    expect((await redeem(wellFormedGuess, 'R-1')).status).toBe(404);
    const mangled = await redeem(
      `${voucher.code.slice(0, -1)}${voucher.code.at(-1) === 'A' ? 'B' : 'A'}`,
      'R-1',
    );
    expect(mangled).toMatchObject({ status: 400 });
    expect(mangled.body.errors?.map((error) => error.field) ?? [mangled.body]).toContain('code');

    expect(await check(voucher.code, otherStoreTill)).toMatchObject({
      status: 200,
      body: { redeemable: false, refusal: 'not_valid_in_store' },
    });
    expect(await redeem(voucher.code, 'R-1', { apiKey: otherStoreTill })).toMatchObject({
      status: 422,
      body: { code: 'VOUCHER_NOT_VALID_IN_STORE' },
    });

    const elsewhere = await createProgram(world.dataSource);
    const foreignTill = (
      await createPosApiKey(world.dataSource, elsewhere.programId, elsewhere.storeIds[0])
    ).apiKey;
    expect((await check(voucher.code, foreignTill)).status).toBe(404);
    expect((await redeem(voucher.code, 'R-1', { apiKey: foreignTill })).status).toBe(404);

    const after = await ledgerTraces(world);
    expect({ ...after, keys: before.keys }).toEqual(before);
    expect(await voucherRow(voucher.voucherId)).toMatchObject({ status: 'issued' });
    expect((await redeem(voucher.code, 'R-2')).status).toBe(200);
  });

  it('restores a voucher whose receipt is refunded in full, or returns its points, by policy', async () => {
    const setPolicy = (onRefund: string) =>
      call(world.ledger.baseUrl, 'PATCH', '/v1/program', {
        token: world.admin,
        body: { voucherPolicy: { onRefund } },
      });
    const reward = await addReward();
    const useOnReceipt = async () => {
      const member = await memberWith(100);
      const voucher = (await tillClaim(member, reward.rewardId)).body;
      const sale = purchaseOf(member, 2_000, { occurredAt: new Date().toISOString() });
      expect((await ledgerWrite(world, '/v1/purchases', { body: sale })).status).toBe(201);
      expect((await redeem(voucher.code, sale.receiptId)).status).toBe(200);
      return { member, voucher, receiptId: sale.receiptId };
    };
    const refund = (receiptId: string, amountMinor: number) =>
      ledgerWrite<{ vouchers: { voucherId: string; outcome: string }[] }>(world, '/v1/refunds', {
        body: { receiptId, amountMinor },
      });

    expect((await setPolicy('restore_voucher')).status).toBe(200);
    const restored = await useOnReceipt();
    const part = await refund(restored.receiptId, 500);
    expect(part.body.vouchers).toEqual([]);
    expect(await voucherRow(restored.voucher.voucherId)).toMatchObject({ status: 'redeemed' });
    const rest = await refund(restored.receiptId, 1_500);
    expect(rest.status).toBe(201);
    expect(rest.body.vouchers).toEqual([
      { voucherId: restored.voucher.voucherId, outcome: 'reinstated' },
    ]);
    expect(await voucherRow(restored.voucher.voucherId)).toMatchObject({
      status: 'issued',
      redeemed_receipt_id: null,
    });
    expect(await check(restored.voucher.code)).toMatchObject({ body: { redeemable: true } });
    expect((await redeem(restored.voucher.code, `R-${randomUUID()}`)).status).toBe(200);

    expect((await setPolicy('return_points')).status).toBe(200);
    const returned = await useOnReceipt();
    expect((await memberBalance(world, returned.member.memberId)).available).toBe(70);
    const whole = await refund(returned.receiptId, 2_000);
    expect(whole.body.vouchers).toEqual([
      { voucherId: returned.voucher.voucherId, outcome: 'returned' },
    ]);
    expect(await voucherRow(returned.voucher.voucherId)).toMatchObject({ status: 'returned' });
    // The refund took back what the sale earned (20 pending points); the voucher's 30 are back.
    expect(await memberBalance(world, returned.member.memberId)).toMatchObject({
      available: 100,
      pending: 0,
    });
    expect((await redeem(returned.voucher.code, 'R-again')).status).toBe(409);
    expect((await setPolicy('restore_voucher')).status).toBe(200);
    expect(await brokenLedgerRules(world)).toEqual([]);
  });

  it('ends unused vouchers past their expiry by itself: points back or forfeited, by policy', async () => {
    const reward = await addReward();
    const claimExpired = async () => {
      const member = await memberWith(100);
      const voucher = (await tillClaim(member, reward.rewardId)).body;
      // As if its validity ran out: the sweep reads expires_at against the clock.
      await world.dataSource.query(
        `UPDATE vouchers SET expires_at = now() - interval '1 second' WHERE id = $1`,
        [voucher.voucherId],
      );
      return { member, voucher };
    };
    const setExpiry = (onExpiry: string) =>
      call(world.ledger.baseUrl, 'PATCH', '/v1/program', {
        token: world.admin,
        body: { voucherPolicy: { onExpiry } },
      });

    expect((await setExpiry('forfeit')).status).toBe(200);
    const forfeited = await claimExpired();
    expect(await redeem(forfeited.voucher.code, 'R-late')).toMatchObject({
      status: 409,
      body: { voucherStatus: 'expired' },
    });
    const run = await jobs.run<{ vouchersExpired: number; pointsForfeited: number }>(
      'expire-vouchers',
      { programId: world.program.programId },
    );
    expect(run).toMatchObject({ vouchersExpired: 1, pointsForfeited: 30 });
    expect(await voucherRow(forfeited.voucher.voucherId)).toMatchObject({ status: 'expired' });
    expect((await memberBalance(world, forfeited.member.memberId)).available).toBe(70);

    expect((await setExpiry('return_points')).status).toBe(200);
    const returned = await claimExpired();
    const second = await jobs.run<{ vouchersExpired: number; pointsReturned: number }>(
      'expire-vouchers',
      { programId: world.program.programId },
    );
    expect(second).toMatchObject({ vouchersExpired: 1, pointsReturned: 30 });
    expect(await voucherRow(returned.voucher.voucherId)).toMatchObject({ status: 'returned' });
    expect((await memberBalance(world, returned.member.memberId)).available).toBe(100);
    // A second run finds nothing left to end.
    expect(await jobs.run('expire-vouchers', { programId: world.program.programId })).toMatchObject(
      { vouchersExpired: 0 },
    );
    expect((await setExpiry('forfeit')).status).toBe(200);
    expect(await brokenLedgerRules(world)).toEqual([]);
  });

  it('moves a merged duplicate’s vouchers to the member it was merged into', async () => {
    const reward = await addReward();
    const duplicate = await memberWith(100);
    const survivor = await memberWith(10);
    const voucher = (await tillClaim(duplicate, reward.rewardId)).body;
    const merged = await call(
      world.cardIssuance.baseUrl,
      'POST',
      `/v1/members/${duplicate.memberId}/merge`,
      {
        token: world.manager,
        headers: { 'idempotency-key': randomUUID() },
        body: { intoMemberId: survivor.memberId, reason: 'enrolled twice at the desk' },
      },
    );
    expect(merged.status).toBe(200);
    const token = await memberToken(world, survivor);
    const theirs = await call<{ items: Voucher[] }>(
      world.ledger.baseUrl,
      'GET',
      '/v1/me/vouchers',
      {
        token,
      },
    );
    expect(theirs.body.items.map((item) => item.voucherId)).toEqual([voucher.voucherId]);
    // Returned on expiry, its points come back to the survivor, with their lots' expiry.
    expect(
      (
        await call(world.ledger.baseUrl, 'PATCH', '/v1/program', {
          token: world.admin,
          body: { voucherPolicy: { onExpiry: 'return_points' } },
        })
      ).status,
    ).toBe(200);
    await world.dataSource.query(
      `UPDATE vouchers SET expires_at = now() - interval '1 second' WHERE id = $1`,
      [voucher.voucherId],
    );
    expect(await jobs.run('expire-vouchers', { programId: world.program.programId })).toMatchObject(
      { vouchersExpired: 1, pointsReturned: 30 },
    );
    expect((await memberBalance(world, survivor.memberId)).available).toBe(110);
    expect(
      (
        await call(world.ledger.baseUrl, 'PATCH', '/v1/program', {
          token: world.admin,
          body: { voucherPolicy: { onExpiry: 'forfeit' } },
        })
      ).status,
    ).toBe(200);
    expect(await brokenLedgerRules(world)).toEqual([]);
  });

  it('tells marketing what was claimed, used and lost, and the voucher liability', async () => {
    const insight = await call<{
      rewards: { rewardId: string; claimed: number; redeemed: number; expired: number }[];
      vouchers: { claimed: number; expired: number; pointsForfeited: number; breakageRate: number };
      caveats: string[];
    }>(world.ledger.baseUrl, 'GET', '/v1/insights/rewards', { token: marketing });
    expect(insight.status).toBe(200);
    const [counted] = await world.dataSource.query<
      { claimed: number; expired: number; closed: number; forfeited: number; issued: number }[]
    >(
      `SELECT count(*)::int AS claimed, count(*) FILTER (WHERE status = 'expired')::int AS expired,
              count(*) FILTER (WHERE status <> 'issued')::int AS closed,
              coalesce(sum(points) FILTER (WHERE status = 'expired'), 0)::int AS forfeited,
              coalesce(sum(points) FILTER (WHERE status = 'issued'), 0)::int AS issued
         FROM vouchers WHERE program_id = $1`,
      [world.program.programId],
    );
    expect(counted!.expired).toBeGreaterThan(0);
    expect(insight.body.vouchers).toMatchObject({
      claimed: counted!.claimed,
      expired: counted!.expired,
      pointsForfeited: counted!.forfeited,
      breakageRate: counted!.expired / counted!.closed,
    });
    expect(insight.body.rewards.reduce((sum, reward) => sum + reward.claimed, 0)).toBe(
      counted!.claimed,
    );
    expect(insight.body.caveats.length).toBeGreaterThan(0);
    const liability = await call<{ inVouchers: number }>(
      world.ledger.baseUrl,
      'GET',
      '/v1/insights/points',
      { token: marketing },
    );
    expect(liability.body.inVouchers).toBe(counted!.issued);
  });

  it('delivers the voucher’s events to a subscribed webhook', async () => {
    const bodies: string[] = [];
    const server = createServer((incoming, response) => {
      const chunks: Buffer[] = [];
      incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
      incoming.on('end', () => {
        bodies.push(Buffer.concat(chunks).toString('utf8'));
        response.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const registered = await call(world.ledger.baseUrl, 'POST', '/v1/webhooks', {
        token: world.admin,
        body: {
          url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/events`,
          eventTypes: ['voucher.issued', 'voucher.redeemed'],
        },
      });
      expect(registered.status).toBe(201);
      const member = await memberWith(100);
      const voucher = (await tillClaim(member, (await addReward()).rewardId)).body;
      expect((await redeem(voucher.code, `R-${randomUUID()}`)).status).toBe(200);
      const delivered = await eventually(
        () =>
          Promise.resolve(
            bodies
              .map((body) => JSON.parse(body) as { type: string; data: { voucherId?: string } })
              .filter((event) => event.data.voucherId === voucher.voucherId),
          ),
        (events) => events.length === 2,
        { timeoutMs: 30_000 },
      );
      expect(delivered.map((event) => event.type).sort()).toEqual([
        'voucher.issued',
        'voucher.redeemed',
      ]);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
