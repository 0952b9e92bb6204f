import { MemberResolver } from '@loyalty/ledger';
import { MemberValueRepository, ValuePolicyRepository } from '@loyalty/persistence';
import { Injectable } from '@nestjs/common';
import type { MemberValueResponse } from './member-value.responses';

const DAY_MS = 86_400_000;
const TIER_HISTORY_LIMIT = 100;

/**
 * A member's value as the desk and marketing read it: the CLV with every input it came from, the
 * model that computed it, the tier now and each decision on it with its reason. An unknown member
 * is not found; an erased one is gone (410), as on every member route.
 */
@Injectable()
export class ReadMemberValueUseCase {
  constructor(
    private readonly memberResolver: MemberResolver,
    private readonly values: MemberValueRepository,
    private readonly policies: ValuePolicyRepository,
  ) {}

  async execute(programId: string, memberId: string): Promise<MemberValueResponse> {
    await this.memberResolver.member(programId, memberId);
    const program = await this.memberResolver.program(programId);
    const { score, tier, tierHistory } = await this.values.of(memberId, TIER_HISTORY_LIMIT);
    const graceDays = tier?.belowSince
      ? ((await this.policies.inForceAt(programId, new Date()))?.policy.downgradeGraceDays ?? 0)
      : 0;
    return {
      memberId,
      clv: score
        ? {
            clvMinor: score.clvMinor,
            currency: program.currency,
            method: score.method,
            frequency: score.frequency,
            recencyDays: score.recencyDays,
            ageDays: score.ageDays,
            averageSpendMinor: score.monetaryMinor,
            pAlive: score.pAlive,
            expectedPurchases: score.expectedPurchases,
            expectedValueMinor: score.expectedValueMinor,
            model: score.model
              ? { ...score.model, fittedAt: score.model.fittedAt.toISOString() }
              : null,
            scoredAt: score.scoredAt.toISOString(),
          }
        : null,
      tier: tier
        ? {
            name: tier.name,
            since: tier.since.toISOString(),
            heldUntil: tier.belowSince
              ? new Date(tier.belowSince.getTime() + graceDays * DAY_MS).toISOString()
              : null,
          }
        : null,
      tierHistory: tierHistory.map((decision) => ({
        ...decision,
        changedAt: decision.changedAt.toISOString(),
      })),
    };
  }
}
