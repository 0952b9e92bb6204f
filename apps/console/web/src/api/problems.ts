import type { LedgerSchemas } from '@loyalty/api-client';

/** An app's refusal (RFC 9457), as docs/errors.md describes it. */
export type Problem = Partial<LedgerSchemas['schemas']['ProblemDetails']> & {
  readonly status: number;
  readonly code: string;
};

/** A refusal an `await`ed call throws, so that TanStack Query sees it as the query's error. */
export class ProblemError extends Error {
  constructor(readonly problem: Problem) {
    super(problem.detail ?? problem.title ?? problem.code);
    this.name = 'ProblemError';
  }
}

export const isProblem = (value: unknown): value is Problem =>
  typeof value === 'object' &&
  value !== null &&
  typeof (value as Problem).status === 'number' &&
  typeof (value as Problem).code === 'string';

/**
 * The fields a refusal names, keyed as the form's fields are: `card.number` stays
 * `card.number`, and a list item (`lines.0.sku`) keeps its index.
 */
export function fieldProblems(problem: Problem | undefined): Readonly<Record<string, string>> {
  const byField: Record<string, string> = {};
  for (const error of problem?.errors ?? []) {
    byField[error.field] ??= error.detail;
  }
  return byField;
}

/** What an openapi-fetch answer holds: the data, or the problem as a thrown ProblemError. */
export function dataOrThrow<T>(answer: { data?: T; error?: unknown; response: Response }): T {
  if (answer.error !== undefined || answer.data === undefined) {
    throw new ProblemError(
      isProblem(answer.error)
        ? answer.error
        : {
            status: answer.response.status,
            code: answer.response.ok ? 'EMPTY_ANSWER' : 'UNEXPECTED_ANSWER',
            title: answer.response.statusText,
          },
    );
  }
  return answer.data;
}

/** The app refused the caller's role (403): the screen shows that, and no form to fill in. */
export const isForbidden = (error: unknown): boolean =>
  error instanceof ProblemError && error.problem.status === 403;

export const problemOf = (error: unknown): Problem | undefined =>
  error instanceof ProblemError ? error.problem : undefined;
