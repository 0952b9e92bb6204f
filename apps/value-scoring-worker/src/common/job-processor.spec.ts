import fc from 'fast-check';
import { transientRetryDelayMs } from './job-processor';

describe('the wait after an outage', () => {
  it('doubles from about a second and stays near a minute however long the outage lasts', () => {
    expect(transientRetryDelayMs(1, 0.5)).toBe(1_000);
    expect(transientRetryDelayMs(2, 0.5)).toBe(2_000);
    expect(transientRetryDelayMs(7, 0.5)).toBe(60_000);
    expect(transientRetryDelayMs(1_000, 0.5)).toBe(60_000);
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1_000_000 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (n, jitter) => {
          const delay = transientRetryDelayMs(n, jitter);
          return delay >= 800 && delay <= 72_000;
        },
      ),
    );
  });
});
