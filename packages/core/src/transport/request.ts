import type * as t from 'io-ts';
import type { FieldIssue, TokenErrorTag } from '../errors';

/** The HTTP methods adapters use. */
export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'HEAD';

/** Query parameters; `undefined` values are left out. A string is used as the raw query (RQL needs that). */
export type QueryInput = string | Readonly<Record<string, string | number | boolean | undefined>>;

/** One HTTP call an adapter asks the transport to make. */
export interface RequestSpec<A> {
  readonly method: HttpMethod;
  /** A path template such as `/api/access-tokens/{id}`; events report it as is. */
  readonly path: string;
  /** Values for the template's `{name}` slots, each URL-encoded. */
  readonly params?: Readonly<Record<string, string>>;
  readonly query?: QueryInput;
  /** Sent as JSON. */
  readonly body?: unknown;
  /** Defaults to `application/json` when there is a body. */
  readonly contentType?: string;
  /**
   * Whether repeating the request is harmless. Defaults: GET/PUT/DELETE yes,
   * POST no. An adapter marks a POST action idempotent where repeating it is
   * harmless (SoftwareOne's enable/disable).
   */
  readonly idempotent?: boolean;
  /** How to read a 2xx answer: a codec for its JSON body, or `'ignore'` to skip the body. */
  readonly response: t.Decoder<unknown, A> | 'ignore';
}

/** A successful answer. */
export interface HttpResult<A> {
  readonly status: number;
  readonly data: A;
  /** Lower-cased response headers. */
  readonly headers: Readonly<Record<string, string>>;
}

/** What an adapter reads from a vendor's error answer. Anything left out falls back to the status mapping. */
export interface VendorErrorInfo {
  /** Overrides the tag the status would give (DatoCMS maps by code first). */
  readonly tag?: TokenErrorTag;
  readonly code?: string;
  readonly message?: string;
  readonly issues?: readonly FieldIssue[];
  readonly requestId?: string;
  /** The version the vendor holds, from a conflict answer. */
  readonly currentVersion?: string;
  /**
   * Whether the vendor says repeating the request may succeed (DatoCMS's
   * `transient`). Decides retries of idempotent requests instead of the status.
   */
  readonly retryable?: boolean;
}

/** The parts of a vendor's error answer an adapter's parser sees. */
export interface VendorErrorInput {
  readonly status: number;
  /** The parsed JSON body, or `undefined` when the body was not JSON. */
  readonly body: unknown;
  readonly headers: Readonly<Record<string, string>>;
  /** The redirect target for a 3xx. */
  readonly location?: URL;
}

/** Reads a vendor's error body; must not throw. */
export type VendorErrorParser = (input: VendorErrorInput) => VendorErrorInfo;

/** How the credential goes on a request. */
export interface AuthScheme {
  /** The header name, e.g. `Authorization` or `x-api-key`. */
  readonly header: string;
  /** Builds the header value from the revealed credential, e.g. `` v => `Bearer ${v}` ``. */
  readonly format?: (credential: string) => string;
}
