import {
  type FieldIssue,
  type VendorErrorInfo,
  type VendorErrorInput,
  errorInfo,
  isRecord,
  nonBlank,
  readFields,
  textOf,
} from '@tokenbridge/core';
import { ProblemHeadC } from './codecs';

const ROOT = new Set(['', '$']);

function pathOf(properties: unknown): string {
  const named = Array.isArray(properties) ? properties.map((p) => nonBlank(p)).filter((p): p is string => p !== undefined) : [nonBlank(properties)].filter((p): p is string => p !== undefined);
  return named.length > 0 ? named.join(', ') : '(root)';
}

/**
 * The field issues of a problem's `errors` — a field → messages map or a
 * list of `{message, properties, id}` — and the first item id of the list
 * form (the nearest thing to a code). Any other JSON gives none; a value of
 * an unexpected type gives what text it holds.
 */
function readErrors(errors: unknown): { issues: FieldIssue[]; code?: string } {
  if (Array.isArray(errors)) {
    const code = errors.map((item) => (isRecord(item) ? nonBlank(item['id']) : undefined)).find((id) => id !== undefined);
    const issues = errors.map((item) => ({
      path: isRecord(item) ? pathOf(item['properties']) : '(root)',
      message: textOf(item, ['message', 'detail', 'title']) ?? 'invalid',
    }));
    return { issues, ...(code !== undefined ? { code } : {}) };
  }
  if (!isRecord(errors)) return { issues: [] };
  const issues = Object.entries(errors).flatMap(([field, messages]) => {
    // A field listed without messages (null, as the platform may send) names no problem.
    if (messages === null || messages === undefined) return [];
    const path = ROOT.has(field) ? '(root)' : field;
    const list: unknown[] = Array.isArray(messages) ? messages : [messages];
    const texts = list.map((m) => textOf(m)).filter((m): m is string => m !== undefined);
    return (texts.length > 0 ? texts : ['invalid']).map((message) => ({ path, message }));
  });
  return { issues };
}

/**
 * Reads a SoftwareOne error answer: an RFC 7807 body with `title`, `detail`,
 * `traceId` and `errors` either as a field → messages map or as a list of
 * `{message, properties, id}`. Any JSON is read as far as it goes, each
 * field on its own (a null or malformed one leaves the others); a body that
 * is not JSON leaves everything to the status. The platform has no error
 * codes beyond the status, and each status means what the transport's status
 * mapping says (400/415 Validation, 401, 403, 404, 409 Conflict, 5xx
 * Server), so the tag is left to it. The transport removes secrets.
 */
export function parseSoftwareOneError(input: VendorErrorInput): VendorErrorInfo {
  const problem = readFields(ProblemHeadC.props, input.body);
  const { issues, code } = readErrors(isRecord(input.body) ? input.body['errors'] : undefined);
  return errorInfo({ code, text: nonBlank(problem.detail) ?? nonBlank(problem.title), issues, requestId: nonBlank(problem.traceId) });
}
