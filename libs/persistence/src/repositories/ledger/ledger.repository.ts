import {
  PROGRAM_ACCOUNT_KINDS,
  PROGRAM_ACCOUNT_SLOTS,
  type ProgramAccountKind,
} from '@loyalty/domain';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomInt } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { Database } from '../../database';
import { LedgerTransaction } from './ledger-transaction';
import type { ColumnsOf } from '../../schema/rows';

const DEADLOCK_OR_SERIALIZATION = new Set(['40P01', '40001']);
const ATTEMPTS = 4;

const sqlStateOf = (error: unknown): unknown =>
  (error as { code?: unknown; driverError?: { code?: unknown } } | null)?.driverError?.code ??
  (error as { code?: unknown } | null)?.code;

/**
 * Where the ledger's writer gets its database transactions and the program accounts it posts to;
 * and the sweeps that find the members a scheduled write is due for.
 */
@Injectable()
export class LedgerRepository {
  private readonly programAccounts = new Map<
    string,
    readonly Readonly<Record<ProgramAccountKind, string>>[]
  >();

  private nextBatchSlot = randomInt(PROGRAM_ACCOUNT_SLOTS);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly database: Database,
  ) {}

  /** True when the caller runs inside a transaction of its own (an Idempotency-Key's write). */
  get insideRequestTransaction(): boolean {
    return this.database.inTransaction;
  }

  /**
   * Runs `work` in a database transaction: a savepoint of the caller's own transaction when it
   * has one open (its write and the ledger's commit together), else one of its own. A deadlock or
   * serialization failure runs it again, up to four times.
   */
  async transaction<T>(work: (transaction: LedgerTransaction) => Promise<T>): Promise<T> {
    return this.retryingOnDeadlock(() =>
      this.database.transaction(async (manager) => work(await LedgerTransaction.open(manager))),
    );
  }

  /** Member accounts holding lots due to expire by `asOf`, a page at a time. */
  accountsWithDueLots(
    asOf: Date,
    programId: string | null,
    limit: number,
  ): Promise<{ accountId: string; memberId: string; programId: string }[]> {
    return this.dataSource.query(
      `SELECT DISTINCT a.id AS "accountId", a.member_id AS "memberId", a.program_id AS "programId"
         FROM lots l JOIN ledger_accounts a ON a.id = l.account_id
        WHERE l.remaining > 0 AND l.expires_at IS NOT NULL AND l.expires_at <= $1
          AND ($3::uuid IS NULL OR a.program_id = $3)
        LIMIT $2`,
      [asOf.toISOString(), limit, programId],
    );
  }

  /** Holds still held past their expiry by `asOf`, soonest-expired first, a page at a time. */
  expiredHolds(
    asOf: Date,
    programId: string | null,
    limit: number,
  ): Promise<{ holdId: string; programId: string }[]> {
    return this.dataSource.query(
      `SELECT id AS "holdId", program_id AS "programId" FROM point_holds
        WHERE status = 'held' AND expires_at <= $1 AND ($3::uuid IS NULL OR program_id = $3)
        ORDER BY expires_at LIMIT $2`,
      [asOf.toISOString(), limit, programId],
    );
  }

  /** Erased members whose account still holds or owes points, a page at a time. */
  erasedMembersWithPoints(
    programId: string | null,
    limit: number,
  ): Promise<{ memberId: string; programId: string }[]> {
    return this.dataSource.query(
      `SELECT a.member_id AS "memberId", a.program_id AS "programId"
         FROM ledger_accounts a JOIN members m ON m.id = a.member_id
        WHERE a.kind = 'member' AND a.balance <> 0 AND m.erased_at IS NOT NULL
          AND ($1::uuid IS NULL OR a.program_id = $1)
        LIMIT $2`,
      [programId, limit],
    );
  }

  /**
   * The program's own accounts for a batched write: all its items post to one slot, the next in
   * turn (from a random start per process), so batches written at once never lock the same
   * program rows.
   */
  programAccountsForBatch(
    programId: string,
  ): Promise<Readonly<Record<ProgramAccountKind, string>>> {
    this.nextBatchSlot = (this.nextBatchSlot + 1) % PROGRAM_ACCOUNT_SLOTS;
    return this.programAccountsInSlot(programId, this.nextBatchSlot);
  }

  private async programAccountsInSlot(
    programId: string,
    slot: number,
  ): Promise<Readonly<Record<ProgramAccountKind, string>>> {
    const slots =
      this.programAccounts.get(programId) ?? (await this.loadProgramAccounts(programId));
    return slots[slot]!;
  }

  private async loadProgramAccounts(
    programId: string,
  ): Promise<readonly Readonly<Record<ProgramAccountKind, string>>[]> {
    await this.dataSource.query(
      `INSERT INTO ledger_accounts (program_id, kind, slot)
       SELECT $1, kind, slot FROM unnest($2::text[]) AS kind, generate_series(0, $3 - 1) AS slot
       ON CONFLICT DO NOTHING`,
      [programId, PROGRAM_ACCOUNT_KINDS, PROGRAM_ACCOUNT_SLOTS],
    );
    const rows = await this.dataSource.query<
      (ColumnsOf<'ledger_accounts', 'id' | 'slot'> & { kind: ProgramAccountKind })[]
    >(
      `SELECT id, kind, slot FROM ledger_accounts
        WHERE program_id = $1 AND kind <> 'member' AND slot < $2`,
      [programId, PROGRAM_ACCOUNT_SLOTS],
    );
    const slots = Array.from(
      { length: PROGRAM_ACCOUNT_SLOTS },
      () => ({}) as Record<ProgramAccountKind, string>,
    );
    for (const row of rows) slots[row.slot]![row.kind] = row.id;
    this.programAccounts.set(programId, slots);
    return slots;
  }

  private async retryingOnDeadlock<T>(attempt: () => Promise<T>): Promise<T> {
    for (let tries = 1; ; tries += 1) {
      try {
        return await attempt();
      } catch (error) {
        const state = sqlStateOf(error);
        if (
          tries >= ATTEMPTS ||
          typeof state !== 'string' ||
          !DEADLOCK_OR_SERIALIZATION.has(state)
        ) {
          throw error;
        }
      }
    }
  }
}
