import { setTimeout as delay } from 'node:timers/promises';

/**
 * Polls a condition until it holds or the deadline passes: for states reached asynchronously
 * (a reconnect, a recovered health check), never a fixed pause standing in for one.
 */
export async function eventually<T>(
  probe: () => Promise<T>,
  accept: (value: T) => boolean,
  { timeoutMs = 10_000, intervalMs = 50 } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  for (;;) {
    last = await probe();
    if (accept(last)) return last;
    if (Date.now() > deadline) {
      throw new Error(
        `condition not reached within ${timeoutMs} ms; last value: ${JSON.stringify(last)}`,
      );
    }
    await delay(intervalMs);
  }
}
