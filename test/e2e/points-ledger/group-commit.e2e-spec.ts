import { generateCardNumber } from '@loyalty/domain';
import {
  brokenLedgerRules,
  call,
  enrolMember,
  type EnrolledMember,
  type LedgerWorld,
  ledgerWrite,
  type ProblemBody,
  purchaseOf,
} from '@loyalty/testing';
import { randomUUID } from 'node:crypto';
import { startWorld } from './ledger-world';

interface Recorded {
  transactionId: string;
  memberId: string;
  points: number;
  balance: { available: number; pending: number };
}

/**
 * Concurrent purchases share database transactions (group commit). Whatever else is in its batch,
 * each purchase is answered as if it had been written alone.
 */
describe('points-ledger: concurrent purchases written together', () => {
  let world: LedgerWorld;
  let members: EnrolledMember[];

  beforeAll(async () => {
    world = await startWorld();
    members = await Promise.all(Array.from({ length: 12 }, () => enrolMember(world)));
  });
  afterAll(() => world.close());

  const purchase = (body: unknown, key: string = randomUUID()) =>
    ledgerWrite<Recorded & ProblemBody>(world, '/v1/purchases', { body, key });

  it('commits many purchases per transaction, and a refused one fails alone', async () => {
    const good = members.map((member, index) => purchaseOf(member, 1_000 + index * 100));
    const duplicateReceipt = purchaseOf(members[0]!, 700, { receiptId: good[1]!.receiptId });
    const unknownCard = purchaseOf(members[0]!, 700, {
      cardNumber: generateCardNumber(world.program.cardPrefix),
    });
    const sharedKey = randomUUID();
    const sameRequestTwice = purchaseOf(members[2]!, 900);
    const answers = await Promise.all([
      ...good.map((body) => purchase(body)),
      purchase(duplicateReceipt),
      purchase(unknownCard),
      purchase(sameRequestTwice, sharedKey),
      purchase(sameRequestTwice, sharedKey),
    ]);
    const [receiptAnswer, cardAnswer, keyFirst, keySecond] = answers.slice(good.length);

    answers.slice(0, good.length).forEach((answer, index) => {
      expect(answer.status).toBe(201);
      expect(answer.body).toMatchObject({
        memberId: members[index]!.memberId,
        points: 10 + index,
      });
    });
    // The receipt belongs to whichever of the two purchases committed first.
    expect([answers[1].status, receiptAnswer!.status].sort()).toEqual([201, 409]);
    expect(cardAnswer).toMatchObject({ status: 404, body: { code: 'CARD_NOT_FOUND' } });
    expect(keyFirst!.status).toBe(201);
    expect(keySecond).toMatchObject({ status: 201, body: keyFirst!.body });
    expect([keyFirst, keySecond].filter((a) => a!.headers.get('idempotent-replayed'))).toHaveLength(
      1,
    );

    const transactionIds = answers
      .filter((answer) => answer.status === 201)
      .map((answer) => answer.body.transactionId);
    const [grouping] = await world.dataSource.query<{ written: number; transactions: number }[]>(
      `SELECT count(*)::int AS written, count(DISTINCT xmin::text)::int AS transactions
         FROM journal_transactions WHERE id = ANY($1::uuid[])`,
      [[...new Set(transactionIds)]],
    );
    expect(grouping!.written).toBe(new Set(transactionIds).size);
    expect(grouping!.transactions).toBeLessThan(grouping!.written);
    expect(await brokenLedgerRules(world)).toEqual([]);
  });

  it('answers each purchase with its member’s balance after it', async () => {
    const member = members[5]!;
    const before = await call<{ available: number }>(
      world.ledger.baseUrl,
      'GET',
      `/v1/members/${member.memberId}/balance`,
      { token: world.clerk },
    );
    // The same card three times at once: three batches, one after another.
    const answers = await Promise.all([1, 2, 3].map(() => purchase(purchaseOf(member, 1_000))));
    const balances = answers.map((answer) => answer.body.balance.available).sort((a, b) => a - b);
    expect(balances).toEqual([
      before.body.available + 10,
      before.body.available + 20,
      before.body.available + 30,
    ]);
  });
});
