import type { BalanceAfter, Lot } from '@loyalty/domain';
import type { EntityManager } from 'typeorm';
import type { IdempotencyClaim, StoredAnswer } from '../../idempotency/idempotency-keys';
import type { ColumnsOf, LedgerAccountsRow, SetColumnsOf } from '../../schema/rows';
import { bindNamed } from '../../statements/named-parameters';
import { postBatch, type Posting } from './journal-posting';
import { LedgerWriteReads } from './ledger-write-reads';
import { RewardWriteReads } from './reward-write-reads';
import { type LotRow, toLot } from './lot-rows';

/** A member's points account, locked: its id and balance as of the lock. */
export interface LockedMemberAccount {
  readonly accountId: string;
  readonly memberId: string;
  readonly balance: number;
}

const keyOf = (programId: string, caller: string, key: string) => `${programId}\n${caller}\n${key}`;
const claimKey = (claim: IdempotencyClaim) => keyOf(claim.programId, claim.caller, claim.key);
const claimColumns = (claims: readonly IdempotencyClaim[]) => ({
  program_id: claims.map((claim) => claim.programId),
  caller: claims.map((claim) => claim.caller),
  key: claims.map((claim) => claim.key),
});

/**
 * One database transaction of the ledger's writer, opened by LedgerRepository.transaction: the
 * statements a batch of writes is made of, each set-based (one per batch, whatever its size).
 * Every one of them reads or writes rows by key, so the transaction plans index lookups only: a
 * prepared statement's generic plan is made once per connection, and made while a table is young
 * (or when unnest's guess of 100 rows meets a table of a few thousand) it would hash the batch
 * against a sequential scan of the whole table for as long as the connection lives, each batch
 * costing more as the ledger grows. The ledger's statement triggers plan the same way (migration
 * LedgerTriggersByIndex).
 */
export class LedgerTransaction {
  /** What the operations read under their members' locks. */
  readonly reads: LedgerWriteReads;
  /** The catalog's, vouchers' and budgeted campaigns' rows. */
  readonly rewardReads: RewardWriteReads;

  private constructor(private readonly manager: EntityManager) {
    this.reads = new LedgerWriteReads(manager);
    this.rewardReads = new RewardWriteReads(manager);
  }

  static async open(manager: EntityManager): Promise<LedgerTransaction> {
    await manager.query(
      'SET LOCAL enable_seqscan = off; SET LOCAL enable_hashjoin = off; SET LOCAL enable_mergejoin = off',
    );
    return new LedgerTransaction(manager);
  }

  private query<T>(sql: string, values: Readonly<Record<string, unknown>>): Promise<T> {
    return this.manager.query<T>(...bindNamed(sql, values));
  }

  /** Claims each key; true where this batch claimed it, false where it already existed. */
  async claimKeys(claims: readonly IdempotencyClaim[]): Promise<boolean[]> {
    if (claims.length === 0) return [];
    const rows = await this.query<ColumnsOf<'idempotency_keys', 'program_id' | 'caller' | 'key'>[]>(
      `INSERT INTO idempotency_keys (program_id, caller, key, request_hash)
       SELECT * FROM unnest(:program_id::uuid[], :caller::text[], :key::text[],
                            :request_hash::text[])
       ON CONFLICT DO NOTHING
       RETURNING program_id, caller, key`,
      { ...claimColumns(claims), request_hash: claims.map((claim) => claim.requestHash) },
    );
    const claimed = new Set(rows.map((row) => keyOf(row.program_id, row.caller, row.key)));
    return claims.map((claim) => claimed.has(claimKey(claim)));
  }

  /** The stored request hash and answer of keys claimed before (committed by now). */
  async storedAnswers(claims: readonly IdempotencyClaim[]): Promise<(StoredAnswer | null)[]> {
    if (claims.length === 0) return [];
    const rows = await this.query<
      ColumnsOf<
        'idempotency_keys',
        'program_id' | 'caller' | 'key' | 'request_hash' | 'response_status' | 'response_body'
      >[]
    >(
      `SELECT k.program_id, k.caller, k.key, k.request_hash, k.response_status, k.response_body
         FROM idempotency_keys k
         JOIN unnest(:program_id::uuid[], :caller::text[], :key::text[])
           AS c(program_id, caller, key)
           ON (k.program_id, k.caller, k.key) = (c.program_id, c.caller, c.key)`,
      claimColumns(claims),
    );
    const stored = new Map(
      rows.map((row) => [
        keyOf(row.program_id, row.caller, row.key),
        { requestHash: row.request_hash, status: row.response_status, body: row.response_body },
      ]),
    );
    return claims.map((claim) => stored.get(claimKey(claim)) ?? null);
  }

  /** Gives back the keys of refused items, so a corrected retry under the same key can run. */
  async releaseKeys(claims: readonly IdempotencyClaim[]): Promise<void> {
    if (claims.length === 0) return;
    await this.query(
      `DELETE FROM idempotency_keys k
        USING unnest(:program_id::uuid[], :caller::text[], :key::text[])
          AS c(program_id, caller, key)
        WHERE (k.program_id, k.caller, k.key) = (c.program_id, c.caller, c.key)`,
      claimColumns(claims),
    );
  }

  /**
   * Stores each answer with its key. The ledger's answers carry no status of their own: how an
   * answer is told (201, 202) is the app's business, and it tells a replay the same way.
   */
  async storeAnswers(
    answers: readonly { readonly claim: IdempotencyClaim; readonly body: unknown }[],
  ): Promise<void> {
    if (answers.length === 0) return;
    await this.query(
      `UPDATE idempotency_keys k SET response_body = a.body
         FROM unnest(:program_id::uuid[], :caller::text[], :key::text[], :body::jsonb[])
           AS a(program_id, caller, key, body)
        WHERE (k.program_id, k.caller, k.key) = (a.program_id, a.caller, a.key)`,
      {
        ...claimColumns(answers.map((answer) => answer.claim)),
        body: answers.map((answer) => JSON.stringify(answer.body)),
      },
    );
  }

  /**
   * Locks the members' points accounts in member-id order, opening those that do not exist yet.
   * Everything a write reads about a member after this is current and stays so until commit;
   * locking again in the same transaction reads the balances as the write left them.
   */
  async lockMemberAccounts(
    programId: string,
    memberIds: readonly string[],
  ): Promise<Map<string, LockedMemberAccount>> {
    const wanted = [...new Set(memberIds)].sort();
    if (wanted.length === 0) return new Map();
    const lock = () =>
      this.query<SetColumnsOf<'ledger_accounts', 'id' | 'member_id' | 'balance'>[]>(
        `SELECT id, member_id, balance FROM ledger_accounts
          WHERE member_id = ANY(:member_ids::uuid[]) ORDER BY member_id FOR UPDATE`,
        { member_ids: wanted },
      );
    let rows = await lock();
    if (rows.length < wanted.length) {
      await this.query(
        `INSERT INTO ledger_accounts (program_id, kind, member_id)
         SELECT :program_id, 'member', member_id FROM unnest(:member_ids::uuid[]) AS member_id
         ON CONFLICT DO NOTHING`,
        { program_id: programId, member_ids: wanted },
      );
      rows = await lock();
    }
    return new Map(
      rows.map((row) => [
        row.member_id,
        { accountId: row.id, memberId: row.member_id, balance: row.balance },
      ]),
    );
  }

  /** The open lots of each account, and any named spent ones (a reversal gives points back). */
  async openLots(
    accountIds: readonly string[],
    alsoLotIds: readonly string[] = [],
  ): Promise<Map<string, Lot[]>> {
    const lots = new Map<string, Lot[]>(accountIds.map((id) => [id, []]));
    if (accountIds.length === 0) return lots;
    // Two lookups, each by its own index: the open lots by account (a partial index), the named
    // spent ones by id. One condition with OR could use neither.
    const rows = await this.query<(LotRow & ColumnsOf<'lots', 'account_id'>)[]>(
      `SELECT account_id, id, amount, remaining, available_from, expires_at, created_at
         FROM lots WHERE account_id = ANY(:account_ids::uuid[]) AND remaining > 0
       UNION ALL
       SELECT account_id, id, amount, remaining, available_from, expires_at, created_at
         FROM lots WHERE id = ANY(:also_lot_ids::uuid[]) AND remaining = 0`,
      { account_ids: accountIds, also_lot_ids: alsoLotIds },
    );
    for (const row of rows) lots.get(row.account_id)?.push(toLot(row));
    return lots;
  }

  /** Posts the plans of a batch, in one statement (journal-posting.ts). */
  post(postings: readonly Posting[]): Promise<void> {
    return postBatch(this.manager, postings);
  }

  /**
   * Spendable (or owed) and pending points of accounts as of `now`, after this batch's writes;
   * lots past their expiry count in neither.
   */
  async balancesAfter(
    accountIds: readonly string[],
    now: Date,
  ): Promise<Map<string, BalanceAfter>> {
    if (accountIds.length === 0) return new Map();
    const rows = await this.query<
      (ColumnsOf<'ledger_accounts', 'id' | 'balance'> & {
        spendable: LedgerAccountsRow['balance'];
        pending: LedgerAccountsRow['balance'];
      })[]
    >(
      `SELECT a.id, a.balance,
              coalesce(sum(l.remaining) FILTER (WHERE l.available_from <= :now), 0)::bigint
                AS spendable,
              coalesce(sum(l.remaining) FILTER (WHERE l.available_from > :now), 0)::bigint
                AS pending
         FROM ledger_accounts a
         LEFT JOIN lots l ON l.account_id = a.id AND l.remaining > 0
               AND (l.expires_at IS NULL OR l.expires_at > :now)
        WHERE a.id = ANY(:account_ids::uuid[])
        GROUP BY a.id`,
      { account_ids: [...new Set(accountIds)], now: now.toISOString() },
    );
    return new Map(
      rows.map((row) => [
        row.id,
        { available: row.balance < 0 ? row.balance : row.spendable, pending: row.pending },
      ]),
    );
  }
}
