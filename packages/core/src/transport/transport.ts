import type { AxiosInstance } from 'axios';
import * as E from 'fp-ts/Either';
import type { TaskEither } from 'fp-ts/TaskEither';
import { summarizeIssues } from '../codecs';
import { type ErrorContext, type OperationName, type TokenError, TokenBridgeError, TokenErrors } from '../errors';
import { credentialIssue } from '../factory-options';
import { neverRejects, unexpectedError } from '../guard';
import type { CallOptions, ProviderId } from '../model';
import type { Secret } from '../secret';
import { parseBaseUrl } from './base-url';
import type { ErrorSources } from './classify';
import { type Clock, systemClock } from './clock';
import { installEscapeHatch } from './escape-hatch';
import { type TransportHooks, emit } from './events';
import { requestHeaders } from './headers';
import type { LimiterOptions } from './limiter';
import { createOperations } from './operation';
import { transportOptionsCodec, optionIssues } from './options';
import { createPacing } from './pacing';
import { Redactor } from './redact';
import type { AuthScheme, HttpMethod, HttpResult, RequestSpec, VendorErrorParser } from './request';
import type { ResetHeaderKind } from './retry-after';
import { DEFAULT_RETRY, type RetryOptions } from './retry-policy';
import { createWire } from './send';
import { urlPrefix } from './url';
import { type PackageInfo, userAgentOf } from './user-agent';

/**
 * The HTTP transport of an adapter, composed of the modules beside it: URL
 * building (url.ts), pacing (pacing.ts), one attempt over axios (send.ts),
 * the escape hatch's interceptors (escape-hatch.ts), error classification
 * (classify.ts), the retry decision (retry-decision.ts) and the operation
 * life cycle (operation.ts). This file holds the public types and the composition.
 */

/** Transport settings a user may pass to any adapter factory. */
export interface TransportOptions {
  /** Deadline per operation in ms, covering every attempt, backoff and the whole body (default 30 000). */
  readonly timeoutMs?: number;
  readonly retry?: Partial<RetryOptions>;
  /** Client-side pacing; `false` turns it off. Each adapter sets its vendor's default. */
  readonly limiter?: Partial<LimiterOptions> | false;
  readonly hooks?: TransportHooks;
  /** Injected time, for tests. */
  readonly clock?: Clock;
  /** Injected randomness in [0, 1), for backoff jitter. */
  readonly random?: () => number;
  /** The largest response body accepted, in bytes (default 16 MiB). */
  readonly maxResponseBytes?: number;
  /**
   * Your own axios instance (proxies, interceptors). The transport installs its
   * auth and redaction interceptors on it, scoped to the provider's origin, and
   * removes them on `close()`.
   */
  readonly axios?: AxiosInstance;
  /**
   * Headers added to every request to the provider's origin. They cannot
   * replace the credential header nor framing headers (`Host`,
   * `Content-Length`...), and never follow a redirect to another origin.
   */
  readonly headers?: Readonly<Record<string, string>>;
  /**
   * Allows a plain `http:` base URL to a host other than this machine, which
   * sends the credential unencrypted. For test rigs only; without it such a
   * base URL makes the factory throw. Loopback (`localhost`, 127.0.0.0/8,
   * `::1`) never needs it.
   */
  readonly allowInsecureHttp?: boolean;
  /**
   * Your application's product, put first in the User-Agent, e.g. `myapp/1.2`
   * gives `myapp/1.2 tokenbridge-core/0.1.0 tokenbridge-datocms/0.1.0 node/20.19.2`.
   * To replace the whole header, set `User-Agent` in `headers` (of the factory or of a call).
   */
  readonly userAgent?: string;
}

/** What an adapter tells the transport about its vendor. */
export interface TransportConfig {
  readonly provider: ProviderId;
  readonly baseUrl: string;
  readonly credential: Secret;
  readonly auth: AuthScheme;
  /** Headers the vendor needs on every request (`X-Api-Version`, `Accept`...). */
  readonly vendorHeaders?: Readonly<Record<string, string>>;
  /** The vendor's published pace, used unless the user overrides it. */
  readonly defaultLimiter: LimiterOptions;
  readonly parseError?: VendorErrorParser;
  /** Allows a redirect the vendor documents; it is then followed without the credential. */
  readonly allowRedirect?: (redirect: { readonly method: HttpMethod; readonly from: URL; readonly to: URL }) => boolean;
  /** The vendor's rate-limit headers, which pause the queue when the window is used up. */
  readonly rateLimitHeaders?: { readonly remaining?: string; readonly reset?: string; readonly resetKind?: ResetHeaderKind };
  /** Header carrying the vendor's request id. */
  readonly requestIdHeader?: string;
  /** Patterns of the vendor's token values, removed from any vendor text that ends up in an error. */
  readonly secretPatterns?: readonly RegExp[];
  /** The adapter's npm package (its package.json through {@link packageOf}), named in the User-Agent after core. */
  readonly adapterPackage?: PackageInfo;
  readonly options?: TransportOptions;
}

/** The per-operation context an adapter's operation runs in. */
export interface OperationContext extends ErrorContext {
  /** Aborts on the caller's signal, the deadline or `close()`. */
  readonly signal: AbortSignal;
  /** Sends one logical request (with retries) and decodes a 2xx answer. */
  request<A>(spec: RequestSpec<A> & { readonly response: Exclude<RequestSpec<A>['response'], 'ignore'> }): TaskEither<TokenError, HttpResult<A>>;
  request(spec: RequestSpec<undefined> & { readonly response: 'ignore' }): TaskEither<TokenError, HttpResult<undefined>>;
}

/** The configured HTTP layer of one provider instance. */
export interface Transport {
  readonly provider: ProviderId;
  readonly baseUrl: URL;
  /** The axios instance, with the credential, redirect policy and redaction applied (the escape hatch). */
  http(): AxiosInstance;
  /** Runs one operation under one deadline. */
  run<R>(operation: OperationName, options: CallOptions | undefined, body: (op: OperationContext) => TaskEither<TokenError, R>): TaskEither<TokenError, R>;
  /** A separate transport to the same vendor with another credential (close it after use). */
  withCredential(credential: Secret): Transport;
  /** Remembers a token value the vendor returned, so later error text echoing it is scrubbed. */
  rememberSecret(secret: Secret): void;
  /** `value` with every known secret removed from every string in it (nested, array items and keys included). */
  redact<T>(value: T): T;
  /** Aborts what is in flight and frees sockets. Later calls fail with `Cancelled`. */
  close(): Promise<void>;
}

const DEFAULT_TIMEOUT_MS = 30_000;
const DEFAULT_MAX_RESPONSE_BYTES = 16 * 1024 * 1024;

/**
 * Creates the transport of one provider instance. Throws a `Validation`
 * {@link TokenBridgeError} (operation `configure`) naming the option when a
 * transport option, the base URL or the credential is unusable.
 */
export function createTransport(config: TransportConfig): Transport {
  const redactor = new Redactor(config.secretPatterns);
  return buildTransport(config, redactor);
}

function checkedOptions(config: TransportConfig): TransportOptions {
  const ctx: ErrorContext = { provider: config.provider, operation: 'configure' };
  const decoded = optionIssues(transportOptionsCodec(config.auth.header), config.options ?? {}, '');
  if (E.isLeft(decoded)) throw new TokenBridgeError(TokenErrors.validation(ctx, `invalid options: ${summarizeIssues(decoded.left)}`, decoded.left));
  const issue = credentialIssue(config.credential.reveal());
  if (issue !== undefined) throw new TokenBridgeError(TokenErrors.validation(ctx, `the credential ${issue.summary}`, [{ path: 'credential', message: issue.fix }]));
  return decoded.right as TransportOptions;
}

/** Composes the parts: pacing, the wire and its escape hatch, and the operations running over them. */
function buildTransport(config: TransportConfig, redactor: Redactor): Transport {
  const options = checkedOptions(config);
  const baseUrl = parseBaseUrl(config.baseUrl, config.provider, options.allowInsecureHttp === true);
  const clock = options.clock ?? systemClock;
  const retry: RetryOptions = { ...DEFAULT_RETRY, ...options.retry };
  redactor.addCredential(config.credential.reveal());
  const sources: ErrorSources = {
    ...(config.parseError ? { parseError: config.parseError } : {}),
    ...(config.requestIdHeader !== undefined ? { requestIdHeader: config.requestIdHeader } : {}),
    ...(config.rateLimitHeaders ? { rateLimitHeaders: config.rateLimitHeaders } : {}),
  };
  const headers = requestHeaders(config.auth.header, config.vendorHeaders ?? {}, options.headers ?? {}, userAgentOf(config.adapterPackage, options.userAgent));

  const pacing = createPacing({
    provider: config.provider,
    baseUrl,
    credential: config.credential,
    defaultLimiter: config.defaultLimiter,
    limiter: options.limiter,
    clock,
    rateLimitHeaders: config.rateLimitHeaders,
    maxPauseMs: retry.maxRetryAfterMs,
  });
  const maxResponseBytes = options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
  const wire = createWire({ baseUrl, axios: options.axios, headers, maxResponseBytes, allowRedirect: config.allowRedirect });
  const uninstallHatch = installEscapeHatch(wire.instance, {
    provider: config.provider,
    baseUrl,
    auth: config.auth,
    credential: config.credential,
    headers: headers.escapeHatch,
    redactor,
    sources,
    clock,
  });
  const operations = createOperations({
    credentialHeader: config.auth.header,
    urlPrefix: urlPrefix(baseUrl),
    defaultTimeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    maxResponseBytes,
    retry,
    clock,
    random: options.random ?? Math.random,
    pacing,
    wire,
    sources,
    // Every event leaves scrubbed, whichever field vendor text reached.
    emit: (event) => {
      if (options.hooks) emit(options.hooks, redactor.scrubDeep(event));
    },
  });
  let closed = false;

  return {
    provider: config.provider,
    baseUrl,
    http: () => wire.instance,
    // The same redactor: what the provider knows stays scrubbed, and the new credential joins it.
    withCredential: (credential) => buildTransport({ ...config, credential }, redactor),
    rememberSecret: (secret) => redactor.remember(secret.reveal()),
    redact: (value) => redactor.scrubDeep(value),
    run<R>(operation: OperationName, callOptions: CallOptions | undefined, body: (op: OperationContext) => TaskEither<TokenError, R>): TaskEither<TokenError, R> {
      const ctx: ErrorContext = { provider: config.provider, operation };
      const guarded = neverRejects(() => operations.run(ctx, callOptions, body), (thrown) => unexpectedError(ctx, thrown));
      // The one place errors leave the transport: every string in them scrubbed.
      return async () => E.mapLeft((error: TokenError) => redactor.scrubDeep(error))(await guarded());
    },
    async close() {
      if (closed) return;
      closed = true;
      operations.close();
      uninstallHatch();
      wire.close();
      pacing.dispose();
    },
  };
}
