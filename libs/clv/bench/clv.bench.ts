/**
 * npm run bench:clv — fits BG/NBD on synthetic customers drawn from known parameters (10k, 100k,
 * 1M), and scores them. Prints fit time, iterations, scoring throughput, how close the recovered
 * parameters are to the true ones, and each size's fit time relative to the 10k baseline of the
 * same run.
 */
import {
  type BgNbdParameters,
  bgNbdConditionalExpectedPurchases,
  bgNbdProbabilityAlive,
  compress,
  fitBgNbd,
} from '../src';
import { simulateBgNbd } from '../src/simulate/bg-nbd-simulation';

const TRUE: BgNbdParameters = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };
const SIZES = (process.env.CLV_BENCH_SIZES ?? '10000,100000,1000000').split(',').map(Number);

const seconds = (since: number) => (performance.now() - since) / 1000;
const relativeError = (fitted: BgNbdParameters) =>
  Math.max(...(['r', 'alpha', 'a', 'b'] as const).map((k) => Math.abs(fitted[k] / TRUE[k] - 1)));

let baseline: number | undefined;
const rows: Record<string, string | number>[] = [];
for (const size of SIZES) {
  const customers = simulateBgNbd(TRUE, size, { seed: size, observationDays: 546, cohortDays: 84 });
  let started = performance.now();
  const data = compress(customers);
  const compressSeconds = seconds(started);
  started = performance.now();
  const fit = fitBgNbd(data);
  const fitSeconds = seconds(started);
  baseline ??= fitSeconds;
  started = performance.now();
  const sample = customers.slice(0, Math.min(size, 100_000));
  let checksum = 0;
  for (const c of sample) {
    checksum += bgNbdProbabilityAlive(fit.parameters, c.frequency, c.recency, c.T);
    checksum += bgNbdConditionalExpectedPurchases(fit.parameters, 52, c.frequency, c.recency, c.T);
  }
  const scoringPerSecond = sample.length / seconds(started);
  rows.push({
    customers: size,
    distinctTriples: data.x.length,
    compressSeconds: Number(compressSeconds.toFixed(3)),
    fitSeconds: Number(fitSeconds.toFixed(3)),
    fitVsBaseline: Number((fitSeconds / baseline).toFixed(2)),
    iterations: fit.iterations,
    evaluations: fit.evaluations,
    converged: String(fit.converged),
    maxParameterError: `${(relativeError(fit.parameters) * 100).toFixed(2)}%`,
    scoredPerSecond: Math.round(scoringPerSecond),
    checksum: Number(checksum.toFixed(1)),
  });
  console.log(JSON.stringify(rows.at(-1)));
}
console.table(rows);
