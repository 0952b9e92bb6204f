import { computeEarnedPoints, type EarnedPoints, type EarningRules } from '@loyalty/domain';
import { ManageEarningRulesUseCase, ProgramSettings } from '@loyalty/ledger';
import { Injectable } from '@nestjs/common';
import type { PreviewBasketRequest } from './earning-rules.requests';
import type { EarningRulesPreviewResponse } from './earning-rules.responses';

/**
 * What a sample basket earns under draft rules, beside what it earns under the rules in force:
 * the editor's live preview. The computation is the purchases' own (`computeEarnedPoints`);
 * budgets are left out, as they depend on what other purchases spent.
 */
@Injectable()
export class PreviewEarningRulesUseCase {
  constructor(
    private readonly earningRules: ManageEarningRulesUseCase,
    private readonly settings: ProgramSettings,
  ) {}

  async execute(
    programId: string,
    draft: EarningRules,
    basket: PreviewBasketRequest,
  ): Promise<EarningRulesPreviewResponse> {
    const occurredAt = basket.occurredAt ? new Date(basket.occurredAt) : new Date();
    const tier = basket.tier ?? null;
    const [inForce, tierMultiplierBp] = await Promise.all([
      this.earningRules.inForceAt(programId, occurredAt),
      this.settings.tierMultiplierBp(programId, tier),
    ]);
    const price = (rules: EarningRules): EarningRulesPreviewResponse['draft'] => {
      const earned: EarnedPoints = computeEarnedPoints(
        {
          amountMinor: basket.amountMinor,
          lines: (basket.lines ?? []).map((line) => ({ ...line })),
          occurredAt,
          memberTier: tier,
          ...(tierMultiplierBp !== undefined ? { tierMultiplierBp } : {}),
        },
        rules,
      );
      return { points: earned.points, breakdown: earned.breakdown.map((line) => ({ ...line })) };
    };
    return {
      draft: price(draft),
      inForce: inForce ? price(inForce.rules) : null,
      tierMultiplierBp: tierMultiplierBp ?? null,
    };
  }
}
