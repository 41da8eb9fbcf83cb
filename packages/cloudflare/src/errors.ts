import { type FieldIssue, type TokenErrorTag, type VendorErrorInfo, type VendorErrorInput, isRecord, readFields, textOf } from '@tokenbridge/core';
import { CloudflareApiErrorC } from './codecs';

/**
 * Cloudflare's error envelope (`{"success":false,"errors":[{"code","message",
 * "error_chain"?}],"messages":[],"result":null}`) -> {@link VendorErrorInfo}.
 * The status decides first (a 404 is NotFound whatever its code, and the
 * vendor answers an unknown token id with code 1000 "Not found"); then the
 * codes the vendor notes list; anything else falls back to the transport's
 * status mapping. Any JSON is read as far as it goes; nothing throws.
 */

/**
 * Codes that decide the tag whichever status carries them: 1000 "Invalid API Token" (verify), 10000 "Authentication
 * error", 9106 no credential, 6003 a malformed Authorization value; 9109 no permission, or a location the token's
 * condition refuses; 971 and 10429 "Please wait and consider throttling your request speed".
 */
const CODE_TAGS: Readonly<Record<number, TokenErrorTag>> = { 1000: 'Unauthorized', 10000: 'Unauthorized', 9106: 'Unauthorized', 6003: 'Unauthorized', 9109: 'Forbidden', 971: 'RateLimited', 10429: 'RateLimited' };

/** Where the vendor's body-validation messages name a field (by their first words), the neutral field a caller set. */
const FIELDS: ReadonlyArray<readonly [prefix: string, path: string]> = [
  ['name', 'name'], ['expires_on', 'expiresAt'], ['status', 'status'], ['not_before', 'extra.notBefore'], ['condition', 'extra.condition'],
  ['policies', 'extra.policies'], ['Permission group', 'extra.policies'], ['Reusing existing policies', 'extra.policies'],
];

/** The neutral path a validation message is about, from the field it starts with. */
export function fieldOf(message: string): string {
  const found = FIELDS.find(([prefix]) => message.startsWith(prefix));
  if (found === undefined) return '(body)';
  const rest = message.slice(found[0].length).match(/^((?:\[\d+\]|\.[a-z_]+)*)/)?.[1] ?? '';
  return `${found[1]}${rest}`;
}

/** Each error of the envelope, read field by field (entries of any other shape are skipped). */
function errorsOf(body: unknown): Array<{ readonly code?: number; readonly message?: string; readonly error_chain?: readonly unknown[] }> {
  const list = isRecord(body) ? body['errors'] : undefined;
  return Array.isArray(list) ? list.filter(isRecord).map((entry) => readFields(CloudflareApiErrorC.props, entry)) : [];
}

/** Reads a Cloudflare error answer for the transport. */
export function parseCloudflareError(input: VendorErrorInput): VendorErrorInfo {
  const errors = errorsOf(input.body);
  if (errors.length === 0) return {};
  const first = errors[0]!;
  const texts = errors.map((e) => {
    const chain = textOf(e.error_chain);
    const text = [e.message, chain].filter((part) => part !== undefined).join(': ');
    return e.code !== undefined ? `${e.code} ${text}`.trim() : text;
  });
  const codeTag = first.code !== undefined ? CODE_TAGS[first.code] : undefined;
  const tag = input.status === 404 ? 'NotFound' : codeTag;
  const validation = tag === undefined && (input.status === 400 || input.status === 422);
  const issues: FieldIssue[] = validation
    ? errors.flatMap((e) => (e.message !== undefined ? [{ path: fieldOf(e.message), message: e.message }] : []))
    : [];
  return {
    message: texts.filter((text) => text !== '').join('; ') || `code ${first.code ?? 'unknown'}`,
    ...(first.code !== undefined ? { code: String(first.code) } : {}),
    ...(tag !== undefined ? { tag } : {}),
    ...(issues.length > 0 ? { issues } : {}),
  };
}
