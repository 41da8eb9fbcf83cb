import * as t from 'io-ts';
import * as E from 'fp-ts/Either';
import * as TE from 'fp-ts/TaskEither';
import { type ListQuery, type OperationContext, type Page, type TokenError, TokenErrors, clientListState, clientPage } from '@tokenbridge/core';
import { CloudflareTokenC, cloudflareEnvelopeC } from './codecs';
import { type CloudflareNeutralToken, toToken } from './mapping';

/*
 * The neutral `list` over Cloudflare's paged lists. A user holds at most 50 tokens and an account 500 (the quotas),
 * so every page is read at the largest `per_page` and the query is applied on the client: filters work, and a cursor
 * stays valid while tokens come and go. Expired tokens are asked for (`include_expired=true`): the vendor may list
 * them only when asked (open question 3).
 */

/** The vendor's largest `per_page` (5-50). */
export const CLOUDFLARE_MAX_PER_PAGE = 50;

/** Pages read before giving up on a list that never ends (the quotas make 10 the most a real one has). */
const MAX_PAGES = 100;

const PageC = cloudflareEnvelopeC(t.array(CloudflareTokenC));

/** One neutral page of the collection at `path`: every vendor page read (each id once), then the query on the client. */
export function listTokens(op: OperationContext, path: string, query: ListQuery): TE.TaskEither<TokenError, Page<CloudflareNeutralToken>> {
  return async () => {
    // A cursor we did not issue fails before any request.
    const state = clientListState(op, query);
    if (E.isLeft(state)) return state;
    const byId = new Map<string, CloudflareNeutralToken>();
    for (let page = 1; page <= MAX_PAGES; page += 1) {
      const answer = await op.request({ method: 'GET', path, query: { page, per_page: CLOUDFLARE_MAX_PER_PAGE, direction: 'asc', include_expired: true }, response: PageC })();
      if (E.isLeft(answer)) return answer;
      const { result, result_info: info } = answer.right.data;
      // Tokens created meanwhile shift later pages: an id seen already is not listed twice.
      for (const token of result) if (!byId.has(token.id)) byId.set(token.id, toToken(token));
      // The last page: short, empty, or the last by the vendor's own count.
      if (result.length < CLOUDFLARE_MAX_PER_PAGE || (info?.total_pages !== undefined && page >= info.total_pages)) return clientPage(op, [...byId.values()], query);
    }
    return E.left(TokenErrors.server(op, `the token list did not end after ${MAX_PAGES} pages of ${CLOUDFLARE_MAX_PER_PAGE}`));
  };
}
