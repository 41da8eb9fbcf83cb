import {
  type FieldIssue,
  type TokenErrorTag,
  type VendorErrorInfo,
  type VendorErrorInput,
  errorInfo,
  isRecord,
  nonBlank,
  readFields,
  textOf,
} from '@tokenbridge/core';
import { DatoCmsApiErrorAttributesC } from './codecs';

/**
 * DatoCMS error codes -> neutral tags, first match wins (`*` ends a prefix).
 * The code decides before the status: the vendor answers some permission
 * errors with 401 (INSUFFICIENT_PERMISSIONS), which must not read as a bad
 * credential.
 */
const CODE_TABLE: ReadonlyArray<readonly [code: string, tag: TokenErrorTag]> = [
  ['INVALID_AUTHORIZATION_HEADER', 'Unauthorized'],
  ['INSUFFICIENT_PERMISSIONS', 'Forbidden'],
  ['NON_EDITABLE_ACCESS_TOKEN', 'Forbidden'],
  ['CANNOT_DESTROY_CURRENT_USER', 'Forbidden'],
  ['NOT_FOUND', 'NotFound'],
  ['RATE_LIMIT_EXCEEDED', 'RateLimited'],
  ['SERVICE_UNAVAILABLE', 'Server'],
  ['EXCEPTION', 'Server'],
  ['DESTINATION_USER_REQUIRED', 'Validation'],
  ['INVALID_*', 'Validation'],
  ['MISSING_*', 'Validation'],
];

/** The neutral tag of a DatoCMS error code, or `undefined` when the table does not know it. */
export function tagOfCode(code: string): TokenErrorTag | undefined {
  return CODE_TABLE.find(([pattern]) => (pattern.endsWith('*') ? code.startsWith(pattern.slice(0, -1)) : code === pattern))?.[1];
}

/** Vendor attribute names -> the neutral field a caller sets. */
const FIELD_PATHS: Readonly<Record<string, string>> = {
  name: 'name',
  can_access_cda: 'extra.canAccessCda',
  can_access_cda_preview: 'extra.canAccessCdaPreview',
  can_access_cma: 'extra.canAccessCma',
  role: 'extra.roleId',
};

/**
 * The neutral path of a vendor field reference: `name`, `data.attributes.name`
 * or a JSON pointer such as `#/data/attributes/can_access_cma`. Unknown
 * references keep the vendor's path, dotted.
 */
export function fieldPath(reference: string): string {
  const segments = reference
    .replace(/^#/, '')
    .split(/[/.]/)
    .filter((s) => s !== '');
  const rest = segments[0] === 'data' ? segments.slice(1) : segments;
  const attribute = rest[0] === 'attributes' || rest[0] === 'relationships' ? rest[1] : rest[0];
  const known = attribute === undefined ? undefined : FIELD_PATHS[attribute];
  return known ?? (segments.length > 0 ? segments.join('.') : '(root)');
}

/**
 * Field issues from an error's `details`: `field` (+ `code` or `message`)
 * for INVALID_FIELD, and `messages[]` ("#/data/attributes/x: failed schema...")
 * for INVALID_FORMAT. Values of other types give what text they hold.
 */
export function issuesOf(details: Readonly<Record<string, unknown>>): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const field = nonBlank(details['field']);
  if (field !== undefined) {
    const reason = textOf(details['message']) ?? textOf(details['code']);
    issues.push({ path: fieldPath(field), message: `DatoCMS rejected ${field}${reason === undefined ? '' : ` (${reason})`}` });
  }
  const messages = Array.isArray(details['messages']) ? details['messages'] : [];
  for (const item of messages) {
    const message = textOf(item);
    if (message === undefined) continue;
    const pointer = /^(#\/\S*?):\s+(.*)$/s.exec(message);
    issues.push(pointer ? { path: fieldPath(pointer[1] ?? ''), message: pointer[2] ?? message } : { path: '(root)', message });
  }
  return issues;
}

function isJsonMediaType(contentType: string | undefined): boolean {
  const type = (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  return type === 'application/json' || type.endsWith('+json');
}

/** The first error object's attributes, from the vendor's `data` (or JSON:API's usual `errors`), read field by field. */
function firstError(body: unknown) {
  const list = isRecord(body) ? (Array.isArray(body['data']) ? body['data'] : body['errors']) : undefined;
  const first: unknown = Array.isArray(list) ? list[0] : undefined;
  return readFields(DatoCmsApiErrorAttributesC.props, isRecord(first) ? first['attributes'] : undefined);
}

/**
 * Reads a DatoCMS error answer (`{"data":[{"type":"api_error","attributes":
 * {"code","details","transient"?}}]}`) for the transport: the tag by code
 * first, then `transient` (Server), then a non-JSON page (a proxy's, Server);
 * anything else falls back to the transport's status mapping. `transient:
 * true` makes the error `retryable` (idempotent requests are retried within
 * the budget), as the vendor asks. Any JSON is read as far as it goes. The
 * request id comes from `X-Request-Id` (configured on the transport).
 */
export function parseDatoCmsError(input: VendorErrorInput): VendorErrorInfo {
  const attributes = firstError(input.body);
  const code = nonBlank(attributes.code);
  const transient = attributes.transient === true;
  if (code === undefined && !transient) {
    const notJson = input.status >= 400 && input.status !== 429 && input.headers['content-type'] !== undefined && !isJsonMediaType(input.headers['content-type']);
    return notJson ? { tag: 'Server' } : {};
  }
  const tag = (code !== undefined ? tagOfCode(code) : undefined) ?? (transient ? 'Server' : undefined);
  return errorInfo({ tag, code, text: code ?? 'a transient error', issues: issuesOf(attributes.details ?? {}), retryable: transient });
}
