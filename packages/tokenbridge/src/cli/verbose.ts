import type { LimiterEvent, TransportEvent, TransportHooks } from '@tokenbridge/core';
import { visible } from './format';

/**
 * Transport hooks that write one line per HTTP exchange of the provider
 * `key`: method, path template, status (or why no answer came), duration,
 * attempt, and for a retried attempt what it retried after. Transport events
 * hold no URL query, header or body, so nothing secret can reach these lines.
 */
export function verboseHooks(key: string, write: (line: string) => void): TransportHooks {
  // Attempts sent whose answer has not come yet, and the reason the next attempt of an exchange is a retry.
  const awaiting = new Set<string>();
  const retriedAfter = new Map<string, string>();
  const exchange = (e: TransportEvent): string => `${e.operation} ${e.method} ${e.path}`;
  const line = (e: TransportEvent, outcome: string, durationMs?: number): void => {
    const after = e.attempt > 1 ? retriedAfter.get(exchange(e)) : undefined;
    const details = [durationMs !== undefined ? `${durationMs} ms` : undefined, `attempt ${e.attempt}`, after !== undefined ? `retry after ${after}` : undefined];
    write(visible(`tokenbridge: ${key} ${e.method} ${e.path} -> ${outcome} (${details.filter((d) => d !== undefined).join(', ')})`));
  };
  const noAnswer = (e: TransportEvent, reason: string, durationMs?: number): void => {
    if (!awaiting.delete(`${exchange(e)} ${e.attempt}`)) return;
    line(e, `no answer: ${reason}`, durationMs);
  };
  return {
    onRequest: (e) => void awaiting.add(`${exchange(e)} ${e.attempt}`),
    onResponse: (e) => {
      awaiting.delete(`${exchange(e)} ${e.attempt}`);
      line(e, String(e.status), e.durationMs);
    },
    onRetry: (e) => {
      noAnswer(e, e.reason);
      retriedAfter.set(exchange(e), e.reason);
    },
    onError: (e) => {
      noAnswer(e, e.tag, e.durationMs);
      retriedAfter.delete(exchange(e));
    },
  };
}

/** Hooks that call each of `all` in turn. */
export function bothHooks(...all: ReadonlyArray<TransportHooks | undefined>): TransportHooks {
  const hooks = all.filter((h): h is TransportHooks => h !== undefined);
  return {
    onRequest: (e) => hooks.forEach((h) => h.onRequest?.(e)),
    onResponse: (e) => hooks.forEach((h) => h.onResponse?.(e)),
    onRetry: (e) => hooks.forEach((h) => h.onRetry?.(e)),
    onError: (e) => hooks.forEach((h) => h.onError?.(e)),
    onLimiter: (e) => hooks.forEach((h) => h.onLimiter?.(e)),
  };
}

/**
 * A hook that says on stderr, verbose or not, when the shared limiter store
 * of provider `key` goes away (pacing then goes on in this process alone) and
 * when it is back: the only sign that a fleet may overrun the vendor's limit.
 */
export function limiterWarnings(key: string, write: (line: string) => void): TransportHooks {
  const text = (e: LimiterEvent): string =>
    e.state === 'degraded'
      ? `tokenbridge: warning: ${key}: the limiter's ${e.store} store cannot be reached (${e.reason}); pacing in this process alone until it is back`
      : `tokenbridge: ${key}: the limiter's ${e.store} store is back; pacing with the fleet again`;
  return { onLimiter: (e) => write(visible(text(e))) };
}
