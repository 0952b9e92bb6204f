import {
  DEFAULT_POINT_LIMITS,
  type EarningRules,
  type JournalPlan,
  type Lot,
  type MemberPoints,
  type PlanContext,
  DEFAULT_VOUCHER_POLICY,
  PROGRAM_ACCOUNT_KINDS,
  type ProgramAccountKind,
  StaffRole,
} from '@loyalty/domain';

// What the planners' specs share: a fixed instant, lots and members, a program and its rules.

export const NOW = new Date('2026-06-15T12:00:00Z');
export const DAY = 86_400_000;
export const at = (days: number) => new Date(NOW.getTime() + days * DAY);

export function contextAt(now = NOW): PlanContext {
  let next = 0;
  return {
    programId: 'program',
    now,
    newId: () => `id-${(next += 1)}`,
    programAccounts: Object.fromEntries(
      PROGRAM_ACCOUNT_KINDS.map((kind) => [kind, `program:${kind}`]),
    ) as Record<ProgramAccountKind, string>,
  };
}

export const lot = (id: string, remaining: number, fields: Partial<Lot> = {}): Lot => ({
  id,
  amount: remaining,
  remaining,
  availableFrom: at(-30),
  expiresAt: null,
  createdAt: at(-30),
  ...fields,
});

export const member = (memberId: string, lots: Lot[], balance?: number): MemberPoints => ({
  accountId: `account:${memberId}`,
  memberId,
  balance: balance ?? lots.reduce((sum, each) => sum + each.remaining, 0),
  lots,
});

export const RULES: EarningRules = {
  basePoints: 1,
  perMinorUnits: 100,
  rounding: 'down',
  categoryMultipliers: {},
  skuMultipliers: {},
  campaigns: [],
  excludedCategories: [],
  maxPointsPerPurchase: null,
  pendingDays: 14,
  expiry: { kind: 'months_after_earning', months: 12 },
};

export const program = {
  id: 'program',
  code: 'p',
  name: 'Program',
  currency: 'EUR',
  timezone: 'Europe/Amsterdam',
  cardPrefix: '628',
  maxActiveCardsPerMember: 3,
  phoneRegion: null,
  locale: 'en',
  pointLimits: DEFAULT_POINT_LIMITS,
  voucherPolicy: DEFAULT_VOUCHER_POLICY,
  referralPolicy: {
    referrerPoints: 0,
    refereePoints: 0,
    minPurchaseMinor: 1,
    capPerReferrer: 10,
    capPeriod: 'month' as const,
  },
};

export const system = { kind: 'system' as const, id: null };
export const manager = {
  kind: 'staff' as const,
  staffId: 'manager',
  programId: 'program',
  role: StaffRole.Manager,
  storeId: 'store',
};

/** Every journal of a plan sums to zero, and moves its lots by no more than they hold. */
export function expectBalanced(plan: JournalPlan<unknown>): void {
  for (const journal of plan.journals) {
    expect(journal.entries.reduce((sum, entry) => sum + entry.points, 0)).toBe(0);
    for (const entry of journal.entries) expect(entry.points).not.toBe(0);
  }
}

/** What a planner threw; a plan that was not refused fails the test. */
export function refusalOf(plan: () => unknown): unknown {
  try {
    plan();
  } catch (error) {
    return error;
  }
  throw new Error('the plan was not refused');
}

export const answerOf = <A>(plan: JournalPlan<A>) =>
  plan.answer(() => ({ available: -1, pending: -1 }));
