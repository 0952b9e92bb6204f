import type { LedgerActor } from '@loyalty/domain';
import type { IdempotencyClaim } from '@loyalty/persistence';

/** Who asks for a ledger write, in which program, under which Idempotency-Key. */
export interface LedgerCommand {
  readonly programId: string;
  readonly actor: LedgerActor;
  readonly idempotency: IdempotencyClaim;
}

export type { BalanceAfter } from '@loyalty/domain';
export { requestFingerprint } from '@loyalty/persistence';
