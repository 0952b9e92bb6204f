import type { EntityManager } from 'typeorm';
import type { MemberScoreRecord, ScoringOutcome } from './value-scoring.repository';
import { postBatch } from '../ledger/journal-posting';

/** The statements of a scoring pass, inside the caller's transaction. */
export async function writeScoringOutcome(
  manager: EntityManager,
  outcome: ScoringOutcome,
): Promise<void> {
  await upsertScores(manager, outcome.scores);
  const states = outcome.tierStates;
  if (states.length > 0) {
    await manager.query(
      `INSERT INTO member_tiers (member_id, program_id, tier, since, below_since)
           SELECT state.member_id, $1, state.tier, state.since, state.below_since
             FROM unnest($2::uuid[], $3::text[], $4::timestamptz[], $5::timestamptz[])
               AS state(member_id, tier, since, below_since)
           ON CONFLICT (member_id) DO UPDATE
              SET tier = EXCLUDED.tier, since = EXCLUDED.since, below_since = EXCLUDED.below_since
            -- A tier held as it was writes nothing: most passes over a member change no tier.
            WHERE (member_tiers.tier, member_tiers.since, member_tiers.below_since)
                  IS DISTINCT FROM (EXCLUDED.tier, EXCLUDED.since, EXCLUDED.below_since)`,
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
  // The outbox is written by the ledger's one posting statement, whoever writes the events.
  await postBatch(manager, [{ journals: [], events: outcome.events }]);
}

export async function upsertScores(
  manager: EntityManager,
  scores: readonly MemberScoreRecord[],
): Promise<void> {
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
           scored_at = EXCLUDED.scored_at
         -- A valuation never overwrites a newer one (a slow job after a rescore, or the reverse).
         WHERE member_scores.scored_at <= EXCLUDED.scored_at`,
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
