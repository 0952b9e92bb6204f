/** What became of one item of a batch: its answer, or the error that refused it alone. */
export type Settled<R> =
  { readonly ok: true; readonly value: R } | { readonly ok: false; readonly error: unknown };

export interface GroupCommitOptions<T, R> {
  /** The most items one write takes. */
  readonly maxBatch: number;
  /**
   * The most batches written at once, each in its own transaction on its own connection. While
   * one batch waits on its statements and its commit, the next is already under way.
   */
  readonly maxInFlight: number;
  /**
   * Items sharing a key never go in the same batch, nor in batches written at the same time: the
   * later one waits until the earlier one's batch has committed, so it sees what that wrote (its
   * account's balance, its receipt, its idempotency key).
   */
  readonly conflictKeysOf: (item: T) => readonly string[];
  /** Writes a batch in one database transaction; one answer per item, in the same order. */
  readonly write: (items: readonly T[]) => Promise<readonly Settled<R>[]>;
}

interface Waiting<T, R> {
  readonly item: T;
  readonly keys: readonly string[];
  readonly resolve: (value: R) => void;
  readonly reject: (error: unknown) => void;
}

/**
 * Group commit: concurrent requests share one database transaction, so one WAL flush and one
 * lock per account serve a whole batch. A batch is started once the requests that arrived in the
 * same turn of the event loop have joined the queue, whenever fewer than `maxInFlight` batches are
 * being written; otherwise the queue fills until one of them commits, and the next batch takes
 * everything that arrived meanwhile, up to `maxBatch`. Under light load a batch is one request and
 * waits for nothing.
 */
export class GroupCommit<T, R> {
  private readonly queue: Waiting<T, R>[] = [];
  /** The conflict keys of the batches being written, counted (an item may repeat a key). */
  private readonly keysInFlight = new Map<string, number>();
  private inFlight = 0;
  private scheduled = false;
  private idle: Promise<void> = Promise.resolve();
  private markIdle: () => void = () => undefined;

  constructor(private readonly options: GroupCommitOptions<T, R>) {}

  submit(item: T): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      if (this.isIdle()) this.idle = new Promise((done) => (this.markIdle = done));
      this.queue.push({ item, keys: this.options.conflictKeysOf(item), resolve, reject });
      this.schedule();
    });
  }

  /** Resolves once every submitted item has been answered. */
  drained(): Promise<void> {
    return this.isIdle() ? Promise.resolve() : this.idle;
  }

  private isIdle(): boolean {
    return this.queue.length === 0 && this.inFlight === 0 && !this.scheduled;
  }

  private schedule(): void {
    if (this.scheduled || this.inFlight >= this.options.maxInFlight) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.startBatches();
    });
  }

  private startBatches(): void {
    while (this.inFlight < this.options.maxInFlight) {
      const batch = this.takeBatch();
      if (batch.length === 0) break;
      void this.write(batch);
    }
    if (this.isIdle()) this.markIdle();
  }

  private async write(batch: Waiting<T, R>[]): Promise<void> {
    this.inFlight += 1;
    const keys = batch.flatMap((waiting) => waiting.keys);
    for (const key of keys) this.keysInFlight.set(key, (this.keysInFlight.get(key) ?? 0) + 1);
    let answers: readonly Settled<R>[];
    try {
      answers = await this.options.write(batch.map((waiting) => waiting.item));
    } catch (error) {
      answers = batch.map(() => ({ ok: false, error }) as const);
    }
    for (const key of keys) {
      const left = this.keysInFlight.get(key)! - 1;
      if (left === 0) this.keysInFlight.delete(key);
      else this.keysInFlight.set(key, left);
    }
    this.inFlight -= 1;
    batch.forEach((waiting, index) => {
      const answer = answers[index];
      if (!answer) waiting.reject(new Error('the batch write gave no answer for an item'));
      else if (answer.ok) waiting.resolve(answer.value);
      else waiting.reject(answer.error);
    });
    // What queued while this batch was written goes now, not a turn later: the wait for this
    // commit was the batching window.
    this.startBatches();
  }

  /**
   * The oldest items with no key in common with each other or with a batch in flight, up to
   * maxBatch; the rest keep their order.
   */
  private takeBatch(): Waiting<T, R>[] {
    const taken: Waiting<T, R>[] = [];
    const left: Waiting<T, R>[] = [];
    const keys = new Set<string>();
    for (const waiting of this.queue) {
      // Once an item is held back, so is every later item that shares a key with it.
      const held =
        taken.length >= this.options.maxBatch ||
        waiting.keys.some((key) => keys.has(key) || this.keysInFlight.has(key));
      (held ? left : taken).push(waiting);
      for (const key of waiting.keys) keys.add(key);
    }
    this.queue.splice(0, this.queue.length, ...left);
    return taken;
  }
}
