import { decideTier, type TierCutoffs, tierForClv, winBackPeriod } from '@loyalty/domain';
import {
  type ClvModelRecord,
  ProgramRepository,
  type RewardGrantRecord,
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
    private readonly policies: ValuePolicyRepository,
    private readonly programs: ProgramRepository,
  ) {}

  async execute(
    programId: string,
    memberIds: readonly string[] | null,
    now: Date = new Date(),
    cutoffsOverride?: TierCutoffs,
  ): Promise<ScoringPass> {
    const program = await this.programs.findById(programId);
    const policyVersion = await this.policies.inForceAt(programId, now);
    if (!program || !policyVersion) return { scored: 0, tierChanges: 0, grants: 0 };
    const policy = policyVersion.policy;
    const model = toScoringModel(await this.scoring.promotedModel(programId));
    const summaries = await this.scoring.summaries(programId, now, program.timezone, memberIds);
    if (summaries.length === 0) return { scored: 0, tierChanges: 0, grants: 0 };
    const ids = summaries.map((summary) => summary.memberId);
    const cutoffs = cutoffsOverride ?? (await this.scoring.currentCutoffs(policyVersion));
    const [states, heldGrants] = await Promise.all([
      this.scoring.tierStates(ids),
      this.scoring.grantKeys(ids),
    ]);

    const scores = [];
    const tierStates = [];
    const tierChanges: TierChangeRecord[] = [];
    const grants: RewardGrantRecord[] = [];
    const events = [];
    for (const summary of summaries) {
      const valuation = valueMember(summary, model, policy);
      scores.push({ ...valuation, memberId: summary.memberId, programId, scoredAt: now });
      const target = tierForClv(cutoffs, valuation.clvMinor);
      const decision = decideTier(policy, states.get(summary.memberId) ?? null, target, now);
      tierStates.push({ ...decision.state, memberId: summary.memberId });
      if (decision.kind !== 'held') {
        const from =
          decision.kind === 'placed' ? (states.get(summary.memberId)?.tier ?? null) : decision.from;
        const change: TierChangeRecord = {
          id: randomUUID(),
          memberId: summary.memberId,
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
          memberId: summary.memberId,
          type: 'tier.changed',
          payload: { ...change, changedAt: now.toISOString() },
        });
        const tier = policy.tiers.find((candidate) => candidate.name === decision.state.tier);
        const grantKey = `tier_upgrade:${decision.state.tier}`;
        if (
          decision.kind === 'upgraded' &&
          tier &&
          tier.upgradeRewardPoints > 0 &&
          !heldGrants.has(`${summary.memberId}:${grantKey}`)
        ) {
          grants.push({
            id: randomUUID(),
            programId,
            memberId: summary.memberId,
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
        if (!heldGrants.has(`${summary.memberId}:${grantKey}`)) {
          grants.push({
            id: randomUUID(),
            programId,
            memberId: summary.memberId,
            kind: 'win_back',
            grantKey,
            points: winBack.rewardPoints,
            reason: 'we miss you',
          });
          events.push({
            programId,
            memberId: summary.memberId,
            type: 'member.at_risk',
            payload: {
              memberId: summary.memberId,
              clvMinor: valuation.clvMinor,
              pAlive: valuation.pAlive,
              clvModelId: valuation.clvModelId,
            },
          });
        }
      }
    }
    await this.scoring.saveOutcome({ programId, scores, tierStates, tierChanges, grants, events });
    return { scored: scores.length, tierChanges: tierChanges.length, grants: grants.length };
  }
}
