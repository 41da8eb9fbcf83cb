import * as E from 'fp-ts/Either';
import type { TaskEither } from 'fp-ts/TaskEither';
import { type ErrorContext, type TokenError, TokenErrors } from '../errors';
import { unexpectedError } from '../guard';
import type { CallOptions } from '../model';
import { validateCallOptions } from '../validation';
import { type ErrorSources, classifyAnswer, classifyFailure, networkError } from './classify';
import type { Clock } from './clock';
import type { TransportEvent } from './events';
import { lowerKeys } from './headers';
import { mayHaveActed, withOutcomeUnknown } from './outcome';
import type { Pacing } from './pacing';
import type { HttpResult, RequestSpec } from './request';
import { decodeBody, normalizeHeaders, parseJson } from './response';
import { decideRetry } from './retry-decision';
import { type RetryOptions, isIdempotentByDefault } from './retry-policy';
import type { Wire } from './send';
import type { OperationContext } from './transport';
import { buildUrl, redirectTarget } from './url';

/**
 * The life cycle of an operation: its deadline and cancellation, then each
 * logical request's attempts (pacing, sending, classifying, the retry
 * decision) with their events, and the outcome of a write that may have
 * been acted on.
 */

/** What operations run on. */
export interface OperationSetup {
  /** The transport's credential header, which call options may not set. */
  readonly credentialHeader: string;
  /** What request URLs start with (see `urlPrefix`). */
  readonly urlPrefix: string;
  readonly defaultTimeoutMs: number;
  readonly maxResponseBytes: number;
  readonly retry: RetryOptions;
  readonly clock: Clock;
  readonly random: () => number;
  readonly pacing: Pacing;
  readonly wire: Wire;
  readonly sources: ErrorSources;
  /** Emits an event to the user's hooks (scrubbed). */
  readonly emit: (event: TransportEvent) => void;
}

/** The operations of one transport. */
export interface Operations {
  /** Runs one operation under one deadline; never rejects. */
  run<R>(ctx: ErrorContext, options: CallOptions | undefined, body: (op: OperationContext) => TaskEither<TokenError, R>): Promise<E.Either<TokenError, R>>;
  /** Cancels what is in flight; later operations fail with `Cancelled`. */
  close(): void;
}

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

/** Sets up the operations of one transport. */
export function createOperations(setup: OperationSetup): Operations {
  const { clock, pacing, wire, emit, retry } = setup;
  const active = new Set<OperationState>();
  let closed = false;

  function abortedError(state: OperationState): TokenError {
    if (state.cause === 'deadline') return TokenErrors.timeout(state.ctx, state.timeoutMs);
    if (state.cause === 'closed') return TokenErrors.cancelled(state.ctx, 'the provider was closed');
    return TokenErrors.cancelled(state.ctx, 'cancelled by the caller');
  }

  async function run<R>(
    ctx: ErrorContext,
    callOptions: CallOptions | undefined,
    body: (op: OperationContext) => TaskEither<TokenError, R>,
  ): Promise<E.Either<TokenError, R>> {
    const checked = validateCallOptions(ctx, callOptions, setup.credentialHeader);
    if (E.isLeft(checked)) return checked;
    if (closed) return E.left(TokenErrors.cancelled(ctx, 'the provider was closed'));
    if (callOptions?.signal?.aborted) return E.left(TokenErrors.cancelled(ctx));
    const timeoutMs = callOptions?.timeoutMs ?? setup.defaultTimeoutMs;
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
      request: (spec: RequestSpec<unknown>) => () => request(state, spec),
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

  /** One logical request: its attempts until an answer, a final error, or the retry budget runs out. */
  async function request<A>(state: OperationState, spec: RequestSpec<A>): Promise<E.Either<TokenError, HttpResult<A>>> {
    const idempotent = spec.idempotent ?? isIdempotentByDefault(spec.method);
    const url = buildUrl(setup.urlPrefix, spec.path, spec.params, spec.query);
    const headers: Record<string, string> = { ...state.callHeaders };
    let data: string | undefined;
    if (spec.body !== undefined) {
      data = JSON.stringify(spec.body);
      headers['content-type'] = spec.contentType ?? 'application/json';
    }
    const event = { provider: state.ctx.provider, operation: state.ctx.operation, method: spec.method, path: spec.path };
    // Whether a write that is not idempotent may have been acted on: the one rule of outcome.ts decides what its failure says.
    let inDoubt = false;
    // Whether an earlier attempt may have been acted on (its answer lost or a 5xx), for any method.
    let earlierMayHaveActed = false;
    const fail = (error: TokenError): E.Either<TokenError, never> => E.left(!idempotent && inDoubt ? withOutcomeUnknown(error) : error);

    for (let attempt = 1; ; attempt++) {
      const acquired = await pacing.slot(state.ctx, state.controller.signal, state.deadlineAt, () => abortedError(state));
      if (E.isLeft(acquired)) return fail(acquired.left);
      if (!idempotent) inDoubt = state.writeMayHaveActed = true;
      const started = clock.now();
      emit({ type: 'request', ...event, attempt });
      const result = await wire.send({ method: spec.method, url, headers, data, signal: state.controller.signal }).finally(acquired.right);
      const durationMs = clock.now() - started;

      let error: TokenError;
      let waitMs: number | undefined;
      let vendorRetryable: boolean | undefined;
      if ('failure' in result) {
        if (state.controller.signal.aborted) return fail(abortedError(state));
        const failed = classifyFailure(result.failure);
        error = failed.tooLarge ? TokenErrors.decode(state.ctx, `the answer was larger than ${setup.maxResponseBytes} bytes`) : networkError(state.ctx, failed);
      } else {
        const { response } = result;
        const responseHeaders = normalizeHeaders(response.headers);
        const status = response.status;
        const text = typeof response.data === 'string' ? response.data : '';
        pacing.observe(responseHeaders);
        if (status >= 200 && status < 300) {
          const requestId = setup.sources.requestIdHeader ? responseHeaders[setup.sources.requestIdHeader.toLowerCase()] : undefined;
          emit({ type: 'response', ...event, attempt, status, durationMs, ...(requestId ? { requestId } : {}) });
          const decoded = decodeBody(state.ctx, spec.response, status, text, requestId);
          if (E.isLeft(decoded)) {
            emit({ type: 'error', ...event, attempt, tag: 'Decode', durationMs, status });
            return fail(decoded.left);
          }
          return E.right({ status, data: decoded.right, headers: responseHeaders });
        }
        if (status === 404 && spec.method === 'DELETE' && earlierMayHaveActed && spec.response === 'ignore') {
          // An earlier attempt whose answer we lost has already deleted it.
          emit({ type: 'response', ...event, attempt, status, durationMs });
          return E.right({ status, data: undefined as A, headers: responseHeaders });
        }
        const location = status >= 300 && status < 400 ? redirectTarget(new URL(url), responseHeaders) : undefined;
        const answer = { status, headers: responseHeaders, text, parsed: parseJson(text), ...(location ? { location } : {}) };
        const classified = classifyAnswer(state.ctx, setup.sources, clock.now(), answer);
        error = classified.error;
        waitMs = classified.waitMs;
        vendorRetryable = classified.info.retryable;
        emit({
          type: 'response',
          ...event,
          attempt,
          status,
          durationMs,
          ...(error.requestId ? { requestId: error.requestId } : {}),
          ...(error.vendorCode ? { vendorCode: error.vendorCode } : {}),
        });
      }
      if (!idempotent) inDoubt = state.writeMayHaveActed = mayHaveActed(error);
      earlierMayHaveActed ||= mayHaveActed(error);

      const decision = decideRetry(
        { attempt, idempotent, error, ...(vendorRetryable !== undefined ? { vendorRetryable } : {}), ...(waitMs !== undefined ? { waitMs } : {}) },
        { retry, random: setup.random, nowMs: clock.now(), deadlineAt: state.deadlineAt },
      );
      if (decision.pauseMs !== undefined) pacing.pause(decision.pauseMs);
      if (!decision.retry) {
        const final = decision.error;
        emit({
          type: 'error',
          ...event,
          attempt,
          tag: final._tag,
          durationMs,
          ...(final.status !== undefined ? { status: final.status } : {}),
          ...(final.requestId ? { requestId: final.requestId } : {}),
          ...(final.vendorCode ? { vendorCode: final.vendorCode } : {}),
        });
        return fail(final);
      }
      emit({ type: 'retry', ...event, attempt, delayMs: decision.delayMs, reason: decision.reason });
      try {
        await clock.sleep(decision.delayMs, state.controller.signal);
      } catch {
        return fail(abortedError(state));
      }
    }
  }

  return {
    run,
    close() {
      closed = true;
      for (const state of active) {
        state.cause ??= 'closed';
        state.controller.abort();
      }
    },
  };
}
