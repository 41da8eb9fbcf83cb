/**
 * Parsing of the headers a vendor uses to ask for a pause: `Retry-After` and
 * the rate-limit `Remaining`/`Reset` pair. A header that does not read as a
 * sane value — negative, empty, not a number, a date in no HTTP form, or a
 * wait longer than a day — is ignored rather than obeyed: one broken proxy
 * must not stall every call.
 */

/** How a vendor's rate-limit reset header counts. */
export type ResetHeaderKind = 'delta-seconds' | 'epoch-seconds' | 'auto';

/** The longest wait a header may ask for; a longer one is taken as garbage and ignored. */
export const MAX_HEADER_WAIT_MS = 24 * 60 * 60 * 1000;

// Larger values cannot be a wait in seconds; they are an epoch timestamp.
const EPOCH_THRESHOLD_SECONDS = 1_000_000_000;

// The three forms of an HTTP-date (RFC 9110 5.6.7): IMF-fixdate, RFC 850 and asctime.
const HTTP_DATE = [
  /^[a-z]{3}, \d{2} [a-z]{3} \d{4} \d{2}:\d{2}:\d{2} GMT$/i,
  /^[a-z]{6,9}, \d{2}-[a-z]{3}-\d{2} \d{2}:\d{2}:\d{2} GMT$/i,
  /^[a-z]{3} [a-z]{3} [ \d]\d \d{2}:\d{2}:\d{2} \d{4}$/i,
];

function sane(ms: number): number | undefined {
  return Number.isFinite(ms) && ms >= 0 && ms <= MAX_HEADER_WAIT_MS ? ms : undefined;
}

/**
 * Parses `Retry-After` (delta seconds or an HTTP-date) into milliseconds from
 * `nowMs`. Returns `undefined` for anything else, so garbage falls back to backoff.
 */
export function parseRetryAfter(value: string | undefined, nowMs: number): number | undefined {
  if (value === undefined) return undefined;
  const trimmed = value.trim();
  if (/^\d{1,12}$/.test(trimmed)) return sane(Number(trimmed) * 1000);
  if (!HTTP_DATE.some((form) => form.test(trimmed))) return undefined;
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? undefined : sane(Math.max(0, at - nowMs));
}

/** Parses a vendor reset header (seconds until reset, or the epoch second it resets at) into milliseconds from `nowMs`. */
export function parseResetHeader(value: string | undefined, nowMs: number, kind: ResetHeaderKind): number | undefined {
  if (value === undefined || !/^\d{1,12}(\.\d{1,6})?$/.test(value.trim())) return undefined;
  const n = Number(value.trim());
  const isEpoch = kind === 'epoch-seconds' || (kind === 'auto' && n >= EPOCH_THRESHOLD_SECONDS);
  return sane(isEpoch ? Math.max(0, n * 1000 - nowMs) : n * 1000);
}

/** Parses a rate-limit `Remaining` header: a whole number of requests left, or `undefined` for anything else. */
export function parseRemaining(value: string | undefined): number | undefined {
  if (value === undefined || !/^\d{1,12}$/.test(value.trim())) return undefined;
  return Number(value.trim());
}

/** The names of a vendor's rate-limit headers. */
export interface RateLimitHeaderNames {
  readonly remaining?: string;
  readonly reset?: string;
  readonly resetKind?: ResetHeaderKind;
}

/** The wait an answer's headers ask for: `Retry-After`, else the vendor's reset header; `undefined` when neither reads as a sane wait. */
export function waitFromHeaders(headers: Readonly<Record<string, string>>, nowMs: number, names?: RateLimitHeaderNames): number | undefined {
  return (
    parseRetryAfter(headers['retry-after'], nowMs) ??
    (names?.reset ? parseResetHeader(headers[names.reset.toLowerCase()], nowMs, names.resetKind ?? 'auto') : undefined)
  );
}

/** The wait an answer of `status` asks for: only a 429 or a 503 asks to wait; `undefined` otherwise. */
export function requestedWait(status: number, headers: Readonly<Record<string, string>>, nowMs: number, names?: RateLimitHeaderNames): number | undefined {
  return status === 429 || status === 503 ? waitFromHeaders(headers, nowMs, names) : undefined;
}
