import {
  type TierCutoffs,
  tierCutoffs,
  type TierState,
  type ValuePolicyVersion,
} from '@loyalty/domain';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import type { OutboxEventToWrite } from '../ledger/ledger.repository';

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

export interface MemberScoreRecord {
  readonly memberId: string;
  readonly programId: string;
  readonly clvModelId: string | null;
  readonly method: 'model' | 'simple';
  readonly frequency: number;
  readonly recencyDays: number;
  readonly ageDays: number;
  readonly monetaryMinor: number;
  readonly pAlive: number;
  readonly expectedPurchases: number;
  readonly expectedValueMinor: number;
  readonly clvMinor: number;
  readonly scoredAt: Date;
}

export interface TierChangeRecord {
  readonly id: string;
  readonly memberId: string;
  readonly fromTier: string | null;
  readonly toTier: string;
  readonly kind: 'placed' | 'upgraded' | 'downgraded';
  readonly reason: string;
  readonly clvMinor: number;
  readonly clvModelId: string | null;
  readonly valuePolicyVersion: number;
  readonly changedAt: Date;
}

export interface RewardGrantRecord {
  readonly id: string;
  readonly programId: string;
  readonly memberId: string;
  readonly kind: 'tier_upgrade' | 'win_back';
  readonly grantKey: string;
  readonly points: number;
  readonly reason: string;
}

/** What one scoring pass decided for its members, written in one transaction. */
export interface ScoringOutcome {
  readonly programId: string;
  readonly scores: readonly MemberScoreRecord[];
  readonly tierStates: readonly (TierState & { readonly memberId: string })[];
  readonly tierChanges: readonly TierChangeRecord[];
  readonly grants: readonly RewardGrantRecord[];
  readonly events: readonly OutboxEventToWrite[];
}

export interface SnapshotRecord {
  readonly id: string;
  readonly programId: string;
  readonly takenAt: Date;
  readonly clvModelId: string | null;
  readonly membersScored: number;
  readonly customerEquityMinor: number;
  readonly tierCutoffs: TierCutoffs;
  readonly byTier: readonly { tier: string; members: number; clvMinor: number }[];
}

interface ModelRow {
  id: string;
  program_id: string;
  version: number;
  status: 'promoted' | 'rejected';
  reason: string | null;
  data_from: Date | null;
  calibration_end: Date;
  observation_end: Date;
  members: number;
  purchase_model: Record<string, unknown>;
  spend_model: Record<string, unknown> | null;
  holdout: Record<string, unknown>;
  fit_seconds: number;
  fitted_at: Date;
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

/**
 * Whole-program reads (a fit's summaries, percentiles, snapshots) scan every purchase: minutes on
 * a large program, beyond the pool's statement timeout that protects the HTTP paths.
 */
const ANALYTICAL_STATEMENT_TIMEOUT = '30min';

@Injectable()
export class ValueScoringRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private analytical<T>(sql: string, parameters: unknown[]): Promise<T> {
    return this.dataSource.transaction(async (manager) => {
      await manager.query(`SET LOCAL statement_timeout = '${ANALYTICAL_STATEMENT_TIMEOUT}'`);
      return manager.query<T>(sql, parameters);
    });
  }

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
        ? this.analytical<T>(sql, parameters)
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
              coalesce(m.acquisition_cost_minor, 0)::float8 AS "acquisitionCostMinor"
         FROM members m LEFT JOIN per_member s ON s.member_id = m.id
        WHERE m.program_id = $1 AND ($4::uuid[] IS NULL OR m.id = ANY($4::uuid[]))
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
    const rows = await this.analytical<{ memberId: string; days: number }[]>(
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

  /** Scores alone (a full rescore's first pass, before it fixes percentile cutoffs). */
  async saveScores(scores: readonly MemberScoreRecord[]): Promise<void> {
    await this.upsertScores(this.dataSource.manager, scores);
  }

  async score(memberId: string): Promise<MemberScoreRecord | null> {
    const [row] = await this.storedScores([memberId]);
    return row ?? null;
  }

  async storedScores(memberIds: readonly string[]): Promise<MemberScoreRecord[]> {
    return this.dataSource.query<MemberScoreRecord[]>(
      `SELECT member_id AS "memberId", program_id AS "programId", clv_model_id AS "clvModelId",
              method, frequency, recency_days AS "recencyDays", age_days AS "ageDays",
              monetary_minor AS "monetaryMinor", p_alive AS "pAlive",
              expected_purchases AS "expectedPurchases",
              expected_value_minor AS "expectedValueMinor", clv_minor AS "clvMinor",
              scored_at AS "scoredAt"
         FROM member_scores WHERE member_id = ANY($1::uuid[]) ORDER BY member_id`,
      [memberIds],
    );
  }

  async tierStates(memberIds: readonly string[]): Promise<Map<string, TierState>> {
    const rows = await this.dataSource.query<
      { memberId: string; tier: string; since: Date; belowSince: Date | null }[]
    >(
      `SELECT member_id AS "memberId", tier, since, below_since AS "belowSince"
         FROM member_tiers WHERE member_id = ANY($1::uuid[])`,
      [memberIds],
    );
    return new Map(
      rows.map((row) => [
        row.memberId,
        { tier: row.tier, since: row.since, belowSince: row.belowSince },
      ]),
    );
  }

  /** Grant keys the members already hold (paid or not): a reward is owed once. */
  async grantKeys(memberIds: readonly string[]): Promise<Set<string>> {
    const rows = await this.dataSource.query<{ key: string }[]>(
      `SELECT member_id || ':' || grant_key AS key FROM reward_grants
        WHERE member_id = ANY($1::uuid[])`,
      [memberIds],
    );
    return new Set(rows.map((row) => row.key));
  }

  /**
   * Writes a scoring pass in one transaction: scores, tier states (mirrored to members.tier, which
   * the tills and the ledger read), the tier history, the rewards owed and the outbox events.
   * Rewards owed are written with the decision, so a crash before paying them loses nothing.
   */
  async saveOutcome(outcome: ScoringOutcome): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      await this.upsertScores(manager, outcome.scores);
      const states = outcome.tierStates;
      if (states.length > 0) {
        await manager.query(
          `INSERT INTO member_tiers (member_id, program_id, tier, since, below_since)
           SELECT state.member_id, $1, state.tier, state.since, state.below_since
             FROM unnest($2::uuid[], $3::text[], $4::timestamptz[], $5::timestamptz[])
               AS state(member_id, tier, since, below_since)
           ON CONFLICT (member_id) DO UPDATE
              SET tier = EXCLUDED.tier, since = EXCLUDED.since, below_since = EXCLUDED.below_since`,
          [
            outcome.programId,
            states.map((s) => s.memberId),
            states.map((s) => s.tier),
            states.map((s) => s.since.toISOString()),
            states.map((s) => s.belowSince?.toISOString() ?? null),
          ],
        );
        await manager.query(
          `UPDATE members m SET tier = state.tier, updated_at = now()
             FROM unnest($1::uuid[], $2::text[]) AS state(member_id, tier)
            WHERE m.id = state.member_id AND m.tier IS DISTINCT FROM state.tier`,
          [states.map((s) => s.memberId), states.map((s) => s.tier)],
        );
      }
      const changes = outcome.tierChanges;
      if (changes.length > 0) {
        await manager.query(
          `INSERT INTO tier_changes (id, program_id, member_id, from_tier, to_tier, kind, reason,
               clv_minor, clv_model_id, value_policy_version, changed_at)
           SELECT c.id, $1, c.member_id, c.from_tier, c.to_tier, c.kind, c.reason, c.clv_minor,
                  c.clv_model_id, c.policy_version, c.changed_at
             FROM unnest($2::uuid[], $3::uuid[], $4::text[], $5::text[], $6::text[], $7::text[],
                         $8::bigint[], $9::uuid[], $10::int[], $11::timestamptz[])
               AS c(id, member_id, from_tier, to_tier, kind, reason, clv_minor, clv_model_id,
                    policy_version, changed_at)`,
          [
            outcome.programId,
            changes.map((c) => c.id),
            changes.map((c) => c.memberId),
            changes.map((c) => c.fromTier),
            changes.map((c) => c.toTier),
            changes.map((c) => c.kind),
            changes.map((c) => c.reason),
            changes.map((c) => c.clvMinor),
            changes.map((c) => c.clvModelId),
            changes.map((c) => c.valuePolicyVersion),
            changes.map((c) => c.changedAt.toISOString()),
          ],
        );
      }
      const grants = outcome.grants;
      if (grants.length > 0) {
        await manager.query(
          `INSERT INTO reward_grants (id, program_id, member_id, kind, grant_key, points, reason)
           SELECT g.id, $1, g.member_id, g.kind, g.grant_key, g.points, g.reason
             FROM unnest($2::uuid[], $3::uuid[], $4::text[], $5::text[], $6::bigint[], $7::text[])
               AS g(id, member_id, kind, grant_key, points, reason)
           ON CONFLICT (member_id, grant_key) DO NOTHING`,
          [
            outcome.programId,
            grants.map((g) => g.id),
            grants.map((g) => g.memberId),
            grants.map((g) => g.kind),
            grants.map((g) => g.grantKey),
            grants.map((g) => g.points),
            grants.map((g) => g.reason),
          ],
        );
      }
      if (outcome.events.length > 0) {
        await manager.query(
          `INSERT INTO outbox_events (program_id, member_id, type, payload)
           SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::jsonb[])`,
          [
            outcome.events.map((e) => e.programId),
            outcome.events.map((e) => e.memberId),
            outcome.events.map((e) => e.type),
            outcome.events.map((e) => JSON.stringify(e.payload)),
          ],
        );
      }
    });
  }

  async unpaidGrants(
    programId: string,
    memberIds: readonly string[] | null,
  ): Promise<RewardGrantRecord[]> {
    return this.dataSource.query<RewardGrantRecord[]>(
      `SELECT id, program_id AS "programId", member_id AS "memberId", kind,
              grant_key AS "grantKey", points, reason
         FROM reward_grants
        WHERE program_id = $1 AND paid_at IS NULL
          AND ($2::uuid[] IS NULL OR member_id = ANY($2::uuid[]))
        ORDER BY created_at, id`,
      [programId, memberIds],
    );
  }

  async markGrantPaid(grantId: string, transactionId: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE reward_grants SET transaction_id = $2, paid_at = now()
        WHERE id = $1 AND paid_at IS NULL`,
      [grantId, transactionId],
    );
  }

  /** The CLV at each percentile (0–100) of the program's latest scores. */
  async clvAtPercentiles(
    programId: string,
    percentiles: readonly number[],
  ): Promise<(number | null)[]> {
    if (percentiles.length === 0) return [];
    const [row] = await this.analytical<{ values: (number | null)[] | null }[]>(
      `SELECT percentile_disc($2::float8[]) WITHIN GROUP (ORDER BY clv_minor) AS values
         FROM member_scores WHERE program_id = $1`,
      [programId, percentiles.map((p) => p / 100)],
    );
    return row?.values ?? percentiles.map(() => null);
  }

  /**
   * The cutoffs in force: thresholds as configured; percentile bands as the latest snapshot fixed
   * them (for the same tiers), else from the live distribution.
   */
  async currentCutoffs(policyVersion: ValuePolicyVersion): Promise<TierCutoffs> {
    const { policy, programId } = policyVersion;
    if (policy.tierBasis === 'clv') return tierCutoffs(policy, () => null);
    const snapshot = await this.latestSnapshot(programId);
    const sameTiers = (cutoffs: TierCutoffs) =>
      cutoffs.map((cutoff) => cutoff.tier).join('\n') ===
      policy.tiers.map((tier) => tier.name).join('\n');
    if (snapshot && sameTiers(snapshot.tierCutoffs)) return snapshot.tierCutoffs;
    return this.liveCutoffs(policyVersion);
  }

  /** Percentile bands from the program's current score distribution. */
  async liveCutoffs(policyVersion: ValuePolicyVersion): Promise<TierCutoffs> {
    const { policy, programId } = policyVersion;
    const percentiles = policy.tiers.map((tier) => tier.minPercentile ?? 100);
    const values = await this.clvAtPercentiles(programId, percentiles);
    return tierCutoffs(policy, (p) => values[percentiles.indexOf(p)] ?? null);
  }

  async latestSnapshot(programId: string): Promise<SnapshotRecord | null> {
    const [row] = await this.dataSource.query<SnapshotRecord[]>(
      `SELECT id, program_id AS "programId", taken_at AS "takenAt", clv_model_id AS "clvModelId",
              members_scored AS "membersScored", customer_equity_minor AS "customerEquityMinor",
              tier_cutoffs AS "tierCutoffs", by_tier AS "byTier"
         FROM portfolio_snapshots WHERE program_id = $1 ORDER BY taken_at DESC LIMIT 1`,
      [programId],
    );
    return row ? { ...row, tierCutoffs: fromStoredCutoffs(row.tierCutoffs) } : null;
  }

  /** Equity and per-tier figures from the current scores, with the cutoffs in force. */
  async takeSnapshot(
    id: string,
    programId: string,
    clvModelId: string | null,
    cutoffs: TierCutoffs,
  ): Promise<void> {
    await this.analytical(
      `INSERT INTO portfolio_snapshots (id, program_id, taken_at, clv_model_id, members_scored,
           customer_equity_minor, tier_cutoffs, by_tier)
       SELECT $1, $2, now(), $3,
              (SELECT count(*) FROM member_scores WHERE program_id = $2),
              (SELECT coalesce(sum(clv_minor), 0) FROM member_scores WHERE program_id = $2),
              $4::jsonb,
              coalesce((SELECT jsonb_agg(jsonb_build_object('tier', t.tier, 'members', t.members,
                                                            'clvMinor', t.clv_minor))
                          FROM (SELECT mt.tier, count(*) AS members,
                                       coalesce(sum(s.clv_minor), 0) AS clv_minor
                                  FROM member_tiers mt
                                  LEFT JOIN member_scores s ON s.member_id = mt.member_id
                                 WHERE mt.program_id = $2 GROUP BY mt.tier) t), '[]'::jsonb)`,
      [id, programId, clvModelId, JSON.stringify(toStoredCutoffs(cutoffs))],
    );
  }

  /** Members of the program after `afterId`, in id order: the pages of a full rescore. */
  async memberIdsAfter(
    programId: string,
    afterId: string | null,
    limit: number,
  ): Promise<string[]> {
    const rows = await this.dataSource.query<{ id: string }[]>(
      `SELECT id FROM members WHERE program_id = $1 AND ($2::uuid IS NULL OR id > $2)
        ORDER BY id LIMIT $3`,
      [programId, afterId, limit],
    );
    return rows.map((row) => row.id);
  }

  async programOfMember(memberId: string): Promise<string | null> {
    const [row] = await this.dataSource.query<{ program_id: string }[]>(
      `SELECT program_id FROM members WHERE id = $1`,
      [memberId],
    );
    return row?.program_id ?? null;
  }

  private async upsertScores(manager: EntityManager, scores: readonly MemberScoreRecord[]) {
    if (scores.length === 0) return;
    await manager.query(
      `INSERT INTO member_scores (member_id, program_id, clv_model_id, method, frequency,
           recency_days, age_days, monetary_minor, p_alive, expected_purchases,
           expected_value_minor, clv_minor, scored_at)
       SELECT s.member_id, s.program_id, s.clv_model_id, s.method, s.frequency, s.recency_days,
              s.age_days, s.monetary_minor, s.p_alive, s.expected_purchases,
              s.expected_value_minor, s.clv_minor, s.scored_at
         FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::text[], $5::int[], $6::float8[],
                     $7::float8[], $8::float8[], $9::float8[], $10::float8[], $11::float8[],
                     $12::bigint[], $13::timestamptz[])
           AS s(member_id, program_id, clv_model_id, method, frequency, recency_days, age_days,
                monetary_minor, p_alive, expected_purchases, expected_value_minor, clv_minor,
                scored_at)
       ON CONFLICT (member_id) DO UPDATE SET
           clv_model_id = EXCLUDED.clv_model_id, method = EXCLUDED.method,
           frequency = EXCLUDED.frequency, recency_days = EXCLUDED.recency_days,
           age_days = EXCLUDED.age_days, monetary_minor = EXCLUDED.monetary_minor,
           p_alive = EXCLUDED.p_alive, expected_purchases = EXCLUDED.expected_purchases,
           expected_value_minor = EXCLUDED.expected_value_minor, clv_minor = EXCLUDED.clv_minor,
           scored_at = EXCLUDED.scored_at`,
      [
        scores.map((s) => s.memberId),
        scores.map((s) => s.programId),
        scores.map((s) => s.clvModelId),
        scores.map((s) => s.method),
        scores.map((s) => s.frequency),
        scores.map((s) => s.recencyDays),
        scores.map((s) => s.ageDays),
        scores.map((s) => s.monetaryMinor),
        scores.map((s) => s.pAlive),
        scores.map((s) => s.expectedPurchases),
        scores.map((s) => s.expectedValueMinor),
        scores.map((s) => s.clvMinor),
        scores.map((s) => s.scoredAt.toISOString()),
      ],
    );
  }
}

/** JSON has no infinities: the bottom tier's cutoff is stored as null. */
const toStoredCutoffs = (cutoffs: TierCutoffs) =>
  cutoffs.map((cutoff) => ({
    tier: cutoff.tier,
    minClvMinor: Number.isFinite(cutoff.minClvMinor) ? cutoff.minClvMinor : null,
  }));

function fromStoredCutoffs(stored: unknown): TierCutoffs {
  return (stored as { tier: string; minClvMinor: number | null }[]).map((cutoff, index) => ({
    tier: cutoff.tier,
    minClvMinor:
      cutoff.minClvMinor ?? (index === 0 ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY),
  }));
}
