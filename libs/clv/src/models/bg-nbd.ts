import { minimise } from '../optimise/minimise';
import { betaln, digamma, expit, gammaln, hyp2f1, logaddexp } from '../special/special-functions';
import { type CompressedSummaries } from '../summary/summary';
import { type FitDiagnostics, fitDiagnostics } from './fit-diagnostics';

/** BG/NBD (Fader, Hardie & Lee 2005): purchases at rate λ ~ Gamma(r, α), dropout p ~ Beta(a, b). */
export interface BgNbdParameters {
  readonly r: number;
  readonly alpha: number;
  readonly a: number;
  readonly b: number;
}

export interface BgNbdFit extends FitDiagnostics {
  readonly model: 'bg-nbd';
  readonly parameters: BgNbdParameters;
}

/** One customer's log-likelihood, in Hardie's numerically safe form (note 027). */
export function bgNbdLogLikelihoodOf(
  { r, alpha, a, b }: BgNbdParameters,
  x: number,
  tx: number,
  T: number,
): number {
  const a1 = gammaln(r + x) - gammaln(r) + r * Math.log(alpha);
  const a2 = betaln(a, b + x) - betaln(a, b);
  const a3 = -(r + x) * Math.log(alpha + T);
  const a4 = x > 0 ? Math.log(a) - Math.log(b + x - 1) - (r + x) * Math.log(alpha + tx) : -Infinity;
  return a1 + a2 + logaddexp(a3, a4);
}

export function bgNbdLogLikelihood(parameters: BgNbdParameters, data: CompressedSummaries): number {
  let total = 0;
  for (let i = 0; i < data.x.length; i += 1) {
    total +=
      data.weight[i]! * bgNbdLogLikelihoodOf(parameters, data.x[i]!, data.tx[i]!, data.T[i]!);
  }
  return total;
}

/**
 * The log-likelihood and its gradient in (r, α, a, b), in one pass over the rows. Terms of x
 * alone (Γ, B and ψ functions) are computed once per distinct x; a row then costs two or three
 * logarithms and an exponential.
 */
export function bgNbdLogLikelihoodWithGradient(
  parameters: BgNbdParameters,
  data: CompressedSummaries,
): { value: number; gradient: Float64Array } {
  const { r, alpha, a, b } = parameters;
  const base = r * Math.log(alpha) - gammaln(r) - betaln(a, b);
  const logAlpha = Math.log(alpha);
  const psiR = digamma(r);
  const psiAB = digamma(a + b);
  const psiB = digamma(b);
  interface TermsOfX {
    constant: number;
    logDropout: number;
    dr: number;
    da: number;
    db: number;
  }
  const perX = new Map<number, TermsOfX>();
  let value = 0;
  let dr = 0;
  let dAlpha = 0;
  let da = 0;
  let db = 0;
  for (let i = 0; i < data.x.length; i += 1) {
    const x = data.x[i]!;
    let terms = perX.get(x);
    if (!terms) {
      const psiABX = digamma(a + b + x);
      terms = {
        constant: base + gammaln(r + x) + betaln(a, b + x),
        logDropout: x > 0 ? Math.log(a) - Math.log(b + x - 1) : -Infinity,
        dr: logAlpha - psiR + digamma(r + x),
        da: psiAB - psiABX,
        db: psiAB - psiB + digamma(b + x) - psiABX,
      };
      perX.set(x, terms);
    }
    const weight = data.weight[i]!;
    const logAliveBase = Math.log(alpha + data.T[i]!);
    const stillAlive = -(r + x) * logAliveBase;
    let rowValue: number;
    let w3 = 1;
    let w4 = 0;
    let logDropoutBase = 0;
    if (x > 0) {
      logDropoutBase = Math.log(alpha + data.tx[i]!);
      const droppedOut = terms.logDropout - (r + x) * logDropoutBase;
      const total = logaddexp(stillAlive, droppedOut);
      w3 = Math.exp(stillAlive - total);
      w4 = Math.exp(droppedOut - total);
      rowValue = terms.constant + total;
    } else {
      rowValue = terms.constant + stillAlive;
    }
    value += weight * rowValue;
    dr += weight * (terms.dr - w3 * logAliveBase - w4 * logDropoutBase);
    dAlpha +=
      weight *
      (r / alpha -
        (w3 * (r + x)) / (alpha + data.T[i]!) -
        (x > 0 ? (w4 * (r + x)) / (alpha + data.tx[i]!) : 0));
    da += weight * (terms.da + w4 / a);
    db += weight * (terms.db - (x > 0 ? w4 / (b + x - 1) : 0));
  }
  return { value, gradient: Float64Array.from([dr, dAlpha, da, db]) };
}

export interface FitOptions {
  /** L2 penalty on the parameters (lifetimes' penalizer_coef); 0 for plain maximum likelihood. */
  readonly penalty?: number;
}

/**
 * Maximum likelihood over log-parameters with BFGS. Times are first rescaled so that the largest
 * T is 1 (α scales with them), which makes the start (1, 1, 1, 1) sensible for any time unit.
 */
export function fitBgNbd(data: CompressedSummaries, options: FitOptions = {}): BgNbdFit {
  const penalty = options.penalty ?? 0;
  const scale = data.T.reduce((largest, age) => Math.max(largest, age), 0);
  const scaled: CompressedSummaries = {
    ...data,
    tx: data.tx.map((v) => v / scale),
    T: data.T.map((v) => v / scale),
  };
  const toParameters = (theta: Float64Array): BgNbdParameters => ({
    r: Math.exp(theta[0]!),
    alpha: Math.exp(theta[1]!),
    a: Math.exp(theta[2]!),
    b: Math.exp(theta[3]!),
  });
  const objective = (theta: Float64Array): number => {
    const p = toParameters(theta);
    const l2 = penalty * (p.r ** 2 + p.alpha ** 2 + p.a ** 2 + p.b ** 2);
    return -bgNbdLogLikelihood(p, scaled) / data.customers + l2;
  };
  // d/dθ of the objective, θ = log p: −p·∂LL/∂p / n + 2·penalty·p².
  const withGradient = (theta: Float64Array) => {
    const p = toParameters(theta);
    const natural = [p.r, p.alpha, p.a, p.b];
    const { value, gradient } = bgNbdLogLikelihoodWithGradient(p, scaled);
    return {
      value: -value / data.customers + penalty * natural.reduce((s, v) => s + v * v, 0),
      gradient: gradient.map(
        (g, k) => (-g * natural[k]!) / data.customers + 2 * penalty * natural[k]! ** 2,
      ),
    };
  };
  const minimum = minimise(objective, [0, 0, 0, 0], { gradient: withGradient });
  const fitted = toParameters(minimum.theta);
  const parameters = { ...fitted, alpha: fitted.alpha * scale };
  return {
    model: 'bg-nbd',
    parameters,
    ...fitDiagnostics(bgNbdLogLikelihood(parameters, data), 4, data.customers, minimum),
  };
}

/** P(alive | x, t_x, T): 1 for a customer with no repeat purchase. */
export function bgNbdProbabilityAlive(
  { r, alpha, a, b }: BgNbdParameters,
  x: number,
  tx: number,
  T: number,
): number {
  if (x === 0) return 1;
  const logRatio =
    Math.log(a) - Math.log(b + x - 1) + (r + x) * Math.log((alpha + T) / (alpha + tx));
  return expit(-logRatio);
}

/** E[X(t)]: purchases a new customer makes in a period of length t. */
export function bgNbdExpectedPurchasesNewCustomer(
  { r, alpha, a, b }: BgNbdParameters,
  t: number,
): number {
  const z = t / (alpha + t);
  return ((a + b - 1) / (a - 1)) * (1 - (alpha / (alpha + t)) ** r * hyp2f1(r, b, a + b - 1, z));
}

/** E[Y(t) | x, t_x, T]: purchases the customer makes in the next t. */
export function bgNbdConditionalExpectedPurchases(
  parameters: BgNbdParameters,
  t: number,
  x: number,
  tx: number,
  T: number,
): number {
  if (t === 0) return 0;
  const { r, alpha, a, b } = parameters;
  const z = t / (alpha + T + t);
  const hyp = hyp2f1(r + x, b + x, a + b + x - 1, z);
  const growth = 1 - ((alpha + T) / (alpha + T + t)) ** (r + x) * hyp;
  return ((a + b + x - 1) / (a - 1)) * growth * bgNbdProbabilityAlive(parameters, x, tx, T);
}

/** P(X(t) = n) for a new customer (FHL 2005, eq. 8). */
export function bgNbdProbabilityOfPurchases(
  { r, alpha, a, b }: BgNbdParameters,
  t: number,
  n: number,
): number {
  const logRate = r * Math.log(alpha / (alpha + t));
  const logShare = Math.log(t / (alpha + t));
  const logTerm = (j: number) =>
    gammaln(r + j) - gammaln(r) - gammaln(j + 1) + logRate + j * logShare;
  const first = Math.exp(betaln(a, b + n) - betaln(a, b) + logTerm(n));
  if (n === 0) return first;
  let partial = 0;
  for (let j = 0; j < n; j += 1) partial += Math.exp(logTerm(j));
  return first + Math.exp(betaln(a + 1, b + n - 1) - betaln(a, b)) * (1 - partial);
}
