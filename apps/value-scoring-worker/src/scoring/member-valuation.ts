import {
  type BgNbdParameters,
  bgNbdConditionalExpectedPurchases,
  bgNbdProbabilityAlive,
  discountedClv,
  type GammaGammaParameters,
  gammaGammaExpectedValue,
  simpleClv,
  UNITS_PER_MONTH,
} from '@loyalty/clv';
import type { ValuePolicy } from '@loyalty/domain';
import type { MemberPurchaseSummary, MemberScoreRecord } from '@loyalty/persistence';

/** The fitted models a promoted CLV model version holds, in days and minor units. */
export interface ScoringModel {
  readonly id: string;
  readonly purchase: BgNbdParameters;
  readonly spend: GammaGammaParameters | null;
}

export type Valuation = Omit<MemberScoreRecord, 'memberId' | 'programId' | 'scoredAt'>;

const DAYS_PER_MONTH = UNITS_PER_MONTH.day;

/**
 * What a member is worth under the policy's assumptions. With a promoted model and enough
 * history: BG/NBD for P(alive) and the expected purchases, Gamma-Gamma for their value, and the
 * discounted CLV (docs/clv.md). Otherwise the simple form — purchases per month × mean value ×
 * horizon × margin — flagged as `simple`, with P(alive) taken as 1 (unknown, never "at risk").
 * Both subtract the member's acquisition cost.
 */
export function valueMember(
  summary: MemberPurchaseSummary,
  model: ScoringModel | null,
  policy: ValuePolicy,
): Valuation {
  const x = summary.frequency;
  const tx = summary.recencyDays;
  const T = summary.ageDays;
  const purchases = T === null ? 0 : x + 1;
  const meanValue = purchases > 0 ? summary.revenueMinor / purchases : 0;
  const base = {
    frequency: x,
    recencyDays: tx,
    ageDays: T ?? 0,
    monetaryMinor: summary.monetaryMinor,
  };
  if (model && T !== null && T >= policy.minHistoryDays && T > 0) {
    const expectedBy = (t: number) =>
      bgNbdConditionalExpectedPurchases(model.purchase, t, x, tx, T);
    const expectedValue = model.spend
      ? gammaGammaExpectedValue(model.spend, x, summary.monetaryMinor)
      : meanValue;
    const clv = discountedClv(expectedBy, expectedValue, {
      horizonMonths: policy.horizonMonths,
      annualDiscountRate: policy.annualDiscountRate,
      margin: policy.margin,
      costToServePerPurchase: policy.costToServePerPurchaseMinor,
      acquisitionCost: summary.acquisitionCostMinor,
      timeUnit: 'day',
    });
    return {
      ...base,
      clvModelId: model.id,
      method: 'model',
      pAlive: bgNbdProbabilityAlive(model.purchase, x, tx, T),
      expectedPurchases: expectedBy(policy.horizonMonths * DAYS_PER_MONTH),
      expectedValueMinor: expectedValue,
      clvMinor: Math.round(clv),
    };
  }
  const purchasesPerMonth = purchases / Math.max((T ?? 0) / DAYS_PER_MONTH, 1);
  const margined = simpleClv({
    purchasesPerMonth,
    averagePurchaseValue: Math.max(
      meanValue - policy.costToServePerPurchaseMinor / policy.margin,
      0,
    ),
    expectedLifetimeMonths: policy.horizonMonths,
    margin: policy.margin,
  });
  return {
    ...base,
    clvModelId: null,
    method: 'simple',
    pAlive: 1,
    expectedPurchases: purchasesPerMonth * policy.horizonMonths,
    expectedValueMinor: meanValue,
    clvMinor: Math.round(margined - summary.acquisitionCostMinor),
  };
}
