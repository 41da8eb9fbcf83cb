import axios, { type AxiosInstance, type AxiosResponse, type InternalAxiosRequestConfig } from 'axios';
import { type ErrorContext, TokenBridgeError, type TokenError } from '../errors';
import type { ProviderId } from '../model';
import { REDACTED_TEXT, type Secret } from '../secret';
import { type ErrorSources, classifyAnswer, classifyFailure, networkError } from './classify';
import type { Clock } from './clock';
import type { Redactor } from './redact';
import type { AuthScheme } from './request';
import { normalizeHeaders, parseJson } from './response';
import type { MarkedConfig } from './send';
import { redirectTarget } from './url';

/**
 * The escape hatch, `transport.http()`: the axios instance (the library's, or
 * the user's own) with interceptors that put the credential on requests to
 * the provider's origin only, never on a redirect, and turn every failure
 * into a scrubbed {@link TokenBridgeError}: an axios error holds the request
 * headers, so it never leaves.
 */

/** What the escape hatch is wired from. */
export interface EscapeHatchSetup {
  readonly provider: ProviderId;
  readonly baseUrl: URL;
  readonly auth: AuthScheme;
  readonly credential: Secret;
  /** Headers added to the hatch's requests to the provider's origin where they are not set (the User-Agent, the caller's `headers` option). */
  readonly headers: Readonly<Record<string, string>>;
  readonly redactor: Redactor;
  readonly sources: ErrorSources;
  readonly clock: Clock;
}

/** Installs the interceptors on `instance`; the returned function removes them. */
export function installEscapeHatch(instance: AxiosInstance, setup: EscapeHatchSetup): () => void {
  const { auth, baseUrl } = setup;
  const requestInterceptor = instance.interceptors.request.use((req: InternalAxiosRequestConfig) => {
    const mark = (req as MarkedConfig).tokenbridge;
    // Our own requests are built on the base URL; only a followed redirect leaves it, marked as such.
    const ours = mark?.internal === true || resolveTarget(req, baseUrl)?.origin === baseUrl.origin;
    if (ours && mark?.redirect !== true) {
      req.headers.set(auth.header, (auth.format ?? identity)(setup.credential.reveal()));
      // The escape hatch gets the caller's headers and our User-Agent too, on the provider's origin only.
      if (mark?.internal !== true) for (const [name, value] of Object.entries(setup.headers)) if (!req.headers.has(name)) req.headers.set(name, value);
      // Credentials never follow a redirect: a 3xx comes back to us as an answer.
      req.maxRedirects = 0;
    } else {
      req.headers.delete(auth.header);
    }
    return req;
  });
  const responseInterceptor = instance.interceptors.response.use(
    (response: AxiosResponse) => ((response.config as MarkedConfig).tokenbridge?.internal ? response : withoutCredential(response, auth.header)),
    (error: unknown) => {
      const req = axios.isAxiosError(error) ? (error.config as MarkedConfig | undefined) : undefined;
      if (req?.tokenbridge?.internal) return Promise.reject(error);
      return Promise.reject(new TokenBridgeError(setup.redactor.scrubDeep(escapeHatchError(setup, error))));
    },
  );
  return () => {
    instance.interceptors.request.eject(requestInterceptor);
    instance.interceptors.response.eject(responseInterceptor);
  };
}

function escapeHatchError(setup: EscapeHatchSetup, error: unknown): TokenError {
  const ctx: ErrorContext = { provider: setup.provider, operation: 'http' };
  if (axios.isAxiosError(error) && error.response) {
    const response = error.response as AxiosResponse<unknown>;
    const headers = normalizeHeaders(response.headers);
    const text = typeof response.data === 'string' ? response.data : '';
    const parsed = typeof response.data === 'string' ? parseJson(response.data) : response.data;
    const location = redirectTarget(setup.baseUrl, headers);
    const answer = { status: response.status, headers, text, parsed, ...(location ? { location } : {}) };
    return classifyAnswer(ctx, setup.sources, setup.clock.now(), answer).error;
  }
  return networkError(ctx, classifyFailure(error));
}

/** Where an escape-hatch request goes: its absolute URL, else the instance's base URL. */
function resolveTarget(req: InternalAxiosRequestConfig, base: URL): URL | undefined {
  try {
    const url = req.url ?? '';
    if (/^([a-z][a-z\d+\-.]*:)?\/\//i.test(url)) return new URL(url, base);
    return new URL(req.baseURL ?? base.href);
  } catch {
    return undefined;
  }
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

function identity(value: string): string {
  return value;
}
