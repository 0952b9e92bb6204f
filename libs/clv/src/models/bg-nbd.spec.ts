import { cdnowSummaries } from '../cdnow.fixtures';
import { compress } from '../summary/summary';
import {
  type BgNbdParameters,
  bgNbdConditionalExpectedPurchases,
  bgNbdExpectedPurchasesNewCustomer,
  bgNbdLogLikelihood,
  bgNbdLogLikelihoodOf,
  bgNbdLogLikelihoodWithGradient,
  bgNbdProbabilityAlive,
  bgNbdProbabilityOfPurchases,
  fitBgNbd,
} from './bg-nbd';

const PAPER: BgNbdParameters = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };
/** The BTYD vignette's fit, to seven digits. */
const PRECISE: BgNbdParameters = { r: 0.2425982, alpha: 4.4136842, a: 0.7929899, b: 2.4261667 };
const close = (actual: number, expected: number, tolerance: number) =>
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(tolerance);

describe('BG/NBD on the CDNOW sample', () => {
  const data = compress(cdnowSummaries());

  it('has the published log-likelihood at the published parameters', () => {
    close(bgNbdLogLikelihood(PAPER, data), -9582.4268, 0.01);
  });

  it('fits the published parameters and log-likelihood (FHL 2005; BTYD, CLVTools to 1e-3)', () => {
    const fit = fitBgNbd(data);
    const { r, alpha, a, b } = fit.parameters;
    close(r, 0.2425932, 0.2425932 * 1e-3);
    close(alpha, 4.413531, 4.413531 * 1e-3);
    close(a, 0.792886, 0.792886 * 1e-3);
    close(b, 2.425754, 2.425754 * 1e-3);
    close(fit.logLikelihood, -9582.4256, 0.01);
    expect(fit.converged).toBe(true);
    expect(fit.customers).toBe(2357);
    close(fit.aic, 2 * 4 + 2 * 9582.4256, 0.02);
  });

  it('matches Hardie’s spreadsheet for customer 1 (x=2, t_x=30.43, T=38.86)', () => {
    close(bgNbdConditionalExpectedPurchases(PAPER, 39, 2, 30.43, 38.86), 1.226, 1e-3);
    close(bgNbdProbabilityAlive(PAPER, 2, 30.43, 38.86), 0.72661, 1e-4);
  });

  it('matches Hardie’s E[X(t)] for a new customer, and the BTYD vignette’s E[X(52)]', () => {
    const times = [0.1429, 1, 3, 31.8571, 32, 78];
    const expected = [0.0078, 0.0532, 0.1506, 1.0405, 1.0437, 1.8576];
    times.forEach((t, i) =>
      close(bgNbdExpectedPurchasesNewCustomer(PRECISE, t), expected[i]!, 5e-4),
    );
    close(bgNbdExpectedPurchasesNewCustomer(PRECISE, 52), 1.444004, 1e-5);
  });

  it('matches the BTYD vignette for customer 1516 (x=26, t_x=30.857, T=31) over 52 weeks', () => {
    close(bgNbdConditionalExpectedPurchases(PRECISE, 52, 26, 30.85714, 31), 25.75659, 1e-3);
    close(bgNbdProbabilityAlive(PRECISE, 26, 30.85714, 31), 0.9688523, 1e-4);
  });

  it('matches R BTYD’s probability of n purchases', () => {
    close(bgNbdProbabilityOfPurchases(PAPER, 2, 10), 1.07869e-7, 1e-11);
    close(bgNbdProbabilityOfPurchases(PAPER, 39, 0), 0.5737864, 1e-6);
    const tail = [
      0.0019995214, 0.0015170236, 0.001163315, 0.0009003148, 0.0007023638, 0.0005517902,
      0.0004361913, 0.0003467171, 0.0002769613, 0.000222226,
    ];
    tail.forEach((p, i) => close(bgNbdProbabilityOfPurchases(PAPER, 30, 11 + i), p, 1e-9));
  });

  it('stays finite where naive formulas overflow', () => {
    const stable = { r: 0.25, alpha: 4, a: 0.8, b: 2.5 };
    close(bgNbdLogLikelihoodOf(stable, 0, 0, 40), -0.59947382, 1e-6);
    close(bgNbdLogLikelihoodOf(stable, 200, 38, 40), 100.7957, 1e-3);
    expect(bgNbdProbabilityAlive(PAPER, 1000, 10, 100)).toBe(0);
    expect(Number.isFinite(bgNbdConditionalExpectedPurchases(PAPER, 520, 0, 0, 1))).toBe(true);
  });
});

describe('the BG/NBD gradient', () => {
  it('agrees with central differences of the log-likelihood', () => {
    const data = compress(cdnowSummaries());
    const at = { r: 0.3, alpha: 5, a: 0.7, b: 2.2 };
    const { value, gradient } = bgNbdLogLikelihoodWithGradient(at, data);
    expect(Math.abs(value - bgNbdLogLikelihood(at, data))).toBeLessThan(1e-8);
    (['r', 'alpha', 'a', 'b'] as const).forEach((key, k) => {
      const h = 1e-6;
      const numeric =
        (bgNbdLogLikelihood({ ...at, [key]: at[key] + h }, data) -
          bgNbdLogLikelihood({ ...at, [key]: at[key] - h }, data)) /
        (2 * h);
      expect(Math.abs(gradient[k]! - numeric)).toBeLessThan(1e-3 * Math.max(1, Math.abs(numeric)));
    });
  });
});

describe('the L2 penalty', () => {
  it('shrinks the parameters and costs likelihood, as lifetimes’ penalizer does', () => {
    const data = compress(cdnowSummaries());
    const plain = fitBgNbd(data);
    const penalised = fitBgNbd(data, { penalty: 0.1 });
    expect(penalised.converged).toBe(true);
    expect(penalised.logLikelihood).toBeLessThan(plain.logLikelihood);
    const size = (p: BgNbdParameters, scale: number) =>
      p.r ** 2 + (p.alpha / scale) ** 2 + p.a ** 2 + p.b ** 2;
    const scale = Math.max(...cdnowSummaries().map((c) => c.T));
    expect(size(penalised.parameters, scale)).toBeLessThan(size(plain.parameters, scale));
  });
});
