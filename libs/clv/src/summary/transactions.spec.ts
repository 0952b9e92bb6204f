import { cdnowSummaries, cdnowTransactionsText } from '../cdnow.fixtures';
import { summariseTransactions, type Transaction } from './transactions';

const cdnowTransactions = (): Transaction[] =>
  cdnowTransactionsText()
    .trim()
    .split(/\r?\n/)
    .map((line) => {
      const [, sampleId, date, , amount] = line.trim().split(/\s+/);
      return {
        customerId: String(Number(sampleId)),
        day: `${date!.slice(0, 4)}-${date!.slice(4, 6)}-${date!.slice(6, 8)}`,
        amount: Number(amount),
      };
    });

describe('summaries from transactions', () => {
  const split = summariseTransactions(cdnowTransactions(), {
    calibrationEnd: '1997-09-30',
    observationEnd: '1998-06-30',
    timeUnit: 'week',
  });

  it('reproduces the published CDNOW calibration summary', () => {
    expect(split.calibration).toHaveLength(2357);
    expect(split.calibration.reduce((s, c) => s + c.frequency, 0)).toBe(2457);
    expect(split.calibration.filter((c) => c.frequency === 0)).toHaveLength(1411);
    const published = cdnowSummaries();
    const ours = [...split.calibration].sort((a, b) => Number(a.customerId) - Number(b.customerId));
    ours.forEach((customer, i) => {
      const reference = published[i]!;
      expect([customer.frequency, Math.abs(customer.recency - reference.recency) < 0.006]).toEqual([
        reference.frequency,
        true,
      ]);
      expect(Math.abs(customer.T - reference.T)).toBeLessThan(0.006);
      expect(Math.abs(customer.monetary - reference.monetary)).toBeLessThan(0.006);
    });
  });

  it('counts the 1,882 repeat purchase days of the 39-week holdout', () => {
    expect(split.holdoutLength).toBe(39);
    expect([...split.holdout.values()].reduce((s, h) => s + h.purchases, 0)).toBe(1882);
  });

  it('merges purchases on the same day and measures days in the chosen unit', () => {
    const { calibration } = summariseTransactions(
      [
        { customerId: 'a', day: '2026-01-01', amount: 10 },
        { customerId: 'a', day: '2026-01-01', amount: 5 },
        { customerId: 'a', day: '2026-01-08', amount: 20 },
        { customerId: 'a', day: '2026-01-08', amount: 2 },
        { customerId: 'b', day: '2026-02-01', amount: 7 },
      ],
      { calibrationEnd: '2026-01-15', timeUnit: 'day' },
    );
    expect(calibration).toEqual([
      { customerId: 'a', frequency: 1, recency: 7, T: 14, monetary: 22 },
    ]);
  });
});
