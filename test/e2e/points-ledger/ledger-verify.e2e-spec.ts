import { enrolMember, type LedgerWorld, ledgerWrite, purchaseOf } from '@loyalty/testing';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { startWorld } from './ledger-world';

const CLI = join(__dirname, '../../../dist/libs/persistence/src/cli/database.cli.js');

/** `npm run ledger:verify`, compiled, for one program; its exit code and what it printed. */
async function verify(programId: string): Promise<{ code: number; output: string }> {
  try {
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [CLI, 'verify-ledger', programId],
      {
        env: process.env,
      },
    );
    return { code: 0, output: stdout };
  } catch (error) {
    const failed = error as { code: number; stdout: string };
    return { code: failed.code, output: failed.stdout };
  }
}

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
    const clean = await verify(world.program.programId);
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
    const tampered = await verify(world.program.programId);
    expect(tampered.code).toBe(2);
    expect(tampered.output).toContain(
      'FAIL every account’s cached balance equals the sum of its entries: 1',
    );
    expect(tampered.output).toContain(
      'FAIL every account’s lifetime earned and redeemed points equal those of its entries: 1',
    );
    expect(tampered.output).toContain('FAIL each program’s accounts sum to zero: 1');
  });
});
