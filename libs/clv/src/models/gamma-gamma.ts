import { minimise } from '../optimise/minimise';
import { gammaln } from '../special/special-functions';
import { type FitDiagnostics, fitDiagnostics } from './fit-diagnostics';
import type { FitOptions } from './bg-nbd';

/**
 * Gamma-Gamma spend model (Colombo & Jiang 1999; Fader, Hardie & Lee 2005): a customer's
 * transaction values are Gamma(p, ν) with ν ~ Gamma(q, γ) across customers.
 */
export interface GammaGammaParameters {
  readonly p: number;
  readonly q: number;
  readonly gamma: number;
}

export interface GammaGammaFit extends FitDiagnostics {
  readonly model: 'gamma-gamma';
  readonly parameters: GammaGammaParameters;
  /** Pearson correlation of frequency and mean value among repeat buyers. */
  readonly frequencyValueCorrelation: number;
  /** Set when that correlation is strong enough to doubt the model's independence assumption. */
  readonly warning: string | null;
}

export interface SpendObservation {
  readonly frequency: number;
  readonly monetary: number;
}

/** Above this |correlation| the independence assumption is in doubt (lifetimes reports 0.11). */
export const CORRELATION_WARNING_THRESHOLD = 0.3;

export function gammaGammaLogLikelihoodOf(
  { p, q, gamma }: GammaGammaParameters,
  x: number,
  mx: number,
): number {
  return (
    gammaln(p * x + q) -
    gammaln(p * x) -
    gammaln(q) +
    q * Math.log(gamma) +
    (p * x - 1) * Math.log(mx) +
    p * x * Math.log(x) -
    (p * x + q) * Math.log(gamma + x * mx)
  );
}

function pearson(xs: readonly number[], ys: readonly number[]): number {
  const n = xs.length;
  const meanX = xs.reduce((s, v) => s + v, 0) / n;
  const meanY = ys.reduce((s, v) => s + v, 0) / n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i += 1) {
    const dx = xs[i]! - meanX;
    const dy = ys[i]! - meanY;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  return sxy / Math.sqrt(sxx * syy);
}

/**
 * Fitted on repeat buyers with a positive mean value only (the model is undefined elsewhere).
 * q is kept above 1 by fitting log(q − 1): below 1 the population mean pγ/(q − 1) would be
 * negative (lifetimes#146, #370).
 */
export function fitGammaGamma(
  observations: readonly SpendObservation[],
  options: FitOptions = {},
): GammaGammaFit {
  const repeaters = observations.filter((o) => o.frequency > 0 && o.monetary > 0);
  if (repeaters.length < 2) throw new RangeError('Gamma-Gamma needs at least two repeat buyers');
  const grouped = new Map<string, { x: number; mx: number; weight: number }>();
  for (const { frequency, monetary } of repeaters) {
    const key = `${frequency}|${monetary}`;
    const group = grouped.get(key);
    if (group) group.weight += 1;
    else grouped.set(key, { x: frequency, mx: monetary, weight: 1 });
  }
  const groups = [...grouped.values()];
  // Values are rescaled so that their mean is 1 (γ scales with them), for any currency.
  const scale = repeaters.reduce((s, o) => s + o.monetary, 0) / repeaters.length;
  const toParameters = (theta: Float64Array): GammaGammaParameters => ({
    p: Math.exp(theta[0]!),
    q: 1 + Math.exp(theta[1]!),
    gamma: Math.exp(theta[2]!),
  });
  const penalty = options.penalty ?? 0;
  const logLikelihood = (parameters: GammaGammaParameters, valueScale: number) =>
    groups.reduce(
      (sum, g) => sum + g.weight * gammaGammaLogLikelihoodOf(parameters, g.x, g.mx / valueScale),
      0,
    );
  const objective = (theta: Float64Array) => {
    const parameters = toParameters(theta);
    const l2 = penalty * (parameters.p ** 2 + parameters.q ** 2 + parameters.gamma ** 2);
    return -logLikelihood(parameters, scale) / repeaters.length + l2;
  };
  const minimum = minimise(objective, [0, 0, 0]);
  const fitted = toParameters(minimum.theta);
  const parameters = { ...fitted, gamma: fitted.gamma * scale };
  const correlation = pearson(
    repeaters.map((o) => o.frequency),
    repeaters.map((o) => o.monetary),
  );
  return {
    model: 'gamma-gamma',
    parameters,
    frequencyValueCorrelation: correlation,
    warning:
      Math.abs(correlation) > CORRELATION_WARNING_THRESHOLD
        ? `frequency and mean value correlate (${correlation.toFixed(3)}): the Gamma-Gamma model assumes they are independent`
        : null,
    ...fitDiagnostics(logLikelihood(parameters, 1), 3, repeaters.length, minimum),
  };
}

/** E[M | x, m_x]: the customer's expected mean transaction value, shrunk to the population's. */
export function gammaGammaExpectedValue(
  { p, q, gamma }: GammaGammaParameters,
  frequency: number,
  monetary: number,
): number {
  const populationMean = (p * gamma) / (q - 1);
  if (frequency === 0) return populationMean;
  const weight = (p * frequency) / (p * frequency + q - 1);
  return (1 - weight) * populationMean + weight * monetary;
}
