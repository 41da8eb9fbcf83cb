import { TokenBridgeError, TokenErrors, type FieldIssue } from '../../errors';

/** The declared token a mistake is in. */
export interface EntryRef {
  /** Its 0-based position under `tokens`. */
  readonly index: number;
  /** Its `name`, when it has one that is a string. */
  readonly name?: string;
  /** Its `provider`, when it has one that is a string. */
  readonly provider?: string;
}

/**
 * One mistake in a declaration: `path` from the declaration's root
 * (`tokens[2].rotate.every`), `field` within the entry (`rotate.every`), the
 * entry it is in, and what is wrong. Never the offending value: a mistake may
 * sit where a secret was pasted. The file is the caller's to name.
 */
export interface DeclarationIssue extends FieldIssue {
  readonly field: string;
  readonly entry?: EntryRef;
}

/** One line for a person: `tokens[2] ("ci deploy" on dato-prod) rotate.every: expected a duration…`. */
export function describeIssue(issue: DeclarationIssue): string {
  const entry = issue.entry;
  if (!entry) return `${issue.path}: ${issue.message}`;
  const who = [entry.name !== undefined ? JSON.stringify(entry.name) : undefined, entry.provider !== undefined ? `on ${entry.provider}` : undefined].filter(Boolean).join(' ');
  return `tokens[${entry.index}]${who ? ` (${who})` : ''} ${issue.field === '' ? '' : `${issue.field}: `}${issue.message}`;
}

/** An issue of the entry at `entry.index`, at `field` within it (`''`: the entry itself). */
export function entryIssue(entry: EntryRef, field: string, message: string): DeclarationIssue {
  return { path: field === '' ? `tokens[${entry.index}]` : `tokens[${entry.index}].${field}`, field, entry, message };
}

/** An issue outside any entry (`prune[1]`, `tokens`). */
export function rootIssue(path: string, message: string): DeclarationIssue {
  return { path, field: path, message };
}

/**
 * A declaration with mistakes: every one of them, found before anything is
 * read or written. A `Validation` {@link TokenBridgeError} whose issues are
 * {@link DeclarationIssue}s.
 */
export class DeclarationError extends TokenBridgeError {
  readonly issues: readonly DeclarationIssue[];

  constructor(issues: readonly DeclarationIssue[]) {
    const shown = issues.slice(0, 5).map(describeIssue).join('; ');
    const more = issues.length > 5 ? ` (and ${issues.length - 5} more)` : '';
    const count = `${issues.length} mistake${issues.length === 1 ? '' : 's'}`;
    super(TokenErrors.validation({ provider: 'tokenbridge', operation: 'configure' }, `the declaration has ${count}: ${shown}${more}`, issues));
    this.name = 'DeclarationError';
    this.issues = issues;
  }
}
