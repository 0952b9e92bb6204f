import { loadLoyaltyConfig } from '@loyalty/config';
import {
  brokenLedgerRules,
  call,
  createPosApiKey,
  createProgram,
  enrolMember,
  type EnrolledMember,
  insertRedemptionCode,
  type LedgerWorld,
  ledgerTraces,
  ledgerWrite,
  MaintenanceJobs,
  memberBalance,
  memberToken,
  purchaseOf,
  type RunningApp,
  signedInStaff,
  startApp,
  twoTierValuePolicy,
} from '@loyalty/testing';
import { StaffRole } from '@loyalty/domain';
import { canonicalVoucherCode, voucherCheckSymbol } from '@loyalty/ledger';
import { randomUUID } from 'node:crypto';
import { createValueScoringWorkerApp } from '../../../apps/value-scoring-worker/src/value-scoring-worker.app';
import { startWorld } from './ledger-world';

interface Problem {
  code: string;
  refusals?: string[];
  voucherStatus?: string;
  errors?: { field: string }[];
}

interface Reward {
  rewardId: string;
  code: string;
  version: number;
  costPoints: number;
  stockClaimed: number;
  stockLeft: number | null;
  versions: { version: number; costPoints: number }[];
}

interface Voucher {
  voucherId: string;
  code: string;
  rewardVersion: number;
  points: number;
  status: string;
  expiresAt: string;
  name: string;
  balance: { available: number };
}

const REWARD = {
  name: 'Free espresso',
  description: 'Any espresso.',
  costPoints: 30,
  benefit: { kind: 'free_item', sku: 'SKU-ESPRESSO' },
  voucherValidDays: 30,
};

describe('points-ledger: the rewards catalog and its vouchers', () => {
  let world: LedgerWorld;
  let marketing: string;
  let otherStoreTill: string;
  let worker: RunningApp;
  let jobs: MaintenanceJobs;

  beforeAll(async () => {
    world = await startWorld();
    marketing = await signedInStaff(
      world.cardIssuance.baseUrl,
      world.dataSource,
      world.program.programId,
      StaffRole.Marketing,
      null,
    );
    otherStoreTill = (
      await createPosApiKey(world.dataSource, world.program.programId, world.program.storeIds[1])
    ).apiKey;
    const policy = await call(world.ledger.baseUrl, 'POST', '/v1/value-policies', {
      token: world.admin,
      body: twoTierValuePolicy(),
    });
    expect(policy.status).toBe(201);
    worker = await startApp(createValueScoringWorkerApp);
    jobs = await MaintenanceJobs.open(loadLoyaltyConfig().redis);
  });

  afterAll(async () => {
    await jobs?.close();
    await worker?.close();
    await world?.close();
  });

  const addReward = async (terms: object = {}, token = world.admin) => {
    const added = await call<Reward & Problem>(
      world.ledger.baseUrl,
      'POST',
      '/v1/rewards-catalog',
      {
        token,
        body: { code: `reward-${randomUUID().slice(0, 8)}`, ...REWARD, ...terms },
      },
    );
    expect(added.status).toBe(201);
    return added.body;
  };
  /** A member with `points` available: one purchase long enough ago to be spendable. */
  const memberWith = async (points: number) => {
    const member = await enrolMember(world);
    const bought = await ledgerWrite(world, '/v1/purchases', {
      body: purchaseOf(member, points * 100),
    });
    expect(bought.status).toBe(201);
    return member;
  };
  const tillClaim = async (
    member: EnrolledMember,
    rewardId: string,
    options: { key?: string; apiKey?: string } = {},
  ) =>
    ledgerWrite<Voucher & Problem>(world, '/v1/reward-claims', {
      body: {
        cardNumber: member.cardNumber,
        redemptionCode: await insertRedemptionCode(world, member.memberId),
        rewardId,
      },
      ...options,
    });
  const check = (code: string, apiKey = world.posApiKey) =>
    call<{ redeemable: boolean; refusal: string | null; status: string } & Problem>(
      world.ledger.baseUrl,
      'GET',
      `/v1/vouchers/${encodeURIComponent(code)}`,
      { apiKey },
    );
  const redeem = (
    code: string,
    receiptId: string,
    options: { key?: string; apiKey?: string } = {},
  ) =>
    ledgerWrite<{ status: string; transactionId: string } & Problem>(
      world,
      `/v1/vouchers/${encodeURIComponent(code)}/redemption`,
      { body: { receiptId }, ...options },
    );
  const voucherRow = async (voucherId: string) =>
    (
      await world.dataSource.query<{ status: string; redeemed_receipt_id: string | null }[]>(
        `SELECT status, redeemed_receipt_id FROM vouchers WHERE id = $1`,
        [voucherId],
      )
    )[0]!;

  it('publishes rewards as versions, to admins and marketing only, naming a bad field', async () => {
    const reward = await addReward({ stock: 5 }, marketing);
    expect(reward).toMatchObject({ version: 1, stockClaimed: 0, stockLeft: 5 });
    const byClerk = await call<Problem>(world.ledger.baseUrl, 'POST', '/v1/rewards-catalog', {
      token: world.clerk,
      body: { code: 'by-clerk', ...REWARD },
    });
    expect(byClerk.status).toBe(403);
    const twice = await call<Problem>(world.ledger.baseUrl, 'POST', '/v1/rewards-catalog', {
      token: world.admin,
      body: { ...REWARD, code: reward.code },
    });
    expect(twice).toMatchObject({ status: 409, body: { code: 'REWARD_CODE_TAKEN' } });
    const refusals: [object, string][] = [
      [{ benefit: { kind: 'amount_off' } }, 'benefit.amountMinor'],
      [{ benefit: { kind: 'free_item' } }, 'benefit.sku'],
      [{ costPoints: 0 }, 'costPoints'],
      [{ storeIds: [randomUUID()] }, 'storeIds.0'],
      [{ tiers: ['platinum'] }, 'tiers.0'],
      [
        { availableFrom: '2027-02-01T00:00:00Z', availableUntil: '2027-01-01T00:00:00Z' },
        'availableUntil',
      ],
      [{ imageUrl: 'http://insecure.example.com/a.png' }, 'imageUrl'],
    ];
    for (const [terms, field] of refusals) {
      const refused = await call<Problem>(world.ledger.baseUrl, 'POST', '/v1/rewards-catalog', {
        token: world.admin,
        body: { code: `bad-${randomUUID().slice(0, 8)}`, ...REWARD, ...terms },
      });
      expect(refused.status).toBe(400);
      expect(refused.body.errors?.map((error) => error.field) ?? [refused.body]).toContain(field);
    }

    const member = await memberWith(100);
    const first = await tillClaim(member, reward.rewardId);
    expect(first.status).toBe(201);
    const republished = await call<Reward>(
      world.ledger.baseUrl,
      'PUT',
      `/v1/rewards-catalog/${reward.rewardId}`,
      { token: world.admin, body: { ...REWARD, costPoints: 40, stock: 5 } },
    );
    expect(republished.status).toBe(200);
    expect(republished.body).toMatchObject({ version: 2, costPoints: 40, stockClaimed: 1 });
    expect(republished.body.versions.map((version) => version.costPoints)).toEqual([40, 30]);
    const second = await tillClaim(member, reward.rewardId);
    expect(second.body).toMatchObject({ points: 40, rewardVersion: 2 });
    // The first voucher keeps the terms it was claimed under.
    const token = await memberToken(world, member);
    const mine = await call<{ items: Voucher[] }>(world.ledger.baseUrl, 'GET', '/v1/me/vouchers', {
      token,
    });
    expect(mine.body.items.map((voucher) => [voucher.rewardVersion, voucher.points])).toEqual([
      [2, 40],
      [1, 30],
    ]);
    expect((await memberBalance(world, member.memberId)).available).toBe(30);
  });

  it('lists what a member may claim, with every reason they may not', async () => {
    const member = await memberWith(100);
    const tierOnly = await addReward({ tiers: ['gold'] });
    const sold = await addReward({ stock: 0 });
    const costly = await addReward({ costPoints: 500 });
    const once = await addReward({ perMemberLimit: { claims: 1, period: 'month' } });
    const withdrawn = await addReward({ active: false });
    const later = await addReward({
      availableFrom: new Date(Date.now() + 86_400_000).toISOString(),
    });
    expect((await tillClaim(member, once.rewardId)).status).toBe(201);
    const token = await memberToken(world, member);
    const catalog = await call<{ items: (Reward & { claimable: boolean; refusals: string[] })[] }>(
      world.ledger.baseUrl,
      'GET',
      '/v1/me/rewards',
      { token },
    );
    expect(catalog.status).toBe(200);
    const byId = new Map(catalog.body.items.map((item) => [item.rewardId, item]));
    expect(byId.get(tierOnly.rewardId)?.refusals).toEqual(['tier']);
    expect(byId.get(sold.rewardId)?.refusals).toEqual(['out_of_stock']);
    expect(byId.get(costly.rewardId)?.refusals).toEqual(['not_enough_points']);
    expect(byId.get(once.rewardId)?.refusals).toEqual(['limit_reached']);
    expect(byId.has(withdrawn.rewardId)).toBe(false);
    expect(byId.has(later.rewardId)).toBe(false);

    // As the worker records a tier: the member's state, and the member row writes read.
    await world.dataSource.query(
      `INSERT INTO member_tiers (member_id, program_id, tier, since) VALUES ($1, $2, 'gold', now())`,
      [member.memberId, world.program.programId],
    );
    await world.dataSource.query(`UPDATE members SET tier = 'gold' WHERE id = $1`, [
      member.memberId,
    ]);
    const claimed = await call<Voucher & Problem>(
      world.ledger.baseUrl,
      'POST',
      `/v1/me/rewards/${tierOnly.rewardId}/claim`,
      { token, headers: { 'idempotency-key': randomUUID() } },
    );
    expect(claimed.status).toBe(201);
    const refused = await call<Problem>(
      world.ledger.baseUrl,
      'POST',
      `/v1/me/rewards/${costly.rewardId}/claim`,
      { token, headers: { 'idempotency-key': randomUUID() } },
    );
    expect(refused).toMatchObject({
      status: 422,
      body: { code: 'REWARD_NOT_CLAIMABLE', refusals: ['not_enough_points'] },
    });
  });

  it('claims once in the app: a retry answers the same voucher, its code renders as barcodes', async () => {
    const member = await memberWith(100);
    const reward = await addReward();
    const token = await memberToken(world, member);
    const key = randomUUID();
    const claim = () =>
      call<Voucher>(world.ledger.baseUrl, 'POST', `/v1/me/rewards/${reward.rewardId}/claim`, {
        token,
        headers: { 'idempotency-key': key },
      });
    const [first, again] = [await claim(), await claim()];
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.body).toEqual(first.body);
    expect(first.body.code).toMatch(
      /^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){3}-[0-9A-HJKMNP-TV-Z]$/,
    );
    expect(first.body.balance.available).toBe(70);
    expect((await memberBalance(world, member.memberId)).available).toBe(70);
    const [vouchers] = await world.dataSource.query<{ count: number }[]>(
      `SELECT count(*)::int AS count FROM vouchers WHERE member_id = $1`,
      [member.memberId],
    );
    expect(vouchers!.count).toBe(1);
    // The code is not stored, only its hash.
    const [stored] = await world.dataSource.query<{ found: number }[]>(
      `SELECT count(*)::int AS found FROM vouchers WHERE encode(code_hash, 'escape') LIKE $1`,
      [`%${first.body.code.replaceAll('-', '')}%`],
    );
    expect(stored!.found).toBe(0);

    for (const [format, type] of [
      ['svg', 'image/svg+xml'],
      ['png', 'image/png'],
    ]) {
      const image = await fetch(
        `${world.ledger.baseUrl}/v1/me/vouchers/${first.body.voucherId}/barcode.${format}?symbology=qrcode`,
        { headers: { authorization: `Bearer ${token}` } },
      );
      expect(image.status).toBe(200);
      expect(image.headers.get('content-type')).toContain(type);
      expect((await image.arrayBuffer()).byteLength).toBeGreaterThan(100);
    }
    // The member's data export lists the voucher, never its code.
    const exported = await fetch(`${world.cardIssuance.baseUrl}/v1/me/export`, {
      headers: { authorization: `Bearer ${token}` },
    });
    const exportText = await exported.text();
    expect(exported.status).toBe(200);
    expect((JSON.parse(exportText) as { vouchers: { id: string }[] }).vouchers).toEqual([
      expect.objectContaining({ id: first.body.voucherId, status: 'issued', points: 30 }),
    ]);
    expect(exportText).not.toContain(first.body.code.replaceAll('-', ''));
    expect(exportText).not.toContain(first.body.code);
    const someoneElse = await memberToken(world, await enrolMember(world));
    const notTheirs = await call<Problem>(
      world.ledger.baseUrl,
      'GET',
      `/v1/me/vouchers/${first.body.voucherId}`,
      { token: someoneElse },
    );
    expect(notTheirs).toMatchObject({ status: 404, body: { code: 'VOUCHER_NOT_FOUND' } });
  });

  it('never oversells: 50 tills claiming a stock of 10 give exactly 10 vouchers', async () => {
    const reward = await addReward({ stock: 10 });
    const members = await Promise.all(Array.from({ length: 50 }, () => memberWith(40)));
    const codes = await Promise.all(
      members.map((member) => insertRedemptionCode(world, member.memberId)),
    );
    const answers = await Promise.all(
      members.map((member, n) =>
        ledgerWrite<Voucher & Problem>(world, '/v1/reward-claims', {
          body: {
            cardNumber: member.cardNumber,
            redemptionCode: codes[n],
            rewardId: reward.rewardId,
          },
        }),
      ),
    );
    const statuses = answers.map((answer) => answer.status);
    expect(statuses.filter((status) => status === 201)).toHaveLength(10);
    expect(statuses.filter((status) => status === 409)).toHaveLength(40);
    expect(
      answers
        .filter((answer) => answer.status === 409)
        .every((a) => a.body.code === 'REWARD_OUT_OF_STOCK'),
    ).toBe(true);
    const balances = await Promise.all(
      members.map((member) => memberBalance(world, member.memberId)),
    );
    expect(balances.filter((balance) => balance.available === 10)).toHaveLength(10);
    expect(balances.filter((balance) => balance.available === 40)).toHaveLength(40);
    const detail = await call<Reward>(
      world.ledger.baseUrl,
      'GET',
      `/v1/rewards-catalog/${reward.rewardId}`,
      { token: world.clerk },
    );
    expect(detail.body).toMatchObject({ stockClaimed: 10, stockLeft: 0 });
    expect(await brokenLedgerRules(world)).toEqual([]);
  });

  it('is claimed at the desk by a clerk with the member’s code, and tells the outbox', async () => {
    const reward = await addReward();
    const member = await memberWith(100);
    const atDesk = (redemptionCode: string, memberId = member.memberId) =>
      call<Voucher & Problem>(
        world.ledger.baseUrl,
        'POST',
        `/v1/members/${memberId}/reward-claims`,
        {
          token: world.clerk,
          headers: { 'idempotency-key': randomUUID() },
          body: { rewardId: reward.rewardId, redemptionCode },
        },
      );
    expect(await atDesk('00000000')).toMatchObject({
      status: 422,
      body: { code: 'REDEMPTION_CODE_INVALID' },
    });
    const claimed = await atDesk(await insertRedemptionCode(world, member.memberId));
    expect(claimed).toMatchObject({ status: 201, body: { points: 30, status: 'issued' } });
    expect((await atDesk('12345678', randomUUID())).status).toBe(404);
    const events = await world.dataSource.query<{ type: string; payload: object }[]>(
      `SELECT type, payload FROM outbox_events WHERE member_id = $1 AND type LIKE 'voucher.%'`,
      [member.memberId],
    );
    expect(events.map((event) => event.type)).toEqual(['voucher.issued']);
    expect(events[0]!.payload).toMatchObject({ voucherId: claimed.body.voucherId, points: -30 });
  });

  it('holds a member to the reward’s limit, also claiming from several devices at once', async () => {
    const reward = await addReward({ perMemberLimit: { claims: 1, period: 'week' } });
    const member = await memberWith(300);
    const answers = await Promise.all(
      Array.from({ length: 5 }, () => tillClaim(member, reward.rewardId)),
    );
    expect(answers.map((answer) => answer.status).sort()).toEqual([201, 422, 422, 422, 422]);
    expect(answers.find((answer) => answer.status === 422)?.body.refusals).toEqual([
      'limit_reached',
    ]);
    expect((await memberBalance(world, member.memberId)).available).toBe(270);
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
});
