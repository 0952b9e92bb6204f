/** What became of one item of a batch: its answer, or the error that refused it alone. */
export type Settled<R> =
  { readonly ok: true; readonly value: R } | { readonly ok: false; readonly error: unknown };

export interface GroupCommitOptions<T, R> {
  /** The most items one write takes. */
  readonly maxBatch: number;
  /**
   * Items sharing a key never go in the same batch: the later one waits for the next, so it sees
   * what the earlier one wrote (its account's balance, its receipt, its idempotency key).
   */
  readonly conflictKeysOf: (item: T) => readonly string[];
  /** Writes a batch in one database transaction; one answer per item, in the same order. */
  readonly write: (items: readonly T[]) => Promise<readonly Settled<R>[]>;
}

interface Waiting<T, R> {
  readonly item: T;
  readonly resolve: (value: R) => void;
  readonly reject: (error: unknown) => void;
}

/**
 * Group commit: concurrent requests share one database transaction, so one WAL flush and one
 * lock per account serve a whole batch. A batch is written at once when the queue is idle (after
 * the requests that arrived in the same turn of the event loop join it) and otherwise as soon as
 * the previous batch has committed, taking everything that arrived meanwhile up to `maxBatch`.
 * Under light load a batch is one request and waits for nothing.
 */
export class GroupCommit<T, R> {
  private readonly queue: Waiting<T, R>[] = [];
  private writing = false;
  private scheduled = false;
  private idle: Promise<void> = Promise.resolve();
  private markIdle: () => void = () => undefined;

  constructor(private readonly options: GroupCommitOptions<T, R>) {}

  submit(item: T): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      if (!this.writing && !this.scheduled) {
        this.scheduled = true;
        this.idle = new Promise((done) => (this.markIdle = done));
        setImmediate(() => void this.drain());
      }
    });
  }

  /** Resolves once every submitted item has been answered. */
  drained(): Promise<void> {
    return this.writing || this.scheduled ? this.idle : Promise.resolve();
  }

  private async drain(): Promise<void> {
    this.scheduled = false;
    this.writing = true;
    try {
      while (this.queue.length > 0) {
        const batch = this.takeBatch();
        let answers: readonly Settled<R>[];
        try {
          answers = await this.options.write(batch.map((waiting) => waiting.item));
        } catch (error) {
          answers = batch.map(() => ({ ok: false, error }) as const);
        }
        batch.forEach((waiting, index) => {
          const answer = answers[index];
          if (!answer) waiting.reject(new Error('the batch write gave no answer for an item'));
          else if (answer.ok) waiting.resolve(answer.value);
          else waiting.reject(answer.error);
        });
      }
    } finally {
      this.writing = false;
      this.markIdle();
    }
  }

  /** The oldest items with no key in common, up to maxBatch; the rest keep their order. */
  private takeBatch(): Waiting<T, R>[] {
    const taken: Waiting<T, R>[] = [];
    const left: Waiting<T, R>[] = [];
    const keys = new Set<string>();
    for (const waiting of this.queue) {
      const itemKeys = this.options.conflictKeysOf(waiting.item);
      // Once an item is held back, so is every later item that shares a key with it.
      if (taken.length >= this.options.maxBatch || itemKeys.some((key) => keys.has(key))) {
        left.push(waiting);
      } else {
        taken.push(waiting);
      }
      for (const key of itemKeys) keys.add(key);
    }
    this.queue.splice(0, this.queue.length, ...left);
    return taken;
  }
}
