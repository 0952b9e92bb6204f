import { cdnowSummaries } from '../cdnow.fixtures';
import { compress } from '../summary/summary';
import { fitMbgNbd, mbgNbdConditionalExpectedPurchases, mbgNbdProbabilityAlive } from './mbg-nbd';

describe('MBG/NBD on the CDNOW sample', () => {
  const fit = fitMbgNbd(compress(cdnowSummaries()));

  it('fits BTYDplus’s estimates to lifetimes’ precision (3 decimals) and its log-likelihood', () => {
    const { r, alpha, a, b } = fit.parameters;
    expect([r, alpha, a, b].map((v) => Number(v.toFixed(2)))).toEqual([0.52, 6.18, 0.89, 1.61]);
    expect(Math.abs(r - 0.525)).toBeLessThan(1.5e-3);
    expect(Math.abs(alpha - 6.183)).toBeLessThan(1.5e-2);
    expect(Math.abs(a - 0.891)).toBeLessThan(1.5e-3);
    expect(Math.abs(b - 1.614)).toBeLessThan(1.5e-2);
    expect(Math.abs(fit.logLikelihood + 9582.13)).toBeLessThan(0.05);
  });

  it('does not take a customer without repeat purchases for surely alive', () => {
    // BG/NBD says 1 here; under MBG/NBD a one-time buyer of 39 weeks ago is more likely gone.
    const alive = mbgNbdProbabilityAlive(fit.parameters, 0, 0, 38.86);
    expect(alive).toBeGreaterThan(0.3);
    expect(alive).toBeLessThan(0.5);
    expect(mbgNbdProbabilityAlive(fit.parameters, 0, 0, 1)).toBeGreaterThan(alive);
    const expected = mbgNbdConditionalExpectedPurchases(fit.parameters, 39, 2, 30.43, 38.86);
    expect(expected).toBeGreaterThan(1);
    expect(expected).toBeLessThan(1.5);
  });
});
