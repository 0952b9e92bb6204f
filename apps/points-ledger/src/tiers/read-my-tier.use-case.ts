import { progressTowardNextTier } from '@loyalty/domain';
import { ValuePolicyRepository, ValueScoringRepository } from '@loyalty/persistence';
import { Injectable } from '@nestjs/common';

const DAY_MS = 86_400_000;

/** A member's tier as the app shows it. */
export interface MyTier {
  readonly tier: string | null;
  readonly since: Date | null;
  readonly earningMultiplierBp: number;
  /** Set while the member is below the tier: it is kept until then (the grace period). */
  readonly heldUntil: Date | null;
  readonly nextTier: {
    readonly name: string;
    readonly progress: number;
    readonly earningMultiplierBp: number;
    readonly upgradeRewardPoints: number;
  } | null;
}

/** The member's tier, since when, what it earns, and how far the next one is. */
@Injectable()
export class ReadMyTierUseCase {
  constructor(
    private readonly policies: ValuePolicyRepository,
    private readonly scoring: ValueScoringRepository,
  ) {}

  async execute(programId: string, memberId: string): Promise<MyTier> {
    const policyVersion = await this.policies.inForceAt(programId, new Date());
    const [state] = [...(await this.scoring.tierStates([memberId])).values()];
    const score = await this.scoring.score(memberId);
    const policy = policyVersion?.policy;
    const index = policy && state ? policy.tiers.findIndex((tier) => tier.name === state.tier) : -1;
    const current = index >= 0 ? policy!.tiers[index] : undefined;
    const next = index >= 0 ? policy!.tiers[index + 1] : undefined;
    let nextTier: MyTier['nextTier'] = null;
    if (policyVersion && next && score) {
      const cutoffs = await this.scoring.currentCutoffs(policyVersion);
      nextTier = {
        name: next.name,
        progress: progressTowardNextTier(cutoffs, index, score.clvMinor),
        earningMultiplierBp: next.earningMultiplierBp,
        upgradeRewardPoints: next.upgradeRewardPoints,
      };
    }
    return {
      tier: state?.tier ?? null,
      since: state?.since ?? null,
      earningMultiplierBp: current?.earningMultiplierBp ?? 10000,
      heldUntil:
        state?.belowSince && policy
          ? new Date(state.belowSince.getTime() + policy.downgradeGraceDays * DAY_MS)
          : null,
      nextTier,
    };
  }
}
