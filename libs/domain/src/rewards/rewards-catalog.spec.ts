import { startOfPeriod } from './rewards-catalog';

describe('startOfPeriod', () => {
  // Sunday 2026-03-29 01:30 UTC: in Amsterdam the clocks went forward at 02:00 local that night.
  const at = new Date('2026-03-29T01:30:00Z');

  it.each([
    ['day', '2026-03-28T23:00:00.000Z'],
    ['week', '2026-03-22T23:00:00.000Z'],
    ['month', '2026-02-28T23:00:00.000Z'],
    ['year', '2025-12-31T23:00:00.000Z'],
  ] as const)('starts the %s at local midnight in the program’s time zone', (period, start) => {
    expect(startOfPeriod(at, period, 'Europe/Amsterdam')?.toISOString()).toBe(start);
  });

  it('counts weeks from Monday, and "ever" from nothing', () => {
    expect(startOfPeriod(new Date('2026-12-07T10:00:00Z'), 'week', 'UTC')?.toISOString()).toBe(
      '2026-12-07T00:00:00.000Z',
    );
    expect(startOfPeriod(new Date('2026-12-06T23:59:59Z'), 'week', 'UTC')?.toISOString()).toBe(
      '2026-11-30T00:00:00.000Z',
    );
    expect(startOfPeriod(at, 'ever', 'UTC')).toBeNull();
  });
});
