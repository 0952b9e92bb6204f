import type { Minimum } from '../optimise/minimise';

export interface FitDiagnostics {
  readonly logLikelihood: number;
  readonly aic: number;
  readonly bic: number;
  readonly converged: boolean;
  readonly iterations: number;
  readonly evaluations: number;
  readonly method: Minimum['method'];
  readonly customers: number;
}

export function fitDiagnostics(
  logLikelihood: number,
  parameterCount: number,
  customers: number,
  minimum: Minimum,
): FitDiagnostics {
  return {
    logLikelihood,
    aic: 2 * parameterCount - 2 * logLikelihood,
    bic: parameterCount * Math.log(customers) - 2 * logLikelihood,
    converged: minimum.converged,
    iterations: minimum.iterations,
    evaluations: minimum.evaluations,
    method: minimum.method,
    customers,
  };
}
