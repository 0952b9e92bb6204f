import type { LedgerActor, PointsBalance } from '@loyalty/domain';
import type { IdempotencyClaim } from '@loyalty/persistence';

/** Who asks for a ledger write, in which program, under which Idempotency-Key. */
export interface LedgerCommand {
  readonly programId: string;
  readonly actor: LedgerActor;
  readonly idempotency: IdempotencyClaim;
}

export interface BalanceAfter {
  readonly available: number;
  readonly pending: number;
}

export const balanceAfter = (balance: PointsBalance): BalanceAfter => ({
  available: balance.available,
  pending: balance.pending,
});

export { requestFingerprint } from '@loyalty/persistence';
