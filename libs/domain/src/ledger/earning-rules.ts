/**
 * Earning rules are data, versioned per program: a purchase earns by the version in force when it
 * happened, and that version is recorded with it. Every rate is an integer — points per a number of
 * minor units, multipliers in basis points (10000 = ×1) — and the arithmetic is exact (bigint
 * rationals), rounded once per breakdown line. No float ever touches a points figure.
 */
export type PointsRounding = 'down' | 'nearest' | 'up';

export interface Multiplier {
  /** 10000 = ×1, 15000 = ×1.5, 0 earns nothing. */
  readonly multiplierBp: number;
}

export interface Campaign {
  readonly code: string;
  readonly startsAt: Date;
  readonly endsAt: Date;
  /** Applied to the base points of the lines the campaign covers; 10000 adds nothing. */
  readonly multiplierBp: number;
  /** Flat bonus once per qualifying purchase. */
  readonly bonusPoints: number;
  /** Only lines in these categories qualify; empty means every line. */
  readonly categories: readonly string[];
  /**
   * The most points the campaign ever credits, over every purchase: once spent it credits
   * nothing more, exactly at the budget (a purchase may get the last few). Null is unbounded.
   */
  readonly budgetPoints: number | null;
  /** The most points one member gets from it per calendar period (of the purchase's date). */
  readonly perMemberLimit: CampaignMemberLimit | null;
}

/** Calendar periods in the program's time zone; weeks start on Monday. */
export type CalendarPeriod = 'day' | 'week' | 'month' | 'year' | 'ever';

export interface CampaignMemberLimit {
  readonly points: number;
  readonly period: CalendarPeriod;
}

export type ExpiryPolicy =
  | { readonly kind: 'never' }
  /** Points expire this many months after they were earned. */
  | { readonly kind: 'months_after_earning'; readonly months: number }
  /** …and then at the end of that calendar period, in the program's time zone. */
  | {
      readonly kind: 'end_of_period';
      readonly months: number;
      readonly period: 'month' | 'quarter' | 'year';
    };

export interface EarningRules {
  readonly basePoints: number;
  readonly perMinorUnits: number;
  readonly rounding: PointsRounding;
  readonly categoryMultipliers: Readonly<Record<string, number>>;
  /** A SKU's multiplier overrides its category's. */
  readonly skuMultipliers: Readonly<Record<string, number>>;
  readonly campaigns: readonly Campaign[];
  readonly excludedCategories: readonly string[];
  readonly maxPointsPerPurchase: number | null;
  /** The return window: points stay pending (not spendable) this many days. */
  readonly pendingDays: number;
  readonly expiry: ExpiryPolicy;
}

export interface EarningRuleSet {
  readonly id: string;
  readonly programId: string;
  readonly version: number;
  readonly effectiveFrom: Date;
  readonly rules: EarningRules;
  readonly createdAt: Date;
}

export interface BasketLine {
  readonly sku: string;
  readonly category: string;
  /** The line's total in minor units (price × quantity, after line discounts). */
  readonly amountMinor: number;
  readonly quantity: number;
}

export interface PurchaseToEarn {
  readonly amountMinor: number;
  readonly occurredAt: Date;
  /** Without lines, the whole amount earns at the base rate. */
  readonly lines: readonly BasketLine[];
  readonly memberTier: string | null;
  /**
   * The member's tier's multiplier, from the value policy in force: the one home of tier
   * multipliers (earning rules have none). Absent: ×1.
   */
  readonly tierMultiplierBp?: number;
  /**
   * What each budgeted campaign may still credit this purchase (its budget and the member's
   * limit, whichever is less); a campaign absent here is unbounded.
   */
  readonly campaignPointsLeft?: ReadonlyMap<string, number>;
}

export type EarningRuleKind =
  'base' | 'product_multiplier' | 'tier_multiplier' | 'campaign' | 'cap';

export interface EarnedPointsLine {
  readonly rule: EarningRuleKind;
  readonly points: number;
  /** The campaign code, category, SKU or tier the line is about. */
  readonly detail: string | null;
}

export interface EarnedPoints {
  readonly points: number;
  readonly breakdown: readonly EarnedPointsLine[];
}

const BP = 10000n;

/** numerator / denominator rounded to an integer; both non-negative or the result is clamped. */
function round(numerator: bigint, denominator: bigint, rounding: PointsRounding): number {
  const negative = numerator < 0n;
  const magnitude = negative ? -numerator : numerator;
  let quotient = magnitude / denominator;
  const remainder = magnitude % denominator;
  const away =
    rounding === 'up' ? !negative : rounding === 'down' ? negative : remainder * 2n >= denominator;
  if (remainder !== 0n && away) quotient += 1n;
  return Number(negative ? -quotient : quotient);
}

export function computeEarnedPoints(purchase: PurchaseToEarn, rules: EarningRules): EarnedPoints {
  const lines: readonly BasketLine[] =
    purchase.lines.length > 0
      ? purchase.lines
      : [{ sku: '', category: '', amountMinor: purchase.amountMinor, quantity: 1 }];
  const excluded = new Set(rules.excludedCategories);
  const eligible = lines.filter((line) => !excluded.has(line.category));
  const rateDenominator = BigInt(rules.perMinorUnits);
  const rate = BigInt(rules.basePoints);
  const breakdown: EarnedPointsLine[] = [];
  const add = (rule: EarningRuleKind, points: number, detail: string | null) => {
    if (points !== 0) breakdown.push({ rule, points, detail });
  };

  const baseAmount = eligible.reduce((sum, line) => sum + BigInt(line.amountMinor), 0n);
  add('base', round(baseAmount * rate, rateDenominator, rules.rounding), null);

  // Σ amount × line multiplier, in basis points: the base the tier multiplier applies to.
  let weightedAmountBp = 0n;
  const productBonusBp = new Map<string, bigint>();
  for (const line of eligible) {
    const skuMultiplier = rules.skuMultipliers[line.sku];
    const multiplier = BigInt(skuMultiplier ?? rules.categoryMultipliers[line.category] ?? 10000);
    weightedAmountBp += BigInt(line.amountMinor) * multiplier;
    if (multiplier !== BP) {
      const key = skuMultiplier !== undefined ? `sku:${line.sku}` : `category:${line.category}`;
      const bonus = BigInt(line.amountMinor) * (multiplier - BP);
      productBonusBp.set(key, (productBonusBp.get(key) ?? 0n) + bonus);
    }
  }
  for (const [detail, bonusBp] of productBonusBp) {
    add('product_multiplier', round(bonusBp * rate, rateDenominator * BP, rules.rounding), detail);
  }

  const tier = purchase.memberTier;
  const tierMultiplier = tier === null ? undefined : purchase.tierMultiplierBp;
  if (tierMultiplier !== undefined && BigInt(tierMultiplier) !== BP) {
    const bonus = weightedAmountBp * (BigInt(tierMultiplier) - BP) * rate;
    add('tier_multiplier', round(bonus, rateDenominator * BP * BP, rules.rounding), tier);
  }

  const at = purchase.occurredAt.getTime();
  for (const campaign of rules.campaigns) {
    if (at < campaign.startsAt.getTime() || at >= campaign.endsAt.getTime()) continue;
    const covered = new Set(campaign.categories);
    const qualifying = eligible.filter((line) => covered.size === 0 || covered.has(line.category));
    if (qualifying.length === 0) continue;
    const amount = qualifying.reduce((sum, line) => sum + BigInt(line.amountMinor), 0n);
    const extra = round(
      amount * rate * (BigInt(campaign.multiplierBp) - BP),
      rateDenominator * BP,
      rules.rounding,
    );
    const left = purchase.campaignPointsLeft?.get(campaign.code);
    const points = extra + campaign.bonusPoints;
    add(
      'campaign',
      left === undefined ? points : Math.min(points, Math.max(left, 0)),
      campaign.code,
    );
  }

  const uncapped = breakdown.reduce((sum, line) => sum + line.points, 0);
  const cap = rules.maxPointsPerPurchase;
  if (uncapped < 0) add('cap', -uncapped, 'a purchase never earns negative points');
  else if (cap !== null && uncapped > cap) add('cap', cap - uncapped, null);
  return { points: breakdown.reduce((sum, line) => sum + line.points, 0), breakdown };
}

const DAY_MS = 86_400_000;

export const pendingUntil = (occurredAt: Date, rules: EarningRules): Date =>
  new Date(occurredAt.getTime() + rules.pendingDays * DAY_MS);

// Building an Intl.DateTimeFormat costs far more than using one: one per time zone, kept.
const dateFormats = new Map<string, Intl.DateTimeFormat>();
const dateTimeFormats = new Map<string, Intl.DateTimeFormat>();

function formatOf(
  formats: Map<string, Intl.DateTimeFormat>,
  timeZone: string,
  make: () => Intl.DateTimeFormat,
): Intl.DateTimeFormat {
  let format = formats.get(timeZone);
  if (!format) {
    format = make();
    formats.set(timeZone, format);
  }
  return format;
}

/** The local calendar date of an instant in a time zone. */
export function localDateOf(
  at: Date,
  timeZone: string,
): { year: number; month: number; day: number } {
  const parts = formatOf(
    dateFormats,
    timeZone,
    () =>
      new Intl.DateTimeFormat('en-CA', {
        timeZone,
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
      }),
  ).formatToParts(at);
  const part = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  return { year: part('year'), month: part('month'), day: part('day') };
}

// Every purchase of a day asks for the same few midnights; each costs four formatToParts calls.
const MAX_REMEMBERED_MIDNIGHTS = 10_000;
const midnights = new Map<string, number>();

/** The instant local midnight starts on a calendar date in a time zone. */
export function startOfLocalDay(year: number, month: number, day: number, timeZone: string): Date {
  const key = `${timeZone} ${year}-${month}-${day}`;
  let midnight = midnights.get(key);
  if (midnight === undefined) {
    if (midnights.size >= MAX_REMEMBERED_MIDNIGHTS) midnights.clear();
    midnight = computeStartOfLocalDay(year, month, day, timeZone);
    midnights.set(key, midnight);
  }
  return new Date(midnight);
}

function computeStartOfLocalDay(
  year: number,
  month: number,
  day: number,
  timeZone: string,
): number {
  const utcGuess = Date.UTC(year, month - 1, day);
  // The zone's offset at that moment, then once more in case the guess crossed a DST change.
  const offsetAt = (instant: number) => {
    const local = formatOf(
      dateTimeFormats,
      timeZone,
      () =>
        new Intl.DateTimeFormat('en-US', {
          timeZone,
          hourCycle: 'h23',
          year: 'numeric',
          month: 'numeric',
          day: 'numeric',
          hour: 'numeric',
          minute: 'numeric',
          second: 'numeric',
        }),
    ).formatToParts(new Date(instant));
    const get = (type: string) => Number(local.find((p) => p.type === type)?.value);
    const asUtc = Date.UTC(
      get('year'),
      get('month') - 1,
      get('day'),
      get('hour'),
      get('minute'),
      get('second'),
    );
    return asUtc - instant;
  };
  const first = utcGuess - offsetAt(utcGuess);
  return utcGuess - offsetAt(first);
}

/** When points earned at `earnedAt` expire under the policy; null when they never do. */
export function expiryOf(policy: ExpiryPolicy, earnedAt: Date, timeZone: string): Date | null {
  if (policy.kind === 'never') return null;
  const { year, month, day } = localDateOf(earnedAt, timeZone);
  if (policy.kind === 'months_after_earning') {
    // Same local day-of-month N months later, clamped to the month's end (31 Jan + 1 → 28/29 Feb).
    const targetMonthIndex = month - 1 + policy.months;
    const targetYear = year + Math.floor(targetMonthIndex / 12);
    const targetMonth = (targetMonthIndex % 12) + 1;
    const lastDay = new Date(Date.UTC(targetYear, targetMonth, 0)).getUTCDate();
    const localStart = startOfLocalDay(year, month, day, timeZone);
    const timeOfDay = earnedAt.getTime() - localStart.getTime();
    const target = startOfLocalDay(targetYear, targetMonth, Math.min(day, lastDay), timeZone);
    return new Date(target.getTime() + timeOfDay);
  }
  const monthsInPeriod = policy.period === 'month' ? 1 : policy.period === 'quarter' ? 3 : 12;
  const shifted = month - 1 + policy.months;
  const shiftedYear = year + Math.floor(shifted / 12);
  const shiftedMonthIndex = shifted % 12;
  // The first day after the period that holds the shifted month: points expire at its midnight.
  const periodEndIndex =
    Math.floor(shiftedMonthIndex / monthsInPeriod) * monthsInPeriod + monthsInPeriod;
  return startOfLocalDay(
    shiftedYear + Math.floor(periodEndIndex / 12),
    (periodEndIndex % 12) + 1,
    1,
    timeZone,
  );
}
