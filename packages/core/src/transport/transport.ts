import { createHash } from 'node:crypto';
import * as http from 'node:http';
import * as https from 'node:https';
import axios, { type AxiosInstance, type AxiosRequestConfig, type AxiosResponse, type InternalAxiosRequestConfig } from 'axios';
import * as E from 'fp-ts/Either';
import type { TaskEither } from 'fp-ts/TaskEither';
import { formatIssues, summarizeIssues } from '../codecs';
import {
  type ErrorContext,
  type OperationName,
  type TokenError,
  type TokenErrorTag,
  TokenBridgeError,
  TokenErrors,
  errorOfTag,
} from '../errors';
import { credentialIssue } from '../factory-options';
import { neverRejects, unexpectedError } from '../guard';
import type { CallOptions, ProviderId } from '../model';
import { REDACTED_TEXT, type Secret } from '../secret';
import { validateCallOptions } from '../validation';
import { parseBaseUrl } from './base-url';
import { type Clock, systemClock } from './clock';
import { type LimiterEvent, type TransportEvent, type TransportHooks, emit } from './events';
import { type LimiterOptions, type LimiterSettings, PausedPastDeadline, UNLIMITED, acquireSharedLimiter } from './limiter';
import { transportOptionsCodec, optionIssues } from './options';
import { mayHaveActed, withOutcomeUnknown } from './outcome';
import { Redactor } from './redact';
import type { AuthScheme, HttpMethod, HttpResult, QueryInput, RequestSpec, VendorErrorInfo, VendorErrorParser } from './request';
import { type ResetHeaderKind, parseRemaining, parseResetHeader, parseRetryAfter } from './retry-after';
import { DEFAULT_RETRY, NOT_SENT_CODES, RETRYABLE_STATUSES, type RetryOptions, backoffDelay, isIdempotentByDefault } from './retry-policy';

/** Transport settings a user may pass to any adapter factory. */
export interface TransportOptions {
  /** Deadline per operation in ms, covering every attempt, backoff and the whole body (default 30 000). */
  readonly timeoutMs?: number;
  readonly retry?: Partial<RetryOptions>;
  /** Client-side pacing and where its state lives; `false` turns it off. Each adapter sets its vendor's default pace. */
  readonly limiter?: LimiterSettings | false;
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

interface TokenbridgeConfigMark {
  /** Our own request: its failures are classified by `send`, not turned into errors by the interceptor. */
  readonly internal?: boolean;
  /** A followed redirect: never carries the credential, nor any header the library did not set. */
  readonly redirect?: boolean;
}
type MarkedConfig = AxiosRequestConfig & { tokenbridge?: TokenbridgeConfigMark };

type AbortCause = 'caller' | 'deadline' | 'closed';

interface OperationState {
  readonly ctx: ErrorContext;
  readonly controller: AbortController;
  readonly deadlineAt: number;
  readonly timeoutMs: number;
  readonly callHeaders: Readonly<Record<string, string>>;
  cause: AbortCause | undefined;
  /** A write that is not idempotent was sent, and no answer said the vendor did not act on it. */
  writeMayHaveActed: boolean;
}

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

function buildTransport(config: TransportConfig, redactor: Redactor): Transport {
  const options = checkedOptions(config);
  const baseUrl = parseBaseUrl(config.baseUrl, config.provider, options.allowInsecureHttp === true);
  // What every request URL starts with: the path templates begin with '/'.
  const basePrefix = baseUrl.origin + baseUrl.pathname.replace(/\/$/, '');
  const clock = options.clock ?? systemClock;
  const random = options.random ?? Math.random;
  const retry: RetryOptions = { ...DEFAULT_RETRY, ...options.retry };
  const defaultTimeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const maxResponseBytes = options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
  redactor.addCredential(config.credential.reveal());
  const authHeader = config.auth.header.toLowerCase();

  const { store, key: limiterKey, ...pace } = options.limiter || {};
  const limiterOptions = options.limiter === false ? UNLIMITED : { ...config.defaultLimiter, ...pace };
  const { limiter, dispose: disposeLimiter } = acquireSharedLimiter(
    limiterKey ?? [config.provider, baseUrl.origin + baseUrl.pathname, fingerprint(config.credential)].join('|'),
    limiterOptions,
    clock,
    { ...(store && options.limiter !== false ? { store } : {}), onEvent: (event) => emitEvent({ type: 'limiter', provider: config.provider, ...event }) },
  );

  const httpAgent = new http.Agent({ keepAlive: true });
  const httpsAgent = new https.Agent({ keepAlive: true });
  // What the library sets (the vendor's Accept and version headers), apart from what the caller added.
  const vendorHeaders = lowerKeys(config.vendorHeaders ?? {});
  delete vendorHeaders[authHeader];
  const callerHeaders = lowerKeys(options.headers ?? {});
  const staticHeaders = { ...callerHeaders, ...vendorHeaders };
  // A followed redirect carries these and nothing else (Node adds its own Host and the like).
  const redirectHeaders = new Set([...Object.keys(vendorHeaders), 'accept', 'user-agent', 'accept-encoding']);

  const instance =
    options.axios ??
    axios.create({
      baseURL: baseUrl.href,
      httpAgent,
      httpsAgent,
      maxRedirects: 0,
      headers: vendorHeaders,
    });
  const isOurs = (target: URL | undefined): boolean => target?.origin === baseUrl.origin;

  const requestInterceptor = instance.interceptors.request.use((req: InternalAxiosRequestConfig) => {
    const mark = (req as MarkedConfig).tokenbridge;
    // Our own requests are built on the base URL; only a followed redirect leaves it, marked as such.
    const ours = mark?.internal === true || isOurs(resolveTarget(req, baseUrl));
    if (ours && mark?.redirect !== true) {
      req.headers.set(config.auth.header, (config.auth.format ?? identity)(config.credential.reveal()));
      // The escape hatch gets the caller's headers too, on the provider's origin only.
      if (mark?.internal !== true) for (const [name, value] of Object.entries(callerHeaders)) if (!req.headers.has(name)) req.headers.set(name, value);
      // Credentials never follow a redirect: a 3xx comes back to us as an answer.
      req.maxRedirects = 0;
    } else {
      req.headers.delete(config.auth.header);
    }
    return req;
  });
  const responseInterceptor = instance.interceptors.response.use(
    (response: AxiosResponse) => ((response.config as MarkedConfig).tokenbridge?.internal ? response : withoutCredential(response, config.auth.header)),
    (error: unknown) => {
      const req = axios.isAxiosError(error) ? (error.config as MarkedConfig | undefined) : undefined;
      if (req?.tokenbridge?.internal) return Promise.reject(error);
      // The escape hatch: an axios error holds the request headers (the credential), so it never leaves.
      return Promise.reject(new TokenBridgeError(redactor.scrubDeep(escapeHatchError(error))));
    },
  );

  const active = new Set<OperationState>();
  let closed = false;
  // Every event leaves scrubbed, whichever field vendor text reached.
  const emitEvent = (event: TransportEvent | LimiterEvent): void => {
    if (options.hooks) emit(options.hooks, redactor.scrubDeep(event));
  };

  function escapeHatchError(error: unknown): TokenError {
    const ctx: ErrorContext = { provider: config.provider, operation: 'http' };
    if (axios.isAxiosError(error) && error.response) {
      const response = error.response as AxiosResponse<unknown>;
      const text = typeof response.data === 'string' ? response.data : '';
      const parsed = typeof response.data === 'string' ? parseJson(response.data) : response.data;
      return httpError(ctx, response.status, text, normalizeHeaders(response.headers), redirectTarget(baseUrl, normalizeHeaders(response.headers)), parsed);
    }
    return networkError(ctx, classifyFailure(error));
  }

  function vendorInfo(status: number, parsed: unknown, headers: Readonly<Record<string, string>>, location: URL | undefined): VendorErrorInfo {
    try {
      return config.parseError?.({ status, body: parsed, headers, ...(location ? { location } : {}) }) ?? {};
    } catch {
      // A parser bug must not hide the vendor's status.
      return {};
    }
  }

  function httpError(
    ctx: ErrorContext,
    status: number,
    text: string,
    headers: Readonly<Record<string, string>>,
    location: URL | undefined,
    parsed: unknown = parseJson(text),
    info: VendorErrorInfo = vendorInfo(status, parsed, headers, location),
  ): TokenError {
    const tag: TokenErrorTag = info.tag ?? tagForStatus(status);
    const requestId = info.requestId ?? (config.requestIdHeader ? headers[config.requestIdHeader.toLowerCase()] : undefined);
    const issues = info.issues;
    const detail = info.message !== undefined ? info.message : defaultMessage(status, location, parsed === undefined && text !== '');
    const message = issues && issues.length > 0 && info.message === undefined ? `${detail}: ${summarizeIssues(issues)}` : detail;
    const retryAfterMs = status === 429 || status === 503 ? waitFromHeaders(headers) : undefined;
    return errorOfTag(tag, ctx, message, {
      status,
      ...(info.code !== undefined ? { vendorCode: info.code } : {}),
      ...(requestId !== undefined ? { requestId } : {}),
      ...(issues ? { issues } : {}),
      ...(info.currentVersion !== undefined ? { currentVersion: info.currentVersion } : {}),
      ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
      ...(info.retryable !== undefined ? { retryable: info.retryable } : {}),
      ...(status >= 300 && status < 400 ? { code: 'REDIRECT', retryable: false } : {}),
    });
  }

  function waitFromHeaders(headers: Readonly<Record<string, string>>): number | undefined {
    const now = clock.now();
    return (
      parseRetryAfter(headers['retry-after'], now) ??
      (config.rateLimitHeaders?.reset
        ? parseResetHeader(headers[config.rateLimitHeaders.reset.toLowerCase()], now, config.rateLimitHeaders.resetKind ?? 'auto')
        : undefined)
    );
  }

  function observeRateLimit(headers: Readonly<Record<string, string>>): void {
    const names = config.rateLimitHeaders;
    if (!names?.remaining) return;
    // Garbage (negative, empty, not a number) is ignored: only a real "none left" pauses.
    const remaining = parseRemaining(headers[names.remaining.toLowerCase()]);
    if (remaining === undefined || remaining > 0) return;
    const wait = waitFromHeaders(headers);
    if (wait !== undefined) limiter.pause(Math.min(wait, retry.maxRetryAfterMs));
  }

  function abortedError(state: OperationState): TokenError {
    if (state.cause === 'deadline') return TokenErrors.timeout(state.ctx, state.timeoutMs);
    if (state.cause === 'closed') return TokenErrors.cancelled(state.ctx, 'the provider was closed');
    return TokenErrors.cancelled(state.ctx, 'cancelled by the caller');
  }

  function decodeBody<A>(state: OperationState, spec: RequestSpec<A>, status: number, text: string, requestId: string | undefined): E.Either<TokenError, A> {
    if (spec.response === 'ignore') return E.right(undefined as A);
    const d = { status, ...(requestId !== undefined ? { requestId } : {}) };
    if (text.trim() === '') return E.left(TokenErrors.decode(state.ctx, `expected a JSON body, got an empty ${status} answer`, [], d));
    const parsed = parseJson(text);
    if (parsed === undefined) return E.left(TokenErrors.decode(state.ctx, `expected a JSON body, got something else (${status})`, [], d));
    const decoded = spec.response.decode(parsed);
    if (E.isRight(decoded)) return decoded;
    const issues = formatIssues(decoded.left);
    return E.left(TokenErrors.decode(state.ctx, `unexpected answer from ${state.ctx.provider}: ${summarizeIssues(issues)}`, issues, d));
  }

  async function runOperation<R>(
    ctx: ErrorContext,
    callOptions: CallOptions | undefined,
    body: (op: OperationContext) => TaskEither<TokenError, R>,
  ): Promise<E.Either<TokenError, R>> {
    const checked = validateCallOptions(ctx, callOptions, config.auth.header);
    if (E.isLeft(checked)) return checked;
    if (closed) return E.left(TokenErrors.cancelled(ctx, 'the provider was closed'));
    if (callOptions?.signal?.aborted) return E.left(TokenErrors.cancelled(ctx));
    const timeoutMs = callOptions?.timeoutMs ?? defaultTimeoutMs;
    const state: OperationState = {
      ctx,
      controller: new AbortController(),
      deadlineAt: clock.now() + timeoutMs,
      timeoutMs,
      callHeaders: lowerKeys(callOptions?.headers ?? {}),
      cause: undefined,
      writeMayHaveActed: false,
    };
    const abort = (cause: AbortCause): void => {
      state.cause ??= cause;
      state.controller.abort();
    };
    // A write that may have been acted on, then lost to a throw or an abort, is of unknown outcome.
    const settled = (error: TokenError, known = false): TokenError => (state.writeMayHaveActed || known ? withOutcomeUnknown(error) : error);
    const cancelDeadline = clock.setTimer(() => abort('deadline'), timeoutMs);
    const onCallerAbort = (): void => abort('caller');
    callOptions?.signal?.addEventListener('abort', onCallerAbort, { once: true });
    active.add(state);
    const op = {
      ...ctx,
      signal: state.controller.signal,
      request: (spec: RequestSpec<unknown>) => () => send(state, spec),
    } as OperationContext;
    try {
      const result = await body(op)();
      // An adapter step that awaited something other than the transport still ends as Timeout/Cancelled.
      if (E.isLeft(result) && state.cause !== undefined) {
        const aborted = abortedError(state);
        if (result.left._tag !== aborted._tag) return E.left(settled(aborted, result.left.outcomeUnknown === true));
      }
      return result;
    } catch (thrown) {
      return E.left(settled(state.cause !== undefined ? abortedError(state) : unexpectedError(ctx, thrown)));
    } finally {
      cancelDeadline();
      callOptions?.signal?.removeEventListener('abort', onCallerAbort);
      active.delete(state);
    }
  }

  /** Waits for the limiter; a pause that outlasts the deadline fails at once with `RateLimited`, nothing sent. */
  async function slot(state: OperationState): Promise<E.Either<TokenError, () => void>> {
    const free = limiter.tryAcquire();
    if (free !== undefined) return E.right(free);
    try {
      return E.right(await limiter.acquire(state.controller.signal, state.deadlineAt));
    } catch (reason) {
      if (!(reason instanceof PausedPastDeadline)) return E.left(abortedError(state));
      const message = `rate limited: the vendor asked for a pause that lasts ${reason.remainingMs} ms more, past this call's deadline; nothing was sent`;
      return E.left(TokenErrors.rateLimited(state.ctx, message, reason.remainingMs));
    }
  }

  async function send<A>(state: OperationState, spec: RequestSpec<A>): Promise<E.Either<TokenError, HttpResult<A>>> {
    const idempotent = spec.idempotent ?? isIdempotentByDefault(spec.method);
    const url = buildUrl(basePrefix, spec.path, spec.params, spec.query);
    const headers: Record<string, string> = { ...state.callHeaders };
    let data: string | undefined;
    if (spec.body !== undefined) {
      data = JSON.stringify(spec.body);
      headers['content-type'] = spec.contentType ?? 'application/json';
    }
    const event = { provider: config.provider, operation: state.ctx.operation, method: spec.method, path: spec.path };
    // Whether a write that is not idempotent may have been acted on: the one rule of outcome.ts decides what its failure says.
    let inDoubt = false;
    // Whether an earlier attempt may have been acted on (its answer lost or a 5xx), for any method.
    let earlierMayHaveActed = false;
    const fail = (error: TokenError): E.Either<TokenError, never> => E.left(!idempotent && inDoubt ? withOutcomeUnknown(error) : error);

    for (let attempt = 1; ; attempt++) {
      const acquired = await slot(state);
      if (E.isLeft(acquired)) return fail(acquired.left);
      const release = acquired.right;
      if (!idempotent) inDoubt = state.writeMayHaveActed = true;
      const started = clock.now();
      emitEvent({ type: 'request', ...event, attempt });
      let response: AxiosResponse<string> | undefined;
      let failure: unknown;
      try {
        response = await instance.request<string>(
          axiosConfig({ method: spec.method, url, headers, data, signal: state.controller.signal }),
        );
        if (response.status >= 300 && response.status < 400) {
          response = await followRedirect(spec.method, new URL(url), response, state.controller.signal);
        }
      } catch (error) {
        failure = error;
      } finally {
        release();
      }
      const durationMs = clock.now() - started;

      let error: TokenError;
      let wait: number | undefined;
      // Whether the vendor certainly did not act, so even a write that is not idempotent may go again.
      let certainlyNotActed: boolean;
      // Whether this answer is worth repeating at all: the vendor's word, else the status.
      let worthRepeating = true;
      let vendorRetryable: boolean | undefined;
      if (response === undefined) {
        if (state.controller.signal.aborted) return fail(abortedError(state));
        const failed = classifyFailure(failure);
        error = failed.tooLarge ? TokenErrors.decode(state.ctx, `the answer was larger than ${maxResponseBytes} bytes`) : networkError(state.ctx, failed);
        certainlyNotActed = failed.notSent;
      } else {
        const responseHeaders = normalizeHeaders(response.headers);
        const requestId = config.requestIdHeader ? responseHeaders[config.requestIdHeader.toLowerCase()] : undefined;
        const status = response.status;
        const text = typeof response.data === 'string' ? response.data : '';
        observeRateLimit(responseHeaders);
        if (status >= 200 && status < 300) {
          emitEvent({ type: 'response', ...event, attempt, status, durationMs, ...(requestId ? { requestId } : {}) });
          const decoded = decodeBody(state, spec, status, text, requestId);
          if (E.isLeft(decoded)) {
            emitEvent({ type: 'error', ...event, attempt, tag: 'Decode', durationMs, status });
            return fail(decoded.left);
          }
          return E.right({ status, data: decoded.right, headers: responseHeaders });
        }
        if (status === 404 && spec.method === 'DELETE' && earlierMayHaveActed && spec.response === 'ignore') {
          // An earlier attempt whose answer we lost has already deleted it.
          emitEvent({ type: 'response', ...event, attempt, status, durationMs });
          return E.right({ status, data: undefined as A, headers: responseHeaders });
        }
        const location = status >= 300 && status < 400 ? redirectTarget(new URL(url), responseHeaders) : undefined;
        const parsed = parseJson(text);
        const info = vendorInfo(status, parsed, responseHeaders, location);
        error = httpError(state.ctx, status, text, responseHeaders, location, parsed, info);
        emitEvent({
          type: 'response',
          ...event,
          attempt,
          status,
          durationMs,
          ...(error.requestId ? { requestId: error.requestId } : {}),
          ...(error.vendorCode ? { vendorCode: error.vendorCode } : {}),
        });
        // A 429 is the vendor saying it did not act.
        certainlyNotActed = status === 429;
        vendorRetryable = info.retryable;
        worthRepeating = info.retryable ?? RETRYABLE_STATUSES.has(status);
        wait = status === 429 || status === 503 ? waitFromHeaders(responseHeaders) : undefined;
      }
      if (!idempotent) inDoubt = state.writeMayHaveActed = mayHaveActed(error);
      earlierMayHaveActed ||= mayHaveActed(error);

      const mayRetry = error.retryable && worthRepeating && (idempotent || certainlyNotActed);
      // What the caller is told: a refusal the vendor did not call temporary is not worth repeating.
      if (!mayRetry && error.status !== undefined) error = { ...error, retryable: vendorRetryable ?? error._tag === 'RateLimited' };
      const willRetry = mayRetry && attempt <= retry.retries;
      const delay = wait ?? backoffDelay(attempt, retry, random);
      // One caller's 429 holds back every request of this provider and credential.
      if (error.status === 429) limiter.pause(Math.min(delay, retry.maxRetryAfterMs));
      const pastCap = wait !== undefined && wait > retry.maxRetryAfterMs;
      const pastDeadline = clock.now() + delay > state.deadlineAt;
      if (!willRetry || pastCap || pastDeadline) {
        if (error.status === 429) {
          const retryAfterMs = wait ?? delay;
          error = TokenErrors.rateLimited(state.ctx, rateLimitMessage(retryAfterMs, pastCap, pastDeadline), retryAfterMs, pick(error));
        }
        emitEvent({
          type: 'error',
          ...event,
          attempt,
          tag: error._tag,
          durationMs,
          ...(error.status !== undefined ? { status: error.status } : {}),
          ...(error.requestId ? { requestId: error.requestId } : {}),
          ...(error.vendorCode ? { vendorCode: error.vendorCode } : {}),
        });
        return fail(error);
      }
      emitEvent({ type: 'retry', ...event, attempt, delayMs: delay, reason: error.status !== undefined ? String(error.status) : (error as { code?: string }).code ?? error._tag });
      try {
        await clock.sleep(delay, state.controller.signal);
      } catch {
        return fail(abortedError(state));
      }
    }
  }

  async function followRedirect(method: HttpMethod, from: URL, response: AxiosResponse<string>, signal: AbortSignal): Promise<AxiosResponse<string>> {
    const to = redirectTarget(from, normalizeHeaders(response.headers));
    if (!to || !config.allowRedirect?.({ method, from, to })) return response;
    return instance.request<string>(axiosConfig({ method: 'GET', url: to.href, headers: {}, signal, redirect: true }));
  }

  function axiosConfig(req: {
    method: HttpMethod;
    url: string;
    headers: Record<string, string>;
    data?: string | undefined;
    signal: AbortSignal;
    redirect?: boolean;
  }): AxiosRequestConfig {
    const own: Record<string, string> = req.redirect ? { accept: 'application/json', ...vendorHeaders } : { ...staticHeaders, ...req.headers };
    const marked: MarkedConfig = {
      method: req.method,
      url: req.url,
      // Without this, axios labels a bodiless POST or PUT as a form.
      headers: { ...(req.data === undefined && own['content-type'] === undefined ? { 'content-type': false } : {}), ...own },
      data: req.data,
      signal: req.signal,
      httpAgent,
      httpsAgent,
      maxRedirects: 0,
      responseType: 'text',
      // We parse the body ourselves: axios silently hands back truncated JSON as a string.
      transformResponse: [(body: unknown) => body],
      // The last step before the request goes out, after every interceptor (a user's instance may have its
      // own defaults and interceptors): a followed redirect keeps only the headers the library set.
      transformRequest: [req.redirect ? onlyHeaders(redirectHeaders) : (body: unknown) => body],
      validateStatus: () => true,
      maxContentLength: maxResponseBytes,
      tokenbridge: { internal: true, ...(req.redirect ? { redirect: true } : {}) },
    };
    return marked;
  }

  return {
    provider: config.provider,
    baseUrl,
    http: () => instance,
    // The same redactor: what the provider knows stays scrubbed, and the new credential joins it.
    withCredential: (credential) => buildTransport({ ...config, credential }, redactor),
    rememberSecret: (secret) => redactor.remember(secret.reveal()),
    redact: (value) => redactor.scrubDeep(value),
    run<R>(operation: OperationName, callOptions: CallOptions | undefined, body: (op: OperationContext) => TaskEither<TokenError, R>): TaskEither<TokenError, R> {
      const ctx: ErrorContext = { provider: config.provider, operation };
      const guarded = neverRejects(() => runOperation(ctx, callOptions, body), (thrown) => unexpectedError(ctx, thrown));
      // The one place errors leave the transport: every string in them scrubbed.
      return async () => E.mapLeft((error: TokenError) => redactor.scrubDeep(error))(await guarded());
    },
    async close() {
      if (closed) return;
      closed = true;
      for (const state of active) {
        state.cause ??= 'closed';
        state.controller.abort();
      }
      instance.interceptors.request.eject(requestInterceptor);
      instance.interceptors.response.eject(responseInterceptor);
      httpAgent.destroy();
      httpsAgent.destroy();
      disposeLimiter();
    },
  };
}

interface FailureInfo {
  readonly code: string;
  /** The connection was never made, so the server cannot have acted. */
  readonly notSent: boolean;
  readonly tooLarge: boolean;
}

function classifyFailure(error: unknown): FailureInfo {
  const code = (axios.isAxiosError(error) ? error.code : (error as { code?: unknown } | undefined)?.code) ?? 'UNKNOWN';
  const message = error instanceof Error ? error.message : '';
  const tooLarge = code === 'ERR_BAD_RESPONSE' && message.startsWith('maxContentLength');
  const cause = (error as { cause?: { code?: unknown } } | undefined)?.cause?.code;
  const effective = typeof cause === 'string' && code === 'UNKNOWN' ? cause : String(code);
  return { code: effective, notSent: NOT_SENT_CODES.has(effective), tooLarge };
}

const NETWORK_DESCRIPTIONS: Readonly<Record<string, string>> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset',
  EPIPE: 'connection closed while sending',
  ETIMEDOUT: 'connection timed out',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'host lookup failed',
  ERR_BAD_RESPONSE: 'connection dropped while reading the answer',
};

function networkError(ctx: ErrorContext, failure: FailureInfo): TokenError {
  const what = NETWORK_DESCRIPTIONS[failure.code] ?? 'network failure';
  return TokenErrors.network(ctx, `${what} (${failure.code})`, { code: failure.code });
}

/**
 * A request transform that deletes every header not in `allowed` (lower-case
 * names), and any basic-auth credentials a caller's axios instance set (axios
 * turns those into an Authorization header after this step).
 */
function onlyHeaders(
  allowed: ReadonlySet<string>,
): (this: { auth?: unknown }, body: unknown, headers: { toJSON(): object; delete(name: string): unknown }) => unknown {
  return function (this: { auth?: unknown }, body, headers) {
    delete this.auth;
    for (const name of Object.keys(headers.toJSON())) if (!allowed.has(name.toLowerCase())) headers.delete(name);
    return body;
  };
}

function tagForStatus(status: number): TokenErrorTag {
  if (status >= 300 && status < 400) return 'Network';
  switch (status) {
    case 401:
      return 'Unauthorized';
    case 403:
      return 'Forbidden';
    case 404:
    case 410:
      return 'NotFound';
    case 409:
    case 412:
      return 'Conflict';
    case 429:
      return 'RateLimited';
  }
  if (status === 408 || status >= 500) return 'Server';
  return 'Validation';
}

function defaultMessage(status: number, location: URL | undefined, notJson: boolean): string {
  if (status >= 300 && status < 400) {
    return location
      ? `redirected (${status}) to ${location.origin}; not followed, so the credential stays here (check baseUrl)`
      : `redirected (${status}) without a target`;
  }
  return `HTTP ${status}${notJson ? ' (the body was not JSON, e.g. a proxy error page)' : ''}`;
}

function rateLimitMessage(retryAfterMs: number, pastCap: boolean, pastDeadline: boolean): string {
  if (pastCap) return `rate limited; the vendor asks to wait ${retryAfterMs} ms, longer than the retry cap`;
  if (pastDeadline) return `rate limited; waiting ${retryAfterMs} ms would pass the deadline`;
  return `rate limited; retries used up (retry after ${retryAfterMs} ms)`;
}

function pick(error: TokenError): { status?: number; vendorCode?: string; requestId?: string } {
  return {
    ...(error.status !== undefined ? { status: error.status } : {}),
    ...(error.vendorCode !== undefined ? { vendorCode: error.vendorCode } : {}),
    ...(error.requestId !== undefined ? { requestId: error.requestId } : {}),
  };
}

// Characters a query may hold as they are; anything else goes through URL's own encoding.
const PLAIN_QUERY = /^[A-Za-z0-9\-._~!$&'()*+,;=:@/?%]*$/;

/** Joins the base URL, a path template with URL-encoded params, and the query, as a string (the hot path parses no URL). */
function buildUrl(base: string, template: string, params: Readonly<Record<string, string>> = {}, query?: QueryInput): string {
  const path = template.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = params[name];
    if (value === undefined) throw new Error(`missing path parameter ${name}`);
    return encodeURIComponent(value);
  });
  let search = '';
  if (typeof query === 'string') {
    search = query === '' ? '' : PLAIN_QUERY.test(query) ? `?${query.replace(/^\?/, '')}` : new URL(`http://x/?${query.replace(/^\?/, '')}`).search;
  } else if (query) {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(query)) if (value !== undefined) params.append(key, String(value));
    const text = params.toString();
    search = text === '' ? '' : `?${text}`;
  }
  return base + path + search;
}

function resolveTarget(req: InternalAxiosRequestConfig, base: URL): URL | undefined {
  try {
    const url = req.url ?? '';
    if (/^([a-z][a-z\d+\-.]*:)?\/\//i.test(url)) return new URL(url, base);
    return new URL(req.baseURL ?? base.href);
  } catch {
    return undefined;
  }
}

function redirectTarget(from: URL, headers: Readonly<Record<string, string>>): URL | undefined {
  const location = headers['location'];
  if (!location) return undefined;
  try {
    return new URL(location, from);
  } catch {
    return undefined;
  }
}

function parseJson(text: string): unknown {
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function normalizeHeaders(headers: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  const source = (headers as { toJSON?: () => unknown } | undefined)?.toJSON?.() ?? headers ?? {};
  for (const [key, value] of Object.entries(source as Record<string, unknown>)) {
    if (value === undefined || value === null) continue;
    out[key.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
  }
  return out;
}

function lowerKeys(headers: Readonly<Record<string, string>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(headers)) out[key.toLowerCase()] = value;
  return out;
}

/**
 * An escape-hatch answer as axios gives it also holds the request: its config
 * headers and the raw request, credential included, which printing or
 * serialising the answer would show. The credential is redacted in the config
 * and the raw request is kept but not enumerable.
 */
function withoutCredential(response: AxiosResponse, authHeader: string): AxiosResponse {
  const headers = response.config?.headers as { has?: (name: string) => boolean; set?: (name: string, value: string) => unknown } | undefined;
  if (headers?.has?.(authHeader)) headers.set?.(authHeader, REDACTED_TEXT);
  Object.defineProperty(response, 'request', { value: response.request as unknown, enumerable: false, writable: true, configurable: true });
  return response;
}

/** A short hash naming the credential without revealing it (for the limiter's key). */
function fingerprint(secret: Secret): string {
  return createHash('sha256').update(secret.reveal()).digest('hex').slice(0, 16);
}

function identity(value: string): string {
  return value;
}
