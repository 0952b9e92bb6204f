import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { bindNamed } from '../../statements/named-parameters';

/** One reward's vouchers by what became of them, and the points they took. */
export interface RewardUptake {
  readonly rewardId: string;
  readonly code: string;
  readonly claimed: number;
  readonly redeemed: number;
  readonly issued: number;
  readonly returned: number;
  readonly expired: number;
  readonly pointsClaimed: number;
}

export interface VoucherBreakage {
  readonly claimed: number;
  /** Used at a till (and not since reinstated). */
  readonly redeemed: number;
  /** Still usable. */
  readonly issued: number;
  /** Points given back: a refund or an expiry under return_points. */
  readonly returned: number;
  /** Lapsed unused, points forfeited: the breakage. */
  readonly expired: number;
  readonly pointsForfeited: number;
}

export interface ReferralConversion {
  readonly referrals: number;
  readonly pending: number;
  readonly rewarded: number;
  readonly refused: number;
  readonly referred: { readonly scored: number; readonly meanClvMinor: number | null };
  readonly others: { readonly scored: number; readonly meanClvMinor: number | null };
}

/** Purchases of the program inside a campaign's window, and in the window just before it. */
export interface CampaignUplift {
  readonly code: string;
  readonly spentPoints: number;
  readonly purchasesDuring: number;
  readonly purchasesBefore: number;
}

/**
 * The figures of the rewards catalog, referrals and campaigns for marketing
 * (GET /v1/insights/rewards). Each is one aggregate over the program's own rows.
 */
@Injectable()
export class RewardsInsightsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private query<T>(sql: string, values: Readonly<Record<string, unknown>>): Promise<T> {
    return this.dataSource.query<T>(...bindNamed(sql, values));
  }

  rewards(programId: string): Promise<RewardUptake[]> {
    return this.query(
      `SELECT r.id AS "rewardId", r.code,
              count(v.id)::int AS claimed,
              count(v.id) FILTER (WHERE v.status = 'redeemed')::int AS redeemed,
              count(v.id) FILTER (WHERE v.status = 'issued')::int AS issued,
              count(v.id) FILTER (WHERE v.status = 'returned')::int AS returned,
              count(v.id) FILTER (WHERE v.status = 'expired')::int AS expired,
              coalesce(sum(v.points), 0)::bigint AS "pointsClaimed"
         FROM catalog_rewards r LEFT JOIN vouchers v ON v.reward_id = r.id
        WHERE r.program_id = :program_id
        GROUP BY r.id, r.code ORDER BY r.created_at, r.id`,
      { program_id: programId },
    );
  }

  async breakage(programId: string): Promise<VoucherBreakage> {
    const [row] = await this.query<VoucherBreakage[]>(
      `SELECT count(*)::int AS claimed,
              count(*) FILTER (WHERE status = 'redeemed')::int AS redeemed,
              count(*) FILTER (WHERE status = 'issued')::int AS issued,
              count(*) FILTER (WHERE status = 'returned')::int AS returned,
              count(*) FILTER (WHERE status = 'expired')::int AS expired,
              coalesce(sum(points) FILTER (WHERE status = 'expired'), 0)::bigint
                AS "pointsForfeited"
         FROM vouchers WHERE program_id = :program_id`,
      { program_id: programId },
    );
    return row!;
  }

  async referrals(programId: string): Promise<ReferralConversion> {
    const [row] = await this.query<
      {
        referrals: number;
        pending: number;
        rewarded: number;
        refused: number;
        referredScored: number;
        referredMean: number | null;
        othersScored: number;
        othersMean: number | null;
      }[]
    >(
      `WITH scored AS (
         SELECT s.clv_minor, EXISTS (SELECT 1 FROM referrals r WHERE r.referee_member_id = s.member_id)
                  AS referred
           FROM member_scores s JOIN members m ON m.id = s.member_id
          WHERE s.program_id = :program_id AND m.erased_at IS NULL
            AND m.merged_into_member_id IS NULL)
       SELECT (SELECT count(*) FROM referrals WHERE program_id = :program_id)::int AS referrals,
              (SELECT count(*) FROM referrals WHERE program_id = :program_id AND status = 'pending')::int
                AS pending,
              (SELECT count(*) FROM referrals WHERE program_id = :program_id AND status = 'rewarded')::int
                AS rewarded,
              (SELECT count(*) FROM referrals WHERE program_id = :program_id AND status = 'refused')::int
                AS refused,
              (SELECT count(*) FROM scored WHERE referred)::int AS "referredScored",
              (SELECT round(avg(clv_minor))::bigint FROM scored WHERE referred) AS "referredMean",
              (SELECT count(*) FROM scored WHERE NOT referred)::int AS "othersScored",
              (SELECT round(avg(clv_minor))::bigint FROM scored WHERE NOT referred) AS "othersMean"`,
      { program_id: programId },
    );
    return {
      referrals: row!.referrals,
      pending: row!.pending,
      rewarded: row!.rewarded,
      refused: row!.refused,
      referred: { scored: row!.referredScored, meanClvMinor: row!.referredMean },
      others: { scored: row!.othersScored, meanClvMinor: row!.othersMean },
    };
  }

  /** For each campaign window: its spent points, and purchases during it and just before it. */
  campaigns(
    programId: string,
    windows: readonly { code: string; startsAt: Date; endsAt: Date }[],
  ): Promise<CampaignUplift[]> {
    if (windows.length === 0) return Promise.resolve([]);
    return this.query(
      `SELECT w.code, coalesce(b.spent_points, 0)::bigint AS "spentPoints",
              (SELECT count(*) FROM purchases p
                WHERE p.program_id = :program_id AND p.occurred_at >= w.starts_at
                  AND p.occurred_at < w.ends_at)::int AS "purchasesDuring",
              (SELECT count(*) FROM purchases p
                WHERE p.program_id = :program_id
                  AND p.occurred_at >= w.starts_at - (w.ends_at - w.starts_at)
                  AND p.occurred_at < w.starts_at)::int AS "purchasesBefore"
         FROM unnest(:codes::text[], :starts::timestamptz[], :ends::timestamptz[]) WITH ORDINALITY
           AS w(code, starts_at, ends_at, n)
         LEFT JOIN campaign_budgets b ON b.program_id = :program_id AND b.code = w.code
        ORDER BY w.n`,
      {
        program_id: programId,
        codes: windows.map((window) => window.code),
        starts: windows.map((window) => window.startsAt.toISOString()),
        ends: windows.map((window) => window.endsAt.toISOString()),
      },
    );
  }
}
