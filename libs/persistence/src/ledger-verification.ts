import type { DataSource } from 'typeorm';
import { JournalTransactionKind, LedgerAccountKind } from '@loyalty/domain';

/** One rule of the ledger, the rows that break it (a sample) and how many do. */
export interface LedgerCheckResult {
  readonly rule: string;
  readonly violations: number;
  readonly sample: readonly Record<string, unknown>[];
}

interface LedgerCheck {
  readonly rule: string;
  /** Selects the violating rows; `$1` is the program id or null for every program. */
  readonly sql: string;
}

/**
 * What counts as earned and as redeemed on an account (a reversal counts as the kind it reverses),
 * as the entries' trigger keeps it (migrations AccountLifetimeFigures and PointHolds).
 */
const EARNED_KINDS_SQL = `('${JournalTransactionKind.PurchaseEarn}', '${JournalTransactionKind.Reward}', '${JournalTransactionKind.Refund}')`;
/** A hold's points count as redeemed while held; a release or a partial capture gives them back. */
const REDEEMED_KINDS_SQL = `('${JournalTransactionKind.Redemption}', '${JournalTransactionKind.Hold}', '${JournalTransactionKind.HoldRelease}', '${JournalTransactionKind.HoldCapture}', '${JournalTransactionKind.VoucherClaim}', '${JournalTransactionKind.VoucherReturn}')`;

/**
 * A program account that must hold exactly the points of the rows still in it (open holds,
 * issued vouchers): `rows` selects their program_id and points.
 */
const accountHoldsItsRows = (rule: string, kind: LedgerAccountKind, rows: string): LedgerCheck => ({
  rule,
  sql: `SELECT p.id AS program_id, coalesce(account.points, 0) AS in_account,
               coalesce(open.points, 0) AS in_rows
          FROM programs p
          LEFT JOIN (SELECT program_id, sum(balance) AS points FROM ledger_accounts
                      WHERE kind = '${kind}' GROUP BY program_id) account
                 ON account.program_id = p.id
          LEFT JOIN (SELECT program_id, sum(points) AS points FROM (${rows}) still
                      GROUP BY program_id) open
                 ON open.program_id = p.id
         WHERE ($1::uuid IS NULL OR p.id = $1)
           AND coalesce(account.points, 0) <> coalesce(open.points, 0)`,
});

const CHECKS: readonly LedgerCheck[] = [
  {
    rule: 'every journal transaction’s entries sum to zero',
    sql: `SELECT e.transaction_id, sum(e.points) AS total
            FROM journal_entries e JOIN journal_transactions t ON t.id = e.transaction_id
           WHERE $1::uuid IS NULL OR t.program_id = $1
           GROUP BY e.transaction_id HAVING sum(e.points) <> 0`,
  },
  {
    rule: 'every account’s cached balance equals the sum of its entries',
    sql: `SELECT a.id AS account_id, a.balance, coalesce(sum(e.points), 0) AS entries
            FROM ledger_accounts a LEFT JOIN journal_entries e ON e.account_id = a.id
           WHERE $1::uuid IS NULL OR a.program_id = $1
           GROUP BY a.id HAVING a.balance <> coalesce(sum(e.points), 0)`,
  },
  {
    rule: 'every account’s lifetime earned and redeemed points equal those of its entries',
    sql: `SELECT a.id AS account_id, a.lifetime_earned, a.lifetime_redeemed,
                 coalesce(moved.earned, 0) AS earned, coalesce(moved.redeemed, 0) AS redeemed
            FROM ledger_accounts a
            LEFT JOIN (SELECT e.account_id,
                              sum(e.points) FILTER (
                                WHERE coalesce(o.kind, t.kind) IN ${EARNED_KINDS_SQL}) AS earned,
                              -sum(e.points) FILTER (
                                WHERE coalesce(o.kind, t.kind) IN ${REDEEMED_KINDS_SQL}) AS redeemed
                         FROM journal_entries e
                         JOIN journal_transactions t ON t.id = e.transaction_id
                         LEFT JOIN journal_transactions o ON o.id = t.reverses_transaction_id
                        GROUP BY e.account_id) moved ON moved.account_id = a.id
           WHERE ($1::uuid IS NULL OR a.program_id = $1)
             AND (a.lifetime_earned <> coalesce(moved.earned, 0)
                  OR a.lifetime_redeemed <> coalesce(moved.redeemed, 0))`,
  },
  {
    rule: 'every lot’s remaining points equal the sum of its movements',
    sql: `SELECT l.id AS lot_id, l.remaining, coalesce(sum(m.points), 0) AS movements
            FROM lots l JOIN ledger_accounts a ON a.id = l.account_id
            LEFT JOIN lot_movements m ON m.lot_id = l.id
           WHERE $1::uuid IS NULL OR a.program_id = $1
           GROUP BY l.id HAVING l.remaining <> coalesce(sum(m.points), 0)`,
  },
  {
    rule: 'a member’s open lots hold exactly their balance (nothing while they owe points)',
    sql: `SELECT a.id AS account_id, a.balance, coalesce(sum(l.remaining), 0) AS in_lots
            FROM ledger_accounts a LEFT JOIN lots l ON l.account_id = a.id
           WHERE a.kind = 'member' AND ($1::uuid IS NULL OR a.program_id = $1)
           GROUP BY a.id HAVING coalesce(sum(l.remaining), 0) <> greatest(a.balance, 0)`,
  },
  {
    rule: 'lots live only in member accounts',
    sql: `SELECT l.id AS lot_id FROM lots l JOIN ledger_accounts a ON a.id = l.account_id
           WHERE a.kind <> 'member' AND ($1::uuid IS NULL OR a.program_id = $1)`,
  },
  {
    rule: 'each program’s accounts sum to zero',
    sql: `SELECT program_id, sum(balance) AS total FROM ledger_accounts
           WHERE $1::uuid IS NULL OR program_id = $1
           GROUP BY program_id HAVING sum(balance) <> 0`,
  },
  {
    rule: 'a purchase earned what its journal transaction credited',
    sql: `SELECT p.id AS purchase_id, p.points_earned, coalesce(sum(e.points), 0) AS credited
            FROM purchases p
            LEFT JOIN journal_entries e ON e.transaction_id = p.earn_transaction_id AND e.points > 0
           WHERE $1::uuid IS NULL OR p.program_id = $1
           GROUP BY p.id HAVING p.points_earned <> coalesce(sum(e.points), 0)`,
  },
  {
    rule: 'a purchase is never refunded beyond its amount',
    sql: `SELECT p.id AS purchase_id, p.amount_minor, sum(f.amount_minor) AS refunded
            FROM purchases p JOIN purchase_refunds f ON f.purchase_id = p.id
           WHERE $1::uuid IS NULL OR p.program_id = $1
           GROUP BY p.id HAVING sum(f.amount_minor) > p.amount_minor`,
  },
  {
    rule: 'no lot gives points to anything but its expiry once its expiry instant has passed',
    sql: `SELECT m.lot_id, m.transaction_id, t.kind, l.expires_at, t.occurred_at
            FROM lot_movements m
            JOIN lots l ON l.id = m.lot_id
            JOIN journal_transactions t ON t.id = m.transaction_id
           WHERE m.points < 0 AND l.expires_at IS NOT NULL AND t.occurred_at >= l.expires_at
             AND t.kind NOT IN ('${JournalTransactionKind.Expiry}', '${JournalTransactionKind.Forfeiture}')
             AND ($1::uuid IS NULL OR t.program_id = $1)`,
  },
  {
    rule: 'an approved adjustment request has its adjustment, decided by someone else',
    sql: `SELECT r.id AS adjustment_request_id, r.status, t.kind
            FROM adjustment_requests r
            LEFT JOIN journal_transactions t ON t.id = r.transaction_id
           WHERE ($1::uuid IS NULL OR r.program_id = $1)
             AND ((r.status = 'approved'
                   AND (t.id IS NULL OR t.kind <> '${JournalTransactionKind.Adjustment}'
                        OR t.member_id <> r.member_id))
                  OR r.decided_by = r.requested_by)`,
  },
  accountHoldsItsRows(
    'each program’s held account holds exactly its open holds’ points',
    LedgerAccountKind.PointsHeld,
    `SELECT program_id, points FROM point_holds WHERE status = 'held'`,
  ),
  accountHoldsItsRows(
    'each program’s voucher account holds exactly its issued vouchers’ points',
    LedgerAccountKind.PointsInVouchers,
    `SELECT program_id, points FROM vouchers WHERE status = 'issued'`,
  ),
  {
    rule: 'each reward counts exactly the vouchers claimed of it',
    sql: `SELECT r.id AS reward_id, r.stock_claimed, count(v.id) AS vouchers
            FROM catalog_rewards r LEFT JOIN vouchers v ON v.reward_id = r.id
           WHERE ($1::uuid IS NULL OR r.program_id = $1)
           GROUP BY r.id HAVING r.stock_claimed <> count(v.id)`,
  },
  {
    rule: 'every stored idempotency key has its answer',
    sql: `SELECT program_id, caller, key FROM idempotency_keys
           WHERE response_status IS NULL AND response_body IS NULL
             AND ($1::uuid IS NULL OR program_id = $1)`,
  },
];

const SAMPLE_SIZE = 5;

/**
 * Checks the whole ledger (or one program's) against its rules, from the facts up. The database
 * already refuses most violations as they happen; this proves it, e.g. after a restore.
 */
export async function verifyLedger(
  dataSource: DataSource,
  programId: string | null = null,
): Promise<LedgerCheckResult[]> {
  const results: LedgerCheckResult[] = [];
  for (const check of CHECKS) {
    const [counted] = await dataSource.query<{ violations: number }[]>(
      `SELECT count(*)::bigint AS violations FROM (${check.sql}) AS violating`,
      [programId],
    );
    const sample = await dataSource.query<Record<string, unknown>[]>(
      `${check.sql} LIMIT ${SAMPLE_SIZE}`,
      [programId],
    );
    results.push({ rule: check.rule, violations: counted?.violations ?? 0, sample });
  }
  return results;
}
