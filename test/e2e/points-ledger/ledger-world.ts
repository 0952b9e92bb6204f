import { startLedgerWorld, type LedgerWorld } from '@loyalty/testing';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createCardIssuanceApp } from '../../../apps/card-issuance/src/card-issuance.app';
import { createPointsLedgerApp } from '../../../apps/points-ledger/src/points-ledger.app';

/** The ledger and card-issuance apps in this process, with a program of the spec's own. */
export const startWorld = (environment: Record<string, string> = {}): Promise<LedgerWorld> =>
  startLedgerWorld({ createCardIssuanceApp, createPointsLedgerApp }, environment);

const DATABASE_CLI = join(__dirname, '../../../dist/libs/persistence/src/cli/database.cli.js');

/**
 * `npm run ledger:verify` for one program, compiled: its exit code and what it printed. It runs
 * without the token secrets, as a command that signs no token must.
 */
export async function ledgerVerify(programId: string): Promise<{ code: number; output: string }> {
  const {
    STAFF_TOKEN_SECRET: _staff,
    MEMBER_TOKEN_SECRET: _member,
    VOUCHER_CODE_SECRET: _voucher,
    ...env
  } = process.env;
  try {
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [DATABASE_CLI, 'verify-ledger', programId],
      { env },
    );
    return { code: 0, output: stdout };
  } catch (error) {
    const failed = error as { code: number; stdout: string };
    return { code: failed.code, output: failed.stdout };
  }
}
