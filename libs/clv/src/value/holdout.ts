import type { CustomerSummary } from '../summary/summary';
import type { HoldoutActuals } from '../summary/transactions';

export interface HoldoutBucket {
  /** The calibration frequency, or "7+" for the last, open bucket. */
  readonly frequency: string;
  readonly customers: number;
  readonly actualMean: number;
  readonly predictedMean: number;
}

export interface HoldoutComparison {
  readonly buckets: HoldoutBucket[];
  readonly actualTotal: number;
  readonly predictedTotal: number;
}

/**
 * Predicted against actual holdout purchases per calibration frequency, and in total — the
 * check every buy-till-you-die paper shows (conditional expectations, FHL 2005 fig. 4).
 */
export function compareWithHoldout(
  calibration: readonly CustomerSummary[],
  holdout: ReadonlyMap<string, HoldoutActuals>,
  predict: (customer: CustomerSummary) => number,
  openBucketFrom = 7,
): HoldoutComparison {
  const buckets = new Map<number, { customers: number; actual: number; predicted: number }>();
  let actualTotal = 0;
  let predictedTotal = 0;
  for (const customer of calibration) {
    const actual = holdout.get(customer.customerId)?.purchases ?? 0;
    const predicted = predict(customer);
    const key = Math.min(customer.frequency, openBucketFrom);
    const bucket = buckets.get(key) ?? { customers: 0, actual: 0, predicted: 0 };
    bucket.customers += 1;
    bucket.actual += actual;
    bucket.predicted += predicted;
    buckets.set(key, bucket);
    actualTotal += actual;
    predictedTotal += predicted;
  }
  return {
    buckets: [...buckets.entries()]
      .sort(([a], [b]) => a - b)
      .map(([frequency, bucket]) => ({
        frequency: frequency === openBucketFrom ? `${openBucketFrom}+` : String(frequency),
        customers: bucket.customers,
        actualMean: bucket.actual / bucket.customers,
        predictedMean: bucket.predicted / bucket.customers,
      })),
    actualTotal,
    predictedTotal,
  };
}
