import type { FieldIssue, TokenError } from '@tokenbridge/core';
import { isVendorId, vendorEntry } from '../registry';
import { visible } from './format';

/** The flag of each neutral field, as the library names it. */
const NEUTRAL_FLAGS: Readonly<Record<string, string>> = {
  name: '--name',
  description: '--description',
  expiresAt: '--expires',
  status: '--status',
  ifVersion: '--if-version',
  id: '<id>',
};

/** The flag (or argument) a library field path stands for on `vendor`'s commands, if any. */
function flagOf(vendor: string, path: string): string | undefined {
  const neutral = NEUTRAL_FLAGS[path];
  if (neutral !== undefined) return neutral;
  const field = path.replace(/^extra\./, '');
  return isVendorId(vendor) ? vendorEntry(vendor).flags.find((f) => f.field === field)?.flag : undefined;
}

function issueInCliTerms(vendor: string, issue: FieldIssue): FieldIssue {
  const flag = flagOf(vendor, issue.path);
  return flag === undefined ? issue : { path: flag, message: issue.message };
}

function describeIssue(issue: FieldIssue): string {
  return /^required\b/.test(issue.message) ? `${issue.path} is ${issue.message}` : `${issue.path}: ${issue.message}`;
}

/**
 * `error` in the command line's terms: a validation error's field paths
 * (`extra.roleId`, `expiresAt`) become the flags that set them (`--role`,
 * `--expires`), in its issues and its message.
 */
export function inCliTerms(error: TokenError): TokenError {
  if (error._tag !== 'Validation' || error.issues.length === 0) return error;
  const issues = error.issues.map((i) => issueInCliTerms(error.provider, i));
  if (issues.every((issue, n) => issue.path === error.issues[n]?.path)) return error;
  return { ...error, issues, message: `invalid input: ${issues.map(describeIssue).join('; ')}` };
}

/** A failure as `--json` prints it: what a script needs, never a secret (errors hold none). */
export interface ErrorJson {
  readonly tag: string;
  readonly message: string;
  readonly provider?: string;
  readonly providerKey?: string;
  readonly operation?: string;
  readonly status?: number;
  readonly vendorCode?: string;
  readonly requestId?: string;
  readonly retryable?: boolean;
  readonly outcomeUnknown?: boolean;
  readonly retryAfterMs?: number;
  readonly issues?: readonly FieldIssue[];
}

/** `error` (in the command line's terms) as {@link ErrorJson}. */
export function errorJson(error: TokenError, providerKey?: string): ErrorJson {
  const e = inCliTerms(error);
  return {
    tag: e._tag,
    message: e.message,
    provider: e.provider,
    ...(providerKey !== undefined ? { providerKey } : {}),
    operation: e.operation,
    retryable: e.retryable,
    ...(e.status !== undefined ? { status: e.status } : {}),
    ...(e.vendorCode !== undefined ? { vendorCode: e.vendorCode } : {}),
    ...(e.requestId !== undefined ? { requestId: e.requestId } : {}),
    ...(e.outcomeUnknown !== undefined ? { outcomeUnknown: e.outcomeUnknown } : {}),
    ...(e.retryAfterMs !== undefined ? { retryAfterMs: e.retryAfterMs } : {}),
    ...(e._tag === 'Validation' ? { issues: e.issues } : {}),
  };
}

/** `error` as one line of text: `<providerKey>: <Tag>: <message>`, made visible. */
export function errorLine(error: TokenError, providerKey?: string): string {
  const e = inCliTerms(error);
  return `${providerKey !== undefined ? `${providerKey}: ${e._tag}: ` : ''}${visible(e.message)}`;
}
