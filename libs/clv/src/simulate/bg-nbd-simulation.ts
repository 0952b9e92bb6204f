import type { BgNbdParameters } from '../models/bg-nbd';
import type { CustomerSummary } from '../summary/summary';

/** A seeded uniform generator (mulberry32): the same seed draws the same customers. */
export function seededUniform(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function normal(uniform: () => number): number {
  const u = 1 - uniform();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * uniform());
}

/** Gamma(shape, rate 1) by Marsaglia & Tsang, boosted for shape < 1. */
export function gammaVariate(shape: number, uniform: () => number): number {
  if (shape < 1) return gammaVariate(shape + 1, uniform) * uniform() ** (1 / shape);
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x: number;
    let v: number;
    do {
      x = normal(uniform);
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const u = uniform();
    if (Math.log(u) < 0.5 * x * x + d - d * v + d * Math.log(v)) return d * v;
  }
}

/**
 * Customers drawn from the BG/NBD story with known parameters: a purchase rate λ ~ Gamma(r, α),
 * a dropout probability p ~ Beta(a, b) after each repeat purchase, and a first purchase spread
 * over the cohort window. Times are whole days expressed in weeks, as real summaries are.
 */
export function simulateBgNbd(
  { r, alpha, a, b }: BgNbdParameters,
  customers: number,
  options: { seed: number; observationDays: number; cohortDays: number },
): CustomerSummary[] {
  const uniform = seededUniform(options.seed);
  const summaries = new Array<CustomerSummary>(customers);
  for (let i = 0; i < customers; i += 1) {
    const lambda = gammaVariate(r, uniform) / alpha;
    const ga = gammaVariate(a, uniform);
    const p = ga / (ga + gammaVariate(b, uniform));
    const ageDays = options.observationDays - Math.floor(uniform() * options.cohortDays);
    const T = ageDays / 7;
    let x = 0;
    let tx = 0;
    let time = 0;
    for (;;) {
      time += -Math.log(1 - uniform()) / lambda;
      if (time > T) break;
      x += 1;
      tx = Math.floor(time * 7) / 7;
      if (uniform() < p) break;
    }
    summaries[i] = { customerId: String(i), frequency: x, recency: tx, T, monetary: 0 };
  }
  return summaries;
}
