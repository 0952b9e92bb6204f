import digammaOfStdlib from '@stdlib/math-base-special-digamma';
import gammalnOfStdlib from '@stdlib/math-base-special-gammaln';

/** ln|Γ(x)|. */
export const gammaln = (x: number): number => gammalnOfStdlib(x);

/** ψ(x), the derivative of ln Γ(x). */
export const digamma = (x: number): number => digammaOfStdlib(x);

/** The sign of Γ(x): positive for x > 0, alternating between the poles for x < 0. */
export function gammaSign(x: number): 1 | -1 {
  if (x > 0) return 1;
  return Math.ceil(-x) % 2 === 1 ? -1 : 1;
}

/** ln B(a, b). */
export const betaln = (a: number, b: number): number => gammaln(a) + gammaln(b) - gammaln(a + b);

/** ln(e^a + e^b) without overflow. */
export function logaddexp(a: number, b: number): number {
  if (a === -Infinity) return b;
  if (b === -Infinity) return a;
  const max = Math.max(a, b);
  return max + Math.log1p(Math.exp(-Math.abs(a - b)));
}

/** 1 / (1 + e^-x), stable for large |x|. */
export function expit(x: number): number {
  if (x >= 0) return 1 / (1 + Math.exp(-x));
  const e = Math.exp(x);
  return e / (1 + e);
}

const SERIES_TOLERANCE = 1e-15;
const SERIES_MAX_TERMS = 100_000;

/** The plain hypergeometric series Σ (a)_n (b)_n / ((c)_n n!) zⁿ for |z| < 1. */
function hyp2f1Series(a: number, b: number, c: number, z: number): number {
  let term = 1;
  let sum = 1;
  for (let n = 0; n < SERIES_MAX_TERMS; n += 1) {
    term *= (((a + n) * (b + n)) / ((c + n) * (n + 1))) * z;
    sum += term;
    if (Math.abs(term) <= SERIES_TOLERANCE * Math.abs(sum)) return sum;
    if (term === 0) return sum;
  }
  throw new RangeError(`2F1(${a}, ${b}; ${c}; ${z}) did not converge`);
}

/**
 * The Gauss hypergeometric function ₂F₁(a, b; c; z) for real parameters and 0 ≤ z < 1, as the
 * BG/NBD and Pareto/NBD expectations need it. Near z = 1 the series converges slowly, so there
 * it uses the linear transformation to 1 − z (Abramowitz & Stegun 15.3.6), whose two terms are
 * computed in log space with their signs.
 */
export function hyp2f1(a: number, b: number, c: number, z: number): number {
  if (!(z >= 0 && z < 1)) throw new RangeError(`2F1 needs 0 <= z < 1, got ${z}`);
  const s = c - a - b;
  // The transformation is singular when c − a − b is an integer; the series still converges there.
  if (z <= 0.75 || Math.abs(s - Math.round(s)) < 1e-6) return hyp2f1Series(a, b, c, z);
  const w = 1 - z;
  const first =
    gammaSign(c) *
    gammaSign(s) *
    gammaSign(c - a) *
    gammaSign(c - b) *
    Math.exp(gammaln(c) + gammaln(s) - gammaln(c - a) - gammaln(c - b)) *
    hyp2f1Series(a, b, 1 - s, w);
  const second =
    gammaSign(c) *
    gammaSign(-s) *
    gammaSign(a) *
    gammaSign(b) *
    Math.exp(s * Math.log(w) + gammaln(c) + gammaln(-s) - gammaln(a) - gammaln(b)) *
    hyp2f1Series(c - a, c - b, s + 1, w);
  return first + second;
}
