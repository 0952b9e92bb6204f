import { call, daysAgo, enrolMember, type LedgerWorld, memberToken } from '@loyalty/testing';
import { randomUUID } from 'node:crypto';
import { startWorld } from './ledger-world';

describe('points-ledger: redemption codes', () => {
  let world: LedgerWorld;

  beforeAll(async () => {
    world = await startWorld();
  });

  afterAll(async () => {
    await world?.close();
  });

  const memberWithPoints = async () => {
    const member = await enrolMember(world);
    const purchase = await call(world.ledger.baseUrl, 'POST', '/v1/purchases', {
      headers: { 'x-api-key': world.posApiKey, 'idempotency-key': randomUUID() },
      body: {
        cardNumber: member.cardNumber,
        receiptId: `R-${randomUUID()}`,
        amountMinor: 10_000,
        currency: 'EUR',
        occurredAt: daysAgo(40),
      },
    });
    expect(purchase.status).toBe(201);
    return { member, token: await memberToken(world, member) };
  };
  const issue = async (token: string) => {
    const issued = await call<{ code: string }>(
      world.ledger.baseUrl,
      'POST',
      '/v1/me/redemption-codes',
      { token },
    );
    expect(issued.status).toBe(201);
    return issued.body.code;
  };
  const redeem = (cardNumber: string, redemptionCode: string) =>
    call<{ code?: string }>(world.ledger.baseUrl, 'POST', '/v1/redemptions', {
      headers: { 'x-api-key': world.posApiKey, 'idempotency-key': randomUUID() },
      body: { cardNumber, points: 5, redemptionCode },
    });

  it('keeps three codes live at once, each spent once; a fourth retires the oldest', async () => {
    const { member, token } = await memberWithPoints();
    const [first, second, third, fourth] = [
      await issue(token),
      await issue(token),
      await issue(token),
      await issue(token),
    ];
    expect((await redeem(member.cardNumber, second)).status).toBe(201);
    expect((await redeem(member.cardNumber, fourth)).status).toBe(201);
    expect((await redeem(member.cardNumber, second)).body).toMatchObject({
      code: 'REDEMPTION_CODE_INVALID',
    });
    expect((await redeem(member.cardNumber, first)).body).toMatchObject({
      code: 'REDEMPTION_CODE_INVALID',
    });
    expect((await redeem(member.cardNumber, third)).status).toBe(201);
  });

  it('never leaves more than three live when the app asks for many at once', async () => {
    const { member, token } = await memberWithPoints();
    await Promise.all(Array.from({ length: 12 }, () => issue(token)));
    const [live] = await world.dataSource.query<{ count: number }[]>(
      `SELECT count(*)::int AS count FROM redemption_codes
        WHERE member_id = $1 AND used_at IS NULL AND expires_at > clock_timestamp()`,
      [member.memberId],
    );
    expect(live?.count).toBe(3);
  });
});
