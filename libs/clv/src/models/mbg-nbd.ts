import { minimise } from '../optimise/minimise';
import { betaln, expit, gammaln, hyp2f1, logaddexp } from '../special/special-functions';
import type { CompressedSummaries } from '../summary/summary';
import type { BgNbdParameters, FitOptions } from './bg-nbd';
import { type FitDiagnostics, fitDiagnostics } from './fit-diagnostics';

/**
 * MBG/NBD (Batislam, Denizel & Filiztekin 2007): BG/NBD where a customer may also drop out right
 * after the first purchase, so a customer without repeat purchases is not surely alive.
 */
export interface MbgNbdFit extends FitDiagnostics {
  readonly model: 'mbg-nbd';
  readonly parameters: BgNbdParameters;
}

export function mbgNbdLogLikelihoodOf(
  { r, alpha, a, b }: BgNbdParameters,
  x: number,
  tx: number,
  T: number,
): number {
  return (
    gammaln(r + x) -
    gammaln(r) +
    r * Math.log(alpha) +
    betaln(a, b + x + 1) -
    betaln(a, b) -
    (r + x) * Math.log(alpha + T) +
    logaddexp(0, Math.log(a) - Math.log(b + x) + (r + x) * Math.log((alpha + T) / (alpha + tx)))
  );
}

export function mbgNbdLogLikelihood(
  parameters: BgNbdParameters,
  data: CompressedSummaries,
): number {
  let total = 0;
  for (let i = 0; i < data.x.length; i += 1) {
    total +=
      data.weight[i]! * mbgNbdLogLikelihoodOf(parameters, data.x[i]!, data.tx[i]!, data.T[i]!);
  }
  return total;
}

export function fitMbgNbd(data: CompressedSummaries, options: FitOptions = {}): MbgNbdFit {
  const penalty = options.penalty ?? 0;
  const scale = data.T.reduce((largest, age) => Math.max(largest, age), 0);
  const scaled = { ...data, tx: data.tx.map((v) => v / scale), T: data.T.map((v) => v / scale) };
  const toParameters = (theta: Float64Array): BgNbdParameters => ({
    r: Math.exp(theta[0]!),
    alpha: Math.exp(theta[1]!),
    a: Math.exp(theta[2]!),
    b: Math.exp(theta[3]!),
  });
  const minimum = minimise(
    (theta) => {
      const p = toParameters(theta);
      const l2 = penalty * (p.r ** 2 + p.alpha ** 2 + p.a ** 2 + p.b ** 2);
      return -mbgNbdLogLikelihood(p, scaled) / data.customers + l2;
    },
    [0, 0, 0, 0],
  );
  const fitted = toParameters(minimum.theta);
  const parameters = { ...fitted, alpha: fitted.alpha * scale };
  return {
    model: 'mbg-nbd',
    parameters,
    ...fitDiagnostics(mbgNbdLogLikelihood(parameters, data), 4, data.customers, minimum),
  };
}

export function mbgNbdProbabilityAlive(
  { r, alpha, a, b }: BgNbdParameters,
  x: number,
  tx: number,
  T: number,
): number {
  return expit(-(Math.log(a) - Math.log(b + x) + (r + x) * Math.log((alpha + T) / (alpha + tx))));
}

export function mbgNbdConditionalExpectedPurchases(
  parameters: BgNbdParameters,
  t: number,
  x: number,
  tx: number,
  T: number,
): number {
  if (t === 0) return 0;
  const { r, alpha, a, b } = parameters;
  const hyp = hyp2f1(r + x, b + x + 1, a + b + x, t / (alpha + T + t));
  const growth = 1 - ((alpha + T) / (alpha + T + t)) ** (r + x) * hyp;
  return ((a + b + x) / (a - 1)) * growth * mbgNbdProbabilityAlive(parameters, x, tx, T);
}
