import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { ColumnsOf, MemberTiersRow } from '../../schema/rows';
import type { MemberScoreRecord } from './value-scoring.repository';

/** The model a member's score came from, as staff read it beside the score. */
export interface ScoringModel {
  readonly id: string;
  readonly version: number;
  readonly fittedAt: Date;
}

/** One decision on a member's tier, with the model and policy it was made under. */
export interface TierDecision {
  readonly fromTier: string | null;
  readonly toTier: string;
  readonly kind: 'placed' | 'upgraded' | 'downgraded';
  readonly reason: string;
  readonly clvMinor: number;
  readonly modelVersion: number | null;
  readonly valuePolicyVersion: number;
  readonly changedAt: Date;
}

export interface MemberValueRecord {
  readonly score: (MemberScoreRecord & { readonly model: ScoringModel | null }) | null;
  readonly tier: {
    readonly name: string;
    readonly since: Date;
    readonly belowSince: Date | null;
  } | null;
  /** Newest first, at most the limit asked for. */
  readonly tierHistory: readonly TierDecision[];
}

/** A member's value as staff and marketing read it: the score's inputs, tier and its history. */
@Injectable()
export class MemberValueRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async of(memberId: string, historyLimit: number): Promise<MemberValueRecord> {
    const [score] = await this.dataSource.query<
      (MemberScoreRecord & { modelVersion: number | null; modelFittedAt: Date | null })[]
    >(
      `SELECT s.member_id AS "memberId", s.program_id AS "programId",
              s.clv_model_id AS "clvModelId", s.method, s.frequency,
              s.recency_days AS "recencyDays", s.age_days AS "ageDays",
              s.monetary_minor AS "monetaryMinor", s.p_alive AS "pAlive",
              s.expected_purchases AS "expectedPurchases",
              s.expected_value_minor AS "expectedValueMinor", s.clv_minor AS "clvMinor",
              s.scored_at AS "scoredAt", c.version AS "modelVersion",
              c.fitted_at AS "modelFittedAt"
         FROM member_scores s LEFT JOIN clv_models c ON c.id = s.clv_model_id
        WHERE s.member_id = $1`,
      [memberId],
    );
    const [tier] = await this.dataSource.query<
      (ColumnsOf<'member_tiers', 'since'> & {
        name: MemberTiersRow['tier'];
        belowSince: MemberTiersRow['below_since'];
      })[]
    >(
      `SELECT tier AS name, since, below_since AS "belowSince" FROM member_tiers
        WHERE member_id = $1`,
      [memberId],
    );
    const tierHistory = await this.dataSource.query<TierDecision[]>(
      `SELECT t.from_tier AS "fromTier", t.to_tier AS "toTier", t.kind, t.reason,
              t.clv_minor AS "clvMinor", c.version AS "modelVersion",
              t.value_policy_version AS "valuePolicyVersion", t.changed_at AS "changedAt"
         FROM tier_changes t LEFT JOIN clv_models c ON c.id = t.clv_model_id
        WHERE t.member_id = $1 ORDER BY t.changed_at DESC, t.id DESC LIMIT $2`,
      [memberId, historyLimit],
    );
    return {
      score: score
        ? {
            ...score,
            model:
              score.clvModelId && score.modelVersion !== null && score.modelFittedAt
                ? {
                    id: score.clvModelId,
                    version: score.modelVersion,
                    fittedAt: score.modelFittedAt,
                  }
                : null,
          }
        : null,
      tier: tier ?? null,
      tierHistory,
    };
  }
}
