/**
 * Works through what a sweep finds due, a page at a time, until a page brings nothing new. An
 * item a page could not settle (a lock, a fault) is not taken again in the same run: the next
 * run finds it, since the rows, not the run, are the record.
 */
export async function forEachDuePage<T>(
  nextPage: () => Promise<readonly T[]>,
  keyOf: (item: T) => string,
  settle: (page: readonly T[]) => Promise<void>,
): Promise<void> {
  const seen = new Set<string>();
  for (;;) {
    const due = (await nextPage()).filter((item) => !seen.has(keyOf(item)));
    if (due.length === 0) return;
    for (const item of due) seen.add(keyOf(item));
    await settle(due);
  }
}
