import {
  brokenLedgerRules,
  call,
  enrolMember,
  insertRedemptionCode,
  type LedgerWorld,
  ledgerWrite,
  memberBalance,
  memberToken,
} from '@loyalty/testing';
import { randomUUID } from 'node:crypto';
import { type Problem, REWARD, type Reward, useVoucherWorld, type Voucher } from './voucher-world';

describe('points-ledger: the rewards catalog and claims', () => {
  const voucherWorld = useVoucherWorld();
  const { addReward, memberWith, tillClaim } = voucherWorld;
  let world: LedgerWorld;
  let marketing: string;

  beforeAll(() => {
    ({ world, marketing } = voucherWorld.state);
  });

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
});
