import { positionOnLogBins } from './log-bins';

const BINS = [
  { fromMinor: 1_000, toMinor: 1_778 },
  { fromMinor: 1_778, toMinor: 3_162 },
  { fromMinor: 3_162, toMinor: 5_623 },
];

describe('where a tier cut-off falls on the log-spaced histogram', () => {
  it('places a cut-off in its bin, as far in as its logarithm', () => {
    const position = positionOnLogBins(BINS, 2_000);
    expect(position?.bin).toBe(1);
    expect(position?.fraction).toBeCloseTo(
      (Math.log10(2_000) - Math.log10(1_778)) / (Math.log10(3_162) - Math.log10(1_778)),
      10,
    );
  });

  it('puts a cut-off at a bin edge at the start of the next bin', () => {
    expect(positionOnLogBins(BINS, 1_778)).toEqual({ bin: 1, fraction: 0 });
  });

  it('pins cut-offs beyond the bins to the ends, and has none at zero or below', () => {
    expect(positionOnLogBins(BINS, 500)).toEqual({ bin: 0, fraction: 0 });
    expect(positionOnLogBins(BINS, 1_000_000)).toEqual({ bin: 2, fraction: 1 });
    expect(positionOnLogBins(BINS, 0)).toBeNull();
    expect(positionOnLogBins([], 2_000)).toBeNull();
  });
});
