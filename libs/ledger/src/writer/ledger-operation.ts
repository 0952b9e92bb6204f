import type { JournalPlan, PlanContext } from '@loyalty/domain';
import type {
  IdempotencyClaim,
  LedgerTransaction,
  LockedMemberAccount,
} from '@loyalty/persistence';
import type { Settled } from './group-commit';

/** The members an item's write touches, found before any lock, and what was found on the way. */
export interface Touching<F> {
  readonly memberIds: readonly string[];
  readonly found: F;
}

/** An item being loaded: its request, what identify found, and its members' locked accounts. */
export interface Loading<I, F> {
  readonly item: I;
  readonly found: F;
  readonly accounts: ReadonlyMap<string, LockedMemberAccount>;
}

/**
 * One kind of ledger write, as the writer runs it (ledger-writer.ts). The writer claims the keys,
 * then for the items still to be written: `identify` finds the members each touches, the writer
 * locks all their accounts at once (in member-id order), `load` reads what the planners need under
 * those locks, `plan` decides each item's writes from that alone, and the writer posts every plan
 * of the batch in one statement. Anything `identify`, `load` or `plan` throws for an item refuses
 * that item alone, and its key is given back.
 */
export interface LedgerOperation<I, F, L, A> {
  /** Names the operation's group-commit queue. */
  readonly name: string;
  /** The most items one batch takes. */
  readonly maxBatch: number;
  /** The most batches of one program written at once. */
  readonly maxInFlight: number;
  /** The item's Idempotency-Key; null for a write the system makes under no key (expiry). */
  claimOf(item: I): IdempotencyClaim | null;
  /**
   * What must not share a batch, nor batches written at once: at least the item's key, and
   * whatever else two items could race on that their members' locks do not cover (a receipt).
   */
  conflictKeysOf(item: I): readonly string[];
  identify(
    transaction: LedgerTransaction,
    programId: string,
    items: readonly I[],
  ): Promise<Settled<Touching<F>>[]>;
  load(
    transaction: LedgerTransaction,
    programId: string,
    items: readonly Loading<I, F>[],
  ): Promise<Settled<L>[]>;
  /** Pure: the item's writes and answer from what was loaded; throws a DomainError to refuse. */
  plan(item: I, loaded: L, context: PlanContext): JournalPlan<A>;
  /** The error an item written alone is answered with when its batch failed (a unique index). */
  explain?(error: unknown): unknown;
}

/** Runs `read` and answers each item with its result, or with what it threw for that item. */
export async function settleEach<T, R>(
  items: readonly T[],
  read: (item: T) => Promise<R>,
): Promise<Settled<R>[]> {
  const settled: Settled<R>[] = [];
  // One after another: the transaction has one connection, and its statements queue on it anyway.
  for (const item of items) {
    try {
      settled.push({ ok: true, value: await read(item) });
    } catch (error) {
      settled.push({ ok: false, error });
    }
  }
  return settled;
}

/** Runs `decide` on each item, answering it with the result or with what it threw. */
export function settleEachNow<T, R>(items: readonly T[], decide: (item: T) => R): Settled<R>[] {
  return items.map((item) => {
    try {
      return { ok: true, value: decide(item) };
    } catch (error) {
      return { ok: false, error };
    }
  });
}
