import {
  JournalTransactionKind,
  type JournalTransaction,
  type LedgerAccountKind,
  type LedgerActorKind,
  type Page,
  type PointsBalance,
} from '@loyalty/domain';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { decodeCursor, encodeCursor, invalidCursor } from '../../keyset-cursor';
import { type AdjustmentRequestRecord, adjustmentRequestColumns } from './adjustment-request-rows';
import { type PointHoldRecord, pointHoldColumns } from './point-hold-rows';
import type { ColumnsOf } from '../../schema/rows';

export interface HistoryFilter {
  readonly kinds?: readonly JournalTransactionKind[];
  readonly from?: Date;
  readonly to?: Date;
  readonly limit: number;
  readonly cursor?: string;
}

/** A member's open points that expire at one instant (or never), spendable or still pending. */
export interface LotsByExpiry {
  readonly expiresAt: Date | null;
  readonly availablePoints: number;
  readonly pendingPoints: number;
  /** When the last of the pending ones becomes spendable; null when none is pending. */
  readonly pendingUntil: Date | null;
}

/** Expiry dates a member's lots are listed by, at most (soonest first). */
export const LOTS_BY_EXPIRY_LIMIT = 100;

/** One line of a member's points history: a transaction as it moved their account. */
export interface HistoryItem {
  readonly transactionId: string;
  readonly kind: JournalTransactionKind;
  readonly points: number;
  readonly occurredAt: Date;
  readonly reason: string | null;
  readonly storeId: string | null;
  readonly purchaseId: string | null;
  readonly reversesTransactionId: string | null;
  readonly reversedByTransactionId: string | null;
}

interface TransactionRow extends ColumnsOf<
  'journal_transactions',
  | 'id'
  | 'program_id'
  | 'member_id'
  | 'reverses_transaction_id'
  | 'purchase_id'
  | 'store_id'
  | 'actor_id'
  | 'reason'
  | 'occurred_at'
> {
  kind: JournalTransactionKind;
  reversed_by: string | null;
  actor_kind: LedgerActorKind;
  details: Record<string, unknown>;
  entries: {
    accountId: string;
    accountKind: LedgerAccountKind;
    memberId: string | null;
    points: number;
  }[];
}

/** A purchase as the till reads it before a return: what it earned, what refunds took back. */
export interface PurchaseDetail {
  readonly id: string;
  readonly memberId: string;
  readonly storeId: string;
  readonly receiptId: string;
  readonly amountMinor: number;
  readonly currency: string;
  readonly occurredAt: Date;
  readonly recordedAt: Date;
  readonly lines: readonly {
    sku: string;
    category: string;
    amountMinor: number;
    quantity: number;
  }[];
  readonly pointsEarned: number;
  readonly earnTransactionId: string;
  /** True once the points it earned were reversed as a whole (then no refund takes any back). */
  readonly earnReversed: boolean;
  readonly refunds: readonly {
    refundId: string;
    transactionId: string;
    amountMinor: number;
    pointsReversed: number;
    occurredAt: Date;
  }[];
}

/** What the apps read of the ledger: balances, history, single transactions. */
@Injectable()
export class LedgerReadsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * A member's balance as of `now`; lots past their expiry count as expired whether or not the
   * expiry job has booked them yet.
   */
  async balanceOf(memberId: string, now: Date): Promise<PointsBalance> {
    const [row] = await this.dataSource.query<
      {
        balance: number;
        spendable: number;
        pending: number;
        earned: number;
        redeemed: number;
        held: number;
        next_expiry_at: Date | null;
        next_expiry_points: number | null;
      }[]
    >(
      `WITH account AS (
         SELECT id, balance, lifetime_earned, lifetime_redeemed FROM ledger_accounts
          WHERE member_id = $1),
       open_lots AS (
         SELECT l.remaining, l.available_from, l.expires_at FROM lots l, account
          WHERE l.account_id = account.id AND l.remaining > 0
            AND (l.expires_at IS NULL OR l.expires_at > $2)),
       next_expiry AS (
         SELECT expires_at, sum(remaining)::bigint AS points FROM open_lots
          WHERE expires_at IS NOT NULL
          GROUP BY expires_at ORDER BY expires_at LIMIT 1)
       SELECT (SELECT balance FROM account) AS balance,
              (SELECT coalesce(sum(remaining), 0)::bigint FROM open_lots
                WHERE available_from <= $2) AS spendable,
              (SELECT coalesce(sum(remaining), 0)::bigint FROM open_lots
                WHERE available_from > $2) AS pending,
              (SELECT lifetime_earned FROM account) AS earned,
              (SELECT lifetime_redeemed FROM account) AS redeemed,
              (SELECT coalesce(sum(points), 0)::bigint FROM point_holds
                WHERE member_id = $1 AND status = 'held') AS held,
              (SELECT expires_at FROM next_expiry) AS next_expiry_at,
              (SELECT points FROM next_expiry) AS next_expiry_points`,
      [memberId, now.toISOString()],
    );
    const balance = row?.balance ?? 0;
    return {
      available: balance < 0 ? balance : (row?.spendable ?? 0),
      pending: row?.pending ?? 0,
      held: row?.held ?? 0,
      lifetimeEarned: row?.earned ?? 0,
      lifetimeRedeemed: row?.redeemed ?? 0,
      nextExpiry:
        row?.next_expiry_at && row.next_expiry_points !== null
          ? { at: row.next_expiry_at, points: row.next_expiry_points }
          : null,
    };
  }

  /**
   * The member's open lots grouped by their expiry instant, soonest first (points that never
   * expire last): what the desk tells a member who asks when their points lapse. A lot whose
   * expiry has passed is expired whether or not the expiry job has run, so it is not listed.
   */
  async lotsByExpiry(memberId: string, now: Date): Promise<LotsByExpiry[]> {
    const rows = await this.dataSource.query<
      (ColumnsOf<'lots', 'expires_at'> & {
        available: number;
        pending: number;
        pending_until: Date | null;
      })[]
    >(
      `SELECT l.expires_at,
              coalesce(sum(l.remaining) FILTER (WHERE l.available_from <= $2), 0)::bigint
                AS available,
              coalesce(sum(l.remaining) FILTER (WHERE l.available_from > $2), 0)::bigint
                AS pending,
              max(l.available_from) FILTER (WHERE l.available_from > $2) AS pending_until
         FROM lots l
         JOIN ledger_accounts a ON a.id = l.account_id
        WHERE a.member_id = $1 AND l.remaining > 0
          AND (l.expires_at IS NULL OR l.expires_at > $2)
        GROUP BY l.expires_at
        ORDER BY l.expires_at ASC NULLS LAST
        LIMIT ${LOTS_BY_EXPIRY_LIMIT}`,
      [memberId, now.toISOString()],
    );
    return rows.map((row) => ({
      expiresAt: row.expires_at,
      availablePoints: Number(row.available),
      pendingPoints: Number(row.pending),
      pendingUntil: row.pending_until,
    }));
  }

  /** A hold of the program, as a till of its store reads it. */
  async hold(programId: string, storeId: string, holdId: string): Promise<PointHoldRecord | null> {
    const [row] = await this.dataSource.query<PointHoldRecord[]>(
      `SELECT ${pointHoldColumns()} FROM point_holds
        WHERE id = $1 AND program_id = $2 AND store_id = $3`,
      [holdId, programId, storeId],
    );
    return row ?? null;
  }

  /** A member's transactions, newest first, by keyset on the entry id. */
  async history(memberId: string, filter: HistoryFilter): Promise<Page<HistoryItem>> {
    let before: string | null = null;
    if (filter.cursor) {
      const [entryId] = decodeCursor(filter.cursor, 1);
      if (!/^\d{1,18}$/.test(entryId ?? '')) throw invalidCursor();
      before = entryId!;
    }
    const rows = await this.dataSource.query<
      (Omit<HistoryItem, 'transactionId' | 'occurredAt'> & {
        entryId: string;
        transactionId: string;
        occurredAt: Date;
      })[]
    >(
      `SELECT e.id::text AS "entryId", t.id AS "transactionId", t.kind, e.points,
              t.occurred_at AS "occurredAt", t.reason, t.store_id AS "storeId",
              t.purchase_id AS "purchaseId", t.reverses_transaction_id AS "reversesTransactionId",
              r.id AS "reversedByTransactionId"
         FROM ledger_accounts a
         JOIN journal_entries e ON e.account_id = a.id
         JOIN journal_transactions t ON t.id = e.transaction_id
         LEFT JOIN journal_transactions r ON r.reverses_transaction_id = t.id
        WHERE a.member_id = $1
          AND ($2::bigint IS NULL OR e.id < $2::bigint)
          AND ($3::text[] IS NULL OR t.kind = ANY($3::text[]))
          AND ($4::timestamptz IS NULL OR t.occurred_at >= $4)
          AND ($5::timestamptz IS NULL OR t.occurred_at < $5)
        ORDER BY e.id DESC
        LIMIT $6`,
      [
        memberId,
        before,
        filter.kinds && filter.kinds.length > 0 ? filter.kinds : null,
        filter.from?.toISOString() ?? null,
        filter.to?.toISOString() ?? null,
        filter.limit + 1,
      ],
    );
    const page = rows.slice(0, filter.limit);
    const last = page.at(-1);
    return {
      items: page.map(({ entryId: _entryId, ...item }) => item),
      nextCursor: rows.length > filter.limit && last ? encodeCursor([last.entryId]) : null,
    };
  }

  /** One transaction of the program with all its entries, or null. */
  /** A purchase of the program by id, or by its store's receipt, with its refunds in order. */
  async purchase(
    programId: string,
    reference: { readonly id: string } | { readonly storeId: string; readonly receiptId: string },
  ): Promise<PurchaseDetail | null> {
    const byId = 'id' in reference;
    const [row] = await this.dataSource.query<
      (Omit<PurchaseDetail, 'refunds'> & {
        refunds: (Omit<PurchaseDetail['refunds'][number], 'occurredAt'> & {
          occurredAt: string;
        })[];
      })[]
    >(
      `SELECT p.id, p.member_id AS "memberId", p.store_id AS "storeId", p.receipt_id AS "receiptId",
              p.amount_minor AS "amountMinor", p.currency, p.occurred_at AS "occurredAt",
              p.recorded_at AS "recordedAt", p.lines, p.points_earned AS "pointsEarned",
              p.earn_transaction_id AS "earnTransactionId",
              EXISTS (SELECT 1 FROM journal_transactions t
                       WHERE t.reverses_transaction_id = p.earn_transaction_id) AS "earnReversed",
              coalesce((SELECT json_agg(json_build_object(
                          'refundId', f.id, 'transactionId', f.transaction_id,
                          'amountMinor', f.amount_minor, 'pointsReversed', f.points_reversed,
                          'occurredAt', f.occurred_at) ORDER BY f.occurred_at, f.id)
                          FROM purchase_refunds f WHERE f.purchase_id = p.id), '[]') AS refunds
         FROM purchases p
        WHERE p.program_id = $1
          AND ${byId ? 'p.id = $2' : 'p.store_id = $2 AND p.receipt_id = $3'}`,
      byId ? [programId, reference.id] : [programId, reference.storeId, reference.receiptId],
    );
    if (!row) return null;
    return {
      ...row,
      refunds: row.refunds.map((refund) => ({
        ...refund,
        occurredAt: new Date(refund.occurredAt),
      })),
    };
  }

  async transaction(programId: string, transactionId: string): Promise<JournalTransaction | null> {
    const [row] = await this.dataSource.query<TransactionRow[]>(
      `SELECT t.*, r.id AS reversed_by,
              (SELECT json_agg(json_build_object('accountId', a.id, 'accountKind', a.kind,
                                                 'memberId', a.member_id, 'points', e.points)
                               ORDER BY e.id)
                 FROM journal_entries e JOIN ledger_accounts a ON a.id = e.account_id
                WHERE e.transaction_id = t.id) AS entries
         FROM journal_transactions t
         LEFT JOIN journal_transactions r ON r.reverses_transaction_id = t.id
        WHERE t.id = $1 AND t.program_id = $2`,
      [transactionId, programId],
    );
    if (!row) return null;
    return {
      id: row.id,
      programId: row.program_id,
      kind: row.kind,
      memberId: row.member_id,
      reversesTransactionId: row.reverses_transaction_id,
      reversedByTransactionId: row.reversed_by,
      purchaseId: row.purchase_id,
      storeId: row.store_id,
      actor: { kind: row.actor_kind, id: row.actor_id },
      reason: row.reason,
      details: row.details,
      occurredAt: row.occurred_at,
      entries: row.entries ?? [],
    };
  }

  /**
   * A program's adjustment requests, newest first, by status; `storeId` narrows them to members
   * enrolled at that store (what a manager may decide).
   */
  async adjustmentRequests(
    programId: string,
    filter: {
      readonly status: AdjustmentRequestRecord['status'];
      readonly storeId: string | null;
      readonly limit: number;
      readonly cursor?: string | undefined;
    },
  ): Promise<Page<AdjustmentRequestRecord>> {
    let before: [string, string] | null = null;
    if (filter.cursor) {
      const [createdAt, id] = decodeCursor(filter.cursor, 2);
      if (Number.isNaN(Date.parse(createdAt ?? '')) || !/^[0-9a-f-]{36}$/.test(id ?? '')) {
        throw invalidCursor();
      }
      before = [createdAt!, id!];
    }
    const rows = await this.dataSource.query<AdjustmentRequestRecord[]>(
      `SELECT ${adjustmentRequestColumns('r')}
         FROM adjustment_requests r JOIN members m ON m.id = r.member_id
        WHERE r.program_id = $1 AND r.status = $2
          AND ($3::uuid IS NULL OR m.enrolled_store_id = $3)
          AND ($4::timestamptz IS NULL OR (r.created_at, r.id) < ($4::timestamptz, $5::uuid))
        ORDER BY r.created_at DESC, r.id DESC
        LIMIT $6`,
      [
        programId,
        filter.status,
        filter.storeId,
        before?.[0] ?? null,
        before?.[1] ?? null,
        filter.limit + 1,
      ],
    );
    const page = rows.slice(0, filter.limit);
    const last = page.at(-1);
    return {
      items: page,
      nextCursor:
        rows.length > filter.limit && last
          ? encodeCursor([new Date(last.createdAt).toISOString(), last.id])
          : null,
    };
  }
}
