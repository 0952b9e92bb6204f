import {
  type LedgerEvent,
  type TierCutoffs,
  tierCutoffs,
  type TierState,
  type ValuePolicy,
  type ValuePolicyVersion,
} from '@loyalty/domain';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { analyticalQuery } from './analytical-query';
import { upsertScores, writeScoringOutcome } from './scoring-outcome-writes';
import type { ColumnsOf, MemberTiersRow } from '../../schema/rows';

/** A DataSource or, inside a transaction, its EntityManager. */
type Queryable = Pick<EntityManager, 'query'>;

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
  readonly events: readonly LedgerEvent[];
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

/** What a scoring pass decides on, read under the members' scoring locks. */
export interface LockedScoringState {
  readonly tiers: Map<string, TierState>;
  /** When each member's saved score was valued: an older valuation is superseded. */
  readonly scoredAt: Map<string, Date>;
  readonly heldGrants: Set<string>;
}

@Injectable()
export class ValueScoringRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Scores alone (a full rescore's first pass, before it fixes percentile cutoffs). */
  async saveScores(scores: readonly MemberScoreRecord[]): Promise<void> {
    await upsertScores(this.dataSource.manager, scores);
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

  async tierStates(
    memberIds: readonly string[],
    on: Queryable = this.dataSource,
  ): Promise<Map<string, TierState>> {
    const rows = await on.query<
      (ColumnsOf<'member_tiers', 'tier' | 'since'> & {
        memberId: MemberTiersRow['member_id'];
        belowSince: MemberTiersRow['below_since'];
      })[]
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

  /**
   * Under the members' scoring locks: their tier states and when they were last scored, the
   * grant keys they already hold (paid or not: a reward is owed once), and whether any of those
   * is unpaid.
   */
  private async lockedScoringState(
    memberIds: readonly string[],
    manager: EntityManager,
  ): Promise<LockedScoringState & { anyUnpaid: boolean }> {
    const members = await manager.query<
      {
        memberId: string;
        tier: MemberTiersRow['tier'] | null;
        since: MemberTiersRow['since'] | null;
        belowSince: MemberTiersRow['below_since'];
        scoredAt: Date | null;
      }[]
    >(
      `SELECT m.id AS "memberId", t.tier, t.since, t.below_since AS "belowSince",
              s.scored_at AS "scoredAt"
         FROM unnest($1::uuid[]) AS m(id)
         LEFT JOIN member_tiers t ON t.member_id = m.id
         LEFT JOIN member_scores s ON s.member_id = m.id`,
      [memberIds],
    );
    const grants = await manager.query<{ key: string; paid: boolean }[]>(
      `SELECT member_id || ':' || grant_key AS key, paid_at IS NOT NULL AS paid FROM reward_grants
        WHERE member_id = ANY($1::uuid[])`,
      [memberIds],
    );
    const tiers = new Map<string, TierState>();
    const scoredAt = new Map<string, Date>();
    for (const member of members) {
      if (member.tier !== null && member.since !== null) {
        tiers.set(member.memberId, {
          tier: member.tier,
          since: member.since,
          belowSince: member.belowSince,
        });
      }
      if (member.scoredAt !== null) scoredAt.set(member.memberId, member.scoredAt);
    }
    return {
      tiers,
      scoredAt,
      heldGrants: new Set(grants.map((grant) => grant.key)),
      anyUnpaid: grants.some((grant) => !grant.paid),
    };
  }

  /**
   * Decides and writes a scoring pass for these members in one transaction, holding each
   * member's scoring lock (taken in id order, so two passes never deadlock): two workers scoring
   * the same member at once — a member's job and a full rescore, or two replicas — decide one
   * after the other, each on the tier state and rewards the other left.
   */
  async decideAndSave(
    memberIds: readonly string[],
    decide: (state: LockedScoringState) => ScoringOutcome,
  ): Promise<ScoringOutcome & { readonly rewardsOwed: boolean }> {
    return this.dataSource.transaction(async (manager) => {
      await manager.query(
        `SELECT pg_advisory_xact_lock(hashtext('member-scoring'), hashtext(id::text))
           FROM unnest($1::uuid[]) AS id ORDER BY id`,
        [memberIds],
      );
      const state = await this.lockedScoringState(memberIds, manager);
      const outcome = decide(state);
      await writeScoringOutcome(manager, outcome);
      return { ...outcome, rewardsOwed: state.anyUnpaid || outcome.grants.length > 0 };
    });
  }

  async unpaidGrants(
    programId: string,
    memberIds: readonly string[] | null,
  ): Promise<RewardGrantRecord[]> {
    return this.dataSource.query<RewardGrantRecord[]>(
      // A member who erased their data has a closed points account, and a merged duplicate's
      // points went to the member it was merged into: their grants stay unpaid.
      `SELECT g.id, g.program_id AS "programId", g.member_id AS "memberId", g.kind,
              g.grant_key AS "grantKey", g.points, g.reason
         FROM reward_grants g JOIN members m ON m.id = g.member_id
        WHERE g.program_id = $1 AND g.paid_at IS NULL AND m.erased_at IS NULL
          AND m.merged_into_member_id IS NULL
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
  liveCutoffs(policyVersion: ValuePolicyVersion): Promise<TierCutoffs> {
    return this.cutoffsFor(policyVersion.programId, policyVersion.policy);
  }

  /** A policy's cutoffs against the program's current score distribution (a draft's, too). */
  async cutoffsFor(programId: string, policy: ValuePolicy): Promise<TierCutoffs> {
    if (policy.tierBasis === 'clv') return tierCutoffs(policy, () => null);
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
    const rows = await this.dataSource.query<ColumnsOf<'members', 'id'>[]>(
      `SELECT id FROM members
        WHERE program_id = $1 AND merged_into_member_id IS NULL AND ($2::uuid IS NULL OR id > $2)
        ORDER BY id LIMIT $3`,
      [programId, afterId, limit],
    );
    return rows.map((row) => row.id);
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
