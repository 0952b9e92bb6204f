import {
  decideTier,
  type LedgerEvent,
  type TierCutoffs,
  type TierState,
  tierForClv,
  type ValuePolicyVersion,
  winBackPeriod,
} from '@loyalty/domain';
import {
  ClvHistoryRepository,
  ExpiringCache,
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
  /** Whether the members are owed a reward not yet paid: granted now, or left by a lost job. */
  readonly rewardsOwed: boolean;
}

const NOTHING_SCORED: ScoringPass = { scored: 0, tierChanges: 0, grants: 0, rewardsOwed: false };

export const toScoringModel = (record: ClvModelRecord | null): ScoringModel | null =>
  record
    ? {
        id: record.id,
        purchase: record.purchaseModel.parameters as BgNbdParameters,
        spend: (record.spendModel?.parameters as GammaGammaParameters | undefined) ?? null,
      }
    : null;

/** What every pass over a program's members reads alike: its time zone, policy, model, cutoffs. */
interface ScoringContext {
  readonly timezone: string;
  readonly policyVersion: ValuePolicyVersion;
  readonly model: ScoringModel | null;
  readonly cutoffs: TierCutoffs;
}

/**
 * How long a member job reuses its program's scoring context. A backlog of member jobs then
 * reads it once a second instead of once a job (with live percentile cutoffs, a scan of every
 * score of the program). A policy coming into force or a model promoted by another process shows
 * within that second; a model promoted here is forgotten at once, and the full rescore that
 * follows a promotion always reads afresh.
 */
const MEMBER_JOB_CONTEXT_TTL_MS = 1_000;

/** For a valuation alone, decided later with cutoffs of its own. */
const CUTOFFS_NOT_NEEDED: TierCutoffs = [];

/**
 * Scores members and moves them between tiers: one set-based read of their purchases, the
 * valuation in memory, and one transaction for scores, tiers, history, rewards owed and events.
 * Running it twice on the same data changes nothing more: tiers are held, rewards are owed once.
 */
@Injectable()
export class ScoreMembersUseCase {
  private readonly memberJobContexts = new ExpiringCache<string, ScoringContext | null>(
    MEMBER_JOB_CONTEXT_TTL_MS,
  );

  constructor(
    private readonly scoring: ValueScoringRepository,
    private readonly history: ClvHistoryRepository,
    private readonly policies: ValuePolicyRepository,
    private readonly programs: ProgramRepository,
  ) {}

  /** Values the members and decides their tiers, in one transaction, on a fresh context. */
  async execute(
    programId: string,
    memberIds: readonly string[] | null,
    now: Date = new Date(),
    cutoffsOverride?: TierCutoffs,
  ): Promise<ScoringPass> {
    const context = await this.loadContext(programId, now, cutoffsOverride);
    return context ? this.score(programId, context, memberIds, now) : NOTHING_SCORED;
  }

  /** A member job's pass: as execute, on the program's context of the last second. */
  async executeForMemberJob(
    programId: string,
    memberIds: readonly string[],
    now: Date = new Date(),
  ): Promise<ScoringPass> {
    const context = await this.memberJobContexts.get(programId, () =>
      this.loadContext(programId, now),
    );
    return context ? this.score(programId, context, memberIds, now) : NOTHING_SCORED;
  }

  /** Forgets the program's cached context at once: its model changed in this process. */
  forgetContext(programId: string): void {
    this.memberJobContexts.forget(programId);
  }

  /** The members' scores, computed and not yet saved; null when the program has no policy. */
  async value(
    programId: string,
    memberIds: readonly string[] | null,
    now: Date,
  ): Promise<{ policyVersion: ValuePolicyVersion; scores: MemberScoreRecord[] } | null> {
    const context = await this.loadContext(programId, now, CUTOFFS_NOT_NEEDED);
    return context
      ? {
          policyVersion: context.policyVersion,
          scores: await this.valueWith(programId, context, memberIds, now),
        }
      : null;
  }

  private async score(
    programId: string,
    context: ScoringContext,
    memberIds: readonly string[] | null,
    now: Date,
  ): Promise<ScoringPass> {
    const scores = await this.valueWith(programId, context, memberIds, now);
    return this.decide(context.policyVersion, scores, context.cutoffs, now, true);
  }

  /** The program's context; `cutoffs` given (a rescore's own) spares reading them. */
  private async loadContext(
    programId: string,
    now: Date,
    cutoffs?: TierCutoffs,
  ): Promise<ScoringContext | null> {
    const program = await this.programs.findById(programId);
    const policyVersion = await this.policies.inForceAt(programId, now);
    if (!program || !policyVersion) return null;
    return {
      timezone: program.timezone,
      policyVersion,
      model: toScoringModel(await this.history.promotedModel(programId)),
      cutoffs: cutoffs ?? (await this.scoring.currentCutoffs(policyVersion)),
    };
  }

  private async valueWith(
    programId: string,
    context: ScoringContext,
    memberIds: readonly string[] | null,
    now: Date,
  ): Promise<MemberScoreRecord[]> {
    const summaries = await this.history.summaries(programId, now, context.timezone, memberIds);
    return summaries.map((summary) => ({
      ...valueMember(summary, context.model, context.policyVersion.policy),
      memberId: summary.memberId,
      programId,
      scoredAt: now,
    }));
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
    if (valuations.length === 0) return NOTHING_SCORED;
    const ids = valuations.map((valuation) => valuation.memberId);
    // Decided under the members' scoring locks, on the state the transaction reads. A valuation
    // older than the member's saved score (a slow job overtaken by a rescore on a new model, or
    // the reverse) is superseded: it neither overwrites that score nor decides a tier.
    const outcome = await this.scoring.decideAndSave(ids, (state) => {
      const current = valuations.filter(
        (valuation) => !((state.scoredAt.get(valuation.memberId) ?? 0) > valuation.scoredAt),
      );
      return {
        ...decideOutcome(policyVersion, current, cutoffs, now, state.tiers, state.heldGrants),
        scores: saveScores ? current : [],
      };
    });
    return {
      scored: valuations.length,
      tierChanges: outcome.tierChanges.length,
      grants: outcome.grants.length,
      rewardsOwed: outcome.rewardsOwed,
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
  const events: LedgerEvent[] = [];
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
