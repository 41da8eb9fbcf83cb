import * as E from 'fp-ts/Either';
import { formatIssues, summarizeIssues } from '../codecs';
import { type ErrorContext, type TokenError, TokenErrors } from '../errors';
import type { RequestSpec } from './request';

/** Reading an answer: its headers, its JSON, and a 2xx body decoded with the adapter's codec. */

/** Headers as one lower-cased name to one string (repeated headers joined with `, `), from axios's or a plain object. */
export function normalizeHeaders(headers: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  const source = (headers as { toJSON?: () => unknown } | undefined)?.toJSON?.() ?? headers ?? {};
  for (const [key, value] of Object.entries(source as Record<string, unknown>)) {
    if (value === undefined || value === null) continue;
    out[key.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
  }
  return out;
}

/** The JSON in `text`, or `undefined` when it is blank or not JSON. */
export function parseJson(text: string): unknown {
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** Decodes a 2xx answer as the request asked: skipped, or JSON through the codec; anything else is `Decode`. */
export function decodeBody<A>(
  ctx: ErrorContext,
  response: RequestSpec<A>['response'],
  status: number,
  text: string,
  requestId: string | undefined,
): E.Either<TokenError, A> {
  if (response === 'ignore') return E.right(undefined as A);
  const d = { status, ...(requestId !== undefined ? { requestId } : {}) };
  if (text.trim() === '') return E.left(TokenErrors.decode(ctx, `expected a JSON body, got an empty ${status} answer`, [], d));
  const parsed = parseJson(text);
  if (parsed === undefined) return E.left(TokenErrors.decode(ctx, `expected a JSON body, got something else (${status})`, [], d));
  const decoded = response.decode(parsed);
  if (E.isRight(decoded)) return decoded;
  const issues = formatIssues(decoded.left);
  return E.left(TokenErrors.decode(ctx, `unexpected answer from ${ctx.provider}: ${summarizeIssues(issues)}`, issues, d));
}
