import * as t from 'io-ts';
import * as E from 'fp-ts/Either';
import * as TE from 'fp-ts/TaskEither';
import { pipe } from 'fp-ts/function';
import { type Capabilities, TOKEN_OPERATIONS, supports, type TokenOperation } from './capabilities';
import { decodeIssues, summarizeIssues } from './codecs';
import { type ErrorContext, type TokenError, TokenErrors } from './errors';
import { neverRejects, unexpectedError } from './guard';
import { KeyedQueue } from './keyed-queue';
import type { CallOptions, ListQuery, Page, ProviderTypes, Token } from './model';
import type { DeleteOptions, RotationSupport, TokenProvider } from './provider';
import type { OperationContext, Transport } from './transport/transport';
import {
  type Target,
  type ValidCreateInput,
  type ValidPatch,
  validateCallOptions,
  validateCreateInput,
  validateId,
  validateListQuery,
  validatePatch,
  validateTarget,
} from './validation';

type TE<A> = TE.TaskEither<TokenError, A>;

/** The vendor-specific work of each operation, given input that already passed every pre-flight check. */
export interface AdapterOperations<S extends ProviderTypes> {
  create?(input: ValidCreateInput<S['createExtra']>, op: OperationContext): TE<Token<S['extra']>>;
  get?(id: string, op: OperationContext): TE<Token<S['extra']>>;
  update?(target: Target<S['extra']>, patch: ValidPatch<S['patchExtra']>, op: OperationContext): TE<Token<S['extra']>>;
  delete?(target: Target<S['extra']>, options: Partial<S['deleteOptions']>, op: OperationContext): TE<void>;
  regenerate?(target: Target<S['extra']>, op: OperationContext): TE<Token<S['extra']>>;
  list?(query: ListQuery, op: OperationContext): TE<Page<Token<S['extra']>>>;
}

/** Everything {@link defineProvider} needs to build a {@link TokenProvider}. */
export interface ProviderDefinition<S extends ProviderTypes> {
  readonly transport: Transport;
  readonly capabilities: Capabilities;
  /** Strict codecs of the provider's `extra` on create and update, and of its own delete options. */
  readonly codecs: {
    readonly createExtra: t.Decoder<unknown, S['createExtra']>;
    readonly patchExtra: t.Decoder<unknown, S['patchExtra']>;
    readonly deleteOptions: t.Decoder<unknown, Partial<S['deleteOptions']>>;
  };
  /** The current time, for checks such as "expiry in the past" (the transport's clock). */
  readonly now: () => number;
  readonly operations: AdapterOperations<S>;
  readonly rotation?: RotationSupport<S>;
  readonly usageOf?: TokenProvider<S>['usageOf'];
}

const CALL_OPTION_KEYS = new Set(['signal', 'timeoutMs', 'headers']);

/**
 * Builds a {@link TokenProvider} from an adapter's operations. Every call is
 * checked first — capabilities, ids, input shape — so an unsupported or
 * invalid call fails before any request; then it runs under the transport's
 * per-operation deadline. Whatever happens, the `TaskEither` never rejects and
 * its error holds no known secret.
 *
 * Where updates read before they write (update style `replace`), updates of
 * one token id through this provider run one at a time, so concurrent
 * read-modify-writes in one process do not undo each other.
 */
export function defineProvider<S extends ProviderTypes>(definition: ProviderDefinition<S>): TokenProvider<S> {
  const { transport, capabilities, codecs, operations, now } = definition;
  const provider = transport.provider;
  for (const operation of TOKEN_OPERATIONS) {
    if (supports(capabilities, operation) !== (operations[operation] !== undefined)) {
      throw new Error(`${provider}: capabilities and operations disagree on ${operation}`);
    }
  }
  const ctx = (operation: TokenOperation): ErrorContext => ({ provider, operation });
  const updates = new KeyedQueue();

  /** `options` and `check` run lazily, inside the guard: a hostile input (a throwing getter, a proxy) is a Validation error, not a throw. */
  function run<A, R>(
    operation: TokenOperation,
    options: () => CallOptions | undefined,
    check: () => E.Either<TokenError, A>,
    body: (valid: A, op: OperationContext) => TE<R>,
  ): TE<R> {
    const checked = neverRejects(async () => check(), (thrown) => unexpectedError(ctx(operation), thrown, 'Validation'));
    const task = neverRejects(async () => {
      if (!supports(capabilities, operation)) return E.left(TokenErrors.unsupported(ctx(operation), operation));
      const valid = await checked();
      if (E.isLeft(valid)) return valid;
      const result = await transport.run(operation, options(), (op) => body(valid.right, op))();
      if (E.isRight(result)) rememberSecrets(result.right);
      return result;
    }, (thrown) => unexpectedError(ctx(operation), thrown));
    // The one place errors leave the provider: pre-flight ones too are scrubbed.
    return async () => E.mapLeft((error: TokenError) => transport.redact(error))(await task());
  }

  // Token values the vendor returned are scrubbed from any later error text that echoes them.
  function rememberSecrets(result: unknown): void {
    const tokens = (result as Partial<Page<Token<unknown>>> | undefined)?.items ?? [result as Partial<Token<unknown>> | undefined];
    for (const token of tokens) if (token?.secret) transport.rememberSecret(token.secret);
  }

  /** A read-modify-write update waits for the one before it on the same token (within the operation's deadline). */
  function exclusive<R>(id: string, op: OperationContext, body: () => TE<R>): TE<R> {
    if (capabilities.update.style !== 'replace') return body();
    return () =>
      updates.run(id, op.signal, () => body()()).catch((reason: unknown) => {
        // Aborted while waiting: the transport reports it as the Timeout or Cancelled it is.
        if (op.signal.aborted) return E.left(TokenErrors.cancelled(op, 'stopped while waiting for an earlier update of this token'));
        throw reason;
      });
  }

  const ops = operations as Required<AdapterOperations<S>>;
  return {
    specificationVersion: 'v1',
    provider,
    capabilities,
    create: (input, options) =>
      run('create', () => options, () => validateCreateInput(ctx('create'), capabilities, codecs.createExtra, input, now()), (valid, op) =>
        ops.create(valid, op),
      ),
    get: (id, options) => run('get', () => options, () => validateId(ctx('get'), id), (valid, op) => ops.get(valid, op)),
    update: (target, patch, options) =>
      run(
        'update',
        () => options,
        () =>
          pipe(
            validateTarget<S['extra']>(ctx('update'), provider, target),
            E.chain((valid) =>
              pipe(
                validatePatch(ctx('update'), capabilities, codecs.patchExtra, patch, now()),
                E.map((p) => [valid, p] as const),
              ),
            ),
          ),
        ([valid, p], op) => exclusive(valid.id, op, () => ops.update(valid, p, op)),
      ),
    delete: (target, options) => {
      let split: ReturnType<typeof splitOptions<S>> | undefined;
      const parts = () => (split ??= splitOptions(options));
      return run(
        'delete',
        () => parts().callOptions,
        () => pipe(
          validateCallOptions(ctx('delete'), options),
          E.chain(() => validateTarget<S['extra']>(ctx('delete'), provider, target)),
          E.chainW((valid) =>
            pipe(
              decodeIssues(codecs.deleteOptions, parts().rest),
              E.mapLeft((issues) => TokenErrors.validation(ctx('delete'), `invalid delete options: ${summarizeIssues(issues)}`, issues)),
              E.map((o) => [valid, o] as const),
            ),
          ),
        ),
        ([valid, o], op) => ops.delete(valid, o, op),
      );
    },
    regenerate: (target, options) =>
      run('regenerate', () => options, () => validateTarget<S['extra']>(ctx('regenerate'), provider, target), (valid, op) => ops.regenerate(valid, op)),
    list: (query, options) => run('list', () => options, () => validateListQuery(ctx('list'), capabilities, query), (valid, op) => ops.list(valid, op)),
    inputChecks: {
      create: (input) =>
        E.mapLeft((error: TokenError) => transport.redact(error))(
          supports(capabilities, 'create') ? validateCreateInput(ctx('create'), capabilities, codecs.createExtra, input, now()) : E.left(TokenErrors.unsupported(ctx('create'), 'create')),
        ),
      update: (patch) =>
        E.mapLeft((error: TokenError) => transport.redact(error))(
          supports(capabilities, 'update') ? validatePatch(ctx('update'), capabilities, codecs.patchExtra, patch, now()) : E.left(TokenErrors.unsupported(ctx('update'), 'update')),
        ),
    },
    ...(definition.rotation ? { rotation: definition.rotation } : {}),
    ...(definition.usageOf ? { usageOf: definition.usageOf } : {}),
    http: () => transport.http(),
    close: () => transport.close(),
  };
}

function splitOptions<S extends ProviderTypes>(options: DeleteOptions<S> | undefined): { callOptions: CallOptions; rest: Record<string, unknown> } {
  const callOptions: Record<string, unknown> = {};
  const rest: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(options ?? {})) (CALL_OPTION_KEYS.has(key) ? callOptions : rest)[key] = value;
  return { callOptions: callOptions as CallOptions, rest };
}
