/**
 * Stable codes of the errors the domain raises. Clients may branch on them, so a code is never
 * renamed or reused. The HTTP layer maps each one to a status with an exhaustive switch
 * (libs/platform problem-details.filter.ts): adding a code here without mapping it fails to compile.
 */
export enum DomainErrorCode {
  StoreNotFound = 'STORE_NOT_FOUND',
  InvalidCursor = 'INVALID_CURSOR',
  QueueProbeTimedOut = 'QUEUE_PROBE_TIMED_OUT',
}

/** An expected, explainable failure of a use case; never an HTTP exception. */
export class DomainError extends Error {
  constructor(
    readonly code: DomainErrorCode,
    message: string,
    /** The request field the error is about, when there is one. */
    readonly field?: string,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}
