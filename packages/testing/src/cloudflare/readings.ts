import { InvalidInputError } from '../simulator/input';

/**
 * Where Cloudflare's documentation allows more than one reading, the
 * simulator plays each; the first value of each list in
 * {@link CLOUDFLARE_READINGS} is the default. See packages/cloudflare/README-facts.md,
 * "Open questions".
 */
export interface CloudflareReadings {
  /**
   * How `GET …/tokens/verify` answers for a disabled or expired token:
   * `reject` - 401 code 1000 "Invalid API Token", as for an unknown value;
   * `report-status` - 200 with `status: "disabled" | "expired"` (the client's type allows both).
   * A token before its `not_before` is rejected either way.
   */
  readonly verifyInactive?: 'reject' | 'report-status';
  /**
   * Which tokens a list returns: `when-asked` - expired ones only with
   * `include_expired=true` (the 7.3.0 client's text); `always` - every token
   * ("List all access tokens you created").
   */
  readonly listExpired?: 'when-asked' | 'always';
  /**
   * What a PUT does with `condition`, `expires_on`, `not_before` and `status`
   * when the body leaves them out: `clear` - a full replacement resets them
   * (no condition, no dates, active); `keep` - they keep their values.
   */
  readonly putOmitted?: 'clear' | 'keep';
  /** A `per_page` outside 5-50 (or a `page` below 1): `reject` - 400; `clamp` - brought into range. */
  readonly pageParamsOutOfRange?: 'reject' | 'clamp';
  /**
   * Rate-limit headers: `ratelimit` - `Ratelimit` and `Ratelimit-Policy` on
   * every answer (2025 changelog, current docs); `x-ratelimit` -
   * `x-ratelimit-limit/-remaining/-reset` (an older docs revision); `none` -
   * only `Retry-After` on a 429 (reported in 2020).
   */
  readonly rateLimitHeaders?: 'ratelimit' | 'x-ratelimit' | 'none';
  /**
   * After the limit is exceeded: `lockout` - every call is refused until a
   * full window has passed ("all API calls for the next five minutes will be
   * blocked"); requests made meanwhile count against the next window;
   * `sliding-window` - refused only until the oldest counted request leaves the window.
   */
  readonly rateLimitOverrun?: 'lockout' | 'sliding-window';
  /** Order of policies and of their permission groups in answers: `as-sent`, or `sorted` by id. */
  readonly policyOrder?: 'as-sent' | 'sorted';
}

/** Every reading with all its values, the default first (for suites that run each). */
export const CLOUDFLARE_READINGS = {
  verifyInactive: ['reject', 'report-status'],
  listExpired: ['when-asked', 'always'],
  putOmitted: ['clear', 'keep'],
  pageParamsOutOfRange: ['reject', 'clamp'],
  rateLimitHeaders: ['ratelimit', 'x-ratelimit', 'none'],
  rateLimitOverrun: ['lockout', 'sliding-window'],
  policyOrder: ['as-sent', 'sorted'],
} as const satisfies { readonly [K in keyof CloudflareReadings]-?: ReadonlyArray<NonNullable<CloudflareReadings[K]>> };

/** The readings in force: the given ones over the defaults. */
export type ResolvedCloudflareReadings = { readonly [K in keyof CloudflareReadings]-?: NonNullable<CloudflareReadings[K]> };

/** Fills in the default of every reading not given; throws {@link InvalidInputError} on an unknown one. */
export function resolveReadings(readings: CloudflareReadings = {}): ResolvedCloudflareReadings {
  const resolved: Record<string, unknown> = {};
  for (const [key, values] of Object.entries(CLOUDFLARE_READINGS) as Array<[string, readonly string[]]>) {
    const given = (readings as Record<string, unknown>)[key];
    if (given !== undefined && !values.includes(given as string)) {
      throw new InvalidInputError(`readings.${key} must be one of ${values.join(', ')}`);
    }
    resolved[key] = given ?? values[0];
  }
  const unknown = Object.keys(readings).filter((key) => !(key in CLOUDFLARE_READINGS));
  if (unknown.length > 0) throw new InvalidInputError(`readings has no option ${unknown.join(', ')}`);
  return resolved as ResolvedCloudflareReadings;
}
