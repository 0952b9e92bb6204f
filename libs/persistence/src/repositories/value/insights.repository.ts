import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { MEMBER_ACQUISITION_COST_SQL } from './analytical-query';
import type { ColumnsOf } from '../../schema/rows';

export type InsightPeriod = 'week' | 'month' | 'quarter';
export type ClvSegment = 'tier' | 'store' | 'channel';

export interface PeriodWindow {
  readonly period: InsightPeriod;
  readonly from: Date;
  readonly to: Date;
  readonly timeZone: string;
}

export interface EquityPoint {
  readonly takenAt: Date;
  readonly customerEquityMinor: number;
  readonly membersScored: number;
}

/** A store as marketing reads it: its code and name beside its id. */
export interface StoreLabel {
  readonly storeId: string | null;
  readonly storeCode: string | null;
  readonly storeName: string | null;
}

export interface ClvSegmentRow extends StoreLabel {
  /** The tier, the store's code or the channel. */
  readonly segment: string;
  /** How many members the segment holds (a count, not the members table). */
  readonly members: number;
  readonly clvMinor: number;
  readonly meanClvMinor: number;
  readonly medianClvMinor: number;
  readonly p90ClvMinor: number;
}

export type AcquisitionGrouping = 'channel' | 'campaign';

export interface AcquisitionRow {
  /** The members' acquisition channel, grouped by. */
  readonly channel: string;
  /** Grouped by campaign: the campaign (null for the channel's members without one). */
  readonly campaignId: string | null;
  readonly campaign: string | null;
  /** How many members came through it (a count). */
  readonly members: number;
  readonly acquisitionCostMinor: number;
  /** Mean CLV before the acquisition cost is taken off. */
  readonly meanGrossClvMinor: number;
  readonly revenueLast12MonthsMinor: number;
}

export interface RetentionRow {
  readonly periodStart: Date;
  readonly activeAtStart: number;
  readonly retained: number;
  readonly newlyActive: number;
}

export interface ArpuRow {
  readonly periodStart: Date;
  readonly revenueMinor: number;
  readonly membersAtStart: number;
  readonly membersAtEnd: number;
}

export interface PointsLiability {
  readonly outstanding: number;
  readonly owed: number;
  readonly pending: number;
  /** Held against open orders: out of the lots, still the members' until captured. */
  readonly held: number;
  /** Points of vouchers issued and not yet used: the retailer still owes what they give. */
  readonly inVouchers: number;
  readonly expiring: readonly { readonly withinDays: number; readonly points: number }[];
  /** Points that will expire in each of the coming months (program time zone), if unspent. */
  readonly expiryByMonth: readonly { readonly monthStart: Date; readonly points: number }[];
}

/** How many scored members' CLV falls in each band, on a log scale (bands of 10^(1/4)). */
export interface ClvDistribution {
  readonly scored: number;
  /** Members whose CLV is zero or negative: no place on a log scale. */
  readonly nonPositive: number;
  /** Band k holds CLVs in [10^(k/4), 10^((k+1)/4)) minor units. */
  readonly bands: readonly { readonly band: number; readonly members: number }[];
  /** The CLV at each percentile asked for, among scored members (percentile tiers' cut-offs). */
  readonly percentiles: readonly (number | null)[];
}

export interface TierCount {
  readonly tier: string;
  readonly members: number;
}

export interface TierFlowRow {
  readonly periodStart: Date;
  readonly fromTier: string | null;
  readonly toTier: string;
  /** Members who made this move in the period (a member counts once per move). */
  readonly members: number;
}

export interface CohortRow {
  readonly cohortStart: Date;
  /** Members enrolled in the cohort's period (duplicates merged away are not counted). */
  readonly members: number;
  readonly periodStart: Date;
  /** Of them, members who bought in the period. */
  readonly active: number;
}

export interface SurveyRow extends StoreLabel {
  readonly periodStart: Date;
  readonly npsAnswers: number;
  readonly promoters: number;
  readonly passives: number;
  readonly detractors: number;
  readonly csatAnswers: number;
  readonly satisfied: number;
  readonly cesAnswers: number;
  readonly cesMean: number | null;
}

export interface SurveyResponseToRecord {
  readonly id: string;
  readonly programId: string;
  readonly memberId: string;
  readonly storeId: string | null;
  readonly nps: number | null;
  readonly csat: number | null;
  readonly ces: number | null;
  readonly comment: string | null;
}

/** Bands of the CLV histogram per factor of ten. */
export const CLV_BANDS_PER_DECADE = 4;
/** Months of the points expiry forecast. */
export const EXPIRY_FORECAST_MONTHS = 12;

const SEGMENT_COLUMN: Record<ClvSegment, string> = {
  tier: `coalesce(t.tier, 'unscored')`,
  store: `st.code`,
  channel: `m.acquisition_channel`,
};

/** Read-only figures for marketing: value, acquisition, retention, revenue, points, surveys. */
@Injectable()
export class InsightsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async customerEquity(programId: string): Promise<{ equityMinor: number; members: number }> {
    const [row] = await this.dataSource.query<{ equityMinor: number; members: number }[]>(
      `SELECT coalesce(sum(clv_minor), 0)::bigint AS "equityMinor", count(*)::int AS members
         FROM member_scores WHERE program_id = $1`,
      [programId],
    );
    return row ?? { equityMinor: 0, members: 0 };
  }

  equityTrend(programId: string, limit: number): Promise<EquityPoint[]> {
    return this.dataSource.query<EquityPoint[]>(
      `SELECT taken_at AS "takenAt", customer_equity_minor AS "customerEquityMinor",
              members_scored AS "membersScored"
         FROM (SELECT * FROM portfolio_snapshots WHERE program_id = $1
                ORDER BY taken_at DESC LIMIT $2) latest
        ORDER BY taken_at`,
      [programId, limit],
    );
  }

  clvBySegment(programId: string, segment: ClvSegment): Promise<ClvSegmentRow[]> {
    return this.dataSource.query<ClvSegmentRow[]>(
      `SELECT ${SEGMENT_COLUMN[segment]} AS segment,
              ${segment === 'store' ? 'st.id' : 'NULL::uuid'} AS "storeId",
              ${segment === 'store' ? 'st.code' : 'NULL::text'} AS "storeCode",
              ${segment === 'store' ? 'st.name' : 'NULL::text'} AS "storeName",
              count(*)::int AS members,
              sum(s.clv_minor)::bigint AS "clvMinor",
              round(avg(s.clv_minor))::bigint AS "meanClvMinor",
              percentile_disc(0.5) WITHIN GROUP (ORDER BY s.clv_minor) AS "medianClvMinor",
              percentile_disc(0.9) WITHIN GROUP (ORDER BY s.clv_minor) AS "p90ClvMinor"
         FROM member_scores s
         JOIN members m ON m.id = s.member_id
         LEFT JOIN member_tiers t ON t.member_id = s.member_id
         JOIN stores st ON st.id = m.enrolled_store_id
        WHERE s.program_id = $1
        GROUP BY 1, 2, 3, 4 ORDER BY 1`,
      [programId],
    );
  }

  acquisition(
    programId: string,
    asOf: Date,
    by: AcquisitionGrouping = 'channel',
  ): Promise<AcquisitionRow[]> {
    const campaign = by === 'campaign';
    return this.dataSource.query<AcquisitionRow[]>(
      `SELECT m.acquisition_channel AS channel,
              ${campaign ? 'c.id' : 'NULL::uuid'} AS "campaignId",
              ${campaign ? 'c.name' : 'NULL::text'} AS campaign,
              count(*)::int AS members,
              round(coalesce(sum(${MEMBER_ACQUISITION_COST_SQL}), 0))::bigint
                AS "acquisitionCostMinor",
              round(coalesce(avg(s.clv_minor + ${MEMBER_ACQUISITION_COST_SQL}), 0))::bigint
                AS "meanGrossClvMinor",
              coalesce(sum(revenue.amount_minor), 0)::bigint AS "revenueLast12MonthsMinor"
         FROM members m
         LEFT JOIN member_scores s ON s.member_id = m.id
         LEFT JOIN acquisition_campaigns c ON c.id = m.acquisition_campaign_id
         LEFT JOIN LATERAL (
           SELECT sum(p.amount_minor - coalesce((SELECT sum(f.amount_minor) FROM purchase_refunds f
                                                  WHERE f.purchase_id = p.id), 0)) AS amount_minor
             FROM purchases p
            WHERE p.member_id = m.id AND p.occurred_at >= $2::timestamptz - interval '12 months'
              AND p.occurred_at < $2) revenue ON true
        WHERE m.program_id = $1 AND m.merged_into_member_id IS NULL
        GROUP BY 1, 2, 3 ORDER BY 1, 3 NULLS FIRST`,
      [programId, asOf.toISOString()],
    );
  }

  /** A member is active in a period when they bought in it; retained when also in the one before. */
  retention(programId: string, window: PeriodWindow): Promise<RetentionRow[]> {
    return this.dataSource.query<RetentionRow[]>(
      `WITH periods AS (
         SELECT generate_series(date_trunc($2, ($3::timestamptz) AT TIME ZONE $5),
                                date_trunc($2, ($4::timestamptz) AT TIME ZONE $5) - ('1 ' || $2)::interval,
                                ('1 ' || $2)::interval) AS start),
       active AS (
         SELECT DISTINCT p.member_id, date_trunc($2, p.occurred_at AT TIME ZONE $5) AS start
           FROM purchases p
          WHERE p.program_id = $1
            AND p.occurred_at >= ($3::timestamptz) - ('1 ' || $2)::interval
            AND p.occurred_at < $4)
       SELECT (periods.start AT TIME ZONE $5) AS "periodStart",
              (SELECT count(*) FROM active a
                WHERE a.start = periods.start - ('1 ' || $2)::interval)::int AS "activeAtStart",
              (SELECT count(*) FROM active a JOIN active b ON b.member_id = a.member_id
                WHERE a.start = periods.start - ('1 ' || $2)::interval
                  AND b.start = periods.start)::int AS retained,
              (SELECT count(*) FROM active b
                WHERE b.start = periods.start
                  AND NOT EXISTS (SELECT 1 FROM active a WHERE a.member_id = b.member_id
                                    AND a.start = periods.start - ('1 ' || $2)::interval))::int
                AS "newlyActive"
         FROM periods ORDER BY periods.start`,
      [
        programId,
        window.period,
        window.from.toISOString(),
        window.to.toISOString(),
        window.timeZone,
      ],
    );
  }

  arpu(programId: string, window: PeriodWindow): Promise<ArpuRow[]> {
    return this.dataSource.query<ArpuRow[]>(
      `WITH periods AS (
         SELECT start, start + ('1 ' || $2)::interval AS finish
           FROM generate_series(date_trunc($2, ($3::timestamptz) AT TIME ZONE $5),
                                date_trunc($2, ($4::timestamptz) AT TIME ZONE $5) - ('1 ' || $2)::interval,
                                ('1 ' || $2)::interval) AS start)
       SELECT (periods.start AT TIME ZONE $5) AS "periodStart",
              coalesce((SELECT sum(p.amount_minor - coalesce((SELECT sum(f.amount_minor)
                                                                 FROM purchase_refunds f
                                                                WHERE f.purchase_id = p.id), 0))
                          FROM purchases p
                         WHERE p.program_id = $1
                           AND p.occurred_at >= (periods.start AT TIME ZONE $5)
                           AND p.occurred_at < (periods.finish AT TIME ZONE $5)), 0)::bigint
                AS "revenueMinor",
              (SELECT count(*) FROM members m
                WHERE m.program_id = $1 AND m.merged_into_member_id IS NULL
                  AND m.enrolled_at < (periods.start AT TIME ZONE $5))::int AS "membersAtStart",
              (SELECT count(*) FROM members m
                WHERE m.program_id = $1 AND m.merged_into_member_id IS NULL
                  AND m.enrolled_at < (periods.finish AT TIME ZONE $5))::int AS "membersAtEnd"
         FROM periods ORDER BY periods.start`,
      [
        programId,
        window.period,
        window.from.toISOString(),
        window.to.toISOString(),
        window.timeZone,
      ],
    );
  }

  async pointsLiability(
    programId: string,
    now: Date,
    withinDays: readonly number[],
    timeZone: string,
  ): Promise<PointsLiability> {
    // A member's open lots hold their balance (none while they owe), so what is outstanding is
    // the open lots not past their expiry: points past it are expired whether or not booked.
    const [row] = await this.dataSource.query<
      {
        outstanding: number;
        owed: number;
        pending: number;
        held: number;
        inVouchers: number;
        expiring: number[];
        expiry_months: Date[];
        expiry_points: number[];
      }[]
    >(
      `WITH live_lots AS (
         SELECT l.remaining, l.available_from, l.expires_at FROM lots l
           JOIN ledger_accounts a ON a.id = l.account_id
          WHERE a.program_id = $1 AND l.remaining > 0
            AND (l.expires_at IS NULL OR l.expires_at > $2)),
       months AS (
         SELECT generate_series(date_trunc('month', ($2::timestamptz) AT TIME ZONE $4),
                                date_trunc('month', ($2::timestamptz) AT TIME ZONE $4)
                                  + interval '${EXPIRY_FORECAST_MONTHS - 1} months',
                                interval '1 month') AS month)
       SELECT (SELECT coalesce(sum(remaining), 0)::bigint FROM live_lots) AS outstanding,
              (SELECT coalesce(-sum(least(balance, 0)), 0)::bigint FROM ledger_accounts
                WHERE program_id = $1 AND kind = 'member') AS owed,
              (SELECT coalesce(sum(remaining), 0)::bigint FROM live_lots
                WHERE available_from > $2) AS pending,
              (SELECT coalesce(sum(points), 0)::bigint FROM point_holds
                WHERE program_id = $1 AND status = 'held') AS held,
              (SELECT coalesce(sum(points), 0)::bigint FROM vouchers
                WHERE program_id = $1 AND status = 'issued') AS "inVouchers",
              ARRAY(SELECT (SELECT coalesce(sum(remaining), 0)::bigint FROM live_lots
                             WHERE expires_at < $2::timestamptz + make_interval(days => d))
                      FROM unnest($3::int[]) AS d) AS expiring,
              ARRAY(SELECT month AT TIME ZONE $4 FROM months ORDER BY month) AS expiry_months,
              ARRAY(SELECT (SELECT coalesce(sum(remaining), 0)::bigint FROM live_lots
                             WHERE expires_at >= greatest(month AT TIME ZONE $4, $2::timestamptz)
                               AND expires_at < (month + interval '1 month') AT TIME ZONE $4)
                      FROM months ORDER BY month) AS expiry_points`,
      [programId, now.toISOString(), withinDays, timeZone],
    );
    return {
      outstanding: row?.outstanding ?? 0,
      owed: row?.owed ?? 0,
      pending: row?.pending ?? 0,
      held: row?.held ?? 0,
      inVouchers: row?.inVouchers ?? 0,
      expiring: withinDays.map((days, index) => ({
        withinDays: days,
        points: row?.expiring[index] ?? 0,
      })),
      expiryByMonth: (row?.expiry_months ?? []).map((monthStart, index) => ({
        monthStart,
        points: Number(row?.expiry_points[index] ?? 0),
      })),
    };
  }

  /**
   * Scored members' CLV in log bands of a quarter decade, those at or below zero apart, and the
   * CLV at each percentile asked for: the data of a histogram with the tiers' cut-offs on it.
   */
  async clvDistribution(
    programId: string,
    percentiles: readonly number[],
  ): Promise<ClvDistribution> {
    const [summary] = await this.dataSource.query<
      { scored: number; non_positive: number; percentiles: (number | null)[] | null }[]
    >(
      `SELECT count(*)::int AS scored,
              count(*) FILTER (WHERE clv_minor <= 0)::int AS non_positive,
              CASE WHEN cardinality($2::float8[]) = 0 OR count(*) = 0 THEN NULL
                   ELSE percentile_disc($2::float8[]) WITHIN GROUP (ORDER BY clv_minor) END
                AS percentiles
         FROM member_scores WHERE program_id = $1`,
      [programId, percentiles],
    );
    const bands = await this.dataSource.query<{ band: number; members: number }[]>(
      `SELECT floor(log(clv_minor::numeric) * ${CLV_BANDS_PER_DECADE})::int AS band,
              count(*)::int AS members
         FROM member_scores WHERE program_id = $1 AND clv_minor > 0
        GROUP BY 1 ORDER BY 1`,
      [programId],
    );
    return {
      scored: summary?.scored ?? 0,
      nonPositive: summary?.non_positive ?? 0,
      bands,
      percentiles: percentiles.map((_, index) => {
        const value = summary?.percentiles?.[index];
        return value === null || value === undefined ? null : Number(value);
      }),
    };
  }

  /**
   * How many scored members each tier of a policy would hold against the tier they hold now:
   * each member placed by their current CLV against the policy's cut-offs (ascending, the first
   * tier's −∞ left out), as `tierForClv` places them.
   */
  tierMoves(
    programId: string,
    tierNames: readonly string[],
    ascendingCutoffs: readonly number[],
  ): Promise<{ fromTier: string | null; toTier: string; members: number }[]> {
    return this.dataSource.query(
      `SELECT t.tier AS "fromTier",
              ($2::text[])[width_bucket(s.clv_minor::float8, $3::float8[]) + 1] AS "toTier",
              count(*)::int AS members
         FROM member_scores s
         LEFT JOIN member_tiers t ON t.member_id = s.member_id
        WHERE s.program_id = $1
        GROUP BY 1, 2`,
      [programId, tierNames, ascendingCutoffs],
    );
  }

  /** Members in each tier now. */
  tierCounts(programId: string): Promise<TierCount[]> {
    return this.dataSource.query<TierCount[]>(
      `SELECT tier, count(*)::int AS members FROM member_tiers
        WHERE program_id = $1 GROUP BY tier ORDER BY tier`,
      [programId],
    );
  }

  /** The moves between tiers in each period of the window (first placements included). */
  tierFlows(programId: string, window: PeriodWindow): Promise<TierFlowRow[]> {
    return this.dataSource.query<TierFlowRow[]>(
      `SELECT (date_trunc($2, changed_at AT TIME ZONE $5) AT TIME ZONE $5) AS "periodStart",
              from_tier AS "fromTier", to_tier AS "toTier",
              count(DISTINCT member_id)::int AS members
         FROM tier_changes
        WHERE program_id = $1 AND changed_at >= $3 AND changed_at < $4
        GROUP BY 1, 2, 3 ORDER BY 1, 2 NULLS FIRST, 3`,
      [
        programId,
        window.period,
        window.from.toISOString(),
        window.to.toISOString(),
        window.timeZone,
      ],
    );
  }

  /**
   * Retention by enrolment cohort: for the members enrolled in each period of the window, how
   * many bought in that period and in each one after it, up to the window's end.
   */
  cohorts(programId: string, window: PeriodWindow): Promise<CohortRow[]> {
    return this.dataSource.query<CohortRow[]>(
      `WITH cohort_members AS (
         SELECT m.id, date_trunc($2, m.enrolled_at AT TIME ZONE $5) AS cohort
           FROM members m
          WHERE m.program_id = $1 AND m.merged_into_member_id IS NULL
            AND m.enrolled_at >= $3 AND m.enrolled_at < $4),
       sizes AS (SELECT cohort, count(*)::int AS members FROM cohort_members GROUP BY cohort),
       activity AS (
         SELECT c.cohort, date_trunc($2, p.occurred_at AT TIME ZONE $5) AS period,
                count(DISTINCT p.member_id)::int AS active
           FROM purchases p
           JOIN cohort_members c ON c.id = p.member_id
          WHERE p.occurred_at >= $3 AND p.occurred_at < $4
          GROUP BY 1, 2)
       SELECT (s.cohort AT TIME ZONE $5) AS "cohortStart", s.members,
              (periods.period AT TIME ZONE $5) AS "periodStart",
              coalesce(a.active, 0) AS active
         FROM sizes s
        CROSS JOIN LATERAL generate_series(s.cohort,
                                           date_trunc($2, ($4::timestamptz) AT TIME ZONE $5)
                                             - ('1 ' || $2)::interval,
                                           ('1 ' || $2)::interval) AS periods(period)
         LEFT JOIN activity a ON a.cohort = s.cohort AND a.period = periods.period
        ORDER BY 1, 3`,
      [
        programId,
        window.period,
        window.from.toISOString(),
        window.to.toISOString(),
        window.timeZone,
      ],
    );
  }

  /**
   * Records a member's answer; their earlier answer for the same store (or the program) and month
   * of the program's time zone is replaced, so each member is one voice. Answers the id kept and
   * whether an earlier answer was replaced.
   */
  async recordSurvey(
    response: SurveyResponseToRecord,
  ): Promise<{ id: string; replaced: boolean; periodStart: string }> {
    const [row] = await this.dataSource.query<
      (ColumnsOf<'survey_responses', 'id'> & { replaced: boolean; period_start: string })[]
    >(
      `INSERT INTO survey_responses (id, program_id, member_id, store_id, nps, csat, ces, comment,
           answered_at, period_start)
       SELECT $1, $2, $3, $4, $5, $6, $7, $8, now(),
              date_trunc('month', now() AT TIME ZONE p.timezone)::date
         FROM programs p WHERE p.id = $2
       ON CONFLICT (member_id, ${response.storeId ? 'store_id, ' : ''}period_start)
          WHERE store_id IS ${response.storeId ? 'NOT ' : ''}NULL
       DO UPDATE SET nps = EXCLUDED.nps, csat = EXCLUDED.csat, ces = EXCLUDED.ces,
                     comment = EXCLUDED.comment, answered_at = EXCLUDED.answered_at
       RETURNING id, (xmax <> 0) AS replaced, period_start::text`,
      [
        response.id,
        response.programId,
        response.memberId,
        response.storeId,
        response.nps,
        response.csat,
        response.ces,
        response.comment,
      ],
    );
    return { id: row!.id, replaced: row!.replaced, periodStart: row!.period_start };
  }

  /**
   * Survey figures per period and store; within each, a member who answered more than once (in
   * different months of a longer period) counts once, with their latest answer.
   */
  surveys(programId: string, window: PeriodWindow): Promise<SurveyRow[]> {
    return this.dataSource.query<SurveyRow[]>(
      `SELECT (date_trunc($2, answered_at AT TIME ZONE $5) AT TIME ZONE $5) AS "periodStart",
              store_id AS "storeId", st.code AS "storeCode", st.name AS "storeName",
              count(nps)::int AS "npsAnswers",
              count(*) FILTER (WHERE nps >= 9)::int AS promoters,
              count(*) FILTER (WHERE nps BETWEEN 7 AND 8)::int AS passives,
              count(*) FILTER (WHERE nps <= 6)::int AS detractors,
              count(csat)::int AS "csatAnswers",
              count(*) FILTER (WHERE csat >= 4)::int AS satisfied,
              count(ces)::int AS "cesAnswers",
              avg(ces)::float8 AS "cesMean"
         FROM (SELECT DISTINCT ON (date_trunc($2, answered_at AT TIME ZONE $5), store_id, member_id)
                      answered_at, store_id, nps, csat, ces
                 FROM survey_responses
                WHERE program_id = $1 AND answered_at >= $3 AND answered_at < $4
                ORDER BY date_trunc($2, answered_at AT TIME ZONE $5), store_id, member_id,
                         answered_at DESC) AS voices
         LEFT JOIN stores st ON st.id = voices.store_id
        GROUP BY 1, 2, 3, 4 ORDER BY 1, 3 NULLS FIRST, 2`,
      [
        programId,
        window.period,
        window.from.toISOString(),
        window.to.toISOString(),
        window.timeZone,
      ],
    );
  }
}
