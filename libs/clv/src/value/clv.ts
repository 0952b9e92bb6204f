import type { TimeUnit } from '../summary/transactions';

/** Model time units per month, as lifetimes and pymc-marketing count them. */
export const UNITS_PER_MONTH: Readonly<Record<TimeUnit, number>> = { day: 30, week: 4.345 };

export interface ClvAssumptions {
  readonly horizonMonths: number;
  /** Discount rate per year (e.g. 0.1); applied per month as (1 + rate)^(1/12) − 1. */
  readonly annualDiscountRate: number;
  /** Share of a purchase's value that is profit (0..1]. */
  readonly margin: number;
  /** Cost of serving one purchase (delivery, support), in money. */
  readonly costToServePerPurchase?: number;
  /** What acquiring the customer cost; subtracted once (docs/domain.md). */
  readonly acquisitionCost?: number;
  readonly timeUnit: TimeUnit;
}

export const monthlyDiscountRate = (annual: number): number => (1 + annual) ** (1 / 12) - 1;

/**
 * Discounted CLV (domain.md): Σ_{k=1..H} ΔE[purchases in month k] · (margin · E[value] − cost to
 * serve) / (1 + d)^k − acquisition cost. The expected purchases per month already carry the
 * probability of being alive and of dropping out later, as in lifetimes'
 * customer_lifetime_value, which this reproduces with margin 1 and no costs.
 */
export function discountedClv(
  expectedPurchasesBy: (t: number) => number,
  expectedValue: number,
  assumptions: ClvAssumptions,
): number {
  const unitsPerMonth = UNITS_PER_MONTH[assumptions.timeUnit];
  const d = monthlyDiscountRate(assumptions.annualDiscountRate);
  const profitPerPurchase =
    assumptions.margin * expectedValue - (assumptions.costToServePerPurchase ?? 0);
  let value = 0;
  let previous = 0;
  for (let month = 1; month <= assumptions.horizonMonths; month += 1) {
    const cumulative = expectedPurchasesBy(month * unitsPerMonth);
    value += ((cumulative - previous) * profitPerPurchase) / (1 + d) ** month;
    previous = cumulative;
  }
  return value - (assumptions.acquisitionCost ?? 0);
}

/**
 * The simple form for members with too little history for the models: purchase frequency ×
 * average purchase value × expected lifetime × margin (domain.md), undiscounted.
 */
export function simpleClv(input: {
  purchasesPerMonth: number;
  averagePurchaseValue: number;
  expectedLifetimeMonths: number;
  margin: number;
}): number {
  return (
    input.purchasesPerMonth *
    input.averagePurchaseValue *
    input.expectedLifetimeMonths *
    input.margin
  );
}
