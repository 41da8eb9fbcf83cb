import * as t from 'io-ts';
import * as E from 'fp-ts/Either';
import {
  type ErrorContext,
  type ListOrder,
  type ListOrderBy,
  type ListQuery,
  type Page,
  Secret,
  type Token,
  type TokenError,
  TokenStatusC,
  type ValidCreateInput,
  type ValidPatch,
  decodeCursor,
  encodeCursor,
  filterTokens,
} from '@tokenbridge/core';
import { KODEXA_MAX_PAGE_SIZE } from './capabilities';
import type { KodexaAccessToken, KodexaAccessTokenC, KodexaPage, KodexaUser } from './codecs';
import type { KodexaCreateExtra, KodexaExtra, KodexaPatchExtra, KodexaUserSummary } from './types';

/**
 * Pure mapping between Kodexa's wire format and the neutral model: tokens,
 * create and PUT bodies, list queries and cursors. No I/O.
 */

/** The provider id. */
export const KODEXA = 'kodexa';

/**
 * Fields that may carry the token value, in the order they are tried: the
 * legacy schema's `token`, then names the notes list defensively.
 */
export const SECRET_FIELDS = ['token', 'apiKey', 'key', 'secret'] as const;

/** A decoded AccessToken with its secret-bearing fields removed. */
export function withoutSecrets(payload: KodexaAccessToken): KodexaAccessToken {
  const rest: Record<string, unknown> = { ...payload };
  for (const field of SECRET_FIELDS) delete rest[field];
  return rest as KodexaAccessToken;
}

/** The token value of a create answer: the first non-blank string among {@link SECRET_FIELDS}, if any. */
export function secretOf(payload: KodexaAccessToken): Secret | undefined {
  const fields = payload as Record<string, unknown>;
  for (const field of SECRET_FIELDS) {
    const value = fields[field];
    if (typeof value === 'string' && value.trim() !== '') return new Secret(value);
  }
  return undefined;
}

/** `expired` once `expiresAt` has passed, else `active` (Kodexa has no enabled/disabled flag). */
export function statusOf(expiresAt: Date | null, now: number): 'active' | 'expired' {
  return expiresAt !== null && expiresAt.getTime() <= now ? 'expired' : 'active';
}

function dateOf(value: string | null | undefined): Date | null {
  return value === null || value === undefined ? null : new Date(value);
}

/** The neutral summary of an embedded user: its id and whichever identifying fields are present. */
export function userSummary(user: KodexaUser): KodexaUserSummary {
  return {
    id: user.id,
    ...(typeof user.email === 'string' ? { email: user.email } : {}),
    ...(typeof user.firstName === 'string' ? { firstName: user.firstName } : {}),
    ...(typeof user.lastName === 'string' ? { lastName: user.lastName } : {}),
    ...(typeof user.userType === 'string' ? { userType: user.userType } : {}),
    ...(typeof user.active === 'boolean' ? { active: user.active } : {}),
  };
}

/** The neutral `extra` of a token. */
export function extraOf(payload: KodexaAccessToken): KodexaExtra {
  const user = payload.user ?? null;
  return {
    userId: payload.userId ?? user?.id ?? null,
    user: user === null ? null : userSummary(user),
    uuid: payload.uuid ?? null,
  };
}

/** `Token.version`: the `changeSequence` as a string, or null when the server sent none. */
export function versionOf(payload: KodexaAccessToken): string | null {
  return typeof payload.changeSequence === 'number' ? String(payload.changeSequence) : null;
}

/**
 * The neutral token of a decoded AccessToken. `secret` is set only when
 * given (the create answer); secret-bearing fields never reach `raw`.
 */
export function toToken(payload: KodexaAccessToken, now: number, secret?: Secret): Token<KodexaExtra> {
  const expiresAt = dateOf(payload.expiresAt);
  return {
    provider: KODEXA,
    id: payload.id,
    name: payload.name ?? '',
    description: null,
    status: statusOf(expiresAt, now),
    createdAt: dateOf(payload.createdOn),
    updatedAt: dateOf(payload.updatedOn),
    expiresAt,
    lastUsedAt: null,
    version: versionOf(payload),
    ...(secret !== undefined ? { secret } : {}),
    extra: extraOf(payload),
    raw: withoutSecrets(payload),
  };
}

/** The body of `POST /api/access-tokens`: only what the caller sets; the server assigns the rest (and the owner). */
export function createBody(input: ValidCreateInput<KodexaCreateExtra>): { name: string; expiresAt?: string | null } {
  return {
    name: input.name,
    ...(input.expiresAt !== undefined ? { expiresAt: input.expiresAt === null ? null : input.expiresAt.toISOString() } : {}),
  };
}

/** The body of a PUT: the whole AccessToken as the server holds it. */
export type PutBody = t.OutputOf<typeof KodexaAccessTokenC>;

function sameInstant(a: string | null | undefined, b: string | null | undefined): boolean {
  const x = dateOf(a);
  const y = dateOf(b);
  return x === null || y === null ? x === y : x.getTime() === y.getTime();
}

/**
 * The PUT body applying `patch` to `current`, or `undefined` when the patch
 * changes nothing. Everything else is sent back exactly as read — `id`,
 * `uuid`, `userId`, the dates, `changeSequence`, the embedded `user` and
 * fields the adapter does not know — because the PUT replaces the whole
 * object: what it leaves out, a server may clear.
 */
export function putBody(current: KodexaAccessToken, patch: ValidPatch<KodexaPatchExtra>): PutBody | undefined {
  const nameChanges = patch.name !== undefined && patch.name !== current.name;
  const expiry = patch.expiresAt === undefined ? undefined : patch.expiresAt === null ? null : patch.expiresAt.toISOString();
  const expiryChanges = expiry !== undefined && !sameInstant(expiry, current.expiresAt);
  if (!nameChanges && !expiryChanges) return undefined;
  return {
    ...current,
    ...(nameChanges ? { name: patch.name } : {}),
    ...(expiryChanges ? { expiresAt: expiry } : {}),
  };
}

/** Whether `fresh` holds exactly the writable fields `sent` carried (a PUT whose answer was lost may have landed). */
export function holdsWritable(fresh: KodexaAccessToken, sent: PutBody): boolean {
  return fresh.name === sent.name && sameInstant(fresh.expiresAt, sent.expiresAt);
}

/** The paging state of a list: what a cursor carries. */
export interface ListState {
  /**
   * What the server's first `page` is, once learned from its answer
   * (absent before the first page: the adapter asks for page 1 and reads the envelope).
   */
  readonly base?: PageBase;
  /** The `page` parameter of the server page to fetch. */
  readonly page: number;
  readonly pageSize: number;
  /** The `sort` parameter. */
  readonly sort: string;
  /** The `filter` parameter, when there is one. */
  readonly filter?: string;
  /** Re-checked on the client: the server filter is a superset when the needle holds a wildcard. */
  readonly nameContains?: string;
  /** Applied on the client (status is derived from `expiresAt`). */
  readonly status?: ListQuery['status'];
}

/** The `page` of the first page: the vendor's pages disagree (open question 3). */
export type PageBase = 0 | 1;

const PageNumberC = t.refinement(t.Int, (n) => n >= 0, 'PageNumber');
const PageSizeC = t.refinement(t.Int, (n) => n >= 1 && n <= KODEXA_MAX_PAGE_SIZE, 'PageSize');

// A cursor always carries the base the first page taught.
const ListStateC = t.intersection([
  t.type({ base: t.union([t.literal(0), t.literal(1)]), page: PageNumberC, pageSize: PageSizeC, sort: t.string }),
  t.partial({ filter: t.string, nameContains: t.string, status: TokenStatusC }),
]);

const SORT_FIELDS: Readonly<Record<ListOrderBy, string>> = { name: 'name', createdAt: 'createdOn' };

/**
 * The `sort` parameter: one `field:direction` key, the only form the
 * vendor's examples show. Without `orderBy` the key is the unique `id`, so
 * pages are stable; a tie on `name` or `createdOn` across a page boundary is
 * left to `listAll`, which skips an id it already yielded.
 */
export function sortParam(orderBy: ListOrderBy | undefined, order: ListOrder = 'asc'): string {
  return `${orderBy === undefined ? 'id' : SORT_FIELDS[orderBy]}:${order}`;
}

/**
 * The SpringFilter of a name substring: `name~'*needle*'` (`~` is a
 * case-insensitive like). Quotes and backslashes are escaped; SpringFilter
 * has no escape for its `*` wildcard (and a SQL backend may treat `%` and
 * `_` as wildcards too), so such a needle matches a superset, which the
 * client narrows.
 */
export function nameFilter(needle: string): string {
  return `name~'*${needle.replace(/[\\']/g, (c) => `\\${c}`)}*'`;
}

/** The paging state of a list call: from the cursor when there is one, else from the query (base not yet known, page 1). */
export function listState(ctx: ErrorContext, query: ListQuery): E.Either<TokenError, ListState> {
  if (query.cursor !== undefined) return decodeCursor(ctx, ListStateC, query.cursor);
  const needle = query.nameContains ?? '';
  return E.right({
    page: 1,
    pageSize: query.pageSize ?? KODEXA_MAX_PAGE_SIZE,
    sort: sortParam(query.orderBy, query.order),
    ...(needle !== '' ? { filter: nameFilter(needle), nameContains: needle } : {}),
    ...(query.status !== undefined ? { status: query.status } : {}),
  });
}

/** The query string of `GET /api/access-tokens` for a paging state. */
export function listParams(state: ListState): Readonly<Record<string, string | number | undefined>> {
  return { page: state.page, pageSize: state.pageSize, sort: state.sort, filter: state.filter };
}

/**
 * Whether a server page is the first one, by what its envelope says: `first`,
 * else `pageable.offset`, else a `number` of 0 (the 0-based index Spring
 * writes) or an empty page of a non-empty list; `undefined` when the envelope
 * cannot tell (a `number` of 1 is the second page of a 0-based server, or the
 * first of one that echoes a 1-based page).
 */
export function isFirstPage(page: KodexaPage): boolean | undefined {
  if (typeof page.first === 'boolean') return page.first;
  const offset = page.pageable?.offset;
  if (typeof offset === 'number') return offset === 0;
  if (page.number === 0) return true;
  if (page.content.length === 0 && typeof page.totalElements === 'number' && page.totalElements > 0) return false;
  return undefined;
}

/** Whether two server pages hold the same tokens, in the same order. */
export function samePageContent(a: KodexaPage, b: KodexaPage): boolean {
  return a.content.length === b.content.length && a.content.every((token, i) => token.id === b.content[i]?.id);
}

/**
 * Whether the server has more after this page. The list ends on an empty
 * `content`, on `last`, or once `totalElements` items have been passed
 * (counted from the page's position above the learned base).
 */
export function hasMore(state: ListState & { readonly base: PageBase }, page: KodexaPage): boolean {
  if (page.content.length === 0 || page.last === true) return false;
  if (typeof page.totalElements === 'number') {
    const size = typeof page.size === 'number' && page.size > 0 ? page.size : state.pageSize;
    return (state.page - state.base) * size + page.content.length < page.totalElements;
  }
  return true;
}

/**
 * One neutral page of a server page: tokens mapped, narrowed on the client
 * by name (a wildcard needle) and status, with the cursor of the next server
 * page. A narrowed page may hold fewer items than `pageSize`, even none, and
 * still have a next cursor.
 */
export function toPage(state: ListState & { readonly base: PageBase }, page: KodexaPage, now: number): Page<Token<KodexaExtra>> {
  const items = filterTokens(
    page.content.map((payload) => toToken(payload, now)),
    state,
  );
  return { items, nextCursor: hasMore(state, page) ? encodeCursor({ ...state, page: state.page + 1 }) : null };
}

/** Whether a status filter can match at all: Kodexa tokens are only ever `active` or `expired`. */
export function statusCanMatch(status: ListQuery['status']): boolean {
  return status === undefined || status === 'active' || status === 'expired';
}
