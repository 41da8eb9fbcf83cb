import * as E from 'fp-ts/Either';
import type { TaskEither } from 'fp-ts/TaskEither';
import { TokenBridgeError, type TokenError } from './errors';
import { unexpectedError } from './guard';
import type { CallOptions, ListQuery, Page } from './model';

/** Anything with a paged `list`, such as a {@link TokenProvider}. */
export interface Listable<T> {
  list(query?: ListQuery, options?: CallOptions): TaskEither<TokenError, Page<T>>;
}

/**
 * Streams every item of every page. Memory stays constant: at most the page
 * being yielded and the next one, which is fetched while the caller works
 * through the current one. Breaking out of the loop cancels that fetch. A
 * failed page throws a {@link TokenBridgeError}.
 *
 * @example
 * for await (const token of listAll(provider, { nameContains: 'ci' })) console.log(token.name);
 */
export async function* listAll<T>(source: Listable<T>, query: ListQuery = {}, options: CallOptions = {}): AsyncGenerator<T, void, undefined> {
  const controller = new AbortController();
  const onAbort = (): void => controller.abort();
  options.signal?.addEventListener('abort', onAbort, { once: true });
  if (options.signal?.aborted) controller.abort();
  const pageOptions: CallOptions = { ...options, signal: controller.signal };
  // Only TokenBridgeError is thrown: a source that rejects (one written elsewhere may) is a typed error too.
  const fetchPage = async (cursor: string | undefined): Promise<E.Either<TokenError, Page<T>>> => {
    try {
      return await source.list(cursor === undefined ? query : { ...query, cursor }, pageOptions)();
    } catch (thrown) {
      return E.left(unexpectedError({ provider: 'tokenbridge', operation: 'list' }, thrown));
    }
  };
  try {
    let pending = fetchPage(query.cursor);
    for (;;) {
      const result = await pending;
      if (E.isLeft(result)) throw new TokenBridgeError(result.left);
      const { items, nextCursor } = result.right;
      if (nextCursor !== null) pending = fetchPage(nextCursor);
      yield* items;
      if (nextCursor === null) return;
    }
  } finally {
    options.signal?.removeEventListener('abort', onAbort);
    controller.abort();
  }
}
