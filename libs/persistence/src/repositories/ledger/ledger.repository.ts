import {
  PROGRAM_ACCOUNT_KINDS,
  PROGRAM_ACCOUNT_SLOTS,
  type ProgramAccountKind,
} from '@loyalty/domain';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomInt } from 'node:crypto';
import type { DataSource } from 'typeorm';
import {
  type IdempotencyClaim,
  type IdempotentOutcome,
  IdempotentRequests,
  type StoredResponse,
} from '../../idempotency/idempotency-keys';
import { Database } from '../../database';
import { LedgerUnitOfWork } from './ledger-unit-of-work';

/** A member's sub-account slot: their id's first 32 bits, as uuids are random there. */
export const slotOf = (memberId: string): number =>
  Number.parseInt(memberId.slice(0, 8), 16) % PROGRAM_ACCOUNT_SLOTS;

const DEADLOCK_OR_SERIALIZATION = new Set(['40P01', '40001']);
const ATTEMPTS = 4;

const sqlStateOf = (error: unknown): unknown =>
  (error as { code?: unknown; driverError?: { code?: unknown } } | null)?.driverError?.code ??
  (error as { code?: unknown } | null)?.code;

/**
 * The one way to change the ledger: a database transaction that first claims the idempotency key,
 * then locks the member accounts it touches (always in member-id order, so two writes never wait
 * on each other in a cycle), and posts journal transactions whose entries, lots, movements and
 * outbox events commit together or not at all.
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
    private readonly idempotentRequests: IdempotentRequests,
  ) {}

  /**
   * Runs `work` once per key. A replay (same caller, key and request) gets the stored answer and
   * changes nothing; the same key with another request is refused. A concurrent duplicate waits
   * on the key's row until the first commits, then replays it. A refused write (a DomainError)
   * rolls back with its key, so a corrected retry under the same key is not blocked.
   */
  async runIdempotent<T>(
    claim: IdempotencyClaim,
    work: (unit: LedgerUnitOfWork) => Promise<StoredResponse<T>>,
  ): Promise<IdempotentOutcome<T>> {
    return this.retryingOnDeadlock(() =>
      this.idempotentRequests.run(claim, (manager) => work(new LedgerUnitOfWork(manager))),
    );
  }

  /** A write without a client key (scheduled expiry): still one transaction, still retried. */
  async run<T>(work: (unit: LedgerUnitOfWork) => Promise<T>): Promise<T> {
    return this.retryingOnDeadlock(() =>
      this.database.transaction((manager) => work(new LedgerUnitOfWork(manager))),
    );
  }

  /**
   * The program's own accounts a write for this member posts to, created on first use. Each kind
   * is split into PROGRAM_ACCOUNT_SLOTS sub-accounts and a member always lands on the same one,
   * so concurrent writes for different members rarely lock the same program row.
   */
  async programAccountIds(
    programId: string,
    memberId: string | null,
  ): Promise<Readonly<Record<ProgramAccountKind, string>>> {
    return this.programAccountsInSlot(programId, memberId ? slotOf(memberId) : 0);
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
      { id: string; kind: ProgramAccountKind; slot: number }[]
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
