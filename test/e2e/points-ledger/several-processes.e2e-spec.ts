import { redemptionCodeHash } from '@loyalty/ledger';
import {
  AppProcess,
  brokenLedgerRules,
  call,
  enrolMember,
  freePort,
  type LedgerWorld,
  ledgerWrite,
  type ProblemBody,
  purchaseOf,
  untilReady,
} from '@loyalty/testing';
import { randomUUID } from 'node:crypto';
import { startWorld } from './ledger-world';

interface Written {
  transactionId: string;
  points: number;
}

/**
 * Each ledger process groups its own requests into batches and knows nothing of the others'
 * (docs/performance.md: scaling out is running more of them). What keeps writes exact across
 * processes is the database alone: the key's primary key, the receipt's unique index and the
 * member's account lock. Two processes here take the same requests at the same time.
 */
describe('points-ledger: several processes writing at once', () => {
  let world: LedgerWorld;
  let other: AppProcess;
  let otherUrl: string;

  beforeAll(async () => {
    world = await startWorld();
    const port = await freePort();
    other = new AppProcess('points-ledger', { POINTS_LEDGER_PORT: String(port) });
    otherUrl = `http://127.0.0.1:${port}`;
    await untilReady(otherUrl);
  });

  afterAll(async () => {
    other?.signal('SIGTERM');
    await other?.exited;
    await world?.close();
  });

  const processes = () => [world.ledger.baseUrl, otherUrl];

  it('credits a purchase sent to both under one key once, and a receipt once under two keys', async () => {
    const members = await Promise.all(Array.from({ length: 6 }, () => enrolMember(world)));
    const sameKey = members.flatMap((member, index) =>
      [100, 200, 300].map((amount) => ({
        body: purchaseOf(member, amount * (index + 1)),
        key: randomUUID(),
      })),
    );
    const sameReceipt = members.map((member) => purchaseOf(member, 5_000));

    const [keyed, receipts] = await Promise.all([
      Promise.all(
        sameKey.map(({ body, key }) =>
          Promise.all(
            processes().map((baseUrl) =>
              ledgerWrite<Written>(world, '/v1/purchases', { body, key, baseUrl }),
            ),
          ),
        ),
      ),
      Promise.all(
        sameReceipt.map((body) =>
          Promise.all(
            processes().map((baseUrl) =>
              ledgerWrite<Written & ProblemBody>(world, '/v1/purchases', { body, baseUrl }),
            ),
          ),
        ),
      ),
    ]);

    for (const pair of keyed) {
      expect(pair.map((answer) => answer.status)).toEqual([201, 201]);
      expect(pair[0]!.body).toEqual(pair[1]!.body);
      const replays = pair.filter((answer) => answer.headers.get('idempotent-replayed') === 'true');
      expect(replays).toHaveLength(1);
    }
    for (const pair of receipts) {
      expect(pair.map((answer) => answer.status).sort()).toEqual([201, 409]);
      expect(pair.find((answer) => answer.status === 409)!.body.code).toBe(
        'RECEIPT_ALREADY_RECORDED',
      );
    }
    const [recorded] = await world.dataSource.query<{ purchases: number }[]>(
      `SELECT count(*)::int AS purchases FROM purchases
        WHERE member_id = ANY($1::uuid[])`,
      [members.map((member) => member.memberId)],
    );
    expect(recorded!.purchases).toBe(sameKey.length + sameReceipt.length);
    for (const [index, member] of members.entries()) {
      const balance = await call<{ available: number }>(
        world.ledger.baseUrl,
        'GET',
        `/v1/members/${member.memberId}/balance`,
        { token: world.clerk },
      );
      // 1 point per euro: three keyed purchases and one receipt.
      expect(balance.body.available).toBe(6 * (index + 1) + 50);
    }
    expect(await brokenLedgerRules(world)).toEqual([]);
  });

  it('never lets redemptions racing through two processes overdraw a member', async () => {
    const member = await enrolMember(world);
    expect(
      (await ledgerWrite(world, '/v1/purchases', { body: purchaseOf(member, 10_000) })).status,
    ).toBe(201);
    const codes = await Promise.all(
      Array.from({ length: 20 }, async (_, index) => {
        const code = String(10_000_000 + index);
        await world.dataSource.query(
          `INSERT INTO redemption_codes (id, member_id, code_hash, expires_at)
           VALUES ($1, $2, $3, now() + interval '5 minutes')`,
          [randomUUID(), member.memberId, redemptionCodeHash(member.memberId, code)],
        );
        return code;
      }),
    );

    const answers = await Promise.all(
      codes.map((code, index) =>
        ledgerWrite<Written & ProblemBody>(world, '/v1/redemptions', {
          body: { cardNumber: member.cardNumber, points: 30, redemptionCode: code },
          baseUrl: processes()[index % 2],
        }),
      ),
    );

    const paid = answers.filter((answer) => answer.status === 201);
    expect(paid).toHaveLength(3);
    const refused = answers.filter((answer) => answer.status !== 201);
    expect(refused.every((answer) => answer.body.code === 'INSUFFICIENT_POINTS')).toBe(true);
    const balance = await call<{ available: number }>(
      world.ledger.baseUrl,
      'GET',
      `/v1/members/${member.memberId}/balance`,
      { token: world.clerk },
    );
    expect(balance.body.available).toBe(10);
    expect(await brokenLedgerRules(world)).toEqual([]);
  });
});
