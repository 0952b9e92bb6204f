/**
 * A small in-process cache for what every request on the hot path would otherwise read again
 * (a till's key, the program, its rules in force). An entry lives `ttlMs`, so a change made by
 * another process shows within that time; concurrent misses for one key share one load; a failed
 * load is not kept. The oldest entry makes room once `maxEntries` is reached.
 */
export class ExpiringCache<K, V> {
  private readonly entries = new Map<K, { readonly value: Promise<V>; readonly until: number }>();

  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries = 10_000,
  ) {}

  get(key: K, load: () => Promise<V>): Promise<V> {
    const now = Date.now();
    const hit = this.entries.get(key);
    if (hit && hit.until > now) return hit.value;
    const value = load();
    const entry = { value, until: now + this.ttlMs };
    this.entries.delete(key);
    if (this.entries.size >= this.maxEntries) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
    this.entries.set(key, entry);
    value.catch(() => {
      if (this.entries.get(key) === entry) this.entries.delete(key);
    });
    return value;
  }

  /** Forgets a key at once: the change was made in this process. */
  forget(key: K): void {
    this.entries.delete(key);
  }
}
