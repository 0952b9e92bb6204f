import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { analyticalQuery, MEMBER_ACQUISITION_COST_SQL } from './analytical-query';
import type { ColumnsOf } from '../../schema/rows';

/** A member's purchases as the CLV models read them, in days, net of refunds. */
export interface MemberPurchaseSummary {
  readonly memberId: string;
  /** Days with a purchase after the first (repeat purchase days). */
  readonly frequency: number;
  /** Days from the first purchase day to the last. */
  readonly recencyDays: number;
  /** Days from the first purchase day to the as-of day; null without any purchase. */
  readonly ageDays: number | null;
  /** Mean net amount of the repeat purchase days, in minor units; 0 without repeats. */
  readonly monetaryMinor: number;
  readonly revenueMinor: number;
  readonly acquisitionCostMinor: number;
}

export interface ClvModelRecord {
  readonly id: string;
  readonly programId: string;
  readonly version: number;
  readonly status: 'promoted' | 'rejected';
  readonly reason: string | null;
  readonly dataFrom: Date | null;
  readonly calibrationEnd: Date;
  readonly observationEnd: Date;
  readonly members: number;
  readonly purchaseModel: Record<string, unknown>;
  readonly spendModel: Record<string, unknown> | null;
  readonly holdout: Record<string, unknown>;
  readonly fitSeconds: number;
  readonly fittedAt: Date;
}

interface ModelRow extends ColumnsOf<
  'clv_models',
  | 'id'
  | 'program_id'
  | 'version'
  | 'reason'
  | 'data_from'
  | 'calibration_end'
  | 'observation_end'
  | 'members'
  | 'fit_seconds'
  | 'fitted_at'
> {
  status: 'promoted' | 'rejected';
  purchase_model: Record<string, unknown>;
  spend_model: Record<string, unknown> | null;
  holdout: Record<string, unknown>;
}

const toModel = (row: ModelRow): ClvModelRecord => ({
  id: row.id,
  programId: row.program_id,
  version: row.version,
  status: row.status,
  reason: row.reason,
  dataFrom: row.data_from,
  calibrationEnd: row.calibration_end,
  observationEnd: row.observation_end,
  members: row.members,
  purchaseModel: row.purchase_model,
  spendModel: row.spend_model,
  holdout: row.holdout,
  fitSeconds: row.fit_seconds,
  fittedAt: row.fitted_at,
});

/**
 * Net purchase days per member up to an instant: a day's purchases less their refunds, days that
 * net to nothing dropped (a purchase refunded in full never happened, for the models).
 * $1 program, $2 as-of, $3 time zone, $4 member ids or null for all.
 */
const PURCHASE_DAYS = `
  purchase_days AS (
    SELECT p.member_id, (p.occurred_at AT TIME ZONE $3)::date AS day,
           sum(p.amount_minor - coalesce(refunded.amount_minor, 0)) AS amount
      FROM purchases p
      LEFT JOIN LATERAL (SELECT sum(f.amount_minor) AS amount_minor FROM purchase_refunds f
                          WHERE f.purchase_id = p.id) refunded ON true
     WHERE p.program_id = $1 AND p.occurred_at < $2
       AND ($4::uuid[] IS NULL OR p.member_id = ANY($4::uuid[]))
     GROUP BY 1, 2
    HAVING sum(p.amount_minor - coalesce(refunded.amount_minor, 0)) > 0)`;

/** The history the CLV models learn from (purchase summaries) and the models fitted on it. */
@Injectable()
export class ClvHistoryRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Every member's summary (or the named members'), members without purchases included, in one
   * set-based query.
   */
  summaries(
    programId: string,
    asOf: Date,
    timeZone: string,
    memberIds: readonly string[] | null,
  ): Promise<MemberPurchaseSummary[]> {
    const run = <T>(sql: string, parameters: unknown[]) =>
      memberIds === null
        ? analyticalQuery<T>(this.dataSource, sql, parameters)
        : this.dataSource.query<T>(sql, parameters);
    return run<MemberPurchaseSummary[]>(
      `WITH ${PURCHASE_DAYS},
       per_member AS (
         SELECT member_id, count(*)::int - 1 AS frequency,
                (max(day) - min(day))::float8 AS recency_days,
                ((($2::timestamptz) AT TIME ZONE $3)::date - min(day))::float8 AS age_days,
                CASE WHEN count(*) > 1
                     THEN ((sum(amount) - (array_agg(amount ORDER BY day))[1])
                           / (count(*) - 1))::float8
                     ELSE 0 END AS monetary_minor,
                sum(amount)::float8 AS revenue_minor
           FROM purchase_days GROUP BY member_id)
       SELECT m.id AS "memberId", coalesce(s.frequency, 0) AS frequency,
              coalesce(s.recency_days, 0) AS "recencyDays", s.age_days AS "ageDays",
              coalesce(s.monetary_minor, 0) AS "monetaryMinor",
              coalesce(s.revenue_minor, 0) AS "revenueMinor",
              ${MEMBER_ACQUISITION_COST_SQL} AS "acquisitionCostMinor"
         FROM members m LEFT JOIN per_member s ON s.member_id = m.id
         LEFT JOIN acquisition_campaigns c ON c.id = m.acquisition_campaign_id
        WHERE m.program_id = $1 AND m.merged_into_member_id IS NULL
          AND ($4::uuid[] IS NULL OR m.id = ANY($4::uuid[]))
        ORDER BY m.id`,
      [programId, asOf.toISOString(), timeZone, memberIds],
    );
  }

  /** Repeat purchase days per member in [from, to), for the holdout check. */
  async purchaseDaysBetween(
    programId: string,
    from: Date,
    to: Date,
    timeZone: string,
  ): Promise<Map<string, number>> {
    const rows = await analyticalQuery<{ memberId: string; days: number }[]>(
      this.dataSource,
      `WITH ${PURCHASE_DAYS}
       SELECT member_id AS "memberId", count(*)::int AS days FROM purchase_days
        WHERE day >= (($5::timestamptz) AT TIME ZONE $3)::date
        GROUP BY member_id`,
      [programId, to.toISOString(), timeZone, null, from.toISOString()],
    );
    return new Map(rows.map((row) => [row.memberId, row.days]));
  }

  async firstPurchaseAt(programId: string): Promise<Date | null> {
    const [row] = await this.dataSource.query<{ first: Date | null }[]>(
      `SELECT min(occurred_at) AS first FROM purchases WHERE program_id = $1`,
      [programId],
    );
    return row?.first ?? null;
  }

  async saveModel(model: Omit<ClvModelRecord, 'version' | 'fittedAt'>): Promise<ClvModelRecord> {
    const [row] = await this.dataSource.query<ModelRow[]>(
      `INSERT INTO clv_models (id, program_id, version, status, reason, data_from, calibration_end,
           observation_end, members, purchase_model, spend_model, holdout, fit_seconds)
       SELECT $1, $2, coalesce(max(version), 0) + 1, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12
         FROM clv_models WHERE program_id = $2
       RETURNING *`,
      [
        model.id,
        model.programId,
        model.status,
        model.reason,
        model.dataFrom?.toISOString() ?? null,
        model.calibrationEnd.toISOString(),
        model.observationEnd.toISOString(),
        model.members,
        JSON.stringify(model.purchaseModel),
        model.spendModel ? JSON.stringify(model.spendModel) : null,
        JSON.stringify(model.holdout),
        model.fitSeconds,
      ],
    );
    return toModel(row!);
  }

  async promotedModel(programId: string): Promise<ClvModelRecord | null> {
    const [row] = await this.dataSource.query<ModelRow[]>(
      `SELECT * FROM clv_models WHERE program_id = $1 AND status = 'promoted'
        ORDER BY version DESC LIMIT 1`,
      [programId],
    );
    return row ? toModel(row) : null;
  }

  async models(programId: string): Promise<ClvModelRecord[]> {
    const rows = await this.dataSource.query<ModelRow[]>(
      `SELECT * FROM clv_models WHERE program_id = $1 ORDER BY version DESC`,
      [programId],
    );
    return rows.map(toModel);
  }
}
