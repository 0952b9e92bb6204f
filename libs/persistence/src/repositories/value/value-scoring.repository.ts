import {
  type TierCutoffs,
  tierCutoffs,
  type TierState,
  type ValuePolicyVersion,
} from '@loyalty/domain';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import type { OutboxEventToWrite } from '../ledger/ledger-unit-of-work';
import { analyticalQuery } from './analytical-query';

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

@Injectable()
export class ValueScoringRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

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
      // A member who erased their data has a closed points account: their grants stay unpaid.
      `SELECT g.id, g.program_id AS "programId", g.member_id AS "memberId", g.kind,
              g.grant_key AS "grantKey", g.points, g.reason
         FROM reward_grants g JOIN members m ON m.id = g.member_id
        WHERE g.program_id = $1 AND g.paid_at IS NULL AND m.erased_at IS NULL
          AND ($2::uuid[] IS NULL OR g.member_id = ANY($2::uuid[]))
        ORDER BY g.created_at, g.id`,
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
    const [row] = await analyticalQuery<{ values: (number | null)[] | null }[]>(
      this.dataSource,
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
    await analyticalQuery(
      this.dataSource,
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
