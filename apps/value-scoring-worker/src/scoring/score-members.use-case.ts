import {
  decideTier,
  type TierCutoffs,
  type TierState,
  tierForClv,
  type ValuePolicyVersion,
  winBackPeriod,
} from '@loyalty/domain';
import {
  ClvHistoryRepository,
  type ClvModelRecord,
  type MemberScoreRecord,
  ProgramRepository,
  type RewardGrantRecord,
  type ScoringOutcome,
  type TierChangeRecord,
  ValuePolicyRepository,
  ValueScoringRepository,
} from '@loyalty/persistence';
import { Injectable } from '@nestjs/common';
import type { BgNbdParameters, GammaGammaParameters } from '@loyalty/clv';
import { randomUUID } from 'node:crypto';
import { type ScoringModel, valueMember } from './member-valuation';

export interface ScoringPass {
  readonly scored: number;
  readonly tierChanges: number;
  readonly grants: number;
}

export const toScoringModel = (record: ClvModelRecord | null): ScoringModel | null =>
  record
    ? {
        id: record.id,
        purchase: record.purchaseModel.parameters as BgNbdParameters,
        spend: (record.spendModel?.parameters as GammaGammaParameters | undefined) ?? null,
      }
    : null;

/**
 * Scores members and moves them between tiers: one set-based read of their purchases, the
 * valuation in memory, and one transaction for scores, tiers, history, rewards owed and events.
 * Running it twice on the same data changes nothing more: tiers are held, rewards are owed once.
 */
@Injectable()
export class ScoreMembersUseCase {
  constructor(
    private readonly scoring: ValueScoringRepository,
    private readonly history: ClvHistoryRepository,
    private readonly policies: ValuePolicyRepository,
    private readonly programs: ProgramRepository,
  ) {}

  /** Values the members and decides their tiers, in one transaction. */
  async execute(
    programId: string,
    memberIds: readonly string[] | null,
    now: Date = new Date(),
    cutoffsOverride?: TierCutoffs,
  ): Promise<ScoringPass> {
    const valued = await this.value(programId, memberIds, now);
    if (!valued) return { scored: 0, tierChanges: 0, grants: 0 };
    const cutoffs = cutoffsOverride ?? (await this.scoring.currentCutoffs(valued.policyVersion));
    return this.decide(valued.policyVersion, valued.scores, cutoffs, now, true);
  }

  /** The members' scores, computed and not yet saved; null when the program has no policy. */
  async value(
    programId: string,
    memberIds: readonly string[] | null,
    now: Date,
  ): Promise<{ policyVersion: ValuePolicyVersion; scores: MemberScoreRecord[] } | null> {
    const program = await this.programs.findById(programId);
    const policyVersion = await this.policies.inForceAt(programId, now);
    if (!program || !policyVersion) return null;
    const model = toScoringModel(await this.history.promotedModel(programId));
    const summaries = await this.history.summaries(programId, now, program.timezone, memberIds);
    const scores = summaries.map((summary) => ({
      ...valueMember(summary, model, policyVersion.policy),
      memberId: summary.memberId,
      programId,
      scoredAt: now,
    }));
    return { policyVersion, scores };
  }

  /**
   * Tier decisions, rewards owed and events for scored members, saved in one transaction with
   * the scores when `saveScores` (a full rescore saved them in its first pass).
   */
  async decide(
    policyVersion: ValuePolicyVersion,
    valuations: readonly MemberScoreRecord[],
    cutoffs: TierCutoffs,
    now: Date,
    saveScores: boolean,
  ): Promise<ScoringPass> {
    if (valuations.length === 0) return { scored: 0, tierChanges: 0, grants: 0 };
    const ids = valuations.map((valuation) => valuation.memberId);
    // Decided under the members' scoring locks, on the state the transaction reads.
    const outcome = await this.scoring.decideAndSave(ids, (states, heldGrants) => ({
      ...decideOutcome(policyVersion, valuations, cutoffs, now, states, heldGrants),
      scores: saveScores ? valuations : [],
    }));
    return {
      scored: valuations.length,
      tierChanges: outcome.tierChanges.length,
      grants: outcome.grants.length,
    };
  }
}

/** The tier decisions, rewards owed and events of a pass, from the members' current state. */
function decideOutcome(
  policyVersion: ValuePolicyVersion,
  valuations: readonly MemberScoreRecord[],
  cutoffs: TierCutoffs,
  now: Date,
  states: Map<string, TierState>,
  heldGrants: Set<string>,
): Omit<ScoringOutcome, 'scores'> {
  const { policy, programId } = policyVersion;

  const tierStates = [];
  const tierChanges: TierChangeRecord[] = [];
  const grants: RewardGrantRecord[] = [];
  const events = [];
  for (const valuation of valuations) {
    const target = tierForClv(cutoffs, valuation.clvMinor);
    const decision = decideTier(policy, states.get(valuation.memberId) ?? null, target, now);
    tierStates.push({ ...decision.state, memberId: valuation.memberId });
    if (decision.kind !== 'held') {
      const from =
        decision.kind === 'placed' ? (states.get(valuation.memberId)?.tier ?? null) : decision.from;
      const change: TierChangeRecord = {
        id: randomUUID(),
        memberId: valuation.memberId,
        fromTier: from,
        toTier: decision.state.tier,
        kind: decision.kind,
        reason: `CLV ${valuation.clvMinor} (${valuation.method}) ${
          decision.kind === 'downgraded'
            ? `stayed below ${from} for ${policy.downgradeGraceDays} days`
            : `reaches ${decision.state.tier}`
        }`,
        clvMinor: valuation.clvMinor,
        clvModelId: valuation.clvModelId,
        valuePolicyVersion: policyVersion.version,
        changedAt: now,
      };
      tierChanges.push(change);
      events.push({
        programId,
        memberId: valuation.memberId,
        type: 'tier.changed',
        payload: { ...change, changedAt: now.toISOString() },
      });
      const tier = policy.tiers.find((candidate) => candidate.name === decision.state.tier);
      const grantKey = `tier_upgrade:${decision.state.tier}`;
      if (
        decision.kind === 'upgraded' &&
        tier &&
        tier.upgradeRewardPoints > 0 &&
        !heldGrants.has(`${valuation.memberId}:${grantKey}`)
      ) {
        grants.push({
          id: randomUUID(),
          programId,
          memberId: valuation.memberId,
          kind: 'tier_upgrade',
          grantKey,
          points: tier.upgradeRewardPoints,
          reason: `welcome to ${tier.name}`,
        });
      }
    }
    const winBack = policy.winBack;
    if (
      winBack &&
      valuation.method === 'model' &&
      valuation.clvMinor >= winBack.minClvMinor &&
      valuation.pAlive < winBack.pAliveBelow
    ) {
      const grantKey = `win_back:${winBackPeriod(winBack, now)}`;
      if (!heldGrants.has(`${valuation.memberId}:${grantKey}`)) {
        grants.push({
          id: randomUUID(),
          programId,
          memberId: valuation.memberId,
          kind: 'win_back',
          grantKey,
          points: winBack.rewardPoints,
          reason: 'we miss you',
        });
        events.push({
          programId,
          memberId: valuation.memberId,
          type: 'member.at_risk',
          payload: {
            memberId: valuation.memberId,
            clvMinor: valuation.clvMinor,
            pAlive: valuation.pAlive,
            clvModelId: valuation.clvModelId,
          },
        });
      }
    }
  }
  return { programId, tierStates, tierChanges, grants, events };
}
