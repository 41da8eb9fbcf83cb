import type { OperationName, TokenErrorTag } from '../errors';
import type { ProviderId } from '../model';
import type { LimiterStoreEvent } from './limiter-store';
import type { HttpMethod } from './request';

/**
 * What every transport event carries. Only these allow-listed fields exist:
 * no URL with a query, no header, no body, so no credential or secret.
 */
export interface TransportEventBase {
  readonly provider: ProviderId;
  readonly operation: OperationName;
  readonly method: HttpMethod;
  /** The path template, e.g. `/access_tokens/{id}`. */
  readonly path: string;
  /** 1 for the first try. */
  readonly attempt: number;
}

/** A request is about to be sent. */
export interface RequestEvent extends TransportEventBase {
  readonly type: 'request';
}

/** An answer arrived (any status). */
export interface ResponseEvent extends TransportEventBase {
  readonly type: 'response';
  readonly status: number;
  readonly durationMs: number;
  readonly requestId?: string;
  readonly vendorCode?: string;
}

/** The transport will try again after `delayMs`. */
export interface RetryEvent extends TransportEventBase {
  readonly type: 'retry';
  readonly delayMs: number;
  /** The status, or the error code, that caused the retry. */
  readonly reason: string;
}

/** A request failed for good. */
export interface ErrorEvent extends TransportEventBase {
  readonly type: 'error';
  readonly tag: TokenErrorTag;
  readonly durationMs: number;
  readonly status?: number;
  readonly requestId?: string;
  readonly vendorCode?: string;
}

/** Any event of one HTTP exchange. */
export type TransportEvent = RequestEvent | ResponseEvent | RetryEvent | ErrorEvent;

/**
 * The limiter's shared store changed state: `degraded` when it cannot be
 * reached (calls go on, paced by this process alone, so a fleet may overrun
 * the vendor's limit), `restored` once it can again.
 */
export interface LimiterEvent extends LimiterStoreEvent {
  readonly type: 'limiter';
  readonly provider: ProviderId;
}

/** Listeners for logging and metrics. A throwing listener is ignored, never breaking the request. */
export interface TransportHooks {
  readonly onRequest?: (event: RequestEvent) => void;
  readonly onResponse?: (event: ResponseEvent) => void;
  readonly onRetry?: (event: RetryEvent) => void;
  readonly onError?: (event: ErrorEvent) => void;
  readonly onLimiter?: (event: LimiterEvent) => void;
}

/** Calls the hook for `event`, swallowing what it throws. */
export function emit(hooks: TransportHooks | undefined, event: TransportEvent | LimiterEvent): void {
  if (!hooks) return;
  try {
    switch (event.type) {
      case 'request':
        hooks.onRequest?.(event);
        break;
      case 'response':
        hooks.onResponse?.(event);
        break;
      case 'retry':
        hooks.onRetry?.(event);
        break;
      case 'error':
        hooks.onError?.(event);
        break;
      case 'limiter':
        hooks.onLimiter?.(event);
        break;
    }
  } catch {
    // A logging hook must not change the outcome of the call.
  }
}
