import { cdnowSummaries } from '../cdnow.fixtures';
import { compress } from '../summary/summary';
import {
  fitParetoNbd,
  paretoNbdConditionalExpectedPurchases,
  paretoNbdExpectedPurchasesNewCustomer,
  paretoNbdLogA0,
  paretoNbdLogLikelihood,
  paretoNbdProbabilityAlive,
} from './pareto-nbd';

const close = (actual: number, expected: number, tolerance: number) =>
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(tolerance);
const relativelyClose = (actual: number, expected: number, tolerance: number) =>
  close(actual, expected, Math.abs(expected) * tolerance);
/** The BTYD vignette's estimates as it prints them; its outputs come from more digits. */
const BTYD = { r: 0.553, alpha: 10.58, s: 0.606, beta: 11.656 };

describe('Pareto/NBD on the CDNOW sample', () => {
  const data = compress(cdnowSummaries());

  it('has the published log-likelihood at CLVTools’ estimates', () => {
    const clvTools = { r: 0.55315, alpha: 10.57633, s: 0.60625, beta: 11.6715 };
    close(paretoNbdLogLikelihood(clvTools, data), -9594.976, 0.01);
  });

  it('fits the published estimates (r and s to 1e-2, β on its flat ridge to 1%)', () => {
    const fit = fitParetoNbd(data);
    const { r, alpha, s, beta } = fit.parameters;
    close(r, 0.553276, 1e-2);
    close(s, 0.606214, 1e-2);
    close(alpha, 10.577612, 10.577612 * 1e-2);
    close(beta, 11.667916, 11.667916 * 1e-2);
    close(fit.logLikelihood, -9594.9739, 0.01);
    expect(fit.converged).toBe(true);
  });

  it('matches the BTYD vignette for customer 1516 over 52 weeks (to 1e-3 relative)', () => {
    relativelyClose(
      paretoNbdConditionalExpectedPurchases(BTYD, 52, 26, 30.85714, 31),
      25.45647,
      1e-3,
    );
    close(paretoNbdProbabilityAlive(BTYD, 26, 30.85714, 31), 0.997874, 1e-5);
  });

  it('shows the increasing-frequency paradox as the BTYD vignette does', () => {
    const expected = [0.7062289, 0.1442396, 0.02250658, 0.00309267];
    [10, 15, 20, 25].forEach((x, i) =>
      relativelyClose(
        paretoNbdConditionalExpectedPurchases(BTYD, 52, x, 20, 39),
        expected[i]!,
        1e-3,
      ),
    );
  });

  it('matches R BTYD’s expected purchases of a new customer', () => {
    // The BTYD manual's example parameters for pnbd.Expectation.
    const params = { r: 0.55, alpha: 10.56, s: 0.61, beta: 11.64 };
    const expected = [
      0, 0.05077821, 0.09916088, 0.14542507, 0.1897993, 0.23247466, 0.27361274, 0.31335159,
      0.35181024, 0.38909211,
    ];
    expected.forEach((value, t) =>
      close(paretoNbdExpectedPurchasesNewCustomer(params, t), value, 1e-6),
    );
    relativelyClose(paretoNbdExpectedPurchasesNewCustomer(BTYD, 52), 1.473434, 1e-3);
  });

  it('stays finite for very frequent buyers (CLVTools#100, lifetimes#25)', () => {
    const clvTools = { r: 0.5143, alpha: 2.8845, s: 0.2856, beta: 14.1087 };
    const x = [221, 254, 161, 204];
    const tx = [103.42857, 97.14286, 94.71429, 98.57143];
    const T = [103.57143, 97.28571, 98, 99.42857];
    x.forEach((xi, i) => {
      const alive = paretoNbdProbabilityAlive(clvTools, xi, tx[i]!, T[i]!);
      expect(Number.isFinite(alive) && alive >= 0 && alive <= 1).toBe(true);
    });
    const lifetimes = { r: 10.465, alpha: 0.00798565181, s: 3.0516, beta: 2.82 };
    [
      [400, 5, 6],
      [500, 1, 37],
      [500, 4, 37],
    ].forEach(([xi, txi, Ti]) => {
      const logA0 = paretoNbdLogA0(lifetimes, xi!, txi!, Ti!);
      expect(Number.isFinite(logA0) && logA0 < 0).toBe(true);
    });
  });
});
