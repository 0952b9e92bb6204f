import { checkTierLadder, type ValuePolicy, type ValuePolicyVersion } from '@loyalty/domain';
import { ProgramSettings } from '@loyalty/ledger';
import {
  InsightsRepository,
  ValuePolicyRepository,
  ValueScoringRepository,
} from '@loyalty/persistence';
import type { ValuePolicyPreviewResponse } from './value-policies.responses';

/** What estimates CLV: a draft that changes any of these changes members' CLV, not only tiers. */
const CLV_ASSUMPTIONS = [
  'horizonMonths',
  'annualDiscountRate',
  'margin',
  'costToServePerPurchaseMinor',
  'minHistoryDays',
] as const;
import { Injectable } from '@nestjs/common';

/** The program's value policy versions: every one of them, and a new one published. */
@Injectable()
export class ManageValuePoliciesUseCase {
  constructor(
    private readonly policies: ValuePolicyRepository,
    private readonly settings: ProgramSettings,
    private readonly scoring: ValueScoringRepository,
    private readonly insights: InsightsRepository,
  ) {}

  /**
   * What publishing a draft would do to the tiers: every scored member placed by their current
   * CLV against the draft's cut-offs (percentile ones from today's distribution), against the
   * tier they hold now. Writes nothing.
   */
  async preview(
    programId: string,
    draft: ValuePolicy,
    now = new Date(),
  ): Promise<ValuePolicyPreviewResponse> {
    checkTierLadder(draft);
    const [cutoffs, current] = await Promise.all([
      this.scoring.cutoffsFor(programId, draft),
      this.policies.inForceAt(programId, now),
    ]);
    const names = cutoffs.map((cutoff) => cutoff.tier);
    const rows = await this.insights.tierMoves(
      programId,
      names,
      cutoffs.slice(1).map((cutoff) => cutoff.minClvMinor),
    );
    const direction = (from: string | null, to: string) => {
      if (from === null) return 'placed' as const;
      if (!names.includes(from)) return 'moved' as const;
      const step = names.indexOf(to) - names.indexOf(from);
      return step > 0 ? ('up' as const) : step < 0 ? ('down' as const) : ('same' as const);
    };
    const moves = rows
      .map((row) => ({ ...row, direction: direction(row.fromTier, row.toTier) }))
      .sort((a, b) => b.members - a.members);
    const total = (kind: ReturnType<typeof direction>[]) =>
      moves.filter((move) => kind.includes(move.direction)).reduce((sum, m) => sum + m.members, 0);
    return {
      membersScored: total(['up', 'down', 'same', 'placed', 'moved']),
      upgrades: total(['up']),
      downgrades: total(['down']),
      otherMoves: total(['placed', 'moved']),
      unchanged: total(['same']),
      moves,
      clvAssumptionsChanged:
        current !== null &&
        CLV_ASSUMPTIONS.some((assumption) => current.policy[assumption] !== draft[assumption]),
      downgradeGraceDays: draft.downgradeGraceDays,
    };
  }

  list(programId: string): Promise<ValuePolicyVersion[]> {
    return this.policies.list(programId);
  }

  /** A policy whose tiers do not climb is refused; a published one earns at once here. */
  async publish(
    programId: string,
    policy: ValuePolicy,
    effectiveFrom: Date,
    staffId: string,
  ): Promise<ValuePolicyVersion> {
    checkTierLadder(policy);
    const version = await this.policies.publish(programId, policy, effectiveFrom, staffId);
    this.settings.forget(programId);
    return version;
  }
}
