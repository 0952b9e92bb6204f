import type { Lot } from '@loyalty/domain';
import type { EntityManager } from 'typeorm';
import type { IdempotencyClaim, StoredAnswer } from '../../idempotency/idempotency-keys';
import type {
  JournalTransactionToPost,
  OutboxEventToWrite,
  PurchaseToRecord,
} from './ledger-unit-of-work';
import { type LotRow, toLot } from './lot-rows';

/** A member as a batched write finds them through the card presented, or by id. */
export interface ResolvedReference {
  readonly cardId: string | null;
  readonly cardStatus: string | null;
  readonly memberId: string | null;
  readonly tier: string | null;
  readonly erased: boolean;
}

export interface AccountFigures {
  readonly balance: number;
  readonly spendable: number;
  readonly pending: number;
}

/** What a batch writes in the statement that posts its journal transactions. */
export interface Alongside {
  readonly purchases?: readonly PurchaseToRecord[];
  readonly events?: readonly OutboxEventToWrite[];
  /** Redemption codes the batch spends. */
  readonly spentCodeIds?: readonly string[];
}

const keyOf = (programId: string, caller: string, key: string) => `${programId}\n${caller}\n${key}`;
const claimKey = (claim: IdempotencyClaim) => keyOf(claim.programId, claim.caller, claim.key);
const columnsOf = (claims: readonly IdempotencyClaim[]) => [
  claims.map((claim) => claim.programId),
  claims.map((claim) => claim.caller),
  claims.map((claim) => claim.key),
];

/**
 * The statements of a batched ledger write: each one serves every item of the batch at once
 * (unnest arrays, one round trip), inside the batch's one transaction. Together with
 * LedgerUnitOfWork's account locks and outbox they make a group commit (docs/performance.md).
 */
export class LedgerBatchStatements {
  private constructor(private readonly manager: EntityManager) {}

  /**
   * The statements of a batch about to run in this transaction. Every one of them reads or
   * writes rows by key, so the transaction plans index lookups only: a prepared statement's
   * generic plan is made once per connection, and made while a table is young (or when unnest's
   * guess of 100 rows meets a table of a few thousand) it would hash the batch against a
   * sequential scan of the whole table for as long as the connection lives, each batch costing
   * more as the ledger grows. The ledger's statement triggers plan the same way (migration
   * LedgerTriggersByIndex).
   */
  static async within(manager: EntityManager): Promise<LedgerBatchStatements> {
    await manager.query(
      'SET LOCAL enable_seqscan = off; SET LOCAL enable_hashjoin = off; SET LOCAL enable_mergejoin = off',
    );
    return new LedgerBatchStatements(manager);
  }

  /** Claims each key; true where this batch claimed it, false where it already existed. */
  async claimKeys(claims: readonly IdempotencyClaim[]): Promise<boolean[]> {
    const rows = await this.manager.query<{ program_id: string; caller: string; key: string }[]>(
      `INSERT INTO idempotency_keys (program_id, caller, key, request_hash)
       SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[])
       ON CONFLICT DO NOTHING
       RETURNING program_id, caller, key`,
      [...columnsOf(claims), claims.map((claim) => claim.requestHash)],
    );
    const claimed = new Set(rows.map((row) => keyOf(row.program_id, row.caller, row.key)));
    return claims.map((claim) => claimed.has(claimKey(claim)));
  }

  /** The stored request hash and answer of keys claimed before (committed by now). */
  async storedAnswers(claims: readonly IdempotencyClaim[]): Promise<(StoredAnswer | null)[]> {
    if (claims.length === 0) return [];
    const rows = await this.manager.query<
      {
        program_id: string;
        caller: string;
        key: string;
        request_hash: string;
        response_status: number | null;
        response_body: unknown;
      }[]
    >(
      `SELECT k.program_id, k.caller, k.key, k.request_hash, k.response_status, k.response_body
         FROM idempotency_keys k
         JOIN unnest($1::uuid[], $2::text[], $3::text[]) AS c(program_id, caller, key)
           ON (k.program_id, k.caller, k.key) = (c.program_id, c.caller, c.key)`,
      columnsOf(claims),
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
    await this.manager.query(
      `DELETE FROM idempotency_keys k
        USING unnest($1::uuid[], $2::text[], $3::text[]) AS c(program_id, caller, key)
        WHERE (k.program_id, k.caller, k.key) = (c.program_id, c.caller, c.key)`,
      columnsOf(claims),
    );
  }

  async storeAnswers(
    answers: readonly { claim: IdempotencyClaim; status: number; body: unknown }[],
  ): Promise<void> {
    if (answers.length === 0) return;
    const claims = answers.map((answer) => answer.claim);
    await this.manager.query(
      `UPDATE idempotency_keys k SET response_status = a.status, response_body = a.body
         FROM unnest($1::uuid[], $2::text[], $3::text[], $4::int[], $5::jsonb[])
           AS a(program_id, caller, key, status, body)
        WHERE (k.program_id, k.caller, k.key) = (a.program_id, a.caller, a.key)`,
      [
        ...columnsOf(claims),
        answers.map((answer) => answer.status),
        answers.map((answer) => JSON.stringify(answer.body)),
      ],
    );
  }

  /** Each reference's card and member, in order; nulls where nothing matched. */
  async resolveReferences(
    programId: string,
    references: readonly ({ cardNumber: string } | { memberId: string })[],
  ): Promise<ResolvedReference[]> {
    const rows = await this.manager.query<
      {
        card_id: string | null;
        card_status: string | null;
        member_id: string | null;
        tier: string | null;
        erased: boolean | null;
      }[]
    >(
      `SELECT c.id AS card_id, c.status AS card_status, m.id AS member_id, m.tier,
              m.erased_at IS NOT NULL AS erased
         FROM unnest($2::text[], $3::uuid[]) WITH ORDINALITY AS ref(card_number, member_id, n)
         LEFT JOIN cards c ON c.program_id = $1 AND c.number = ref.card_number
         LEFT JOIN members m ON m.program_id = $1 AND m.id = coalesce(c.member_id, ref.member_id)
        ORDER BY ref.n`,
      [
        programId,
        references.map((reference) => ('cardNumber' in reference ? reference.cardNumber : null)),
        references.map((reference) => ('memberId' in reference ? reference.memberId : null)),
      ],
    );
    return rows.map((row) => ({
      cardId: row.card_id,
      cardStatus: row.card_status,
      memberId: row.member_id,
      tier: row.tier,
      erased: row.erased ?? false,
    }));
  }

  /** Which of these (store, receipt) pairs a committed purchase already holds. */
  async receiptsTaken(
    receipts: readonly { storeId: string; receiptId: string }[],
  ): Promise<boolean[]> {
    const rows = await this.manager.query<{ store_id: string; receipt_id: string }[]>(
      `SELECT p.store_id, p.receipt_id FROM purchases p
         JOIN unnest($1::uuid[], $2::text[]) AS r(store_id, receipt_id)
           ON (p.store_id, p.receipt_id) = (r.store_id, r.receipt_id)`,
      [receipts.map((receipt) => receipt.storeId), receipts.map((receipt) => receipt.receiptId)],
    );
    const taken = new Set(rows.map((row) => `${row.store_id}\n${row.receipt_id}`));
    return receipts.map((receipt) => taken.has(`${receipt.storeId}\n${receipt.receiptId}`));
  }

  /**
   * Writes what a batch posts in one statement: its journal transactions with their entries,
   * lots and lot movements, and alongside them the purchases recorded, the outbox events and the
   * redemption codes spent. A round trip costs a batch more than a statement's work does, since
   * each one waits for the app's event loop; the inserts need nothing from each other (every id is
   * chosen here), and the triggers and foreign-key checks all run at the end of the statement,
   * when every row is in: the entries' trigger then checks each transaction sums to zero and moves
   * each account's balance once, the movements' trigger moves each lot's remaining points once.
   */
  async post(
    journals: readonly JournalTransactionToPost[],
    alongside: Alongside = {},
  ): Promise<void> {
    const entries = journals.flatMap((journal) =>
      journal.entries.map((entry) => ({ ...entry, transactionId: journal.id })),
    );
    const lots = journals.flatMap((journal) =>
      (journal.newLots ?? []).map((lot) => ({ ...lot, transactionId: journal.id })),
    );
    const movements = journals.flatMap((journal) =>
      (journal.lotMovements ?? []).map((movement) => ({ ...movement, transactionId: journal.id })),
    );
    const { purchases = [], events = [], spentCodeIds = [] } = alongside;
    if (journals.length + purchases.length + events.length + spentCodeIds.length === 0) return;
    await this.manager.query(
      `WITH journal AS (
         INSERT INTO journal_transactions (id, program_id, kind, member_id,
             reverses_transaction_id, purchase_id, store_id, actor_kind, actor_id, reason, details)
         SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::uuid[], $5::uuid[],
                              $6::uuid[], $7::uuid[], $8::text[], $9::uuid[], $10::text[],
                              $11::jsonb[])),
       entry AS (
         INSERT INTO journal_entries (transaction_id, account_id, points)
         SELECT * FROM unnest($12::uuid[], $13::uuid[], $14::bigint[])),
       lot AS (
         INSERT INTO lots (id, account_id, credited_by_transaction_id, amount, available_from,
             expires_at)
         SELECT * FROM unnest($15::uuid[], $16::uuid[], $17::uuid[], $18::bigint[],
                              $19::timestamptz[], $20::timestamptz[])),
       movement AS (
         INSERT INTO lot_movements (transaction_id, lot_id, points)
         SELECT * FROM unnest($21::uuid[], $22::uuid[], $23::bigint[])),
       purchase AS (
         INSERT INTO purchases (id, program_id, member_id, card_id, store_id, receipt_id,
             amount_minor, currency, occurred_at, lines, earning_rule_set_id, points_earned,
             earn_transaction_id)
         SELECT * FROM unnest($24::uuid[], $25::uuid[], $26::uuid[], $27::uuid[], $28::uuid[],
                              $29::text[], $30::bigint[], $31::char(3)[], $32::timestamptz[],
                              $33::jsonb[], $34::uuid[], $35::bigint[], $36::uuid[])),
       event AS (
         INSERT INTO outbox_events (program_id, member_id, type, payload)
         SELECT * FROM unnest($37::uuid[], $38::uuid[], $39::text[], $40::jsonb[])),
       spent_code AS (
         UPDATE redemption_codes SET used_at = clock_timestamp() WHERE id = ANY($41::uuid[]))
       SELECT 1`,
      [
        journals.map((journal) => journal.id),
        journals.map((journal) => journal.programId),
        journals.map((journal) => journal.kind),
        journals.map((journal) => journal.memberId),
        journals.map((journal) => journal.reversesTransactionId ?? null),
        journals.map((journal) => journal.purchaseId ?? null),
        journals.map((journal) => journal.storeId ?? null),
        journals.map((journal) => journal.actor.kind),
        journals.map((journal) => journal.actor.id),
        journals.map((journal) => journal.reason ?? null),
        journals.map((journal) => JSON.stringify(journal.details ?? {})),
        entries.map((entry) => entry.transactionId),
        entries.map((entry) => entry.accountId),
        entries.map((entry) => entry.points),
        lots.map((lot) => lot.id),
        lots.map((lot) => lot.accountId),
        lots.map((lot) => lot.transactionId),
        lots.map((lot) => lot.amount),
        lots.map((lot) => lot.availableFrom.toISOString()),
        lots.map((lot) => lot.expiresAt?.toISOString() ?? null),
        movements.map((movement) => movement.transactionId),
        movements.map((movement) => movement.lotId),
        movements.map((movement) => movement.points),
        purchases.map((purchase) => purchase.id),
        purchases.map((purchase) => purchase.programId),
        purchases.map((purchase) => purchase.memberId),
        purchases.map((purchase) => purchase.cardId),
        purchases.map((purchase) => purchase.storeId),
        purchases.map((purchase) => purchase.receiptId),
        purchases.map((purchase) => purchase.amountMinor),
        purchases.map((purchase) => purchase.currency),
        purchases.map((purchase) => purchase.occurredAt.toISOString()),
        purchases.map((purchase) => JSON.stringify(purchase.lines)),
        purchases.map((purchase) => purchase.earningRuleSetId),
        purchases.map((purchase) => purchase.pointsEarned),
        purchases.map((purchase) => purchase.earnTransactionId),
        events.map((event) => event.programId),
        events.map((event) => event.memberId),
        events.map((event) => event.type),
        events.map((event) => JSON.stringify(event.payload)),
        spentCodeIds,
      ],
    );
  }

  /** The open lots of each account, for the points books of a batch. */
  async openLots(accountIds: readonly string[]): Promise<Map<string, Lot[]>> {
    const rows = await this.manager.query<(LotRow & { account_id: string })[]>(
      `SELECT account_id, id, amount, remaining, available_from, expires_at, created_at
         FROM lots WHERE account_id = ANY($1::uuid[]) AND remaining > 0`,
      [accountIds],
    );
    const lots = new Map<string, Lot[]>(accountIds.map((id) => [id, []]));
    for (const row of rows) lots.get(row.account_id)?.push(toLot(row));
    return lots;
  }

  /**
   * Locks the live, unused code each (member, code hash) pair names, if any; the same code named
   * twice is found once. The codes are spent with useRedemptionCodes.
   */
  async liveRedemptionCodes(
    wanted: readonly { memberId: string; codeHash: Buffer }[],
    maxAttempts: number,
  ): Promise<(string | null)[]> {
    const rows = await this.manager.query<{ n: number; id: string }[]>(
      `SELECT w.n::int AS n, c.id
         FROM unnest($1::uuid[], $2::bytea[]) WITH ORDINALITY AS w(member_id, code_hash, n)
         JOIN redemption_codes c ON c.member_id = w.member_id AND c.code_hash = w.code_hash
        WHERE c.used_at IS NULL AND c.expires_at > clock_timestamp() AND c.attempts < $3
        ORDER BY w.n
          FOR UPDATE OF c`,
      [wanted.map((code) => code.memberId), wanted.map((code) => code.codeHash), maxAttempts],
    );
    const found = new Map<number, string>();
    const taken = new Set<string>();
    for (const row of rows) {
      if (taken.has(row.id)) continue;
      taken.add(row.id);
      found.set(row.n, row.id);
    }
    return wanted.map((_, index) => found.get(index + 1) ?? null);
  }

  /** One failed try against the live codes of each member named, once per time named. */
  async countFailedRedemptionCodes(memberIds: readonly string[]): Promise<void> {
    if (memberIds.length === 0) return;
    await this.manager.query(
      `UPDATE redemption_codes c SET attempts = c.attempts + f.failures
         FROM (SELECT member_id, count(*)::int AS failures FROM unnest($1::uuid[]) AS member_id
                GROUP BY member_id) AS f
        WHERE c.member_id = f.member_id AND c.used_at IS NULL
          AND c.expires_at > clock_timestamp()`,
      [memberIds],
    );
  }

  /**
   * Balance, spendable and pending points of accounts, as of `now`, after this batch's writes; lots
   * past their expiry count in neither.
   */
  async figures(accountIds: readonly string[], now: Date): Promise<Map<string, AccountFigures>> {
    const rows = await this.manager.query<
      { id: string; balance: number; spendable: number; pending: number }[]
    >(
      `SELECT a.id, a.balance,
              coalesce(sum(l.remaining) FILTER (WHERE l.available_from <= $2), 0)::bigint
                AS spendable,
              coalesce(sum(l.remaining) FILTER (WHERE l.available_from > $2), 0)::bigint
                AS pending
         FROM ledger_accounts a
         LEFT JOIN lots l ON l.account_id = a.id AND l.remaining > 0
               AND (l.expires_at IS NULL OR l.expires_at > $2)
        WHERE a.id = ANY($1::uuid[])
        GROUP BY a.id`,
      [accountIds, now.toISOString()],
    );
    return new Map(rows.map((row) => [row.id, row]));
  }
}
