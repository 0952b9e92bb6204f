import type { EarningRules, ValuePolicy } from '@loyalty/domain';

/** The demo program's rules: a point per euro, coffee double, gold ×1.5, a yearly expiry. */
export const DEMO_EARNING_RULES: EarningRules = {
  basePoints: 1,
  perMinorUnits: 100,
  rounding: 'down',
  categoryMultipliers: { coffee: 20000 },
  skuMultipliers: {},
  campaigns: [],
  excludedCategories: ['tobacco', 'gift-cards'],
  maxPointsPerPurchase: 5000,
  pendingDays: 14,
  expiry: { kind: 'end_of_period', months: 12, period: 'year' },
};

/** Tiers by predicted value for the demo: most members start as members, the best reach gold. */
export const DEMO_VALUE_POLICY: ValuePolicy = {
  tierBasis: 'clv',
  tiers: [
    { name: 'member', earningMultiplierBp: 10000, upgradeRewardPoints: 0 },
    { name: 'silver', minClvMinor: 20_000, earningMultiplierBp: 12000, upgradeRewardPoints: 200 },
    { name: 'gold', minClvMinor: 60_000, earningMultiplierBp: 15000, upgradeRewardPoints: 500 },
  ],
  downgradeGraceDays: 60,
  horizonMonths: 12,
  annualDiscountRate: 0.1,
  margin: 0.3,
  costToServePerPurchaseMinor: 50,
  minHistoryDays: 30,
  winBack: { minClvMinor: 20_000, pAliveBelow: 0.3, rewardPoints: 300, periodDays: 180 },
};

export interface DemoPurchase {
  readonly daysAgo: number;
  readonly amountMinor: number;
  readonly category: string;
}

/** A small deterministic generator (mulberry32): the same demo every time. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const CATEGORIES = ['groceries', 'coffee', 'bakery', 'household'];

/**
 * How long ago a demo member enrolled: spread over the last eleven months, so the dashboard's
 * enrolment cohorts each hold someone.
 */
export const demoEnrolmentDaysAgo = (memberIndex: number): number =>
  35 + ((memberIndex * 97) % 300);

/**
 * A purchase history per member, as repeat buyers and one-off buyers give it: each member buys at
 * their own rate and spend level from their enrolment on, so CLV has something to learn from.
 */
export function demoPurchases(memberIndex: number): DemoPurchase[] {
  const next = random(1000 + memberIndex);
  const ratePerMonth = 0.6 + next() * 4;
  const typicalSpend = 800 + Math.floor(next() * 6000);
  const purchases: DemoPurchase[] = [];
  for (let day = demoEnrolmentDaysAgo(memberIndex); day >= 1; day -= 1) {
    if (next() < ratePerMonth / 30) {
      purchases.push({
        daysAgo: day,
        amountMinor: Math.max(100, Math.round(typicalSpend * (0.5 + next()))),
        category: CATEGORIES[Math.floor(next() * CATEGORIES.length)]!,
      });
    }
  }
  return purchases;
}

export interface DemoSurveyAnswer {
  readonly monthsAgo: number;
  readonly nps: number;
  readonly csat: number;
  readonly ces: number;
}

/** A member's survey answers, about one month in two since they enrolled, the same every time. */
export function demoSurveyAnswers(memberIndex: number): DemoSurveyAnswer[] {
  const next = random(5000 + memberIndex);
  const mood = next();
  const answers: DemoSurveyAnswer[] = [];
  const months = Math.floor(demoEnrolmentDaysAgo(memberIndex) / 30);
  for (let monthsAgo = months; monthsAgo >= 1; monthsAgo -= 1) {
    if (next() < 0.5) continue;
    const score = Math.min(1, Math.max(0, mood + (next() - 0.5) * 0.6));
    answers.push({
      monthsAgo,
      nps: Math.round(score * 10),
      csat: 1 + Math.round(score * 4),
      ces: 7 - Math.round(score * 6),
    });
  }
  return answers;
}
