/**
 * The value below which `p` percent of the samples fall (nearest rank, no interpolation, so it is
 * always a value that was actually measured).
 * @example percentile([5, 1, 3], 50) // 3
 */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1] as number;
}

/**
 * The middle sample (the mean of the two middle ones for an even count).
 * @example median([4, 1, 3, 2]) // 2.5
 */
export function median(samples: readonly number[]): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/**
 * Rounds for display: 3 significant digits, so 0.1234 → 0.123 and 12345 → 12345.
 * @example round3(0.12345) // 0.123
 */
export function round3(value: number): number {
  if (!Number.isFinite(value) || value === 0) return value;
  const digits = Math.max(0, 2 - Math.floor(Math.log10(Math.abs(value))));
  return Number(value.toFixed(digits));
}

/**
 * The median of round-by-round ratios x[i] / y[i]. Rounds run back to back (interleaved), so each
 * pair saw about the same machine: drift and other work on it cancel out better than in a ratio
 * of two medians.
 * @example pairedRatio([10, 20], [20, 40]) // 0.5
 */
export function pairedRatio(x: readonly number[], y: readonly number[]): number {
  const ratios = x.slice(0, y.length).map((value, i) => value / (y[i] as number));
  return median(ratios);
}
