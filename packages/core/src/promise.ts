import type { AxiosInstance } from 'axios';
import * as E from 'fp-ts/Either';
import type { TaskEither } from 'fp-ts/TaskEither';
import type { Capabilities } from './capabilities';
import { TokenBridgeError, type TokenError } from './errors';
import { listAll } from './list-all';
import type { CallOptions, CreateTokenInput, ListQuery, Page, ProviderId, ProviderTypes, Token, TokenPatch } from './model';
import type { DeleteOptions, TokenProvider } from './provider';

/** Runs a `TaskEither`, returning its value or throwing a {@link TokenBridgeError}. */
export async function runOrThrow<A>(task: TaskEither<TokenError, A>): Promise<A> {
  const result = await task();
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
  return {
    specificationVersion: provider.specificationVersion,
    provider: provider.provider,
    capabilities: provider.capabilities,
    create: (input, options) => runOrThrow(provider.create(input, options)),
    get: (id, options) => runOrThrow(provider.get(id, options)),
    update: (target, patch, options) => runOrThrow(provider.update(target, patch, options)),
    delete: (target, options) => runOrThrow(provider.delete(target, options)),
    regenerate: (target, options) => runOrThrow(provider.regenerate(target, options)),
    list: (query, options) => runOrThrow(provider.list(query, options)),
    listAll: (query, options) => listAll(provider, query, options),
    http: () => provider.http(),
    close: () => provider.close(),
    fp: provider,
  };
}
