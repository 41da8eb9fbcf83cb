import * as t from 'io-ts';
import * as E from 'fp-ts/Either';
import { decodeCursor, encodeCursor } from './cursor';
import type { ErrorContext, TokenError } from './errors';
import type { ListQuery, Page, Token } from './model';

/**
 * Filtering, sorting and paging done on the client, for vendors that list
 * everything at once (DatoCMS) or cannot filter a field on the server.
 */

/** Case-insensitive literal substring test (no wildcards). */
export function containsIgnoreCase(haystack: string, needle: string): boolean {
  return haystack.toLocaleLowerCase('en').includes(needle.toLocaleLowerCase('en'));
}

/** Keeps the tokens matching the query's `nameContains` and `status`. */
export function filterTokens<X>(tokens: readonly Token<X>[], query: Pick<ListQuery, 'nameContains' | 'status'>): Token<X>[] {
  return tokens.filter(
    (token) =>
      (query.nameContains === undefined || containsIgnoreCase(token.name, query.nameContains)) &&
      (query.status === undefined || token.status === query.status),
  );
}

/** Sorts by the query's `orderBy`/`order` (ties broken by id, so pages are stable); without `orderBy`, by id. */
export function sortTokens<X>(tokens: readonly Token<X>[], query: Pick<ListQuery, 'orderBy' | 'order'>): Token<X>[] {
  const direction = query.order === 'desc' ? -1 : 1;
  const key = (token: Token<X>): string | number =>
    query.orderBy === 'name' ? token.name.toLocaleLowerCase('en') : query.orderBy === 'createdAt' ? (token.createdAt?.getTime() ?? 0) : 0;
  return [...tokens].sort((a, b) => {
    const ka = key(a);
    const kb = key(b);
    if (ka < kb) return -direction;
    if (ka > kb) return direction;
    return compareIds(a.id, b.id) * direction;
  });
}

// Numeric ids ("312") sort as numbers, others as text.
function compareIds(a: string, b: string): number {
  if (/^\d+$/.test(a) && /^\d+$/.test(b)) return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
  return a < b ? -1 : a > b ? 1 : 0;
}

const integerFrom = (min: number, name: string) => t.refinement(t.number, (n) => Number.isInteger(n) && n >= min, name);

// Whole numbers only: a forged cursor's fractional offset or page size would otherwise reach the vendor's query.
const ClientCursorC = t.type({
  offset: integerFrom(0, 'Offset'),
  query: t.partial({
    nameContains: t.string,
    status: t.keyof({ active: null, disabled: null, expired: null, unknown: null }),
    orderBy: t.keyof({ name: null, createdAt: null }),
    order: t.keyof({ asc: null, desc: null }),
    pageSize: integerFrom(1, 'PageSize'),
  }),
});

/** Where a client-side list stands: the query in force and the offset of the page. */
export interface ClientListState {
  readonly offset: number;
  readonly query: Omit<ListQuery, 'cursor'>;
}

/**
 * The state a {@link ListQuery} asks for: from its cursor when it has one (a
 * cursor this code did not issue is `Validation`), else the first page of the
 * query. Check it before fetching, so a forged cursor sends nothing.
 */
export function clientListState(ctx: ErrorContext, query: ListQuery): E.Either<TokenError, ClientListState> {
  const { cursor, ...fromCaller } = query;
  return cursor === undefined ? E.right({ offset: 0, query: fromCaller }) : decodeCursor(ctx, ClientCursorC, cursor);
}

/**
 * Applies a whole {@link ListQuery} to every token the vendor returned. Without
 * `pageSize`, everything comes in one page. The cursor carries the query and
 * the offset, so each page re-reads the vendor's full list.
 */
export function clientPage<X>(ctx: ErrorContext, all: readonly Token<X>[], query: ListQuery): E.Either<TokenError, Page<Token<X>>> {
  const state = clientListState(ctx, query);
  if (E.isLeft(state)) return state;
  const { offset, query: effective } = state.right;
  const matching = sortTokens(filterTokens(all, effective), effective);
  const size = effective.pageSize ?? matching.length;
  const items = matching.slice(offset, offset + size);
  const next = offset + size;
  return E.right({ items, nextCursor: next < matching.length ? encodeCursor({ offset: next, query: effective }) : null });
}
