import {
  type IdempotencyClaim,
  type IdempotentOutcome,
  type LedgerBatchStatements,
  replayOf,
} from '@loyalty/persistence';
import type { Settled } from './group-commit';
import type { LedgerCommand } from './ledger-command';
import { type MemberReference, memberOfResolvedReference } from './member-resolver';

export type BatchMember = ReturnType<typeof memberOfResolvedReference>;

/**
 * One batched ledger write in progress, inside its transaction: which items are still live, which
 * were answered and how. The steps every batched write shares are here (claim all keys, replay
 * what was answered before, resolve all members, store the answers, give back the keys of refused
 * items); the writer in between decides what its items post.
 */
export class BatchWrite<T extends { readonly command: LedgerCommand }, R> {
  private readonly results: (Settled<IdempotentOutcome<R>> | undefined)[];
  private readonly claims: IdempotencyClaim[];
  private readonly answers: { claim: IdempotencyClaim; status: number; body: unknown }[] = [];
  private claimed: boolean[] = [];
  private liveIndexes: number[] = [];

  constructor(
    private readonly statements: LedgerBatchStatements,
    readonly items: readonly T[],
  ) {
    this.results = items.map(() => undefined);
    this.claims = items.map((item) => item.command.idempotency);
  }

  /** The items still to be written, by index. */
  get live(): readonly number[] {
    return this.liveIndexes;
  }

  /** Claims every key at once; an item whose key was claimed before gets that stored answer. */
  async claimKeys(): Promise<void> {
    this.claimed = await this.statements.claimKeys(this.claims);
    const replays = this.items.flatMap((_, index) => (this.claimed[index] ? [] : [index]));
    const stored = await this.statements.storedAnswers(replays.map((index) => this.claims[index]!));
    replays.forEach((index, n) => {
      try {
        this.results[index] = { ok: true, value: replayOf(this.claims[index]!, stored[n] ?? null) };
      } catch (error) {
        this.results[index] = { ok: false, error };
      }
    });
    this.liveIndexes = this.items.flatMap((_, index) => (this.claimed[index] ? [index] : []));
  }

  /** The member of each live item, in one query; an item naming no usable member is refused. */
  async resolveMembers(
    programId: string,
    referenceOf: (item: T) => MemberReference,
  ): Promise<Map<number, BatchMember>> {
    const found = await this.statements.resolveReferences(
      programId,
      this.liveIndexes.map((index) => referenceOf(this.items[index]!)),
    );
    const members = new Map<number, BatchMember>();
    for (const [n, index] of [...this.liveIndexes].entries()) {
      try {
        members.set(index, memberOfResolvedReference(referenceOf(this.items[index]!), found[n]!));
      } catch (error) {
        this.refuse(index, error);
      }
    }
    return members;
  }

  /** Answers an item with its error alone; its key is given back when the batch finishes. */
  refuse(index: number, error: unknown): void {
    this.results[index] = { ok: false, error };
    this.liveIndexes = this.liveIndexes.filter((live) => live !== index);
  }

  /** Answers an item; the answer is stored under its key with the batch. */
  succeed(index: number, body: R, status = 201): void {
    this.results[index] = { ok: true, value: { status, body, replayed: false } };
    this.answers.push({ claim: this.claims[index]!, status, body });
  }

  /** Stores the answers, gives back the keys of refused items, and answers every item. */
  async finish(): Promise<Settled<IdempotentOutcome<R>>[]> {
    await this.statements.storeAnswers(this.answers);
    await this.statements.releaseKeys(
      this.items.flatMap((_, index) =>
        this.claimed[index] && this.results[index]?.ok === false ? [this.claims[index]!] : [],
      ),
    );
    return this.results.map(
      (result) => result ?? { ok: false, error: new Error('a batch item was left unanswered') },
    );
  }
}

/**
 * Writes a batch; if the batch fails as a whole (most likely another process wrote something one
 * item conflicts with meanwhile), each item goes again in a transaction of its own, where the
 * conflict is seen and refused, so only the item at fault fails.
 */
export async function writeWithFallback<T, R>(
  items: readonly T[],
  attempt: (items: readonly T[]) => Promise<Settled<R>[]>,
  explain: (error: unknown) => unknown = (error) => error,
): Promise<Settled<R>[]> {
  try {
    return await attempt(items);
  } catch {
    return Promise.all(
      items.map(async (item): Promise<Settled<R>> => {
        try {
          const [settled] = await attempt([item]);
          return settled!;
        } catch (error) {
          return { ok: false, error: explain(error) };
        }
      }),
    );
  }
}
