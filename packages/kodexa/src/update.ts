import * as E from 'fp-ts/Either';
import * as TE from 'fp-ts/TaskEither';
import { pipe } from 'fp-ts/function';
import {
  type ConflictError,
  type OperationContext,
  type Target,
  type Token,
  type TokenError,
  TokenErrors,
  type ValidPatch,
} from '@tokenbridge/core';
import { type KodexaAccessToken, KodexaAccessTokenC } from './codecs';
import { type PutBody, holdsWritable, putBody, toToken, versionOf } from './mapping';
import type { KodexaExtra, KodexaPatchExtra } from './types';

/**
 * The neutral partial update as Kodexa's whole-object PUT: read, apply the
 * patch, PUT with the `changeSequence` read, and handle a stale answer.
 */

/** The token path. */
export const ITEM_PATH = '/api/access-tokens/{id}';

/** How many PUTs one update may send when concurrent writers keep moving the token. */
export const MAX_PUT_ATTEMPTS = 3;

/** `GET /api/access-tokens/{id}`, decoded. */
export function readToken(op: OperationContext, id: string): TE.TaskEither<TokenError, KodexaAccessToken> {
  return pipe(
    op.request({ method: 'GET', path: ITEM_PATH, params: { id }, response: KodexaAccessTokenC }),
    TE.map(({ data }) => data),
  );
}

/** The wire form of a token the caller read earlier, when it is one of ours for this id. */
function baseOf(target: Target<KodexaExtra>, ifVersion: string | undefined): KodexaAccessToken | undefined {
  if (target.base === undefined) return undefined;
  const decoded = KodexaAccessTokenC.decode(target.base.raw);
  if (E.isLeft(decoded) || decoded.right.id !== target.id) return undefined;
  // A base at another version than the caller's condition cannot decide it: read the server's.
  return ifVersion === undefined || versionOf(decoded.right) === ifVersion ? decoded.right : undefined;
}

// A 2xx whose body is empty or not JSON: the PUT landed, so the new state is read back (the notes' recipe, step 5).
function unreadableSuccess(error: TokenError): boolean {
  return error._tag === 'Decode' && error.issues.length === 0 && error.status !== undefined && error.status >= 200 && error.status < 300;
}

function withCurrentVersion(error: ConflictError, fresh: KodexaAccessToken): ConflictError {
  const currentVersion = versionOf(fresh);
  return currentVersion === null ? error : { ...error, currentVersion };
}

/**
 * Runs one neutral update.
 *
 * - Without `ifVersion`, a stale answer (409/412) is survived: the token is
 *   read again and the patch re-applied to the fresh object, up to
 *   {@link MAX_PUT_ATTEMPTS} PUTs. When the fresh object already holds the
 *   patch (a retried PUT whose first attempt landed), nothing more is sent.
 * - With `ifVersion`, a version other than the one read is a `Conflict`
 *   before any PUT; a stale answer to the PUT is a `Conflict` too, unless the
 *   token now holds exactly what was sent at the next version (our own PUT,
 *   whose answer was lost, landed).
 * - Given a token read earlier, it is the first base: one PUT, no GET.
 */
export function updateToken(
  target: Target<KodexaExtra>,
  patch: ValidPatch<KodexaPatchExtra>,
  op: OperationContext,
  now: () => number,
): TE.TaskEither<TokenError, Token<KodexaExtra>> {
  const ctx = { provider: op.provider, operation: op.operation };
  const { ifVersion } = patch;
  const done = (payload: KodexaAccessToken): E.Either<TokenError, Token<KodexaExtra>> => E.right(toToken(payload, now()));

  return async () => {
    let current = baseOf(target, ifVersion);
    let lastStale: ConflictError | undefined;
    for (let puts = 0; ; ) {
      if (current === undefined) {
        const read = await readToken(op, target.id)();
        if (E.isLeft(read)) return read;
        current = read.right;
      }
      const version = versionOf(current);
      if (ifVersion !== undefined && version !== ifVersion) {
        return E.left(
          TokenErrors.conflict(ctx, `token ${target.id} is at version ${version ?? 'unknown'}, not ${ifVersion}; nothing was written`, {
            ...(version !== null ? { currentVersion: version } : {}),
          }),
        );
      }
      // Also where a stale answer hid our own landed PUT: the fresh object already holds the patch.
      const body = putBody(current, patch);
      if (body === undefined) return done(current);
      if (lastStale !== undefined && puts >= MAX_PUT_ATTEMPTS) {
        const message = `token ${target.id} kept changing during ${MAX_PUT_ATTEMPTS} attempts to update it; last answer: ${lastStale.message}`;
        return E.left(withCurrentVersion({ ...lastStale, message }, current));
      }

      puts += 1;
      const put = await op.request({ method: 'PUT', path: ITEM_PATH, params: { id: target.id }, body, response: KodexaAccessTokenC })();
      if (E.isRight(put)) return done(put.right.data);
      if (unreadableSuccess(put.left)) return E.chain(done)(await readToken(op, target.id)());
      if (put.left._tag !== 'Conflict') return E.left(put.left);

      lastStale = put.left;
      const fresh = await readToken(op, target.id)();
      if (E.isLeft(fresh)) return fresh;
      if (ifVersion !== undefined) return landed(body, fresh.right) ? done(fresh.right) : E.left(withCurrentVersion(lastStale, fresh.right));
      // The version did not move, so the refusal was not about staleness and a retry would meet it again.
      if (versionOf(fresh.right) === version && putBody(fresh.right, patch) !== undefined) {
        return E.left(withCurrentVersion(lastStale, fresh.right));
      }
      current = fresh.right;
    }
  };
}

/** Whether `fresh` is exactly what `sent` would have made: same writable fields, at the next version. */
function landed(sent: PutBody, fresh: KodexaAccessToken): boolean {
  const next = typeof sent.changeSequence === 'number' ? String(sent.changeSequence + 1) : undefined;
  return next !== undefined && versionOf(fresh) === next && holdsWritable(fresh, sent);
}
