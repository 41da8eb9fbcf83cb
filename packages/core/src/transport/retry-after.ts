/** How a vendor's rate-limit reset header counts. */
export type ResetHeaderKind = 'delta-seconds' | 'epoch-seconds' | 'auto';

// Larger values cannot be a wait in seconds; they are an epoch timestamp.
const EPOCH_THRESHOLD_SECONDS = 1_000_000_000;

/**
 * Parses `Retry-After` (delta seconds or an HTTP-date) into milliseconds from
 * `nowMs`. Returns `undefined` for anything else, so garbage falls back to backoff.
 */
export function parseRetryAfter(value: string | undefined, nowMs: number): number | undefined {
  if (value === undefined) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  if (!/[a-z]/i.test(trimmed)) return undefined;
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? undefined : Math.max(0, at - nowMs);
}

/** Parses a vendor reset header (seconds until reset, or the epoch second it resets at) into milliseconds from `nowMs`. */
export function parseResetHeader(value: string | undefined, nowMs: number, kind: ResetHeaderKind): number | undefined {
  if (value === undefined || !/^\d+(\.\d+)?$/.test(value.trim())) return undefined;
  const n = Number(value.trim());
  const isEpoch = kind === 'epoch-seconds' || (kind === 'auto' && n >= EPOCH_THRESHOLD_SECONDS);
  return isEpoch ? Math.max(0, n * 1000 - nowMs) : n * 1000;
}
