import type { CatalogReward } from '@loyalty/domain';
import type { EntityManager } from 'typeorm';
import type { ColumnsOf } from '../../schema/rows';
import { bindNamed } from '../../statements/named-parameters';
import {
  type CatalogRewardRow,
  catalogRewardOf,
  catalogRewardSelect,
  voucherByKey,
  type VoucherKey,
  type VoucherRecord,
  type VoucherRow,
  voucherOf,
  voucherSelect,
} from '../rewards/catalog-rows';

/**
 * What the writes of the rewards catalog, its vouchers and budgeted campaigns read inside the
 * writer's transaction (beside LedgerWriteReads): rows they lock, in the order every write locks
 * them — vouchers before members, rewards and campaigns after them.
 */
export class RewardWriteReads {
  constructor(private readonly manager: EntityManager) {}

  private query<T>(sql: string, values: Readonly<Record<string, unknown>>): Promise<T> {
    return this.manager.query<T>(...bindNamed(sql, values));
  }

  /**
   * A reward of the program with its version in force at `at`, its row locked: claims of one
   * reward run one after another, so each sees what the one before it took of the stock.
   */
  async lockCatalogReward(
    programId: string,
    rewardId: string,
    at: Date,
  ): Promise<CatalogReward | null> {
    const [row] = await this.query<CatalogRewardRow[]>(
      catalogRewardSelect('AND r.id = :reward_id', 'FOR UPDATE OF r'),
      { program_id: programId, reward_id: rewardId, at: at.toISOString() },
    );
    return row ? catalogRewardOf(row) : null;
  }

  /** Vouchers of the reward the member claimed since `since` (ever, for null). */
  async voucherClaimsSince(
    memberId: string,
    rewardId: string,
    since: Date | null,
  ): Promise<number> {
    const [row] = await this.query<{ claims: number }[]>(
      `SELECT count(*)::int AS claims FROM vouchers
        WHERE reward_id = :reward_id AND member_id = :member_id
          AND (:since::timestamptz IS NULL OR created_at >= :since)`,
      { reward_id: rewardId, member_id: memberId, since: since?.toISOString() ?? null },
    );
    return row?.claims ?? 0;
  }

  /** A voucher of the program, by its code's hash or its id, locked for its change. */
  async lockVoucher(programId: string, by: VoucherKey): Promise<VoucherRecord | null> {
    const { where, values } = voucherByKey(programId, by);
    const [row] = await this.query<VoucherRow[]>(voucherSelect(where, 'FOR UPDATE OF vo'), values);
    return row ? voucherOf(row) : null;
  }

  /**
   * The vouchers used on each receipt (a store's receipt id), locked, in one statement for a
   * batch of refunds: a receipt's full refund applies the program's voucher policy to them.
   */
  async lockVouchersRedeemedOn(
    programId: string,
    receipts: readonly { readonly storeId: string; readonly receiptId: string }[],
  ): Promise<VoucherRecord[][]> {
    if (receipts.length === 0) return [];
    const rows = await this.query<VoucherRow[]>(
      voucherSelect(
        `vo.program_id = :program_id AND vo.status = 'redeemed'
           AND (vo.redeemed_store_id, vo.redeemed_receipt_id) IN (
             SELECT * FROM unnest(:store_ids::uuid[], :receipt_ids::text[]))`,
        'ORDER BY vo.id FOR UPDATE OF vo',
      ),
      {
        program_id: programId,
        store_ids: receipts.map((receipt) => receipt.storeId),
        receipt_ids: receipts.map((receipt) => receipt.receiptId),
      },
    );
    const vouchers = rows.map(voucherOf);
    return receipts.map((receipt) =>
      vouchers.filter(
        (voucher) =>
          voucher.redeemedStoreId === receipt.storeId &&
          voucher.redeemedReceiptId === receipt.receiptId,
      ),
    );
  }

  /**
   * What each campaign has credited so far, its row locked (created on first use): purchases
   * crediting a budgeted campaign run one batch after another, each seeing what the one before
   * took. Locked in code order, after the members, as every batch locks them.
   */
  async lockCampaignBudgets(
    programId: string,
    codes: readonly string[],
  ): Promise<Map<string, number>> {
    const sorted = [...new Set(codes)].sort();
    if (sorted.length === 0) return new Map();
    await this.query(
      `INSERT INTO campaign_budgets (program_id, code)
       SELECT :program_id, code FROM unnest(:codes::text[]) AS code ORDER BY code
       ON CONFLICT DO NOTHING`,
      { program_id: programId, codes: sorted },
    );
    const rows = await this.query<ColumnsOf<'campaign_budgets', 'code' | 'spent_points'>[]>(
      `SELECT code, spent_points FROM campaign_budgets
        WHERE program_id = :program_id AND code = ANY(:codes::text[])
        ORDER BY code FOR UPDATE`,
      { program_id: programId, codes: sorted },
    );
    return new Map(rows.map((row) => [row.code, row.spent_points]));
  }

  /** What each member got from each campaign from `since` (ever, for null), by purchase date. */
  async campaignPointsOf(
    asked: readonly { memberId: string; code: string; since: Date | null }[],
  ): Promise<number[]> {
    if (asked.length === 0) return [];
    const rows = await this.query<{ n: number; points: number }[]>(
      `SELECT a.n::int AS n, coalesce(sum(c.points), 0)::bigint AS points
         FROM unnest(:member_ids::uuid[], :codes::text[], :since::timestamptz[]) WITH ORDINALITY
           AS a(member_id, code, since, n)
         LEFT JOIN campaign_credits c ON c.member_id = a.member_id AND c.campaign_code = a.code
               AND (a.since IS NULL OR c.occurred_at >= a.since)
        GROUP BY a.n ORDER BY a.n`,
      {
        member_ids: asked.map((each) => each.memberId),
        codes: asked.map((each) => each.code),
        since: asked.map((each) => each.since?.toISOString() ?? null),
      },
    );
    return rows.map((row) => row.points);
  }

  /** What a spending transaction (a voucher's claim) took from each lot (positive), with the lot's expiry. */
  takenBy(
    transactionId: string,
  ): Promise<{ lotId: string; accountId: string; points: number; expiresAt: Date | null }[]> {
    return this.query(
      `SELECT m.lot_id AS "lotId", l.account_id AS "accountId", -m.points AS points,
              l.expires_at AS "expiresAt"
         FROM lot_movements m JOIN lots l ON l.id = m.lot_id
        WHERE m.transaction_id = :transaction_id AND m.points < 0
        ORDER BY l.expires_at DESC NULLS FIRST, l.id`,
      { transaction_id: transactionId },
    );
  }
}
