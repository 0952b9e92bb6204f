import {
  type JournalTransactionKind,
  type LedgerEventType,
  type LedgerActor,
  type Lot,
  type LotMovement,
  type NewLot,
} from '@loyalty/domain';
import type { EntityManager } from 'typeorm';
import { AdjustmentRequestStatements } from './adjustment-request-statements';
import { type LotRow, toLot } from './lot-rows';

export interface LockedMemberAccount {
  readonly accountId: string;
  readonly memberId: string;
  readonly balance: number;
}

export interface JournalEntryToPost {
  readonly accountId: string;
  readonly points: number;
}

export interface JournalTransactionToPost {
  readonly id: string;
  readonly programId: string;
  readonly kind: JournalTransactionKind;
  readonly memberId: string | null;
  readonly reversesTransactionId?: string | null;
  readonly purchaseId?: string | null;
  readonly storeId?: string | null;
  readonly actor: LedgerActor;
  readonly reason?: string | null;
  readonly details?: Readonly<Record<string, unknown>>;
  readonly entries: readonly JournalEntryToPost[];
  /** Lots credited by this transaction, each in a member account. */
  readonly newLots?: readonly (NewLot & { readonly accountId: string })[];
  readonly lotMovements?: readonly LotMovement[];
}

export interface PurchaseToRecord {
  readonly id: string;
  readonly programId: string;
  readonly memberId: string;
  readonly cardId: string | null;
  readonly storeId: string;
  readonly receiptId: string;
  readonly amountMinor: number;
  readonly currency: string;
  readonly occurredAt: Date;
  readonly lines: readonly unknown[];
  readonly earningRuleSetId: string;
  readonly pointsEarned: number;
  readonly earnTransactionId: string;
}

/** A purchase as a refund sees it: what is left to refund, and the points still to take back. */
export interface RefundablePurchase {
  readonly id: string;
  readonly memberId: string;
  readonly storeId: string;
  readonly amountMinor: number;
  readonly currency: string;
  readonly pointsEarned: number;
  readonly earnTransactionId: string;
  readonly earnReversed: boolean;
  readonly refundedMinor: number;
  readonly pointsRefunded: number;
}

export interface RefundToRecord {
  readonly id: string;
  readonly purchaseId: string;
  readonly amountMinor: number;
  readonly pointsReversed: number;
  readonly transactionId: string;
  readonly occurredAt: Date;
}

export interface OutboxEventToWrite {
  readonly programId: string;
  readonly memberId: string | null;
  readonly type: LedgerEventType;
  readonly payload: Readonly<Record<string, unknown>>;
}

/** The statements a ledger write is made of, inside its one database transaction. */
export class LedgerUnitOfWork {
  /** Adjustments waiting for a second person, in this transaction. */
  readonly adjustmentRequests: AdjustmentRequestStatements;

  constructor(readonly manager: EntityManager) {
    this.adjustmentRequests = new AdjustmentRequestStatements(manager);
  }

  /**
   * Locks the members' points accounts in member-id order, opening those that do not exist yet.
   * Everything a write reads about a member after this is current and stays so until commit.
   */
  async lockMemberAccounts(
    programId: string,
    memberIds: readonly string[],
  ): Promise<Map<string, LockedMemberAccount>> {
    const wanted = [...new Set(memberIds)].sort();
    const lock = () =>
      this.manager.query<{ id: string; member_id: string; balance: number }[]>(
        `SELECT id, member_id, balance FROM ledger_accounts
          WHERE member_id = ANY($1::uuid[]) ORDER BY member_id FOR UPDATE`,
        [wanted],
      );
    let rows = await lock();
    if (rows.length < wanted.length) {
      await this.manager.query(
        `INSERT INTO ledger_accounts (program_id, kind, member_id)
         SELECT $1, 'member', member_id FROM unnest($2::uuid[]) AS member_id
         ON CONFLICT DO NOTHING`,
        [programId, wanted],
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

  /** The account's open lots, plus any named ones (spent lots a reversal gives points back to). */
  async loadLots(accountId: string, alsoLotIds: readonly string[] = []): Promise<Lot[]> {
    const rows = await this.manager.query<LotRow[]>(
      `SELECT id, amount, remaining, available_from, expires_at, created_at FROM lots
        WHERE account_id = $1 AND (remaining > 0 OR id = ANY($2::uuid[]))`,
      [accountId, alsoLotIds],
    );
    return rows.map(toLot);
  }

  /** Posts a journal transaction: its entries (one statement), new lots and lot movements. */
  async post(journal: JournalTransactionToPost): Promise<void> {
    await this.manager.query(
      `WITH posted AS (
         INSERT INTO journal_transactions (id, program_id, kind, member_id,
             reverses_transaction_id, purchase_id, store_id, actor_kind, actor_id, reason, details)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
         RETURNING id)
       INSERT INTO journal_entries (transaction_id, account_id, points)
       SELECT posted.id, entry.account_id, entry.points
         FROM posted, unnest($12::uuid[], $13::bigint[]) AS entry(account_id, points)`,
      [
        journal.id,
        journal.programId,
        journal.kind,
        journal.memberId,
        journal.reversesTransactionId ?? null,
        journal.purchaseId ?? null,
        journal.storeId ?? null,
        journal.actor.kind,
        journal.actor.id,
        journal.reason ?? null,
        JSON.stringify(journal.details ?? {}),
        journal.entries.map((entry) => entry.accountId),
        journal.entries.map((entry) => entry.points),
      ],
    );
    const newLots = journal.newLots ?? [];
    if (newLots.length > 0) {
      await this.manager.query(
        `INSERT INTO lots (id, account_id, credited_by_transaction_id, amount, available_from,
             expires_at)
         SELECT lot.id, lot.account_id, $1, lot.amount, lot.available_from, lot.expires_at
           FROM unnest($2::uuid[], $3::uuid[], $4::bigint[], $5::timestamptz[], $6::timestamptz[])
             AS lot(id, account_id, amount, available_from, expires_at)`,
        [
          journal.id,
          newLots.map((lot) => lot.id),
          newLots.map((lot) => lot.accountId),
          newLots.map((lot) => lot.amount),
          newLots.map((lot) => lot.availableFrom.toISOString()),
          newLots.map((lot) => lot.expiresAt?.toISOString() ?? null),
        ],
      );
    }
    const movements = journal.lotMovements ?? [];
    if (movements.length > 0) {
      await this.manager.query(
        `INSERT INTO lot_movements (transaction_id, lot_id, points)
         SELECT $1, movement.lot_id, movement.points
           FROM unnest($2::uuid[], $3::bigint[]) AS movement(lot_id, points)`,
        [journal.id, movements.map((m) => m.lotId), movements.map((m) => m.points)],
      );
    }
  }

  async writeOutbox(events: readonly OutboxEventToWrite[]): Promise<void> {
    if (events.length === 0) return;
    await this.manager.query(
      `INSERT INTO outbox_events (program_id, member_id, type, payload)
       SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::jsonb[])`,
      [
        events.map((event) => event.programId),
        events.map((event) => event.memberId),
        events.map((event) => event.type),
        events.map((event) => JSON.stringify(event.payload)),
      ],
    );
  }

  /**
   * The store and erasure of members, read inside the write's own transaction: a write never
   * waits for a second pool connection while it holds locks (a pool full of such writes would
   * wait on itself).
   */
  async memberFacts(
    programId: string,
    memberIds: readonly string[],
  ): Promise<Map<string, { enrolledStoreId: string; erased: boolean }>> {
    const rows = await this.manager.query<
      { id: string; enrolled_store_id: string; erased: boolean }[]
    >(
      `SELECT id, enrolled_store_id, erased_at IS NOT NULL AS erased FROM members
        WHERE program_id = $1 AND id = ANY($2::uuid[])`,
      [programId, memberIds],
    );
    return new Map(
      rows.map((row) => [row.id, { enrolledStoreId: row.enrolled_store_id, erased: row.erased }]),
    );
  }

  /** Read after the member's account is locked, so refunds of one purchase never race. */
  async refundablePurchase(
    programId: string,
    purchase: { readonly id: string } | { readonly storeId: string; readonly receiptId: string },
  ): Promise<RefundablePurchase | null> {
    const byId = 'id' in purchase;
    const [row] = await this.manager.query<RefundablePurchase[]>(
      `SELECT p.id, p.member_id AS "memberId", p.store_id AS "storeId",
              p.amount_minor AS "amountMinor", p.currency, p.points_earned AS "pointsEarned",
              p.earn_transaction_id AS "earnTransactionId",
              EXISTS (SELECT 1 FROM journal_transactions r
                       WHERE r.reverses_transaction_id = p.earn_transaction_id) AS "earnReversed",
              coalesce((SELECT sum(amount_minor) FROM purchase_refunds f
                         WHERE f.purchase_id = p.id), 0)::bigint AS "refundedMinor",
              coalesce((SELECT sum(points_reversed) FROM purchase_refunds f
                         WHERE f.purchase_id = p.id), 0)::bigint AS "pointsRefunded"
         FROM purchases p
        WHERE p.program_id = $1 AND ${byId ? 'p.id = $2' : 'p.store_id = $2 AND p.receipt_id = $3'}`,
      byId ? [programId, purchase.id] : [programId, purchase.storeId, purchase.receiptId],
    );
    return row ?? null;
  }

  async recordRefund(refund: RefundToRecord): Promise<void> {
    await this.manager.query(
      `INSERT INTO purchase_refunds (id, purchase_id, amount_minor, points_reversed,
           transaction_id, occurred_at)
       VALUES ($1, $2, $3, $4, $5, $6)`,
      [
        refund.id,
        refund.purchaseId,
        refund.amountMinor,
        refund.pointsReversed,
        refund.transactionId,
        refund.occurredAt.toISOString(),
      ],
    );
  }

  /** The original transaction a reversal undoes, read under the members' locks. */
  async transactionToReverse(
    programId: string,
    transactionId: string,
  ): Promise<{
    kind: JournalTransactionKind;
    memberId: string | null;
    purchaseId: string | null;
    reversed: boolean;
    entries: { accountId: string; memberId: string | null; points: number }[];
  } | null> {
    const [row] = await this.manager.query<
      {
        kind: JournalTransactionKind;
        memberId: string | null;
        purchaseId: string | null;
        reversed: boolean;
        entries: { accountId: string; memberId: string | null; points: number }[] | null;
      }[]
    >(
      `SELECT t.kind, t.member_id AS "memberId", t.purchase_id AS "purchaseId",
              EXISTS (SELECT 1 FROM journal_transactions r
                       WHERE r.reverses_transaction_id = t.id) AS reversed,
              (SELECT json_agg(json_build_object('accountId', a.id, 'memberId', a.member_id,
                                                 'points', e.points))
                 FROM journal_entries e JOIN ledger_accounts a ON a.id = e.account_id
                WHERE e.transaction_id = t.id) AS entries
         FROM journal_transactions t
        WHERE t.id = $1 AND t.program_id = $2`,
      [transactionId, programId],
    );
    return row ? { ...row, entries: row.entries ?? [] } : null;
  }

  /**
   * Points a member's account moved by transactions of these kinds since `since` (the member's
   * own: for a transfer, the sender's), as absolute values
   * (`direction: 'both'`) or only what left it (`'out'`), optionally only those a kind of caller
   * started. Read under the member's lock, so a cap checked against it holds under races.
   */
  async pointsMovedSince(
    accountId: string,
    memberId: string,
    kinds: readonly JournalTransactionKind[],
    since: Date,
    options: { direction: 'both' | 'out'; actorKind?: LedgerActor['kind'] },
  ): Promise<number> {
    const [row] = await this.manager.query<{ points: number }[]>(
      `SELECT coalesce(sum(CASE WHEN $5 = 'out' THEN greatest(-e.points, 0) ELSE abs(e.points) END),
                       0)::bigint AS points
         FROM journal_transactions t
         JOIN journal_entries e ON e.transaction_id = t.id AND e.account_id = $1
        WHERE t.member_id = $2 AND t.kind = ANY($3::text[]) AND t.occurred_at > $4
          AND ($6::text IS NULL OR t.actor_kind = $6)`,
      [
        accountId,
        memberId,
        kinds,
        since.toISOString(),
        options.direction,
        options.actorKind ?? null,
      ],
    );
    return row?.points ?? 0;
  }

  /** Ends an erased member's live redemption codes: none can be shown at a till again. */
  async endRedemptionCodes(memberId: string): Promise<void> {
    await this.manager.query(
      `UPDATE redemption_codes SET expires_at = least(expires_at, clock_timestamp())
        WHERE member_id = $1 AND used_at IS NULL AND expires_at > clock_timestamp()`,
      [memberId],
    );
  }

  /** Erased members whose account still holds or owes points, a page at a time. */
  async erasedMembersWithPoints(
    programId: string | null,
    limit: number,
  ): Promise<{ memberId: string; programId: string }[]> {
    return this.manager.query(
      `SELECT a.member_id AS "memberId", a.program_id AS "programId"
         FROM ledger_accounts a JOIN members m ON m.id = a.member_id
        WHERE a.kind = 'member' AND a.balance <> 0 AND m.erased_at IS NOT NULL
          AND ($1::uuid IS NULL OR a.program_id = $1)
        LIMIT $2`,
      [programId, limit],
    );
  }

  /** Member accounts holding lots due to expire by `now`, a page at a time. */
  async accountsWithDueLots(
    now: Date,
    programId: string | null,
    limit: number,
  ): Promise<{ accountId: string; memberId: string; programId: string }[]> {
    return this.manager.query(
      `SELECT DISTINCT a.id AS "accountId", a.member_id AS "memberId", a.program_id AS "programId"
         FROM lots l JOIN ledger_accounts a ON a.id = l.account_id
        WHERE l.remaining > 0 AND l.expires_at IS NOT NULL AND l.expires_at <= $1
          AND ($3::uuid IS NULL OR a.program_id = $3)
        LIMIT $2`,
      [now.toISOString(), limit, programId],
    );
  }

  /** The lot movements of a transaction, as a reversal undoes them. */
  async movementsOf(transactionId: string): Promise<(LotMovement & { accountId: string })[]> {
    return this.manager.query(
      `SELECT m.lot_id AS "lotId", m.points, l.account_id AS "accountId"
         FROM lot_movements m JOIN lots l ON l.id = m.lot_id
        WHERE m.transaction_id = $1`,
      [transactionId],
    );
  }

  /** Lots a transaction credited, with what they were credited and what is left of them. */
  async lotsCreditedBy(transactionId: string): Promise<(Lot & { accountId: string })[]> {
    const rows = await this.manager.query<(LotRow & { account_id: string })[]>(
      `SELECT id, account_id, amount, remaining, available_from, expires_at, created_at FROM lots
        WHERE credited_by_transaction_id = $1`,
      [transactionId],
    );
    return rows.map((row) => ({ ...toLot(row), accountId: row.account_id }));
  }
}
