import type { FieldIssue, JournalError, RotationFailure, SinkError, TokenError } from '@tokenbridge/core';
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
  // Rotation options, as the token manager names them.
  strategy: '--strategy',
  deliver: '--deliver',
  revokeOld: '--revoke-old',
  'revokeOld.after': '--grace',
  'revokeOld.whenUnusedFor': '--revoke-when-unused-for',
  'revokeOld.maxWait': '--revoke-max-wait',
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

/** A sink's or the journal's failure as `--json` prints it: what the library holds, which is never a secret, nor a file's content or a command's output. */
export interface IoErrorJson {
  readonly tag: 'SinkError' | 'JournalError';
  readonly message: string;
  readonly retryable: boolean;
  readonly reason: string;
  /** The failing sink's spec. */
  readonly sink?: string;
  readonly code?: string;
  readonly exitCode?: number;
  readonly signal?: string;
  /** The journal's corrupt line. */
  readonly line?: number;
}

function ioErrorJson(failure: SinkError | JournalError): IoErrorJson {
  const { _tag: tag, message, retryable, reason, code } = failure;
  return {
    tag,
    message,
    retryable,
    reason,
    ...(failure._tag === 'SinkError' ? { sink: failure.sink } : {}),
    ...(code !== undefined ? { code } : {}),
    ...('exitCode' in failure && failure.exitCode !== undefined ? { exitCode: failure.exitCode } : {}),
    ...('signal' in failure && failure.signal !== undefined ? { signal: failure.signal } : {}),
    ...('line' in failure && failure.line !== undefined ? { line: failure.line } : {}),
  };
}

/** Why a rotation stopped (the vendor, a sink or the journal), as `--json` prints it. */
export function failureJson(failure: RotationFailure, providerKey?: string): ErrorJson | IoErrorJson {
  return failure._tag === 'SinkError' || failure._tag === 'JournalError' ? ioErrorJson(failure) : errorJson(failure, providerKey);
}

/** Why a rotation stopped, as one line of text: `<Tag>: <message>`, made visible. */
export function failureLine(failure: RotationFailure): string {
  return failure._tag === 'SinkError' || failure._tag === 'JournalError' ? `${failure._tag}: ${visible(failure.message)}` : `${failure._tag}: ${errorLine(failure)}`;
}
