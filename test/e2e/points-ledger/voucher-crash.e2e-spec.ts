import {
  AppProcess,
  brokenLedgerRules,
  call,
  enrolMember,
  eventually,
  freePort,
  insertRedemptionCode,
  type LedgerWorld,
  ledgerWrite,
  memberBalance,
  purchaseOf,
  TcpProxy,
  untilReady,
} from '@loyalty/testing';
import { randomUUID } from 'node:crypto';
import { startWorld } from './ledger-world';

const CLAIMS = 60;
const STOCK = 40;

describe('points-ledger: a crash between a claim’s debit and its answer', () => {
  let world: LedgerWorld;

  beforeAll(async () => {
    world = await startWorld();
  });

  afterAll(async () => {
    await world?.close();
  });

  const vouchersOf = (memberId: string) =>
    world.dataSource.query<{ id: string }[]>(`SELECT id FROM vouchers WHERE member_id = $1`, [
      memberId,
    ]);

  const startLedger = async (port: number): Promise<AppProcess> => {
    const ledger = new AppProcess('points-ledger', {
      POINTS_LEDGER_PORT: String(port),
      POS_LOOKUPS_PER_MINUTE: '100000',
    });
    await untilReady(`http://127.0.0.1:${port}`);
    return ledger;
  };

  it('issues one voucher and one debit per key after kill -9, a restart and a retry of every claim', async () => {
    const added = await call<{ rewardId: string }>(
      world.ledger.baseUrl,
      'POST',
      '/v1/rewards-catalog',
      {
        token: world.admin,
        body: {
          code: `crash-${randomUUID().slice(0, 8)}`,
          name: 'Tote bag',
          costPoints: 30,
          benefit: { kind: 'free_item', sku: 'SKU-TOTE' },
          voucherValidDays: 30,
          stock: STOCK,
        },
      },
    );
    expect(added.status).toBe(201);
    const claims = await Promise.all(
      Array.from({ length: CLAIMS }, async () => {
        const member = await enrolMember(world);
        expect(
          (await ledgerWrite(world, '/v1/purchases', { body: purchaseOf(member, 10_000) })).status,
        ).toBe(201);
        return {
          member,
          key: randomUUID(),
          body: {
            cardNumber: member.cardNumber,
            redemptionCode: await insertRedemptionCode(world, member.memberId),
            rewardId: added.body.rewardId,
          },
        };
      }),
    );
    const port = await freePort();
    const send = (claim: (typeof claims)[number]) =>
      fetch(`http://127.0.0.1:${port}/v1/reward-claims`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-api-key': world.posApiKey,
          'idempotency-key': claim.key,
        },
        body: JSON.stringify(claim.body),
      });

    const first = await startLedger(port);
    // One claim committed whose answer never leaves: its reply is held until the ledger dies.
    const proxy = await TcpProxy.start('127.0.0.1', port);
    proxy.holdReplies();
    const unanswered = claims[0]!;
    const lost = fetch(`http://127.0.0.1:${proxy.port}/v1/reward-claims`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-api-key': world.posApiKey,
        'idempotency-key': unanswered.key,
      },
      body: JSON.stringify(unanswered.body),
    }).then(
      (response) => response.status,
      () => 'lost' as const,
    );
    await eventually(
      () => vouchersOf(unanswered.member.memberId),
      (vouchers) => vouchers.length === 1,
      { timeoutMs: 20_000 },
    );
    let answered = 0;
    const burst = Promise.allSettled(
      claims.map((claim) =>
        send(claim).then((response) => {
          answered += 1;
          return response.status;
        }),
      ),
    );
    // Killed once some claims were answered and the others are in flight or committed unanswered.
    await eventually(
      () => Promise.resolve(answered),
      (count) => count >= 5,
      { timeoutMs: 20_000 },
    );
    first.signal('SIGKILL');
    await first.exited;
    await proxy.close();
    expect(await lost).toBe('lost');
    expect((await burst).some((outcome) => outcome.status === 'rejected')).toBe(true);

    const second = await startLedger(port);
    let retried: { httpStatus: number; voucherId?: string }[];
    try {
      retried = await Promise.all(
        claims.map(async (claim) => {
          const response = await send(claim);
          const body = (await response.json()) as { voucherId?: string };
          return { httpStatus: response.status, voucherId: body.voucherId };
        }),
      );
      // A second retry answers exactly as the first did.
      const again = await Promise.all(claims.map(async (claim) => (await send(claim)).status));
      expect(again).toEqual(retried.map((answer) => answer.httpStatus));
    } finally {
      second.signal('SIGTERM');
      await second.exited;
    }

    expect(retried.filter((answer) => answer.httpStatus === 201)).toHaveLength(STOCK);
    // The claim committed before the kill, never answered, is answered now with its voucher.
    expect(retried[0]).toMatchObject({ httpStatus: 201 });
    expect(retried[0]!.voucherId).toBe((await vouchersOf(unanswered.member.memberId))[0]!.id);
    expect(retried.filter((answer) => answer.httpStatus === 409)).toHaveLength(CLAIMS - STOCK);
    for (const [n, claim] of claims.entries()) {
      const vouchers = await vouchersOf(claim.member.memberId);
      const debited = (await memberBalance(world, claim.member.memberId)).available === 70;
      if (retried[n]!.httpStatus === 201) {
        expect(vouchers.map((voucher) => voucher.id)).toEqual([retried[n]!.voucherId]);
        expect(debited).toBe(true);
      } else {
        expect(vouchers).toEqual([]);
        expect(debited).toBe(false);
      }
    }
    expect(await brokenLedgerRules(world)).toEqual([]);
  });
});
