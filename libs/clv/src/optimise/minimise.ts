/** A function of a parameter vector to minimise; it may return Infinity or NaN where undefined. */
export type Objective = (theta: Float64Array) => number;

export interface Minimum {
  readonly theta: Float64Array;
  readonly value: number;
  readonly iterations: number;
  readonly evaluations: number;
  readonly converged: boolean;
  readonly method: 'bfgs' | 'nelder-mead';
}

/** The objective's value and gradient together, where one pass can compute both. */
export type ObjectiveWithGradient = (theta: Float64Array) => {
  value: number;
  gradient: Float64Array;
};

export interface MinimiseOptions {
  /** An exact gradient; without it, central differences (2 evaluations per parameter). */
  readonly gradient?: ObjectiveWithGradient;
  /** Stop when the gradient's largest component is below this. */
  readonly gradientTolerance?: number;
  readonly maxIterations?: number;
}

const finite = (value: number): number => (Number.isFinite(value) ? value : Infinity);

/** Central-difference gradient; with 3 or 4 parameters this costs 8 evaluations. */
function gradient(f: Objective, theta: Float64Array, counter: { n: number }): Float64Array {
  const g = new Float64Array(theta.length);
  const point = Float64Array.from(theta);
  for (let i = 0; i < theta.length; i += 1) {
    const h = 1e-6 * Math.max(1, Math.abs(theta[i]!));
    point[i] = theta[i]! + h;
    const up = finite(f(point));
    point[i] = theta[i]! - h;
    const down = finite(f(point));
    point[i] = theta[i]!;
    counter.n += 2;
    g[i] = (up - down) / (2 * h);
  }
  return g;
}

const dot = (u: Float64Array, v: Float64Array): number => u.reduce((s, ui, i) => s + ui * v[i]!, 0);

/**
 * Quasi-Newton BFGS with an Armijo backtracking line search and numerical gradients — the
 * method lifetimes and CLVTools use (in log space, as here), small enough to own. When it cannot
 * make progress (a non-finite region, a flat ridge), Nelder–Mead takes over from its best point.
 */
export function minimise(
  f: Objective,
  start: ArrayLike<number>,
  options: MinimiseOptions = {},
): Minimum {
  const tolerance = options.gradientTolerance ?? 1e-7;
  const maxIterations = options.maxIterations ?? 500;
  const counter = { n: 0 };
  const n = start.length;
  let theta = Float64Array.from(start);
  let value = finite(f(theta));
  counter.n += 1;
  if (!Number.isFinite(value)) return nelderMead(f, theta, counter, maxIterations * 10);
  const gradientAt = (point: Float64Array): Float64Array => {
    if (!options.gradient) return gradient(f, point, counter);
    counter.n += 1;
    const { gradient: exact } = options.gradient(point);
    return exact.every(Number.isFinite) ? exact : gradient(f, point, counter);
  };
  let g = gradientAt(theta);
  // The inverse Hessian estimate starts as the identity.
  let H = identity(n);
  for (let iteration = 1; iteration <= maxIterations; iteration += 1) {
    if (Math.max(...g.map(Math.abs)) < tolerance) {
      return {
        theta,
        value,
        iterations: iteration - 1,
        evaluations: counter.n,
        converged: true,
        method: 'bfgs',
      };
    }
    const direction = Float64Array.from(H, (row) => -dot(row, g));
    let slope = dot(direction, g);
    if (!(slope < 0)) {
      // Not a descent direction: forget the curvature learned so far.
      H = identity(n);
      direction.set(g.map((gi) => -gi));
      slope = dot(direction, g);
    }
    let step = 1;
    let next = theta;
    let nextValue = Infinity;
    for (let tries = 0; tries < 60; tries += 1) {
      next = theta.map((t, i) => t + step * direction[i]!);
      nextValue = finite(f(next));
      counter.n += 1;
      if (nextValue <= value + 1e-4 * step * slope) break;
      step /= 2;
    }
    if (!(nextValue < value)) {
      // No decrease along the line: either at the optimum to machine precision, or stuck.
      const polished = nelderMead(f, theta, counter, 2000);
      const converged = Math.max(...g.map(Math.abs)) < tolerance * 1e3 || polished.converged;
      return { ...polished, iterations: iteration + polished.iterations, converged };
    }
    const nextG = gradientAt(next);
    const s = next.map((t, i) => t - theta[i]!);
    const y = nextG.map((gi, i) => gi - g[i]!);
    const sy = dot(s, y);
    if (sy > 1e-12) {
      const Hy = Float64Array.from(H, (row) => dot(row, y));
      const yHy = dot(y, Hy);
      H = H.map((row, i) =>
        row.map(
          (h, j) =>
            h + ((sy + yHy) * s[i]! * s[j]!) / (sy * sy) - (Hy[i]! * s[j]! + s[i]! * Hy[j]!) / sy,
        ),
      );
    }
    theta = next;
    value = nextValue;
    g = nextG;
  }
  return {
    theta,
    value,
    iterations: maxIterations,
    evaluations: counter.n,
    converged: false,
    method: 'bfgs',
  };
}

function identity(n: number): Float64Array[] {
  return Array.from({ length: n }, (_, i) => {
    const row = new Float64Array(n);
    row[i] = 1;
    return row;
  });
}

/** Nelder–Mead simplex search: slow, but needs neither gradients nor finite values everywhere. */
function nelderMead(
  f: Objective,
  start: Float64Array,
  counter: { n: number },
  maxIterations: number,
): Minimum {
  const n = start.length;
  const evaluate = (point: Float64Array) => {
    counter.n += 1;
    return finite(f(point));
  };
  let simplex = [Float64Array.from(start)];
  for (let i = 0; i < n; i += 1) {
    const vertex = Float64Array.from(start);
    vertex[i] = vertex[i]! + 0.5;
    simplex.push(vertex);
  }
  let values = simplex.map(evaluate);
  let iteration = 0;
  for (; iteration < maxIterations; iteration += 1) {
    const order = values.map((_, i) => i).sort((i, j) => values[i]! - values[j]!);
    simplex = order.map((i) => simplex[i]!);
    values = order.map((i) => values[i]!);
    if (Math.abs(values[n]! - values[0]!) < 1e-12 * (1 + Math.abs(values[0]!))) break;
    const centroid = new Float64Array(n);
    for (let i = 0; i < n; i += 1)
      for (let j = 0; j < n; j += 1) centroid[j] = centroid[j]! + simplex[i]![j]! / n;
    const along = (factor: number) => centroid.map((c, j) => c + factor * (simplex[n]![j]! - c));
    const reflected = along(-1);
    const reflectedValue = evaluate(reflected);
    if (reflectedValue < values[0]!) {
      const expanded = along(-2);
      const expandedValue = evaluate(expanded);
      [simplex[n], values[n]] =
        expandedValue < reflectedValue ? [expanded, expandedValue] : [reflected, reflectedValue];
    } else if (reflectedValue < values[n - 1]!) {
      [simplex[n], values[n]] = [reflected, reflectedValue];
    } else {
      const contracted = along(reflectedValue < values[n]! ? -0.5 : 0.5);
      const contractedValue = evaluate(contracted);
      if (contractedValue < Math.min(reflectedValue, values[n]!)) {
        [simplex[n], values[n]] = [contracted, contractedValue];
      } else {
        for (let i = 1; i <= n; i += 1) {
          simplex[i] = simplex[i]!.map((v, j) => simplex[0]![j]! + 0.5 * (v - simplex[0]![j]!));
          values[i] = evaluate(simplex[i]!);
        }
      }
    }
  }
  const best = values.indexOf(Math.min(...values));
  return {
    theta: simplex[best]!,
    value: values[best]!,
    iterations: iteration,
    evaluations: counter.n,
    converged: iteration < maxIterations,
    method: 'nelder-mead',
  };
}
