import type { JournalTransactionKind, LedgerActor, Lot, LotMovement } from '@loyalty/domain';
import type {
  MemberFacts,
  RefundablePurchase,
  ResolvedReference,
  TransactionToReverse,
} from './ledger-write-rows';
import type { EntityManager } from 'typeorm';
import type { CardsRow, ColumnsOf, MembersRow } from '../../schema/rows';
import { bindNamed } from '../../statements/named-parameters';
import { type AdjustmentRequestRecord, adjustmentRequestColumns } from './adjustment-request-rows';
import { type LotRow, toLot } from './lot-rows';
import { type PointHoldRecord, pointHoldColumns } from './point-hold-rows';

export type {
  MemberFacts,
  RefundablePurchase,
  ResolvedReference,
  TransactionToReverse,
} from './ledger-write-rows';

/**
 * What the ledger's operations read inside the writer's transaction. Read after the members'
 * accounts are locked, it is current and stays so until commit; read before (to learn which
 * members to lock), the operation reads it again under the locks.
 */
export class LedgerWriteReads {
  constructor(private readonly manager: EntityManager) {}

  private query<T>(sql: string, values: Readonly<Record<string, unknown>>): Promise<T> {
    return this.manager.query<T>(...bindNamed(sql, values));
  }

  /** Each reference's card and member, in order; nulls where nothing matched. */
  async resolveReferences(
    programId: string,
    references: readonly ({ cardNumber: string } | { memberId: string })[],
  ): Promise<ResolvedReference[]> {
    if (references.length === 0) return [];
    // Every column may be missing: the references are joined to cards and members left.
    const rows = await this.query<
      {
        card_id: CardsRow['id'] | null;
        card_status: CardsRow['status'] | null;
        member_id: MembersRow['id'] | null;
        tier: MembersRow['tier'];
        erased: boolean | null;
        merged_into_member_id: MembersRow['merged_into_member_id'];
      }[]
    >(
      `SELECT c.id AS card_id, c.status AS card_status, m.id AS member_id, m.tier,
              m.erased_at IS NOT NULL AS erased, m.merged_into_member_id
         FROM unnest(:card_numbers::text[], :member_ids::uuid[]) WITH ORDINALITY
           AS ref(card_number, member_id, n)
         LEFT JOIN cards c ON c.program_id = :program_id AND c.number = ref.card_number
         LEFT JOIN members m ON m.program_id = :program_id
               AND m.id = coalesce(c.member_id, ref.member_id)
        ORDER BY ref.n`,
      {
        program_id: programId,
        card_numbers: references.map((ref) => ('cardNumber' in ref ? ref.cardNumber : null)),
        member_ids: references.map((ref) => ('memberId' in ref ? ref.memberId : null)),
      },
    );
    return rows.map((row) => ({
      cardId: row.card_id,
      cardStatus: row.card_status,
      memberId: row.member_id,
      tier: row.tier,
      erased: row.erased ?? false,
      mergedInto: row.merged_into_member_id,
    }));
  }

  /** The store and erasure of members of the program; members not found are absent. */
  async memberFacts(
    programId: string,
    memberIds: readonly string[],
  ): Promise<Map<string, MemberFacts>> {
    if (memberIds.length === 0) return new Map();
    const rows = await this.query<
      (ColumnsOf<'members', 'id' | 'enrolled_store_id' | 'merged_into_member_id'> & {
        erased: boolean;
      })[]
    >(
      `SELECT id, enrolled_store_id, erased_at IS NOT NULL AS erased, merged_into_member_id
         FROM members
        WHERE program_id = :program_id AND id = ANY(:member_ids::uuid[])`,
      { program_id: programId, member_ids: [...new Set(memberIds)] },
    );
    return new Map(
      rows.map((row) => [
        row.id,
        {
          enrolledStoreId: row.enrolled_store_id,
          erased: row.erased,
          mergedInto: row.merged_into_member_id,
        },
      ]),
    );
  }

  /** Which of these (store, receipt) pairs a committed purchase already holds. */
  async receiptsTaken(
    receipts: readonly { storeId: string; receiptId: string }[],
  ): Promise<boolean[]> {
    if (receipts.length === 0) return [];
    const rows = await this.query<ColumnsOf<'purchases', 'store_id' | 'receipt_id'>[]>(
      `SELECT p.store_id, p.receipt_id FROM purchases p
         JOIN unnest(:store_ids::uuid[], :receipt_ids::text[]) AS r(store_id, receipt_id)
           ON (p.store_id, p.receipt_id) = (r.store_id, r.receipt_id)`,
      {
        store_ids: receipts.map((receipt) => receipt.storeId),
        receipt_ids: receipts.map((receipt) => receipt.receiptId),
      },
    );
    const taken = new Set(rows.map((row) => `${row.store_id}\n${row.receipt_id}`));
    return receipts.map((receipt) => taken.has(`${receipt.storeId}\n${receipt.receiptId}`));
  }

  /**
   * Locks the live, unused code each (member, code hash) pair names, if any; the same code named
   * twice is found once. A plan spends the codes it uses (PlannedRecords.spentCodeIds).
   */
  async liveRedemptionCodes(
    wanted: readonly { memberId: string; codeHash: Buffer }[],
    maxAttempts: number,
  ): Promise<(string | null)[]> {
    if (wanted.length === 0) return [];
    const rows = await this.query<(ColumnsOf<'redemption_codes', 'id'> & { n: number })[]>(
      `SELECT w.n::int AS n, c.id
         FROM unnest(:member_ids::uuid[], :code_hashes::bytea[]) WITH ORDINALITY
           AS w(member_id, code_hash, n)
         JOIN redemption_codes c ON c.member_id = w.member_id AND c.code_hash = w.code_hash
        WHERE c.used_at IS NULL AND c.expires_at > clock_timestamp()
          AND c.attempts < :max_attempts
        ORDER BY w.n
          FOR UPDATE OF c`,
      {
        member_ids: wanted.map((code) => code.memberId),
        code_hashes: wanted.map((code) => code.codeHash),
        max_attempts: maxAttempts,
      },
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

  /**
   * One failed try against the live codes of each member named, once per time named. It is
   * written at once and commits with the batch, though the redemption it belongs to is refused.
   */
  async countFailedRedemptionCodes(memberIds: readonly string[]): Promise<void> {
    if (memberIds.length === 0) return;
    await this.query(
      `UPDATE redemption_codes c SET attempts = c.attempts + f.failures
         FROM (SELECT member_id, count(*)::int AS failures
                 FROM unnest(:member_ids::uuid[]) AS member_id GROUP BY member_id) AS f
        WHERE c.member_id = f.member_id AND c.used_at IS NULL
          AND c.expires_at > clock_timestamp()`,
      { member_ids: memberIds },
    );
  }

  /**
   * Purchases of the program by id or by their store's receipt, each with what is left to refund,
   * in order; null where none matches. Each reference is looked up by its own index.
   */
  async refundablePurchases(
    programId: string,
    references: readonly (
      { readonly id: string } | { readonly storeId: string; readonly receiptId: string }
    )[],
  ): Promise<(RefundablePurchase | null)[]> {
    if (references.length === 0) return [];
    const rows = await this.query<(RefundablePurchase & { n: number })[]>(
      `SELECT r.n::int AS n, p.id, p.member_id AS "memberId", p.store_id AS "storeId",
              p.receipt_id AS "receiptId", p.amount_minor AS "amountMinor", p.currency, p.points_earned AS "pointsEarned",
              p.earn_transaction_id AS "earnTransactionId",
              EXISTS (SELECT 1 FROM journal_transactions t
                       WHERE t.reverses_transaction_id = p.earn_transaction_id) AS "earnReversed",
              coalesce((SELECT sum(amount_minor) FROM purchase_refunds f
                         WHERE f.purchase_id = p.id), 0)::bigint AS "refundedMinor",
              coalesce((SELECT sum(points_reversed) FROM purchase_refunds f
                         WHERE f.purchase_id = p.id), 0)::bigint AS "pointsRefunded"
         FROM unnest(:ids::uuid[], :store_ids::uuid[], :receipt_ids::text[]) WITH ORDINALITY
           AS r(id, store_id, receipt_id, n)
         JOIN LATERAL (
           SELECT * FROM purchases WHERE r.id IS NOT NULL AND id = r.id
           UNION ALL
           SELECT * FROM purchases
            WHERE r.id IS NULL AND store_id = r.store_id AND receipt_id = r.receipt_id) p
           ON p.program_id = :program_id`,
      {
        program_id: programId,
        ids: references.map((reference) => ('id' in reference ? reference.id : null)),
        store_ids: references.map((reference) => ('id' in reference ? null : reference.storeId)),
        receipt_ids: references.map((reference) =>
          'id' in reference ? null : reference.receiptId,
        ),
      },
    );
    const found = new Map(rows.map(({ n, ...purchase }) => [n, purchase]));
    return references.map((_, index) => found.get(index + 1) ?? null);
  }

  /** A purchase of the program by id or by its store's receipt, with what is left to refund. */
  async refundablePurchase(
    programId: string,
    purchase: { readonly id: string } | { readonly storeId: string; readonly receiptId: string },
  ): Promise<RefundablePurchase | null> {
    const [found] = await this.refundablePurchases(programId, [purchase]);
    return found ?? null;
  }

  /** A transaction of the program, as a reversal undoes it. */
  async transactionToReverse(
    programId: string,
    transactionId: string,
  ): Promise<TransactionToReverse | null> {
    const [row] = await this.query<
      (Omit<TransactionToReverse, 'entries'> & {
        entries: TransactionToReverse['entries'] | null;
      })[]
    >(
      `SELECT t.kind, t.member_id AS "memberId", t.purchase_id AS "purchaseId",
              EXISTS (SELECT 1 FROM journal_transactions r
                       WHERE r.reverses_transaction_id = t.id) AS reversed,
              (SELECT json_agg(json_build_object('accountId', a.id, 'memberId', a.member_id,
                                                 'points', e.points))
                 FROM journal_entries e JOIN ledger_accounts a ON a.id = e.account_id
                WHERE e.transaction_id = t.id) AS entries
         FROM journal_transactions t
        WHERE t.id = :transaction_id AND t.program_id = :program_id`,
      { transaction_id: transactionId, program_id: programId },
    );
    return row ? { ...row, entries: row.entries ?? [] } : null;
  }

  /** The lot movements of a transaction, as a reversal undoes them. */
  movementsOf(transactionId: string): Promise<(LotMovement & { accountId: string })[]> {
    return this.query(
      `SELECT m.lot_id AS "lotId", m.points, l.account_id AS "accountId"
         FROM lot_movements m JOIN lots l ON l.id = m.lot_id
        WHERE m.transaction_id = :transaction_id`,
      { transaction_id: transactionId },
    );
  }

  /** Lots a transaction credited, with what they were credited and what is left of them. */
  async lotsCreditedBy(transactionId: string): Promise<(Lot & { accountId: string })[]> {
    return (await this.lotsCreditedByEach([transactionId])).get(transactionId) ?? [];
  }

  /** The lots each of these transactions credited, by transaction. */
  async lotsCreditedByEach(
    transactionIds: readonly string[],
  ): Promise<Map<string, (Lot & { accountId: string })[]>> {
    const lots = new Map<string, (Lot & { accountId: string })[]>(
      transactionIds.map((id) => [id, []]),
    );
    if (transactionIds.length === 0) return lots;
    const rows = await this.query<
      (LotRow & ColumnsOf<'lots', 'account_id' | 'credited_by_transaction_id'>)[]
    >(
      `SELECT id, account_id, credited_by_transaction_id, amount, remaining, available_from,
              expires_at, created_at
         FROM lots WHERE credited_by_transaction_id = ANY(:transaction_ids::uuid[])`,
      { transaction_ids: [...new Set(transactionIds)] },
    );
    for (const row of rows) {
      lots.get(row.credited_by_transaction_id)?.push({ ...toLot(row), accountId: row.account_id });
    }
    return lots;
  }

  /**
   * Points a member's account moved by transactions of these kinds since `since` (the member's
   * own: for a transfer, the sender's), as absolute values (`direction: 'both'`) or only what
   * left it (`'out'`), optionally only those a kind of caller started. Read under the member's
   * lock, so a cap checked against it holds under races.
   */
  async pointsMovedSince(
    accountId: string,
    memberId: string,
    kinds: readonly JournalTransactionKind[],
    since: Date,
    options: { direction: 'both' | 'out'; actorKind?: LedgerActor['kind'] },
  ): Promise<number> {
    const [row] = await this.query<{ points: number }[]>(
      `SELECT coalesce(sum(CASE WHEN :direction = 'out' THEN greatest(-e.points, 0)
                                ELSE abs(e.points) END), 0)::bigint AS points
         FROM journal_transactions t
         JOIN journal_entries e ON e.transaction_id = t.id AND e.account_id = :account_id
        WHERE t.member_id = :member_id AND t.kind = ANY(:kinds::text[]) AND t.occurred_at > :since
          AND (:actor_kind::text IS NULL OR t.actor_kind = :actor_kind)`,
      {
        account_id: accountId,
        member_id: memberId,
        kinds,
        since: since.toISOString(),
        direction: options.direction,
        actor_kind: options.actorKind ?? null,
      },
    );
    return row?.points ?? 0;
  }

  /** Locks a request of the program for its decision, so it is decided once. */
  async lockAdjustmentRequest(
    programId: string,
    requestId: string,
  ): Promise<AdjustmentRequestRecord | null> {
    const [row] = await this.query<AdjustmentRequestRecord[]>(
      `SELECT ${adjustmentRequestColumns()} FROM adjustment_requests
        WHERE id = :request_id AND program_id = :program_id FOR UPDATE`,
      { request_id: requestId, program_id: programId },
    );
    return row ?? null;
  }

  /**
   * Locks a hold of the program for its settlement, so it is settled once; a till sees only its
   * own store's holds (`storeId`), the release sweep every store's (null).
   */
  async lockHold(
    programId: string,
    holdId: string,
    storeId: string | null,
  ): Promise<PointHoldRecord | null> {
    const [row] = await this.query<PointHoldRecord[]>(
      `SELECT ${pointHoldColumns()} FROM point_holds
        WHERE id = :hold_id AND program_id = :program_id
          AND (:store_id::uuid IS NULL OR store_id = :store_id)
          FOR UPDATE`,
      { hold_id: holdId, program_id: programId, store_id: storeId },
    );
    return row ?? null;
  }

  /** How many holds of the member are still open at tills, read under their account's lock. */
  async openHoldCount(memberId: string): Promise<number> {
    const [row] = await this.query<{ open: number }[]>(
      `SELECT count(*)::int AS open FROM point_holds WHERE member_id = :member_id AND status = 'held'`,
      { member_id: memberId },
    );
    return row?.open ?? 0;
  }

  /** Members of the program by their id in the system it was imported from (merges followed). */
  async membersByExternalId(
    programId: string,
    externalIds: readonly string[],
  ): Promise<Map<string, { memberId: string; erased: boolean }>> {
    const rows = await this.query<
      (ColumnsOf<'members', 'external_id'> & { member_id: MembersRow['id']; erased: boolean })[]
    >(
      `SELECT d.external_id, coalesce(d.merged_into_member_id, d.id) AS member_id,
              coalesce(s.erased_at, d.erased_at) IS NOT NULL AS erased
         FROM members d LEFT JOIN members s ON s.id = d.merged_into_member_id
        WHERE d.program_id = :program_id AND d.external_id = ANY(:external_ids::text[])`,
      { program_id: programId, external_ids: [...new Set(externalIds)] },
    );
    return new Map(
      rows.map((row) => [row.external_id!, { memberId: row.member_id, erased: row.erased }]),
    );
  }
}
