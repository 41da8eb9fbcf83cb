import * as t from 'io-ts';
import * as E from 'fp-ts/Either';
import { decodeIssues, isIsoDateTime, nullable, strict } from '../../codecs';
import { parseDuration } from '../duration';
import type { Expiry } from '../journal';
import { parseMarkedName } from '../marker';
import type { RotationStrategy } from '../rotate';
import { type DeclarationIssue, type EntryRef, DeclarationError, describeIssue, entryIssue, rootIssue } from './issues';

/**
 * The declaration format: the config file's `tokens:` entries (and which
 * providers are pruned), decoded and checked on their own, before any
 * provider is known. {@link checkDeclaration} then checks each entry against
 * its provider.
 */

/** How a declared token is rotated. */
export interface RotationPolicy {
  /** Rotate once the token is this old (ms). */
  readonly everyMs: number;
  readonly strategy: RotationStrategy;
  /** `replace`: keep the old token this long after the new one is delivered (ms); without it, it is revoked at once. */
  readonly graceMs?: number;
  /** Also rotate when the token expires within this (ms); default the grace period. */
  readonly beforeMs?: number;
}

/** One declared token, decoded. */
export interface DeclaredToken {
  /** The name of a configured provider (`dato-prod`). */
  readonly provider: string;
  /** The token's identity at the vendor: live tokens are matched on it (without tokenbridge's marker). */
  readonly name: string;
  /** Where the vendor has one; `null` declares none. Absent: not managed. */
  readonly description?: string | null;
  /** The vendor's attributes, as its `create` takes them; only the keys given are managed. */
  readonly extra?: Readonly<Record<string, unknown>>;
  /** Absent: not managed. */
  readonly expires?: Expiry;
  readonly rotate?: RotationPolicy;
  /** Sink specs (`dotenv:.env:KEY`, `json:file.json:a.b`, `cmd:[...]`) every new secret is delivered to, in order. */
  readonly deliver: readonly string[];
}

/** A declaration: the tokens that should exist, and the providers whose undeclared tokens made by tokenbridge are deleted. */
export interface Declaration {
  readonly tokens: readonly DeclaredToken[];
  /** Provider names with `prune: true`. */
  readonly prune: readonly string[];
}

const DURATION_HINT = 'expected a duration: milliseconds, or a number with a unit (ms, s, m, h, d, w) such as 30d';

function durationCodec(name: string, positive: boolean): t.Type<number, number, unknown> {
  return new t.Type<number, number, unknown>(
    name,
    (u): u is number => typeof u === 'number',
    (u, c) => {
      if (typeof u !== 'number' && typeof u !== 'string') return t.failure(u, c, DURATION_HINT);
      let ms: number;
      try {
        ms = parseDuration(u, name);
      } catch {
        return t.failure(u, c, DURATION_HINT);
      }
      return positive && ms <= 0 ? t.failure(u, c, 'must be longer than 0') : t.success(ms);
    },
    (ms) => ms,
  );
}
const PositiveDurationC = durationCodec('a duration', true);
const DurationC = durationCodec('a duration', false);

const DAY_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;
const EXPIRES_HINT = 'expected a lifetime such as 90d, a date such as 2026-12-31 (or an ISO date-time with a zone), or never';

/** `expires`: a lifetime from creation, a date (a day is its first instant, UTC), or `never`. */
const ExpiresC = new t.Type<Expiry, number | string, unknown>(
  'expires',
  (u): u is Expiry => typeof u === 'object' && u !== null && 'kind' in u,
  (u, c) => {
    if (u === 'never') return t.success({ kind: 'never' });
    if (u instanceof Date) return Number.isNaN(u.getTime()) ? t.failure(u, c, EXPIRES_HINT) : t.success({ kind: 'at', at: u.toISOString() });
    if (typeof u === 'string' && DAY_ONLY.test(u) && isIsoDateTime(`${u}T00:00:00Z`)) return t.success({ kind: 'at', at: new Date(`${u}T00:00:00Z`).toISOString() });
    if (typeof u === 'string' && isIsoDateTime(u)) return t.success({ kind: 'at', at: new Date(u).toISOString() });
    const lifetime = PositiveDurationC.validate(u, c);
    return E.isRight(lifetime) ? t.success({ kind: 'after', ms: lifetime.right }) : t.failure(u, c, EXPIRES_HINT);
  },
  (e) => (e.kind === 'never' ? 'never' : e.kind === 'at' ? e.at : e.ms),
);

const NonEmptyString = t.refinement(t.string, (s) => s.trim() !== '', 'a non-empty string');

const RotateC = strict(
  t.intersection([
    t.type({ every: PositiveDurationC }),
    t.partial({ strategy: t.keyof({ replace: null, regenerate: null, dual: null }, "'replace', 'regenerate' or 'dual'"), grace: DurationC, before: DurationC }),
  ]),
  'rotate',
);

const EntryC = strict(
  t.intersection([
    t.type({ provider: NonEmptyString, name: NonEmptyString }),
    t.partial({ description: nullable(t.string), extra: t.UnknownRecord, expires: ExpiresC, rotate: RotateC, deliver: t.array(t.string) }),
  ]),
  'token',
);

const TopC = strict(t.intersection([t.type({ tokens: t.array(t.unknown) }), t.partial({ prune: t.array(t.unknown) })]), 'declaration');

function refOf(index: number, raw: unknown): EntryRef {
  const r = typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>) : {};
  return { index, ...(typeof r['name'] === 'string' ? { name: r['name'] } : {}), ...(typeof r['provider'] === 'string' ? { provider: r['provider'] } : {}) };
}

/** The checks io-ts cannot express: names that would not match themselves, rotation options that contradict each other, a sink twice. */
function entryChecks(ref: EntryRef, token: DeclaredToken): DeclarationIssue[] {
  const issues: DeclarationIssue[] = [];
  if (token.name !== token.name.trim()) issues.push(entryIssue(ref, 'name', 'must not begin or end with whitespace (the vendor may trim it, and it would never match)'));
  else if (parseMarkedName(token.name).rotationId !== undefined) issues.push(entryIssue(ref, 'name', "ends like tokenbridge's rotation marker (tb-…), which is added and removed by tokenbridge"));
  const rotate = token.rotate;
  if (rotate?.graceMs !== undefined && rotate.strategy !== 'replace') {
    issues.push(entryIssue(ref, 'rotate.grace', `applies to strategy 'replace' only: ${rotate.strategy === 'regenerate' ? 'regenerate invalidates the old secret at once' : 'dual revokes the older token of the pair once the new one is delivered'}`));
  }
  const window = rotate?.beforeMs ?? rotate?.graceMs;
  if (window !== undefined && token.expires?.kind === 'after' && token.expires.ms <= window) {
    issues.push(entryIssue(ref, rotate?.beforeMs !== undefined ? 'rotate.before' : 'rotate.grace', 'must be shorter than the declared lifetime (expires), or every new token is due at once'));
  }
  const seen = new Set<string>();
  token.deliver.forEach((spec, i) => {
    if (seen.has(spec)) issues.push(entryIssue(ref, `deliver[${i}]`, 'is listed twice: each sink receives the secret once'));
    seen.add(spec);
  });
  return issues;
}

function decodeEntry(index: number, raw: unknown): E.Either<DeclarationIssue[], DeclaredToken> {
  const ref = refOf(index, raw);
  const decoded = decodeIssues(EntryC, raw);
  if (E.isLeft(decoded)) return E.left(decoded.left.map((i) => entryIssue(ref, i.path === '(root)' ? '' : i.path, i.message)));
  const { provider, name, description, extra, expires, rotate, deliver = [] } = decoded.right;
  const token: DeclaredToken = {
    provider,
    name,
    ...(description !== undefined ? { description } : {}),
    ...(extra !== undefined ? { extra } : {}),
    ...(expires !== undefined ? { expires } : {}),
    ...(rotate !== undefined
      ? {
          rotate: {
            everyMs: rotate.every,
            strategy: rotate.strategy ?? 'replace',
            ...(rotate.grace !== undefined ? { graceMs: rotate.grace } : {}),
            ...(rotate.before !== undefined ? { beforeMs: rotate.before } : {}),
          },
        }
      : {}),
    deliver,
  };
  const issues = entryChecks(ref, token);
  return issues.length > 0 ? E.left(issues) : E.right(token);
}

/**
 * Decodes a declaration, `{ tokens: [...], prune?: [providerName, ...] }`,
 * reporting every mistake at once (never a value), each naming its entry (by
 * index, name and provider) and field. Provider-specific checks (is the
 * provider configured, does the vendor take these fields, do the sinks
 * resolve) are {@link checkDeclaration}'s, which `plan` runs.
 */
export function decodeDeclaration(value: unknown): E.Either<DeclarationError, Declaration> {
  const top = decodeIssues(TopC, value);
  if (E.isLeft(top)) return E.left(new DeclarationError(top.left.map((i) => rootIssue(i.path, i.message))));
  const issues: DeclarationIssue[] = [];
  const tokens: DeclaredToken[] = [];
  const firstOf = new Map<string, number>();
  top.right.tokens.forEach((raw, index) => {
    const entry = decodeEntry(index, raw);
    if (E.isLeft(entry)) return void issues.push(...entry.left);
    const key = JSON.stringify([entry.right.provider, entry.right.name]);
    const first = firstOf.get(key);
    if (first !== undefined) issues.push(entryIssue(refOf(index, raw), 'name', `declares the same token as tokens[${first}] (one name per provider)`));
    else firstOf.set(key, index);
    tokens.push(entry.right);
  });
  const prune: string[] = [];
  (top.right.prune ?? []).forEach((key, i) => {
    if (typeof key !== 'string' || key.trim() === '') issues.push(rootIssue(`prune[${i}]`, 'expected a provider name'));
    else if (!prune.includes(key)) prune.push(key);
  });
  return issues.length > 0 ? E.left(new DeclarationError(issues)) : E.right({ tokens, prune });
}

/** The input form of a declaration (durations in milliseconds, dates as ISO strings): what {@link DeclarationC} encodes to. */
export interface DeclarationInput {
  readonly tokens: ReadonlyArray<{
    readonly provider: string;
    readonly name: string;
    readonly description?: string | null;
    readonly extra?: Readonly<Record<string, unknown>>;
    readonly expires?: number | string;
    readonly rotate?: { readonly every: number; readonly strategy: RotationStrategy; readonly grace?: number; readonly before?: number };
    readonly deliver?: readonly string[];
  }>;
  readonly prune?: readonly string[];
}

/**
 * {@link decodeDeclaration} as an io-ts codec, for a config file's schema:
 * each failure's message is one {@link describeIssue} line (entry and field).
 */
export const DeclarationC = new t.Type<Declaration, DeclarationInput, unknown>(
  'Declaration',
  (u): u is Declaration => typeof u === 'object' && u !== null && Array.isArray((u as Declaration).tokens) && Array.isArray((u as Declaration).prune),
  (u, c) => {
    const decoded = decodeDeclaration(u);
    return E.isRight(decoded) ? t.success(decoded.right) : t.failures(decoded.left.issues.map((i) => ({ value: undefined, context: c, message: describeIssue(i) })));
  },
  (d) => ({
    tokens: d.tokens.map(({ rotate, expires, ...rest }) => ({
      ...rest,
      ...(expires !== undefined ? { expires: ExpiresC.encode(expires) } : {}),
      ...(rotate !== undefined
        ? { rotate: { every: rotate.everyMs, strategy: rotate.strategy, ...(rotate.graceMs !== undefined ? { grace: rotate.graceMs } : {}), ...(rotate.beforeMs !== undefined ? { before: rotate.beforeMs } : {}) } }
        : {}),
    })),
    prune: d.prune,
  }),
);
