/**
 * A customer's purchase history in the form the buy-till-you-die models read: frequency x (repeat
 * purchases), recency t_x (time of the last purchase since the first), age T (first purchase to
 * the end of calibration) and the mean value of the repeat purchases, all times in one unit.
 */
export interface CustomerSummary {
  readonly customerId: string;
  readonly frequency: number;
  readonly recency: number;
  readonly T: number;
  /** Mean value of the repeat purchases; 0 when there are none. */
  readonly monetary: number;
}

/**
 * Identical (x, t_x, T) triples merged with a weight: likelihoods and scores cost one evaluation
 * per distinct triple instead of one per customer (Hardie's spreadsheets, lifetimes' weights).
 */
export interface CompressedSummaries {
  readonly x: Float64Array;
  readonly tx: Float64Array;
  readonly T: Float64Array;
  readonly weight: Float64Array;
  /** The number of customers: the sum of the weights. */
  readonly customers: number;
}

export function compress(
  summaries: ReadonlyArray<Pick<CustomerSummary, 'frequency' | 'recency' | 'T'>>,
): CompressedSummaries {
  const index = new Map<string, number>();
  const x: number[] = [];
  const tx: number[] = [];
  const T: number[] = [];
  const weight: number[] = [];
  for (const { frequency, recency, T: age } of summaries) {
    const key = `${frequency}|${recency}|${age}`;
    const at = index.get(key);
    if (at === undefined) {
      index.set(key, x.length);
      x.push(frequency);
      tx.push(recency);
      T.push(age);
      weight.push(1);
    } else {
      weight[at] = weight[at]! + 1;
    }
  }
  return {
    x: Float64Array.from(x),
    tx: Float64Array.from(tx),
    T: Float64Array.from(T),
    weight: Float64Array.from(weight),
    customers: summaries.length,
  };
}
