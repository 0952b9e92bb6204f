import {
  AppProcess,
  brokenLedgerRules,
  call,
  enrolMember,
  type EnrolledMember,
  eventually,
  freePort,
  type LedgerWorld,
  purchaseOf,
  untilReady,
} from '@loyalty/testing';
import { randomUUID } from 'node:crypto';
import { startWorld } from './ledger-world';

interface SentPurchase {
  readonly member: EnrolledMember;
  readonly key: string;
  readonly body: ReturnType<typeof purchaseOf>;
  readonly points: number;
}

const PURCHASES = 200;

describe('points-ledger: a crash in the middle of a burst', () => {
  let world: LedgerWorld;

  beforeAll(async () => {
    world = await startWorld();
  });

  afterAll(async () => {
    await world?.close();
  });

  const startLedger = async (port: number): Promise<AppProcess> => {
    const ledger = new AppProcess('points-ledger', { POINTS_LEDGER_PORT: String(port) });
    await untilReady(`http://127.0.0.1:${port}`);
    return ledger;
  };

  const send = (port: number, purchase: SentPurchase) =>
    fetch(`http://127.0.0.1:${port}/v1/purchases`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-api-key': world.posApiKey,
        'idempotency-key': purchase.key,
      },
      body: JSON.stringify(purchase.body),
    });

  it('credits every purchase exactly once after kill -9, a restart and a replay of every request', async () => {
    const members = await Promise.all(Array.from({ length: 5 }, () => enrolMember(world)));
    const purchases: SentPurchase[] = Array.from({ length: PURCHASES }, (_, index) => {
      const amountMinor = 100 + ((index * 7919) % 20_000);
      const member = members[index % members.length]!;
      return {
        member,
        key: randomUUID(),
        body: purchaseOf(member, amountMinor),
        points: Math.floor(amountMinor / 100),
      };
    });
    const port = await freePort();
    const first = await startLedger(port);
    let answered = 0;
    const burst = Promise.allSettled(
      purchases.map((purchase) =>
        send(port, purchase).then((response) => {
          answered += 1;
          return response.status;
        }),
      ),
    );
    // Kill it once some writes have been answered and the rest are in flight.
    await eventually(
      () => Promise.resolve(answered),
      (count) => count >= 20,
      { timeoutMs: 20_000 },
    );
    first.signal('SIGKILL');
    await first.exited;
    const outcomes = await burst;
    const lost = outcomes.filter((outcome) => outcome.status === 'rejected').length;
    expect(lost).toBeGreaterThan(0);

    const second = await startLedger(port);
    try {
      const statuses = await Promise.all(
        purchases.map(async (purchase) => (await send(port, purchase)).status),
      );
      expect(statuses.every((status) => status === 201)).toBe(true);
    } finally {
      second.signal('SIGTERM');
      await second.exited;
    }

    for (const member of members) {
      const balance = await call<{ available: number }>(
        world.ledger.baseUrl,
        'GET',
        `/v1/members/${member.memberId}/balance`,
        { token: world.clerk },
      );
      const expected = purchases
        .filter((purchase) => purchase.member === member)
        .reduce((sum, purchase) => sum + purchase.points, 0);
      expect(balance.body.available).toBe(expected);
    }
    const [recorded] = await world.dataSource.query<{ purchases: number }[]>(
      `SELECT count(*)::int AS purchases FROM purchases WHERE program_id = $1`,
      [world.program.programId],
    );
    expect(recorded!.purchases).toBe(PURCHASES);
    const broken = await brokenLedgerRules(world);
    expect(broken).toEqual([]);
  });
});
