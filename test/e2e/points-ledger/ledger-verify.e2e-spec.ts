import {
  enrolMember,
  type LedgerWorld,
  ledgerWrite,
  memberToken,
  purchaseOf,
  redemptionCode,
} from '@loyalty/testing';
import { ledgerVerify, startWorld } from './ledger-world';

describe('ledger:verify', () => {
  let world: LedgerWorld;

  beforeAll(async () => {
    world = await startWorld();
  });

  afterAll(async () => {
    await world?.close();
  });

  it('passes a consistent ledger and fails, naming the rule, once a balance is tampered with', async () => {
    const member = await enrolMember(world);
    expect(
      (await ledgerWrite(world, '/v1/purchases', { body: purchaseOf(member, 5_000) })).status,
    ).toBe(201);
    const clean = await ledgerVerify(world.program.programId);
    expect(clean.code).toBe(0);
    expect(clean.output).toContain('the ledger is consistent');

    // Only with its triggers switched off (a superuser, a restored backup) can the cache drift.
    await world.dataSource.transaction(async (manager) => {
      await manager.query(`SET LOCAL session_replication_role = replica`);
      await manager.query(
        `UPDATE ledger_accounts SET balance = balance + 7, lifetime_earned = lifetime_earned + 7
          WHERE member_id = $1`,
        [member.memberId],
      );
    });
    const tampered = await ledgerVerify(world.program.programId);
    expect(tampered.code).toBe(2);
    expect(tampered.output).toContain(
      'FAIL every account’s cached balance equals the sum of its entries: 1',
    );
    expect(tampered.output).toContain(
      'FAIL every account’s lifetime earned and redeemed points equal those of its entries: 1',
    );
    expect(tampered.output).toContain('FAIL each program’s accounts sum to zero: 1');
  });

  it('fails, naming the rule, when a lot was spent after its expiry instant', async () => {
    const other = await startWorld();
    try {
      const member = await enrolMember(other);
      await ledgerWrite(other, '/v1/purchases', { body: purchaseOf(member, 5_000) });
      const spent = await ledgerWrite<{ transactionId: string }>(other, '/v1/redemptions', {
        body: {
          cardNumber: member.cardNumber,
          points: 10,
          redemptionCode: await redemptionCode(other, await memberToken(other, member)),
        },
      });
      expect(spent.status).toBe(201);
      expect((await ledgerVerify(other.program.programId)).code).toBe(0);
      // As if the redemption had drawn on the lot after it expired.
      await other.dataSource.transaction(async (manager) => {
        await manager.query(`SET LOCAL session_replication_role = replica`);
        await manager.query(
          `UPDATE lots SET expires_at = t.occurred_at - interval '1 second'
             FROM lot_movements m JOIN journal_transactions t ON t.id = m.transaction_id
            WHERE m.lot_id = lots.id AND t.id = $1`,
          [spent.body.transactionId],
        );
      });
      const tampered = await ledgerVerify(other.program.programId);
      expect(tampered.code).toBe(2);
      expect(tampered.output).toContain(
        'FAIL no lot gives points to anything but its expiry once its expiry instant has passed: 1',
      );
    } finally {
      await other.close();
    }
  });
});
