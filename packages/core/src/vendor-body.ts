import * as t from 'io-ts';
import * as E from 'fp-ts/Either';
import { summarizeIssues } from './codecs';
import type { FieldIssue, TokenErrorTag } from './errors';
import type { VendorErrorInfo } from './transport/request';

/**
 * Reading a vendor's error body as far as it goes. Error answers come from
 * every generation of a vendor's servers and from whatever stands in front
 * of them, so an adapter's error parser reads each part on its own and takes
 * what it can from any JSON; these never throw.
 */

/**
 * Reads each field of `props` from `value` on its own: a field its codec
 * rejects is left out instead of failing the whole object, and anything but
 * an object gives `{}`.
 */
export function readFields<P extends t.Props>(props: P, value: unknown): { readonly [K in keyof P]?: t.TypeOf<P[K]> } {
  const out: { [K in keyof P]?: t.TypeOf<P[K]> } = {};
  if (!isRecord(value)) return out;
  for (const key of Object.keys(props) as Array<keyof P & string>) {
    if (!Object.prototype.hasOwnProperty.call(value, key)) continue;
    const decoded = (props[key] as t.Mixed).decode(value[key]);
    if (E.isRight(decoded)) out[key] = decoded.right as t.TypeOf<P[typeof key]>;
  }
  return out;
}

/** True for a JSON object (not an array, not null). */
export function isRecord(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `value` when it is a string holding more than whitespace. */
export function nonBlank(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}

/**
 * The text a vendor meant by `value`, whatever JSON it is: a string as it is,
 * a number or boolean written out, the texts of a list joined with `; `, and
 * of an object the first of `keys` that holds text. `undefined` when there is
 * none (null, an empty list, an object without those keys).
 */
export function textOf(value: unknown, keys: readonly string[] = ['message', 'detail', 'title'], depth = 0): string | undefined {
  if (typeof value === 'string') return nonBlank(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (depth > 2) return undefined;
  if (Array.isArray(value)) {
    const texts = value.map((item) => textOf(item, keys, depth + 1)).filter((text): text is string => text !== undefined);
    return texts.length > 0 ? texts.join('; ') : undefined;
  }
  if (!isRecord(value)) return undefined;
  for (const key of keys) {
    const text = textOf(value[key], keys, depth + 1);
    if (text !== undefined) return text;
  }
  return undefined;
}

/** What an error parser read, before {@link errorInfo} assembles it; `undefined` parts are left out. */
export interface ErrorParts {
  readonly tag?: TokenErrorTag | undefined;
  readonly code?: string | undefined;
  /** The vendor's text; the issues' summary is added to it. Without one, the transport's status text is used. */
  readonly text?: string | undefined;
  readonly issues?: readonly FieldIssue[];
  readonly requestId?: string | undefined;
  /** Only `true` is passed on (the vendor says repeating may succeed). */
  readonly retryable?: boolean;
}

/**
 * The {@link VendorErrorInfo} of what a parser read: every part that is
 * there, the field issues (when any) also summarised after the text, so the
 * message alone tells what the vendor refused.
 */
export function errorInfo({ tag, code, text, issues = [], requestId, retryable }: ErrorParts): VendorErrorInfo {
  return {
    ...(tag !== undefined ? { tag } : {}),
    ...(code !== undefined ? { code } : {}),
    ...(text !== undefined ? { message: issues.length > 0 ? `${text}: ${summarizeIssues(issues)}` : text } : {}),
    ...(issues.length > 0 ? { issues } : {}),
    ...(requestId !== undefined ? { requestId } : {}),
    ...(retryable === true ? { retryable } : {}),
  };
}
