import { cdnowTransactionsText } from '../cdnow.fixtures';
import { bgNbdConditionalExpectedPurchases, fitBgNbd } from '../models/bg-nbd';
import { fitParetoNbd, paretoNbdConditionalExpectedPurchases } from '../models/pareto-nbd';
import { compress } from '../summary/summary';
import { summariseTransactions } from '../summary/transactions';
import { compareWithHoldout } from './holdout';

describe('the 39-week CDNOW holdout', () => {
  const split = summariseTransactions(
    cdnowTransactionsText()
      .trim()
      .split(/\r?\n/)
      .map((line) => {
        const [, id, date, , amount] = line.trim().split(/\s+/);
        return {
          customerId: id!,
          day: `${date!.slice(0, 4)}-${date!.slice(4, 6)}-${date!.slice(6, 8)}`,
          amount: Number(amount),
        };
      }),
    { calibrationEnd: '1997-09-30', observationEnd: '1998-06-30', timeUnit: 'week' },
  );
  const data = compress(split.calibration);

  // The BTYD vignette's table, reproduced in docs/research: customers, actual, Pareto/NBD, BG/NBD.
  const table: [string, number, number, number, number][] = [
    ['0', 1411, 0.237, 0.138, 0.225],
    ['1', 439, 0.697, 0.6, 0.523],
    ['2', 214, 1.393, 1.196, 1.044],
    ['3', 100, 1.56, 1.714, 1.52],
    ['4', 62, 2.532, 2.399, 2.164],
    ['5', 38, 2.947, 2.907, 2.654],
    ['6', 29, 3.862, 3.819, 3.504],
    ['7+', 64, 6.359, 6.403, 6.157],
  ];

  it('forecasts BG/NBD conditional purchases per frequency as published, 1,653 in all', () => {
    const { parameters } = fitBgNbd(data);
    const comparison = compareWithHoldout(split.calibration, split.holdout, (c) =>
      bgNbdConditionalExpectedPurchases(parameters, 39, c.frequency, c.recency, c.T),
    );
    expect(comparison.actualTotal).toBe(1882);
    expect(Math.abs(comparison.predictedTotal - 1653.4)).toBeLessThan(1);
    comparison.buckets.forEach((bucket, i) => {
      const [frequency, customers, actual, , bg] = table[i]!;
      expect([bucket.frequency, bucket.customers]).toEqual([frequency, customers]);
      expect(Math.abs(bucket.actualMean - actual)).toBeLessThan(6e-4);
      expect(Math.abs(bucket.predictedMean - bg)).toBeLessThan(6e-4);
    });
  });

  it('forecasts Pareto/NBD conditional purchases per frequency as published, 1,666 in all', () => {
    const { parameters } = fitParetoNbd(data);
    const comparison = compareWithHoldout(split.calibration, split.holdout, (c) =>
      paretoNbdConditionalExpectedPurchases(parameters, 39, c.frequency, c.recency, c.T),
    );
    expect(Math.abs(comparison.predictedTotal - 1665.5)).toBeLessThan(1);
    // BTYD stopped at β = 11.656 on the likelihood's flat ridge, the exact optimum is 11.668:
    // the per-bucket means agree to the table's last digit, give or take one.
    comparison.buckets.forEach((bucket, i) => {
      expect(Math.abs(bucket.predictedMean - table[i]![3])).toBeLessThan(1.5e-3);
    });
  });
});
