import { type ReadingsSpec, resolveReadings } from '../simulator/readings';

/**
 * Where Cloudflare's documentation allows more than one reading, the
 * simulator plays each, by default the one {@link CLOUDFLARE_READINGS}
 * names. See packages/cloudflare/README.md, "Open questions".
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

/** The readings in force: the given ones over the defaults. */
export type ResolvedCloudflareReadings = { readonly [K in keyof CloudflareReadings]-?: NonNullable<CloudflareReadings[K]> };

const FACTS = 'packages/cloudflare/README (open questions)';

/** Every reading with all its values, the default, its source and the neutral behaviour it changes (for the contract suite). */
export const CLOUDFLARE_READINGS: ReadingsSpec<ResolvedCloudflareReadings> = {
  verifyInactive: {
    values: ['reject', 'report-status'],
    default: 'reject',
    meaning: 'verify answers a disabled or expired token with 401 1000 (reject), or 200 with its status (report-status)',
    source: `${FACTS} 2: the client's verify type allows every status; no answer for an inactive token is quoted. Default reject, as for an unknown value.`,
    aspects: ['other-callers'],
  },
  listExpired: {
    values: ['when-asked', 'always'],
    default: 'when-asked',
    meaning: 'lists hold expired tokens only with include_expired=true (when-asked), or always',
    source: `${FACTS} 3: the 7.3.0 client says "recently-expired tokens when include_expired is set"; older reference text "all access tokens you created".`,
    aspects: ['listing'],
  },
  putOmitted: {
    values: ['clear', 'keep'],
    default: 'clear',
    meaning: 'a PUT leaving out condition, expires_on, not_before or status resets them (clear) or keeps them (keep)',
    source: `${FACTS} 1: PUT is documented as the whole token with only name and policies required. Default clear, a full replacement.`,
    aspects: ['update-request'],
  },
  pageParamsOutOfRange: {
    values: ['reject', 'clamp'],
    default: 'reject',
    meaning: 'a per_page outside 5-50 or a page below 1 is refused with 400 (reject) or brought into range (clamp)',
    source: `${FACTS} 5: the reference bounds per_page to 5-50 without saying what happens outside.`,
    aspects: ['listing'],
  },
  rateLimitHeaders: {
    values: ['ratelimit', 'x-ratelimit', 'none'],
    default: 'ratelimit',
    meaning: 'Ratelimit and Ratelimit-Policy on every answer (ratelimit), x-ratelimit-* (x-ratelimit), or only Retry-After on a 429 (none)',
    source: `${FACTS} 6: the 2025 changelog and current docs; an older docs revision; a 2020 report of no headers.`,
    aspects: ['rate-limit'],
  },
  rateLimitOverrun: {
    values: ['lockout', 'sliding-window'],
    default: 'lockout',
    meaning: 'once over the limit every call is refused for a whole window (lockout), or until the oldest counted request leaves it (sliding-window)',
    source: `${FACTS} 6: "all API calls for the next five minutes will be blocked" against the usual sliding window.`,
    aspects: ['rate-limit'],
  },
  policyOrder: {
    values: ['as-sent', 'sorted'],
    default: 'as-sent',
    meaning: 'policies and their permission groups come back in the order written (as-sent) or sorted by id (sorted)',
    source: `${FACTS} 9: the Terraform provider re-sorts both to match its state.`,
    aspects: ['token-body'],
  },
};

/** Fills in the default of every reading not given; throws `InvalidInputError` on an unknown one or value. */
export function resolveCloudflareReadings(readings: CloudflareReadings = {}): ResolvedCloudflareReadings {
  return resolveReadings(CLOUDFLARE_READINGS, readings);
}
