import * as path from 'node:path';
import * as E from 'fp-ts/Either';
import { type Declaration, type DeclarationIssue, type EntryRef, decodeDeclaration, describeIssue } from '@tokenbridge/core';
import { parseSinkSpec } from '@tokenbridge/rotation';
import type { Configuration } from './load';

/**
 * The config file's `tokens:` section, and the providers whose entry under
 * `providers:` says `prune: true`, as the library's declaration. Each
 * `deliver` item is a sink spec or `@<name>` of a sink the file names, and
 * becomes the spec with absolute paths (relative ones resolve against the
 * file's directory), so a plan means the same files from any working
 * directory and the journal records where the secret went.
 */

/** The entry an issue is in, from what the entry holds (a name and provider only when they are strings). */
function entryRef(index: number, raw: Readonly<Record<string, unknown>>): EntryRef {
  const { name, provider } = raw;
  return { index, ...(typeof name === 'string' ? { name } : {}), ...(typeof provider === 'string' ? { provider } : {}) };
}

function issueAt(entry: EntryRef, field: string, message: string): DeclarationIssue {
  return { path: `tokens[${entry.index}].${field}`, field, entry, message };
}

/** What the library cannot know: which providers the file and the environment configure, and which sinks the file names. */
function resolveEntry(raw: unknown, index: number, configuration: Configuration, issues: DeclarationIssue[]): unknown {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return raw;
  const entry = raw as Readonly<Record<string, unknown>>;
  const ref = entryRef(index, entry);
  const names = configuration.providers.map((p) => p.key);
  if (typeof entry['provider'] === 'string' && entry['provider'].trim() !== '' && !names.includes(entry['provider'])) {
    issues.push(issueAt(ref, 'provider', `no provider is configured as "${entry['provider']}"; expected one of: ${names.join(', ') || '(none configured)'}`));
  }
  const deliver = entry['deliver'];
  if (!Array.isArray(deliver)) return raw;
  const baseDir = path.dirname(configuration.file ?? '.');
  const resolved = deliver.map((item: unknown, i) => {
    if (typeof item !== 'string') return item;
    if (item.startsWith('@')) {
      const named = configuration.sinks.find((s) => s.name === item.slice(1));
      if (named !== undefined) return named.spec;
      const known = configuration.sinks.map((s) => `@${s.name}`);
      issues.push(issueAt(ref, `deliver[${i}]`, `names no sink of the config file; ${known.length > 0 ? `it names ${known.join(', ')}` : 'it names none (under "sinks")'}`));
      return item;
    }
    const parsed = parseSinkSpec(item, { baseDir });
    if (E.isRight(parsed)) return parsed.right.spec;
    issues.push(issueAt(ref, `deliver[${i}]`, `is ${parsed.left.message}: expected dotenv:<file>:<KEY>, json:<file>:<key.path>, cmd:["program","arg",...] or @<name> of a sink under "sinks"`));
    return item;
  });
  return { ...entry, deliver: resolved };
}

/** Issues in file order: the file's own first, then by entry, then by field (`deliver[2]` after `deliver[1]`). */
function byEntry(a: DeclarationIssue, b: DeclarationIssue): number {
  return (a.entry?.index ?? -1) - (b.entry?.index ?? -1) || a.path.localeCompare(b.path, 'en', { numeric: true });
}

/** The providers with `prune: true`, in the order the declaration's `prune` lists them. */
function prunedProviders(configuration: Configuration): string[] {
  return configuration.providers.filter((p) => p.prune === true).map((p) => p.key);
}

/**
 * Decodes the declaration of a config file (`tokens` is its section's value)
 * with the library's {@link decodeDeclaration}, adding what only the
 * configuration knows (an entry's provider is configured, its `@name` sinks
 * exist, its sink specs parse). Every mistake at once, each naming the entry
 * and the field, never a value.
 */
export function readDeclaration(configuration: Configuration, tokens: unknown): E.Either<DeclarationIssue[], Declaration> {
  const issues: DeclarationIssue[] = [];
  const resolved = Array.isArray(tokens) ? tokens.map((raw, index) => resolveEntry(raw, index, configuration, issues)) : tokens;
  const decoded = decodeDeclaration({ tokens: resolved, prune: prunedProviders(configuration) });
  if (E.isRight(decoded) && issues.length === 0) return E.right(decoded.right);
  return E.left([...(E.isLeft(decoded) ? decoded.left.issues : []), ...issues].sort(byEntry));
}

/**
 * A mistake of the declaration as the file has it: the library's `prune[i]`
 * is the i-th provider with `prune: true`, so it becomes that entry's field,
 * `providers.<name>.prune`.
 */
export function issueInFile(configuration: Configuration, issue: DeclarationIssue): DeclarationIssue {
  const pruned = issue.entry === undefined ? /^prune\[(\d+)\]$/.exec(issue.path) : null;
  const key = pruned ? prunedProviders(configuration)[Number(pruned[1])] : undefined;
  return key === undefined ? issue : { ...issue, path: `providers.${key}.prune`, field: `providers.${key}.prune` };
}

/** One mistake as a line: `<file>: tokens[2] ("ci deploy" on kodexa) rotate.every: …`. */
export function declarationIssueLine(configuration: Configuration, issue: DeclarationIssue): string {
  return `${configuration.file ?? 'the config file'}: ${describeIssue(issueInFile(configuration, issue))}`;
}
