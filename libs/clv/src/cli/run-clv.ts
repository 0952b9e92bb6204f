import {
  bgNbdConditionalExpectedPurchases,
  bgNbdProbabilityAlive,
  fitBgNbd,
} from '../models/bg-nbd';
import { fitGammaGamma, gammaGammaExpectedValue } from '../models/gamma-gamma';
import {
  fitParetoNbd,
  paretoNbdConditionalExpectedPurchases,
  paretoNbdProbabilityAlive,
} from '../models/pareto-nbd';
import { compress, type CustomerSummary } from '../summary/summary';
import { summariseTransactions, type TimeUnit, type Transaction } from '../summary/transactions';
import { discountedClv, UNITS_PER_MONTH } from '../value/clv';
import { compareWithHoldout } from '../value/holdout';

export interface ClvRunOptions {
  readonly calibrationEnd: string;
  readonly model: 'bgnbd' | 'pareto';
  readonly timeUnit: TimeUnit;
  readonly horizonMonths: number;
  readonly annualDiscount: number;
  readonly margin: number;
  readonly penalty: number;
}

export interface CustomerScore extends CustomerSummary {
  readonly pAlive: number;
  readonly expectedPurchases: number;
  readonly expectedValue: number;
  readonly clv: number;
}

/** Fits the chosen model and Gamma-Gamma, scores every customer, compares with the holdout. */
export function runClv(transactions: readonly Transaction[], options: ClvRunOptions) {
  const lastDay = transactions.reduce(
    (last, t) => (t.day > last ? t.day : last),
    options.calibrationEnd,
  );
  const split = summariseTransactions(transactions, {
    calibrationEnd: options.calibrationEnd,
    observationEnd: lastDay,
    timeUnit: options.timeUnit,
  });
  if (split.calibration.length === 0)
    throw new RangeError('no customer bought before --calibration-end');
  const data = compress(split.calibration);
  const started = performance.now();
  const fit =
    options.model === 'bgnbd'
      ? fitBgNbd(data, { penalty: options.penalty })
      : fitParetoNbd(data, { penalty: options.penalty });
  const fitSeconds = (performance.now() - started) / 1000;
  const expected = (t: number, c: CustomerSummary) =>
    fit.model === 'bg-nbd'
      ? bgNbdConditionalExpectedPurchases(fit.parameters, t, c.frequency, c.recency, c.T)
      : paretoNbdConditionalExpectedPurchases(fit.parameters, t, c.frequency, c.recency, c.T);
  const alive = (c: CustomerSummary) =>
    fit.model === 'bg-nbd'
      ? bgNbdProbabilityAlive(fit.parameters, c.frequency, c.recency, c.T)
      : paretoNbdProbabilityAlive(fit.parameters, c.frequency, c.recency, c.T);
  const spend = fitGammaGamma(split.calibration, { penalty: options.penalty });
  const horizon = options.horizonMonths * UNITS_PER_MONTH[options.timeUnit];
  const scores: CustomerScore[] = split.calibration.map((customer) => {
    const expectedValue = gammaGammaExpectedValue(
      spend.parameters,
      customer.frequency,
      customer.monetary,
    );
    return {
      ...customer,
      pAlive: alive(customer),
      expectedPurchases: expected(horizon, customer),
      expectedValue,
      clv: discountedClv((t) => expected(t, customer), expectedValue, {
        horizonMonths: options.horizonMonths,
        annualDiscountRate: options.annualDiscount,
        margin: options.margin,
        timeUnit: options.timeUnit,
      }),
    };
  });
  const holdout =
    split.holdoutLength > 0
      ? {
          length: split.holdoutLength,
          ...compareWithHoldout(split.calibration, split.holdout, (c) =>
            expected(split.holdoutLength, c),
          ),
        }
      : null;
  return {
    report: {
      customers: split.calibration.length,
      timeUnit: options.timeUnit,
      calibrationEnd: options.calibrationEnd,
      observationEnd: lastDay,
      purchaseModel: { ...fit, fitSeconds },
      spendModel: spend,
      holdout,
      customerEquity: scores.reduce((sum, s) => sum + s.clv, 0),
    },
    scores,
  };
}

export const SCORES_HEADER =
  'customer_id,frequency,recency,T,monetary,p_alive,expected_purchases,expected_value,clv';

export const scoreLine = (s: CustomerScore): string =>
  [
    s.customerId,
    s.frequency,
    s.recency,
    s.T,
    s.monetary,
    s.pAlive,
    s.expectedPurchases,
    s.expectedValue,
    s.clv,
  ].join(',');
