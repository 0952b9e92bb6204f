import {
  DomainError,
  DomainErrorCode,
  PROGRAM_ACCOUNT_KINDS,
  type ProgramAccountKind,
} from '@loyalty/domain';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { LedgerUnitOfWork } from './ledger-unit-of-work';

/** Who sent a write and under which key; the same key from another caller is another key. */
export interface IdempotencyClaim {
  readonly programId: string;
  readonly caller: string;
  readonly key: string;
  /** SHA-256 of the operation and its canonical request. */
  readonly requestHash: string;
}

export interface StoredResponse<T> {
  readonly status: number;
  readonly body: T;
}

export interface IdempotentOutcome<T> extends StoredResponse<T> {
  /** True when this is the stored answer to an earlier request with the same key. */
  readonly replayed: boolean;
}

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
    Readonly<Record<ProgramAccountKind, string>>
  >();

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

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
      this.dataSource.transaction(async (manager) => {
        const claimed = await manager.query<unknown[]>(
          `INSERT INTO idempotency_keys (program_id, caller, key, request_hash)
           VALUES ($1, $2, $3, $4)
           ON CONFLICT DO NOTHING
           RETURNING key`,
          [claim.programId, claim.caller, claim.key, claim.requestHash],
        );
        if (claimed.length === 0) return this.replay<T>(manager, claim);
        const response = await work(new LedgerUnitOfWork(manager));
        await manager.query(
          `UPDATE idempotency_keys SET response_status = $4, response_body = $5
            WHERE program_id = $1 AND caller = $2 AND key = $3`,
          [
            claim.programId,
            claim.caller,
            claim.key,
            response.status,
            JSON.stringify(response.body),
          ],
        );
        return { ...response, replayed: false };
      }),
    );
  }

  /** A write without a client key (scheduled expiry): still one transaction, still retried. */
  async run<T>(work: (unit: LedgerUnitOfWork) => Promise<T>): Promise<T> {
    return this.retryingOnDeadlock(() =>
      this.dataSource.transaction((manager) => work(new LedgerUnitOfWork(manager))),
    );
  }

  /** The program's own accounts, created on first use. */
  async programAccountIds(
    programId: string,
  ): Promise<Readonly<Record<ProgramAccountKind, string>>> {
    const cached = this.programAccounts.get(programId);
    if (cached) return cached;
    await this.dataSource.query(
      `INSERT INTO ledger_accounts (program_id, kind)
       SELECT $1, kind FROM unnest($2::text[]) AS kind
       ON CONFLICT DO NOTHING`,
      [programId, PROGRAM_ACCOUNT_KINDS],
    );
    const rows = await this.dataSource.query<{ id: string; kind: ProgramAccountKind }[]>(
      `SELECT id, kind FROM ledger_accounts WHERE program_id = $1 AND kind <> 'member'`,
      [programId],
    );
    const ids = Object.fromEntries(rows.map((row) => [row.kind, row.id])) as Record<
      ProgramAccountKind,
      string
    >;
    this.programAccounts.set(programId, ids);
    return ids;
  }

  private async replay<T>(
    manager: EntityManager,
    claim: IdempotencyClaim,
  ): Promise<IdempotentOutcome<T>> {
    const [stored] = await manager.query<
      { request_hash: string; response_status: number | null; response_body: T }[]
    >(
      `SELECT request_hash, response_status, response_body FROM idempotency_keys
        WHERE program_id = $1 AND caller = $2 AND key = $3`,
      [claim.programId, claim.caller, claim.key],
    );
    if (!stored || stored.request_hash !== claim.requestHash) {
      throw new DomainError(
        DomainErrorCode.IdempotencyKeyReused,
        'this Idempotency-Key was already used for a different request',
        'Idempotency-Key',
      );
    }
    // The first request's row is only visible once it committed with its answer.
    if (stored.response_status === null) throw new Error('idempotency key without an answer');
    return { status: stored.response_status, body: stored.response_body, replayed: true };
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
