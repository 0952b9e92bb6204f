import { generateCardNumber } from '@loyalty/domain';
import { redemptionCodeHash } from '@loyalty/ledger';
import {
  brokenLedgerRules,
  call,
  enrolMember,
  type EnrolledMember,
  type LedgerWorld,
  ledgerWrite,
  type ProblemBody,
  purchaseOf,
  daysAgo,
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
 * Concurrent purchases, and concurrent redemptions, share database transactions (group commit).
 * Whatever else is in its batch, each is answered as if it had been written alone.
 */
describe('points-ledger: concurrent purchases and redemptions written together', () => {
  let world: LedgerWorld;
  let members: EnrolledMember[];

  beforeAll(async () => {
    world = await startWorld();
    members = await Promise.all(Array.from({ length: 12 }, () => enrolMember(world)));
  });
  afterAll(() => world.close());

  /**
   * How many journal transactions the accepted answers wrote, and in how many database
   * transactions (distinct xmin): fewer of the second means they were committed together.
   */
  const databaseTransactionsOf = async (
    answers: readonly { status: number; body: { transactionId: string } }[],
  ) => {
    const transactionIds = new Set(
      answers.filter((answer) => answer.status === 201).map((answer) => answer.body.transactionId),
    );
    const [grouping] = await world.dataSource.query<{ written: number; transactions: number }[]>(
      `SELECT count(*)::int AS written, count(DISTINCT xmin::text)::int AS transactions
         FROM journal_transactions WHERE id = ANY($1::uuid[])`,
      [[...transactionIds]],
    );
    expect(grouping!.written).toBe(transactionIds.size);
    return grouping!;
  };

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

    const grouping = await databaseTransactionsOf(answers);
    expect(grouping.transactions).toBeLessThan(grouping.written);
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

  it('commits many redemptions per transaction, each spending exactly its own points', async () => {
    const spenders = await Promise.all(Array.from({ length: 10 }, () => enrolMember(world)));
    for (const member of spenders) {
      await purchase(purchaseOf(member, 10_000, { occurredAt: daysAgo(60) }));
    }
    const codeOf = async (memberId: string, code: string) => {
      await world.dataSource.query(
        `INSERT INTO redemption_codes (id, member_id, code_hash, expires_at)
         VALUES ($1, $2, $3, now() + interval '5 minutes')`,
        [randomUUID(), memberId, redemptionCodeHash(memberId, code)],
      );
      return code;
    };
    // The last spender also holds a second active card: two redemptions of one member, each
    // through its own card, may share a batch and must spend one after the other.
    const twoCards = spenders[9]!;
    const secondCard = generateCardNumber(world.program.cardPrefix);
    await world.dataSource.query(
      `INSERT INTO cards (program_id, member_id, number, kind, status, activated_at)
       VALUES ($1, $2, $3, 'virtual', 'active', now())`,
      [world.program.programId, twoCards.memberId, secondCard],
    );
    const redeem = (cardNumber: string, points: number, code: string, key = randomUUID()) =>
      ledgerWrite<Recorded & ProblemBody>(world, '/v1/redemptions', {
        body: { cardNumber, points, redemptionCode: code },
        key,
      });
    const sharedKey = randomUUID();
    const replayed = await codeOf(spenders[8]!.memberId, '22222222');
    const tooMany = await codeOf(spenders[7]!.memberId, '33333333');
    await codeOf(spenders[6]!.memberId, '66666666');
    const answers = await Promise.all([
      ...spenders
        .slice(0, 6)
        .map(async (member, index) =>
          redeem(member.cardNumber, 10 + index, await codeOf(member.memberId, '11111111')),
        ),
      redeem(spenders[6]!.cardNumber, 5, '99999999'),
      redeem(spenders[7]!.cardNumber, 101, tooMany),
      redeem(spenders[8]!.cardNumber, 7, replayed, sharedKey),
      redeem(spenders[8]!.cardNumber, 7, replayed, sharedKey),
      redeem(twoCards.cardNumber, 60, await codeOf(twoCards.memberId, '44444444')),
      redeem(secondCard, 60, await codeOf(twoCards.memberId, '55555555')),
    ]);
    const [wrongCode, overdraw, keyFirst, keySecond, firstCard, otherCard] = answers.slice(6);

    answers.slice(0, 6).forEach((answer, index) => {
      expect(answer.status).toBe(201);
      expect(answer.body).toMatchObject({ points: 10 + index, balance: { available: 90 - index } });
    });
    expect(wrongCode).toMatchObject({ status: 422, body: { code: 'REDEMPTION_CODE_INVALID' } });
    expect(overdraw).toMatchObject({ status: 422, body: { code: 'INSUFFICIENT_POINTS' } });
    expect(keyFirst).toMatchObject({ status: 201, body: { points: 7 } });
    expect(keySecond).toMatchObject({ status: 201, body: keyFirst!.body });
    // One member, 100 points, two cards asking 60 each: exactly one is paid.
    expect([firstCard!.status, otherCard!.status].sort()).toEqual([201, 422]);

    // A refused redemption leaves its code unspent: the same code pays a smaller amount.
    expect((await redeem(spenders[7]!.cardNumber, 100, tooMany)).status).toBe(201);
    const [wrongTries] = await world.dataSource.query<{ attempts: number }[]>(
      `SELECT sum(attempts)::int AS attempts FROM redemption_codes WHERE member_id = $1`,
      [spenders[6]!.memberId],
    );
    // The wrong code counts one failed try against the member's live code.
    expect(wrongTries).toEqual({ attempts: 1 });

    const grouping = await databaseTransactionsOf(answers);
    expect(grouping.transactions).toBeLessThan(grouping.written);
    expect(await brokenLedgerRules(world)).toEqual([]);
  });
});
