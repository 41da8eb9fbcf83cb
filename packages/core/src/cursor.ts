import type * as t from 'io-ts';
import * as E from 'fp-ts/Either';
import { pipe } from 'fp-ts/function';
import { decodeIssues } from './codecs';
import { type ErrorContext, type TokenError, TokenErrors } from './errors';

/**
 * Opaque list cursors: the adapter's paging state as base64url JSON, so a
 * caller can hand it back without knowing how each vendor pages.
 */

const PREFIX = 'c1.';

/** Encodes an adapter's paging state. */
export function encodeCursor(state: object): string {
  return PREFIX + Buffer.from(JSON.stringify(state), 'utf8').toString('base64url');
}

/** Decodes a cursor made by {@link encodeCursor}; anything else is `Validation`. */
export function decodeCursor<A>(ctx: ErrorContext, codec: t.Decoder<unknown, A>, cursor: string): E.Either<TokenError, A> {
  const bad = (): TokenError => TokenErrors.validation(ctx, 'cursor is not one this provider issued', [{ path: 'cursor', message: 'unrecognised cursor' }]);
  if (!cursor.startsWith(PREFIX)) return E.left(bad());
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor.slice(PREFIX.length), 'base64url').toString('utf8'));
  } catch {
    return E.left(bad());
  }
  return pipe(decodeIssues(codec, parsed), E.mapLeft(bad));
}
