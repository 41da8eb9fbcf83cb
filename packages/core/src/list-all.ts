import * as E from 'fp-ts/Either';
import type { TaskEither } from 'fp-ts/TaskEither';
import { TokenBridgeError, type TokenError } from './errors';
import { unexpectedError } from './guard';
import type { CallOptions, ListQuery, Page } from './model';

/** Anything with a paged `list`, such as a {@link TokenProvider}. */
export interface Listable<T> {
  list(query?: ListQuery, options?: CallOptions): TaskEither<TokenError, Page<T>>;
}

/** The `id` of an item that has a string one. */
function idOf(item: unknown): string | undefined {
  const id = typeof item === 'object' && item !== null ? (item as { id?: unknown }).id : undefined;
  return typeof id === 'string' ? id : undefined;
}

/**
 * Streams every item of every page. Memory holds at most the page being
 * yielded and the next one, which is fetched while the caller works through
 * the current one, plus the ids yielded so far (ids only, never the tokens:
 * a few megabytes for 100,000 tokens). Breaking out of the loop cancels that
 * fetch. A failed page throws a {@link TokenBridgeError}.
 *
 * An item whose `id` was already yielded in this listing is skipped: where a
 * vendor pages by offset and the sort key ties (or a token is created
 * meanwhile), an item can slide across a page boundary and come back on a
 * later page. It cannot bring back one that slid the other way: offset paging
 * over a changing list may still miss it.
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
    const yielded = new Set<string>();
    for (;;) {
      const result = await pending;
      if (E.isLeft(result)) throw new TokenBridgeError(result.left);
      const { items, nextCursor } = result.right;
      if (nextCursor !== null) pending = fetchPage(nextCursor);
      for (const item of items) {
        const id = idOf(item);
        if (id !== undefined) {
          if (yielded.has(id)) continue;
          yielded.add(id);
        }
        yield item;
      }
      if (nextCursor === null) return;
    }
  } finally {
    options.signal?.removeEventListener('abort', onAbort);
    controller.abort();
  }
}
