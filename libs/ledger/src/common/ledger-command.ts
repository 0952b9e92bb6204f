import type { LedgerActor, PointsBalance } from '@loyalty/domain';
import type { IdempotencyClaim } from '@loyalty/persistence';
import { createHash } from 'node:crypto';

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

/** JSON with object keys sorted, so equal requests hash equal whatever order their fields came in. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, field]) => field !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, field]) => `${JSON.stringify(key)}:${canonicalJson(field)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** The fingerprint an Idempotency-Key is bound to: the operation and its request. */
export const requestFingerprint = (operation: string, request: unknown): string =>
  createHash('sha256').update(operation).update('\n').update(canonicalJson(request)).digest('hex');
