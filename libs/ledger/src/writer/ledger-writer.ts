import type { BalanceAfter, JournalPlan, PlanContext } from '@loyalty/domain';
import {
  type IdempotencyClaim,
  type IdempotentAnswer,
  LedgerRepository,
  type LedgerTransaction,
  replayedAnswer,
} from '@loyalty/persistence';
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { GroupCommit, type Settled } from './group-commit';
import type { LedgerOperation, Touching } from './ledger-operation';

/** What an item of a batch became while the batch was written. */
type Outcome<A> = Settled<IdempotentAnswer<A>>;

const NO_BALANCE: BalanceAfter = { available: 0, pending: 0 };

/**
 * Writes a batch; if the batch fails as a whole (most likely another process wrote something one
 * item conflicts with meanwhile), each item goes again in a transaction of its own, where the
 * conflict is seen and refused, so only the item at fault fails.
 */
async function writeWithFallback<T, R>(
  items: readonly T[],
  attempt: (items: readonly T[]) => Promise<Settled<R>[]>,
  explain: (error: unknown) => unknown,
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

/**
 * Groups `items` (by index) into rounds where no two share a member: a member reached twice in a
 * batch (through a card and by id, or a transfer's two sides) is written by the later item after
 * the earlier one's round is posted, so its load sees what that one wrote. Once an item waits,
 * every later item sharing a member with it waits too, so a member's items keep their order.
 */
function roundsOf(indexes: readonly number[], membersOf: (index: number) => readonly string[]) {
  const rounds: number[][] = [];
  let waiting = [...indexes];
  while (waiting.length > 0) {
    const round: number[] = [];
    const later: number[] = [];
    const seen = new Set<string>();
    for (const index of waiting) {
      const members = membersOf(index);
      (members.some((member) => seen.has(member)) ? later : round).push(index);
      for (const member of members) seen.add(member);
    }
    rounds.push(round);
    waiting = later;
  }
  return rounds;
}

/**
 * The one way the ledger is written. Every operation (a purchase, a refund, an expiry) is a
 * LedgerOperation: concurrent items of one operation and program share a database transaction
 * (group commit), in which the writer claims their keys in one statement, replays what was
 * answered before, locks every member account they touch in one statement, loads, plans, and
 * posts all their plans in one statement; then it reads the balances the answers report, stores
 * the answers with their keys and gives back the keys of refused items. An item alone is a batch
 * of one; under load a batch takes up to the operation's maxBatch items, and one WAL flush
 * serves them all.
 */
@Injectable()
export class LedgerWriter {
  private readonly queues = new Map<string, GroupCommit<unknown, unknown>>();

  constructor(private readonly ledger: LedgerRepository) {}

  /** Writes `item` with the next batch of its operation and program; resolves with its answer. */
  submit<I, F, L, A>(
    operation: LedgerOperation<I, F, L, A>,
    programId: string,
    item: I,
  ): Promise<IdempotentAnswer<A>> {
    // A write made inside a request's own transaction (an erasure under its Idempotency-Key)
    // joins that transaction, alone: a batch never joins one request's transaction with others.
    if (this.ledger.insideRequestTransaction) return this.writeAlone(operation, programId, item);
    const name = `${operation.name}\n${programId}`;
    let queue = this.queues.get(name) as GroupCommit<I, IdempotentAnswer<A>> | undefined;
    if (!queue) {
      queue = new GroupCommit<I, IdempotentAnswer<A>>({
        maxBatch: operation.maxBatch,
        maxInFlight: operation.maxInFlight,
        conflictKeysOf: (each) => operation.conflictKeysOf(each),
        write: (items) => this.write(operation, programId, items),
      });
      this.queues.set(name, queue as GroupCommit<unknown, unknown>);
    }
    return queue.submit(item);
  }

  private async writeAlone<I, F, L, A>(
    operation: LedgerOperation<I, F, L, A>,
    programId: string,
    item: I,
  ): Promise<IdempotentAnswer<A>> {
    const [outcome] = await this.write(operation, programId, [item]);
    if (!outcome!.ok) throw outcome!.error;
    return outcome!.value;
  }

  /** Writes one batch of an operation's items, each answered on its own. */
  async write<I, F, L, A>(
    operation: LedgerOperation<I, F, L, A>,
    programId: string,
    items: readonly I[],
  ): Promise<Outcome<A>[]> {
    // Loaded before the transaction, so the write never asks the pool for a second connection.
    const programAccounts = await this.ledger.programAccountsForBatch(programId);
    return writeWithFallback(
      items,
      (batch) =>
        this.ledger.transaction((transaction) =>
          new BatchInProgress(operation, programId, batch, transaction, {
            programId,
            now: new Date(),
            newId: randomUUID,
            programAccounts,
          }).run(),
        ),
      (error) => operation.explain?.(error) ?? error,
    );
  }
}

/** One batch inside its transaction: which items are still live, and how each was answered. */
class BatchInProgress<I, F, L, A> {
  private readonly outcomes: (Outcome<A> | undefined)[];
  private readonly claims: (IdempotencyClaim | null)[];
  private readonly claimedHere = new Set<number>();
  private readonly touching = new Map<number, Touching<F>>();
  private readonly planned: { index: number; plan: JournalPlan<A> }[] = [];

  constructor(
    private readonly operation: LedgerOperation<I, F, L, A>,
    private readonly programId: string,
    private readonly items: readonly I[],
    private readonly transaction: LedgerTransaction,
    private readonly context: PlanContext,
  ) {
    this.outcomes = items.map(() => undefined);
    this.claims = items.map((item) => operation.claimOf(item));
  }

  async run(): Promise<Outcome<A>[]> {
    let live = await this.claimKeys();
    live = await this.identify(live);
    const accounts = await this.transaction.lockMemberAccounts(
      this.programId,
      live.flatMap((index) => this.touching.get(index)!.memberIds),
    );
    for (const [n, round] of roundsOf(
      live,
      (index) => this.touching.get(index)!.memberIds,
    ).entries()) {
      // Locked again (already held), the accounts read as the earlier rounds left them.
      const locked =
        n === 0
          ? accounts
          : await this.transaction.lockMemberAccounts(
              this.programId,
              round.flatMap((index) => this.touching.get(index)!.memberIds),
            );
      await this.planAndPost(round, locked);
    }
    await this.answer();
    return this.outcomes.map(
      (outcome) => outcome ?? { ok: false, error: new Error('a batch item was left unanswered') },
    );
  }

  /** Claims every key at once; an item whose key was claimed before gets that stored answer. */
  private async claimKeys(): Promise<number[]> {
    const keyed = this.items.flatMap((_, index) => (this.claims[index] ? [index] : []));
    const claimed = await this.transaction.claimKeys(keyed.map((index) => this.claims[index]!));
    keyed.forEach((index, n) => {
      if (claimed[n]) this.claimedHere.add(index);
    });
    const replays = keyed.filter((index) => !this.claimedHere.has(index));
    const stored = await this.transaction.storedAnswers(
      replays.map((index) => this.claims[index]!),
    );
    replays.forEach((index, n) => {
      try {
        this.outcomes[index] = { ok: true, value: replayedAnswer(this.claims[index]!, stored[n]!) };
      } catch (error) {
        this.outcomes[index] = { ok: false, error };
      }
    });
    return this.items.flatMap((_, index) =>
      !this.claims[index] || this.claimedHere.has(index) ? [index] : [],
    );
  }

  private async identify(live: readonly number[]): Promise<number[]> {
    const found = await this.operation.identify(
      this.transaction,
      this.programId,
      live.map((index) => this.items[index]!),
    );
    return live.filter((index, n) => {
      const settled = found[n]!;
      if (settled.ok) this.touching.set(index, settled.value);
      else this.refuse(index, settled.error);
      return settled.ok;
    });
  }

  private async planAndPost(
    round: readonly number[],
    accounts: Awaited<ReturnType<LedgerTransaction['lockMemberAccounts']>>,
  ): Promise<void> {
    const loaded = await this.operation.load(
      this.transaction,
      this.programId,
      round.map((index) => ({
        item: this.items[index]!,
        found: this.touching.get(index)!.found,
        accounts,
      })),
    );
    const plans: { index: number; plan: JournalPlan<A> }[] = [];
    round.forEach((index, n) => {
      const settled = loaded[n]!;
      if (!settled.ok) return this.refuse(index, settled.error);
      try {
        plans.push({
          index,
          plan: this.operation.plan(this.items[index]!, settled.value, this.context),
        });
      } catch (error) {
        this.refuse(index, error);
      }
    });
    await this.transaction.post(plans.map(({ plan }) => plan));
    this.planned.push(...plans);
  }

  /** Builds every answer from the balances after the batch, and stores it with its key. */
  private async answer(): Promise<void> {
    const balances = await this.transaction.balancesAfter(
      this.planned.flatMap(({ plan }) => plan.balancesOf ?? []),
      this.context.now,
    );
    const stored: { claim: IdempotencyClaim; body: unknown }[] = [];
    for (const { index, plan } of this.planned) {
      const body = plan.answer((accountId) => balances.get(accountId) ?? NO_BALANCE);
      this.outcomes[index] = { ok: true, value: { body, replayed: false } };
      const claim = this.claims[index];
      if (claim) stored.push({ claim, body });
    }
    await this.transaction.storeAnswers(stored);
    await this.transaction.releaseKeys(
      [...this.claimedHere].flatMap((index) =>
        this.outcomes[index]?.ok === false ? [this.claims[index]!] : [],
      ),
    );
  }

  /** Answers an item with its error alone; its key is given back when the batch finishes. */
  private refuse(index: number, error: unknown): void {
    this.outcomes[index] = { ok: false, error };
  }
}
