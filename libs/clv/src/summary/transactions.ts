import type { CustomerSummary } from './summary';

export interface Transaction {
  readonly customerId: string;
  /** The purchase's calendar day, as YYYY-MM-DD (time of day does not matter to the models). */
  readonly day: string;
  readonly amount: number;
}

export type TimeUnit = 'day' | 'week';
export const DAYS_PER_UNIT: Readonly<Record<TimeUnit, number>> = { day: 1, week: 7 };

export interface HoldoutActuals {
  /** Repeat purchases (distinct days) in the holdout period. */
  readonly purchases: number;
  readonly value: number;
}

export interface SplitSummaries {
  readonly calibration: CustomerSummary[];
  /** Per customer of the calibration set; customers first seen in the holdout are left out. */
  readonly holdout: Map<string, HoldoutActuals>;
  readonly holdoutLength: number;
}

const dayNumber = (day: string): number => Date.parse(`${day}T00:00:00Z`) / 86_400_000;

/**
 * Summaries as BTYD's elog2cbs and lifetimes build them: purchases on the same day merged (their
 * amounts summed); frequency counts the days after the first; recency and T are measured in days
 * and expressed in the time unit, so weeks are fractional (272 days → 38.857 weeks). Monetary is
 * the mean of the repeat days' values. Customers whose first purchase falls after the
 * calibration end are not in the calibration set.
 */
export function summariseTransactions(
  transactions: Iterable<Transaction>,
  options: { calibrationEnd: string; observationEnd?: string; timeUnit: TimeUnit },
): SplitSummaries {
  const calibrationEnd = dayNumber(options.calibrationEnd);
  const observationEnd = options.observationEnd
    ? dayNumber(options.observationEnd)
    : calibrationEnd;
  const unit = DAYS_PER_UNIT[options.timeUnit];
  const days = new Map<string, Map<number, number>>();
  for (const { customerId, day, amount } of transactions) {
    const number = dayNumber(day);
    if (number > observationEnd) continue;
    let customer = days.get(customerId);
    if (!customer) days.set(customerId, (customer = new Map<number, number>()));
    customer.set(number, (customer.get(number) ?? 0) + amount);
  }
  const calibration: CustomerSummary[] = [];
  const holdout = new Map<string, HoldoutActuals>();
  for (const [customerId, purchases] of days) {
    const ordered = [...purchases.entries()].sort(([a], [b]) => a - b);
    const [first] = ordered[0]!;
    if (first > calibrationEnd) continue;
    const inCalibration = ordered.filter(([day]) => day <= calibrationEnd);
    const repeats = inCalibration.slice(1);
    const last = inCalibration.at(-1)![0];
    calibration.push({
      customerId,
      frequency: repeats.length,
      recency: (last - first) / unit,
      T: (calibrationEnd - first) / unit,
      monetary: repeats.length
        ? repeats.reduce((s, [, value]) => s + value, 0) / repeats.length
        : 0,
    });
    const later = ordered.filter(([day]) => day > calibrationEnd);
    holdout.set(customerId, {
      purchases: later.length,
      value: later.reduce((s, [, value]) => s + value, 0),
    });
  }
  return { calibration, holdout, holdoutLength: (observationEnd - calibrationEnd) / unit };
}
