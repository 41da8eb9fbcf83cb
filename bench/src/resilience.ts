import { TokenBridgeError } from '@tokenbridge/core';

/**
 * How the bench survives a shared, slow machine: a request that fails
 * transiently (a keep-alive socket the simulator closed just as the client
 * reused it, a refused or reset connection, a 502/503/504) is retried and
 * counted, the same way for every variant; a table row whose measurement
 * still fails is written with the reason in its cells, and the other rows go
 * on.
 */

/** One operation of one variant (see `harness.ts`). */
export type Operation = () => Promise<void>;

/** Retries one measurement made, per variant. */
export type Retries<K extends string> = Readonly<Record<K, number>>;

/** Retries of a transiently failing operation before it counts as failed. */
export const MAX_RETRIES = 3;

const NETWORK_CODES: ReadonlySet<string> = new Set([
  'ECONNRESET',
  'EPIPE',
  'ECONNREFUSED',
  'ECONNABORTED',
  'ETIMEDOUT',
  'UND_ERR_SOCKET',
  'UND_ERR_CLOSED',
]);
const TRANSIENT_STATUSES: ReadonlySet<number> = new Set([429, 502, 503, 504]);

/**
 * Whether `error` is worth another attempt: a connection reset, refused or
 * cut off (also as the `cause` of a fetch error), an HTTP 429/502/503/504
 * (`status` of a baseline's error, `response.status` of axios's), or a
 * tokenbridge error that says it is retryable.
 */
export function isTransient(error: unknown): boolean {
  if (TokenBridgeError.isInstance(error)) return error.error.retryable;
  if (typeof error !== 'object' || error === null) return false;
  const e = error as { code?: unknown; message?: unknown; status?: unknown; response?: { status?: unknown }; cause?: unknown };
  if (typeof e.code === 'string' && NETWORK_CODES.has(e.code)) return true;
  if (e.message === 'socket hang up') return true;
  const status = e.status ?? e.response?.status;
  if (typeof status === 'number' && TRANSIENT_STATUSES.has(status)) return true;
  return e.cause !== undefined && e.cause !== error && isTransient(e.cause);
}

/** An operation's failure after its retries: the last error, and how many retries came before it. */
export class GaveUpError extends Error {
  constructor(
    readonly last: unknown,
    readonly retries: number,
  ) {
    super(`${describe(last)} after ${retries} ${retries === 1 ? 'retry' : 'retries'}`);
    this.name = 'GaveUpError';
  }
}

/**
 * `operation`, retried at once (a fresh socket is all it needs) up to
 * `maxRetries` times while it fails transiently; every retry is added to
 * `tally`. A failure that is not transient, or the last one, is thrown (the
 * latter as a {@link GaveUpError}).
 */
export function retrying(operation: Operation, tally: { retries: number }, maxRetries = MAX_RETRIES): Operation {
  return async () => {
    for (let attempt = 0; ; attempt++) {
      try {
        await operation();
        return;
      } catch (error) {
        if (!isTransient(error)) throw error;
        if (attempt >= maxRetries) throw new GaveUpError(error, attempt);
        tally.retries += 1;
      }
    }
  };
}

/** A table row that could not be measured: its keys, and why, as its cells say. */
export type Failed<K> = K & { readonly failed: string };

/** A measured row, or its keys and the reason it failed. */
export type Row<T, K extends keyof T> = T | Failed<Pick<T, K>>;

/** Whether a row failed (see {@link Row}). */
export function failed<R extends object>(row: R): row is Extract<R, { readonly failed: string }> {
  return 'failed' in row && typeof (row as { failed?: unknown }).failed === 'string';
}

/** The measured form of a row type (see {@link Row}). */
export type Measured<R> = Exclude<R, { readonly failed: string }>;

/**
 * Runs one row's measurement (or a few rows'); on failure returns `keys` with
 * the reason (and reports it through `warn`) instead of throwing, so the run
 * goes on to the next row.
 */
export async function settle<T, K extends object>(keys: K, label: string, measure: () => Promise<T>, warn: (line: string) => void): Promise<T | Failed<K>> {
  try {
    return await measure();
  } catch (error) {
    const reason = describe(error);
    warn(`${label} failed, the row says so and the run goes on: ${reason}`);
    return { ...keys, failed: reason };
  }
}

/** A failure in one line, short enough for a table cell. */
export function describe(error: unknown): string {
  if (error instanceof GaveUpError) return error.message;
  if (TokenBridgeError.isInstance(error)) return `${error.error._tag}: ${error.error.message}`;
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code ?? (error.cause as { code?: unknown } | undefined)?.code;
    const text = typeof code === 'string' && !error.message.includes(code) ? `${error.message} (${code})` : error.message;
    return oneLine(text);
  }
  return oneLine(String(error));
}

function oneLine(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > 160 ? `${line.slice(0, 157)}...` : line;
}
