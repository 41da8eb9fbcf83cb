import * as http from 'node:http';
import * as https from 'node:https';
import axios, { type AxiosInstance, type AxiosRequestConfig, type AxiosResponse } from 'axios';
import type { RequestHeaders } from './headers';
import type { HttpMethod } from './request';
import { normalizeHeaders } from './response';
import { redirectTarget } from './url';

/**
 * One attempt over axios: the request as the library sends it (its headers,
 * no automatic redirect, the size limit, the body left as text), and the one
 * redirect an adapter may allow, followed without the credential.
 */

/** How the library marks its own requests, for the interceptors of the escape hatch. */
export interface TokenbridgeConfigMark {
  /** Our own request: its failures are classified by the attempt, not turned into errors by the interceptor. */
  readonly internal?: boolean;
  /** A followed redirect: never carries the credential, nor any header the library did not set. */
  readonly redirect?: boolean;
}
/** An axios request config with the library's mark. */
export type MarkedConfig = AxiosRequestConfig & { tokenbridge?: TokenbridgeConfigMark };

/** One request as an attempt sends it. */
export interface WireRequest {
  readonly method: HttpMethod;
  readonly url: string;
  /** The request's own headers (the call's, the content type), over the transport's fixed ones. */
  readonly headers: Readonly<Record<string, string>>;
  readonly data?: string | undefined;
  readonly signal: AbortSignal;
}

/** An attempt's outcome: an answer (any status), or what axios threw. */
export type WireResult = { readonly response: AxiosResponse<string> } | { readonly failure: unknown };

/** What the wire is set up from. */
export interface WireSetup {
  readonly baseUrl: URL;
  /** The user's own axios instance; else the library makes one. */
  readonly axios: AxiosInstance | undefined;
  readonly headers: RequestHeaders;
  readonly maxResponseBytes: number;
  /** Allows a redirect the vendor documents. */
  readonly allowRedirect: ((redirect: { readonly method: HttpMethod; readonly from: URL; readonly to: URL }) => boolean) | undefined;
}

/** The HTTP connection of one transport. */
export interface Wire {
  /** The axios instance requests go through (the escape hatch's too). */
  readonly instance: AxiosInstance;
  /** Sends one attempt; never rejects. */
  send(request: WireRequest): Promise<WireResult>;
  /** Frees the sockets. */
  close(): void;
}

/** Sets up the connection of one transport, with keep-alive agents of its own. */
export function createWire(setup: WireSetup): Wire {
  const { headers } = setup;
  const httpAgent = new http.Agent({ keepAlive: true });
  const httpsAgent = new https.Agent({ keepAlive: true });
  const instance =
    setup.axios ??
    axios.create({
      baseURL: setup.baseUrl.href,
      httpAgent,
      httpsAgent,
      maxRedirects: 0,
      headers: headers.library,
    });

  function axiosConfig(req: WireRequest, redirect = false): AxiosRequestConfig {
    const own: Record<string, string> = redirect ? { ...headers.redirect } : { ...headers.fixed, ...req.headers };
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
      transformRequest: [redirect ? onlyHeaders(headers.redirectAllowed) : (body: unknown) => body],
      validateStatus: () => true,
      maxContentLength: setup.maxResponseBytes,
      tokenbridge: { internal: true, ...(redirect ? { redirect: true } : {}) },
    };
    return marked;
  }

  async function followRedirect(method: HttpMethod, from: URL, response: AxiosResponse<string>, signal: AbortSignal): Promise<AxiosResponse<string>> {
    const to = redirectTarget(from, normalizeHeaders(response.headers));
    if (!to || !setup.allowRedirect?.({ method, from, to })) return response;
    return instance.request<string>(axiosConfig({ method: 'GET', url: to.href, headers: {}, signal }, true));
  }

  return {
    instance,
    async send(req) {
      try {
        let response = await instance.request<string>(axiosConfig(req));
        if (response.status >= 300 && response.status < 400) response = await followRedirect(req.method, new URL(req.url), response, req.signal);
        return { response };
      } catch (failure) {
        return { failure };
      }
    },
    close() {
      httpAgent.destroy();
      httpsAgent.destroy();
    },
  };
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
