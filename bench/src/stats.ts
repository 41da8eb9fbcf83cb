/** Summary statistics of latency samples, in milliseconds. */
export interface LatencySummary {
  /** Number of samples. */
  readonly n: number;
  readonly median: number;
  readonly p99: number;
  readonly mean: number;
  readonly min: number;
  readonly max: number;
}

/**
 * The `q` quantile (0..1) of sorted samples, interpolated linearly between the
 * two nearest ranks (the usual "type 7" definition), so a p99 of 1,000 samples
 * does not jump to a single outlier.
 */
export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) throw new Error('no samples');
  const position = (sorted.length - 1) * q;
  const lower = Math.floor(position);
  const upper = Math.ceil(position);
  const low = sorted[lower] as number;
  const high = sorted[upper] as number;
  return low + (high - low) * (position - lower);
}

/** Median, p99, mean and range of `samples`. */
export function summarize(samples: readonly number[]): LatencySummary {
  const sorted = [...samples].sort((a, b) => a - b);
  const sum = sorted.reduce((total, value) => total + value, 0);
  return {
    n: sorted.length,
    median: quantile(sorted, 0.5),
    p99: quantile(sorted, 0.99),
    mean: sum / sorted.length,
    min: sorted[0] as number,
    max: sorted[sorted.length - 1] as number,
  };
}

/** The median of a few values (rounds of a throughput run, runs of a cold start). */
export function median(values: readonly number[]): number {
  return quantile([...values].sort((a, b) => a - b), 0.5);
}

/** `a / b`, rounded to two decimals for the report. */
export function ratio(a: number, b: number): number {
  return Math.round((a / b) * 100) / 100;
}
