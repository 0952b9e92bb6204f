import { minimise } from '../optimise/minimise';
import { gammaln, hyp2f1, logaddexp } from '../special/special-functions';
import type { CompressedSummaries } from '../summary/summary';
import type { FitOptions } from './bg-nbd';
import { type FitDiagnostics, fitDiagnostics } from './fit-diagnostics';

/**
 * Pareto/NBD (Schmittlein, Morrison & Colombo 1987): purchases at rate λ ~ Gamma(r, α) while
 * alive, lifetimes exponential with rate μ ~ Gamma(s, β).
 */
export interface ParetoNbdParameters {
  readonly r: number;
  readonly alpha: number;
  readonly s: number;
  readonly beta: number;
}

export interface ParetoNbdFit extends FitDiagnostics {
  readonly model: 'pareto-nbd';
  readonly parameters: ParetoNbdParameters;
}

/**
 * log A0 of Fader & Hardie's note 009 (eqs 18-20), with the larger of α and β in the 2F1 so that
 * its argument stays below 1, the difference of the two terms taken in log space, and −∞ when
 * t_x = T (where A0 is exactly 0).
 */
export function paretoNbdLogA0(
  { r, alpha, s, beta }: ParetoNbdParameters,
  x: number,
  tx: number,
  T: number,
): number {
  if (tx >= T) return -Infinity;
  const w = r + s + x;
  const [m, b2] = alpha >= beta ? [alpha, s + 1] : [beta, r + x];
  const gap = Math.abs(alpha - beta);
  const logF1 = Math.log(hyp2f1(w, b2, w + 1, gap / (m + tx))) - w * Math.log(m + tx);
  const logF2 = Math.log(hyp2f1(w, b2, w + 1, gap / (m + T))) - w * Math.log(m + T);
  return logF1 + Math.log1p(-Math.exp(logF2 - logF1));
}

export function paretoNbdLogLikelihoodOf(
  parameters: ParetoNbdParameters,
  x: number,
  tx: number,
  T: number,
): number {
  const { r, alpha, s, beta } = parameters;
  const a1 = gammaln(r + x) - gammaln(r) + r * Math.log(alpha) + s * Math.log(beta);
  const stillAlive = -(r + x) * Math.log(alpha + T) - s * Math.log(beta + T);
  const logA0 = paretoNbdLogA0(parameters, x, tx, T);
  if (logA0 === -Infinity) return a1 + stillAlive;
  return a1 + logaddexp(stillAlive, Math.log(s) - Math.log(r + s + x) + logA0);
}

export function paretoNbdLogLikelihood(
  parameters: ParetoNbdParameters,
  data: CompressedSummaries,
): number {
  let total = 0;
  for (let i = 0; i < data.x.length; i += 1) {
    total +=
      data.weight[i]! * paretoNbdLogLikelihoodOf(parameters, data.x[i]!, data.tx[i]!, data.T[i]!);
  }
  return total;
}

/** Maximum likelihood over log-parameters, times rescaled so that the largest T is 1. */
export function fitParetoNbd(data: CompressedSummaries, options: FitOptions = {}): ParetoNbdFit {
  const penalty = options.penalty ?? 0;
  const scale = data.T.reduce((largest, age) => Math.max(largest, age), 0);
  const scaled: CompressedSummaries = {
    ...data,
    tx: data.tx.map((v) => v / scale),
    T: data.T.map((v) => v / scale),
  };
  const toParameters = (theta: Float64Array): ParetoNbdParameters => ({
    r: Math.exp(theta[0]!),
    alpha: Math.exp(theta[1]!),
    s: Math.exp(theta[2]!),
    beta: Math.exp(theta[3]!),
  });
  const objective = (theta: Float64Array): number => {
    const p = toParameters(theta);
    const l2 = penalty * (p.r ** 2 + p.alpha ** 2 + p.s ** 2 + p.beta ** 2);
    try {
      return -paretoNbdLogLikelihood(p, scaled) / data.customers + l2;
    } catch {
      // A 2F1 that does not converge marks a region the optimiser must leave.
      return Infinity;
    }
  };
  const minimum = minimise(objective, [0, 0, 0, 0]);
  const fitted = toParameters(minimum.theta);
  const parameters = { ...fitted, alpha: fitted.alpha * scale, beta: fitted.beta * scale };
  return {
    model: 'pareto-nbd',
    parameters,
    ...fitDiagnostics(paretoNbdLogLikelihood(parameters, data), 4, data.customers, minimum),
  };
}

export function paretoNbdProbabilityAlive(
  parameters: ParetoNbdParameters,
  x: number,
  tx: number,
  T: number,
): number {
  const { r, alpha, s, beta } = parameters;
  const logA0 = paretoNbdLogA0(parameters, x, tx, T);
  if (logA0 === -Infinity) return 1;
  const logRatio =
    Math.log(s) -
    Math.log(r + s + x) +
    (r + x) * Math.log(alpha + T) +
    s * Math.log(beta + T) +
    logA0;
  return 1 / (1 + Math.exp(logRatio));
}

/** (1 − (k/(k+t))^(s−1)) / (s − 1), with its limit ln((k+t)/k) at s = 1. */
function lifetimeFactor(s: number, k: number, t: number): number {
  if (Math.abs(s - 1) < 1e-9) return Math.log((k + t) / k);
  return -Math.expm1((s - 1) * Math.log(k / (k + t))) / (s - 1);
}

export function paretoNbdExpectedPurchasesNewCustomer(
  { r, alpha, s, beta }: ParetoNbdParameters,
  t: number,
): number {
  return ((r * beta) / alpha) * lifetimeFactor(s, beta, t);
}

export function paretoNbdConditionalExpectedPurchases(
  parameters: ParetoNbdParameters,
  t: number,
  x: number,
  tx: number,
  T: number,
): number {
  const { r, alpha, s, beta } = parameters;
  return (
    paretoNbdProbabilityAlive(parameters, x, tx, T) *
    (((r + x) * (beta + T)) / (alpha + T)) *
    lifetimeFactor(s, beta + T, t)
  );
}
