import * as t from 'io-ts';
import * as E from 'fp-ts/Either';
import { strict, decodeIssues } from '../codecs';
import type { FieldIssue } from '../errors';
import { headerIssues, isHeaderValue } from './headers';

/**
 * Codecs of the options a caller gives the transport: the factory's
 * transport options and every call's options. A JavaScript caller may pass
 * anything; a wrong value is a `Validation` error naming the option, before
 * any request, instead of an instant timeout, a stall or an unlimited body.
 */

/** The longest delay a Node timer can hold; a longer one fires at once. */
export const MAX_TIMER_MS = 2_147_483_647;

const inRange = (name: string, ok: (n: number) => boolean) => t.refinement(t.number, ok, name);

/** A deadline: milliseconds from 1 to {@link MAX_TIMER_MS}. */
export const TimeoutMsC = inRange('milliseconds from 1 to 2147483647', (n) => Number.isFinite(n) && n > 0 && n <= MAX_TIMER_MS);
/** A wait that may be zero: milliseconds from 0 to {@link MAX_TIMER_MS}. */
const WaitMsC = inRange('milliseconds from 0 to 2147483647', (n) => Number.isFinite(n) && n >= 0 && n <= MAX_TIMER_MS);
/** A count of at least one, or `Infinity` for no bound. */
const PositiveCountC = inRange('an integer of at least 1, or Infinity', (n) => n === Infinity || (Number.isInteger(n) && n >= 1));
const RetriesC = inRange('an integer from 0 to 100', (n) => Number.isInteger(n) && n >= 0 && n <= 100);
const ByteCountC = inRange('a whole number of bytes of at least 1', (n) => Number.isSafeInteger(n) && n >= 1);

const fn = new t.Type<(...args: never[]) => unknown, unknown, unknown>(
  'a function',
  (u): u is (...args: never[]) => unknown => typeof u === 'function',
  (u, c) => (typeof u === 'function' ? t.success(u as (...args: never[]) => unknown) : t.failure(u, c)),
  (a) => a,
);

/** An object (or a function, as an axios instance is) holding at least the given functions (a clock, an axios instance). */
const withFunctions = (name: string, keys: readonly string[]) => {
  const holds = (u: unknown): u is object =>
    ((typeof u === 'object' && u !== null) || typeof u === 'function') && keys.every((k) => typeof (u as Record<string, unknown>)[k] === 'function');
  return new t.Type<object, object, unknown>(name, holds, (u, c) => (holds(u) ? t.success(u) : t.failure(u, c)), (a) => a);
};

/** Extra request headers: names and values a header may hold, none reserved, the credential header refused. */
export const headersCodec = (credentialHeader?: string) =>
  new t.Type<Readonly<Record<string, string>>, Readonly<Record<string, string>>, unknown>(
    'headers',
    (u): u is Readonly<Record<string, string>> => headerIssues(u, '', credentialHeader).length === 0,
    (u, c) => {
      const issues = headerIssues(u, '', credentialHeader);
      if (issues.length === 0) return t.success(u as Readonly<Record<string, string>>);
      // The path is rebuilt from the context: a header name becomes a key below `headers`.
      return t.failures(
        issues.map((issue) => ({
          value: undefined,
          context: issue.path === '' ? c : [...c, { key: issue.path.slice(1), type: t.string, actual: undefined }],
          message: issue.message,
        })),
      );
    },
    (a) => a,
  );

/** A User-Agent product to put first: something, all of it a header may hold. */
const UserAgentC = t.refinement(t.string, (s) => s.trim() !== '' && isHeaderValue(s), 'a non-empty header value (visible ASCII, spaces and tabs)');

const RetryOptionsC = strict(t.partial({ retries: RetriesC, baseMs: WaitMsC, capMs: WaitMsC, maxRetryAfterMs: WaitMsC }), 'RetryOptions');
const LimiterOptionsC = strict(t.partial({ maxConcurrent: PositiveCountC, maxPerInterval: PositiveCountC, intervalMs: TimeoutMsC }), 'LimiterOptions');
// `false`, or the options: a union would also report "expected false" beside the real problem.
const LimiterOrFalseC = new t.Type<t.TypeOf<typeof LimiterOptionsC> | false, unknown, unknown>(
  'false or LimiterOptions',
  (u): u is t.TypeOf<typeof LimiterOptionsC> | false => u === false || LimiterOptionsC.is(u),
  (u, c) => (u === false ? t.success(false) : LimiterOptionsC.validate(u, c)),
  (a) => a,
);
const HooksC = strict(t.partial({ onRequest: fn, onResponse: fn, onRetry: fn, onError: fn }), 'TransportHooks');

/** The transport options of every adapter factory; unknown keys (typos) are refused. */
export const transportOptionsCodec = (credentialHeader?: string) =>
  strict(
    t.partial({
      timeoutMs: TimeoutMsC,
      retry: RetryOptionsC,
      limiter: LimiterOrFalseC,
      hooks: HooksC,
      clock: withFunctions('a Clock (now, sleep, setTimer)', ['now', 'sleep', 'setTimer']),
      random: fn,
      maxResponseBytes: ByteCountC,
      axios: withFunctions('an axios instance', ['request']),
      headers: headersCodec(credentialHeader),
      allowInsecureHttp: t.boolean,
      userAgent: UserAgentC,
    }),
    'TransportOptions',
  );

const AbortSignalC = new t.Type<AbortSignal, AbortSignal, unknown>(
  'an AbortSignal',
  (u): u is AbortSignal => isAbortSignal(u),
  (u, c) => (isAbortSignal(u) ? t.success(u) : t.failure(u, c)),
  (a) => a,
);

function isAbortSignal(value: unknown): value is AbortSignal {
  if (typeof AbortSignal !== 'undefined' && value instanceof AbortSignal) return true;
  const candidate = value as Partial<AbortSignal> | null;
  return typeof candidate === 'object' && candidate !== null && typeof candidate.addEventListener === 'function' && typeof candidate.aborted === 'boolean';
}

/** The options every operation takes. Other keys are left to the operation (delete's vendor options). */
export const callOptionsCodec = (credentialHeader?: string) =>
  t.partial({ signal: AbortSignalC, timeoutMs: TimeoutMsC, headers: headersCodec(credentialHeader) }, 'CallOptions');

/** Decodes `value`, giving the issues with `prefix` before each path (`options.timeoutMs`). */
export function optionIssues<A>(codec: t.Decoder<unknown, A>, value: unknown, prefix: string): E.Either<FieldIssue[], A> {
  return E.mapLeft((issues: FieldIssue[]) =>
    issues.map((i) => ({ ...i, path: prefix === '' ? i.path : i.path === '(root)' ? prefix : `${prefix}.${i.path}` })),
  )(decodeIssues(codec, value));
}
