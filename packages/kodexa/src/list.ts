import * as E from 'fp-ts/Either';
import * as TE from 'fp-ts/TaskEither';
import type { ListQuery, OperationContext, Page, Token, TokenError } from '@tokenbridge/core';
import { type KodexaPage, KodexaPageC } from './codecs';
import { type ListState, type PageBase, isFirstPage, listParams, listState, samePageContent, statusCanMatch, toPage } from './mapping';
import type { KodexaExtra } from './types';

/**
 * The neutral `list` as Kodexa's Spring pages, correct whichever page base
 * the server counts from (the vendor's pages disagree: open question 3).
 */

/** The token collection path. */
export const COLLECTION_PATH = '/api/access-tokens';

function fetchPage(op: OperationContext, state: ListState): TE.TaskEither<TokenError, KodexaPage> {
  return TE.map(({ data }: { data: KodexaPage }) => data)(
    op.request({ method: 'GET', path: COLLECTION_PATH, query: listParams(state), response: KodexaPageC }),
  );
}

/**
 * One neutral page. A cursor carries the page base already learned. The
 * first call asks for `page=1` and reads the envelope before yielding
 * anything:
 *
 * - it is the first page: the server counts from 1, and this is it;
 * - it is not (`first: false`, an offset above 0...): the server counts from
 *   0 and page 1 was the second page, so page 0 is fetched and returned, and
 *   the cursor goes on with page 1;
 * - the envelope cannot tell: page 0 is fetched too; if it holds the same
 *   tokens, the server read 0 as its first page (as Spring's one-indexed
 *   paging does) and counts from 1; otherwise it counts from 0.
 *
 * A wrong guess therefore never skips or repeats a page; it costs one
 * request more on the first call.
 */
export function listTokens(op: OperationContext, query: ListQuery, now: () => number): TE.TaskEither<TokenError, Page<Token<KodexaExtra>>> {
  return async () => {
    const state = listState({ provider: op.provider, operation: op.operation }, query);
    if (E.isLeft(state)) return state;
    // Kodexa tokens are only ever active or expired: another status matches nothing, so nothing is fetched.
    if (!statusCanMatch(state.right.status)) return E.right({ items: [], nextCursor: null });
    const { base, ...rest } = state.right;
    const page = (learned: PageBase, number: number, server: KodexaPage): Page<Token<KodexaExtra>> =>
      toPage({ ...rest, base: learned, page: number }, server, now());

    if (base !== undefined) return E.map((server: KodexaPage) => page(base, rest.page, server))(await fetchPage(op, state.right)());
    const one = await fetchPage(op, { ...rest, page: 1 })();
    if (E.isLeft(one)) return one;
    const first = isFirstPage(one.right);
    if (first === true) return E.right(page(1, 1, one.right));
    const zero = await fetchPage(op, { ...rest, page: 0 })();
    if (E.isLeft(zero)) return zero;
    if (first === undefined && samePageContent(zero.right, one.right)) return E.right(page(1, 1, one.right));
    return E.right(page(0, 0, zero.right));
  };
}
