import type { AxiosInstance } from 'axios';
import * as E from 'fp-ts/Either';
import type { TaskEither } from 'fp-ts/TaskEither';
import type { Capabilities } from './capabilities';
import { type ErrorContext, type OperationName, TokenBridgeError, type TokenError } from './errors';
import { unexpectedError } from './guard';
import { listAll } from './list-all';
import type { CallOptions, CreateTokenInput, ListQuery, Page, ProviderId, ProviderTypes, Token, TokenPatch } from './model';
import type { DeleteOptions, TokenProvider } from './provider';

/**
 * Runs a `TaskEither`, returning its value or throwing a {@link TokenBridgeError}
 * — only ever that: should `task` reject (a provider written elsewhere may),
 * the rejection becomes a typed error of `ctx`.
 */
export async function runOrThrow<A>(task: TaskEither<TokenError, A>, ctx: ErrorContext = { provider: 'tokenbridge', operation: 'http' }): Promise<A> {
  let result: E.Either<TokenError, A>;
  try {
    result = await task();
  } catch (thrown) {
    throw new TokenBridgeError(unexpectedError(ctx, thrown));
  }
  if (E.isLeft(result)) throw new TokenBridgeError(result.left);
  return result.right;
}

/** The Promise form of a {@link TokenProvider}: the same operations, throwing {@link TokenBridgeError}. */
export interface PromiseTokenProvider<S extends ProviderTypes> {
  readonly specificationVersion: 'v1';
  readonly provider: ProviderId;
  readonly capabilities: Capabilities;
  create(input: CreateTokenInput<S['createExtra']>, options?: CallOptions): Promise<Token<S['extra']>>;
  get(id: string, options?: CallOptions): Promise<Token<S['extra']>>;
  update(target: string | Token<S['extra']>, patch: TokenPatch<S['patchExtra']>, options?: CallOptions): Promise<Token<S['extra']>>;
  delete(target: string | Token<S['extra']>, options?: DeleteOptions<S>): Promise<void>;
  regenerate(target: string | Token<S['extra']>, options?: CallOptions): Promise<Token<S['extra']>>;
  list(query?: ListQuery, options?: CallOptions): Promise<Page<Token<S['extra']>>>;
  /** Every token of every page, streamed (see {@link listAll}). */
  listAll(query?: ListQuery, options?: CallOptions): AsyncGenerator<Token<S['extra']>, void, undefined>;
  http(): AxiosInstance;
  close(): Promise<void>;
  /** The fp-ts provider underneath. */
  readonly fp: TokenProvider<S>;
}

/**
 * Wraps a provider in async methods that throw {@link TokenBridgeError}.
 *
 * @example
 * const dato = toPromise(datocms({ apiToken }));
 * try { await dato.get('312'); } catch (e) { if (TokenBridgeError.isInstance(e) && e.tag === 'NotFound') ... }
 */
export function toPromise<S extends ProviderTypes>(provider: TokenProvider<S>): PromiseTokenProvider<S> {
  // A provider written elsewhere may throw instead of returning a TaskEither: that too becomes a TokenBridgeError.
  const call = <A>(operation: OperationName, make: () => TaskEither<TokenError, A>): Promise<A> =>
    runOrThrow(() => make()(), { provider: provider.provider, operation });
  return {
    specificationVersion: provider.specificationVersion,
    provider: provider.provider,
    capabilities: provider.capabilities,
    create: (input, options) => call('create', () => provider.create(input, options)),
    get: (id, options) => call('get', () => provider.get(id, options)),
    update: (target, patch, options) => call('update', () => provider.update(target, patch, options)),
    delete: (target, options) => call('delete', () => provider.delete(target, options)),
    regenerate: (target, options) => call('regenerate', () => provider.regenerate(target, options)),
    list: (query, options) => call('list', () => provider.list(query, options)),
    listAll: (query, options) => listAll(provider, query, options),
    http: () => provider.http(),
    close: () => provider.close(),
    fp: provider,
  };
}
