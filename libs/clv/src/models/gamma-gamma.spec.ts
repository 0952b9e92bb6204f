import { cdnowSummaries } from '../cdnow.fixtures';
import { fitGammaGamma, gammaGammaExpectedValue } from './gamma-gamma';

const close = (actual: number, expected: number, tolerance: number) =>
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(tolerance);

describe('Gamma-Gamma on the CDNOW sample', () => {
  const customers = cdnowSummaries();
  const fit = fitGammaGamma(customers);

  it('fits the published parameters on the 946 repeat buyers (Fader & Hardie note 025)', () => {
    expect(fit.customers).toBe(946);
    close(fit.parameters.p, 6.2488, 1e-2);
    close(fit.parameters.q, 3.74459, 1e-2);
    close(fit.parameters.gamma, 15.44775, 1e-2);
    close(fit.logLikelihood, -4055.92, 0.01);
    expect(fit.converged).toBe(true);
  });

  it('reports the frequency–value correlation (0.1139) without warning', () => {
    close(fit.frequencyValueCorrelation, 0.1139, 1e-4);
    expect(fit.warning).toBeNull();
  });

  it('matches Hardie’s expected mean values for the first ten customers', () => {
    const expected = [24.65, 18.91, 35.17, 35.17, 35.17, 71.46, 18.91, 35.17, 27.28, 35.17];
    customers.slice(0, 10).forEach((customer, i) => {
      close(
        gammaGammaExpectedValue(fit.parameters, customer.frequency, customer.monetary),
        expected[i]!,
        0.1,
      );
    });
  });

  it('warns when frequency and value are strongly correlated', () => {
    const correlated = Array.from({ length: 200 }, (_, i) => ({
      frequency: 1 + (i % 10),
      monetary: 10 + 5 * (i % 10) + (i % 3),
    }));
    expect(fitGammaGamma(correlated).warning).toMatch(/correlate/);
  });
});
