/**
 * Where on the category axis of log-spaced bins a CLV falls: the bin that holds it, and how far
 * into the bin on a log scale (0 at its lower edge, 1 at its upper one).
 */
export function positionOnLogBins(
  bins: readonly { fromMinor: number; toMinor: number }[],
  clvMinor: number,
): { bin: number; fraction: number } | null {
  if (bins.length === 0 || clvMinor <= 0) return null;
  const index = bins.findIndex((bin) => clvMinor < bin.toMinor);
  if (index === -1) return { bin: bins.length - 1, fraction: 1 };
  const bin = bins[index]!;
  if (clvMinor <= bin.fromMinor) return { bin: index, fraction: 0 };
  const fraction =
    (Math.log10(clvMinor) - Math.log10(bin.fromMinor)) /
    (Math.log10(bin.toMinor) - Math.log10(bin.fromMinor));
  return { bin: index, fraction };
}
