import * as t from 'io-ts';
import * as E from 'fp-ts/Either';
import { decodeIssues, summarizeIssues } from '../../codecs';
import { TokenErrors, type ValidationError } from '../../errors';
import { TokenStatusC } from '../../model';
import { DeclaredFieldsC, RecordedErrorC, RevokePlanC } from '../journal';

/**
 * The plan: what `plan` found and what `apply` would do, as plain JSON. It is
 * what `--json` prints and `--plan <file>` reads back, so it is versioned,
 * decoded strictly, and holds no secret: ids, names, fields a declaration
 * gives, and a fingerprint (the live state each action was computed from).
 * No formatting: the command line renders it.
 */

/** The `format` every plan carries. */
export const PLAN_FORMAT = 'tokenbridge-plan';
/** The version of the plan format this code writes and reads. */
export const PLAN_VERSION = 1;

const nullableString = t.union([t.string, t.null]);

/**
 * A token as the plan saw it: what apply compares against the live token
 * before it acts. Never the secret, `raw` or last use (which changes with
 * every use); `extra` in the form a declaration gives it (the provider's
 * copy of the token for a replacement).
 */
export const ObservedTokenC = t.type({
  id: t.string,
  name: t.string,
  description: nullableString,
  status: TokenStatusC,
  createdAt: nullableString,
  expiresAt: nullableString,
  version: nullableString,
  extra: t.UnknownRecord,
});
export type ObservedToken = t.TypeOf<typeof ObservedTokenC>;

/** One field that differs: the vendor's value and the declared one. `inPlace`: the vendor can update it without a new token. */
export const FieldChangeC = t.type({ field: t.string, from: t.unknown, to: t.unknown, inPlace: t.boolean });
export type FieldChange = t.TypeOf<typeof FieldChangeC>;

/** Why a rotation is due. */
export const RotationReasonC = t.union([
  /** Older than `rotate.every`. */
  t.type({ kind: t.literal('age'), ageMs: t.number, everyMs: t.number }),
  /** Expires within the window (`rotate.before`, default the grace period). */
  t.type({ kind: t.literal('expiring'), expiresAt: t.string, windowMs: t.number }),
  /** Expired, or past its declared lifetime. */
  t.type({ kind: t.literal('expired') }),
  /** Its age cannot be known (no creation time at the vendor, no marker, nothing in the journal): rotating dates it. */
  t.type({ kind: t.literal('age-unknown') }),
]);
export type RotationReason = t.TypeOf<typeof RotationReasonC>;

const base = {
  /** The configured provider name. */
  providerKey: t.string,
  /** The declared entry (its index under `tokens`); null for a prune. */
  entry: t.union([t.number, t.null]),
  /** The declared name (a prune: the token's name). */
  name: t.string,
  /** The live tokens this action was computed from (for an entry: every token of its name). */
  fingerprint: t.array(ObservedTokenC),
};
const withToken = { ...base, tokenId: t.string };
const newSecret = {
  /** The sink specs the new secret goes to (none: handed back in the apply result). */
  deliver: t.array(t.string),
};
const rotation = {
  strategy: t.union([t.literal('replace'), t.literal('regenerate'), t.literal('dual')]),
  revoke: RevokePlanC,
  /** The declared fields the new token takes (absent for `regenerate`, which keeps the token). */
  fields: t.union([DeclaredFieldsC, t.null]),
  /** Drift the new token puts right. */
  changes: t.array(FieldChangeC),
};

/** Every kind of action, discriminated on `kind`, in the order apply runs them. */
export const PlanActionC = t.union([
  /** A declared token the vendor does not have: create it, verify and deliver its secret. */
  t.type({ kind: t.literal('create'), ...base, fields: DeclaredFieldsC, ...newSecret }),
  /** Fields that drifted and the vendor can update in place. */
  t.type({ kind: t.literal('update'), ...withToken, changes: t.array(FieldChangeC) }),
  /** A rotation that is due. */
  t.type({ kind: t.literal('rotate'), ...withToken, reason: RotationReasonC, ...rotation, ...newSecret }),
  /** Drift in a field the vendor cannot update in place: a new token with the declared fields replaces this one. */
  t.type({ kind: t.literal('replace'), ...withToken, ...rotation, ...newSecret }),
  /** A token no entry declares, made by tokenbridge, on a provider with `prune: true`. */
  t.type({ kind: t.literal('delete'), ...withToken }),
]);
export type PlanAction = t.TypeOf<typeof PlanActionC>;
export type PlanActionKind = PlanAction['kind'];

/**
 * Where a declared token stands:
 * `ok` (in line), `create`, `update`, `rotate`, `replace` (an action is planned),
 * `duplicate` (several live tokens have its name: reported, never guessed),
 * `unfinished` (an operation on it is unfinished in the journal: resume first),
 * `disabled` (its only token is disabled: left alone), `unreadable` (its provider could not be read).
 */
export const EntryStateC = t.keyof({ ok: null, create: null, update: null, rotate: null, replace: null, duplicate: null, unfinished: null, disabled: null, unreadable: null });
export type EntryState = t.TypeOf<typeof EntryStateC>;

/** One declared token and what the plan found for it. */
export const PlanEntryC = t.type({
  index: t.number,
  providerKey: t.string,
  name: t.string,
  state: EntryStateC,
  /** The live token it matched (the newest of a dual pair), or null. */
  tokenId: nullableString,
  /** `duplicate`: every live token of its name; `unfinished`: the journal's operations. */
  related: t.array(t.string),
  /** Drift found (also when it is fixed by a rotation or replacement). */
  changes: t.array(FieldChangeC),
  /** When its current token was made or last rotated, when known (ISO). */
  rotatedAt: nullableString,
  /** When its next rotation is due by age, when it has a policy and its age is known (ISO). */
  rotationDueAt: nullableString,
});
export type PlanEntry = t.TypeOf<typeof PlanEntryC>;

/** A live token no entry declares. */
export const UnmanagedTokenC = t.type({
  providerKey: t.string,
  tokenId: t.string,
  name: t.string,
  status: TokenStatusC,
  /** Made by tokenbridge (its name carries tokenbridge's marker, or the journal records creating it): only such a token is ever pruned. */
  createdByTokenbridge: t.boolean,
  /** True when the plan deletes it (prune is on for its provider and tokenbridge made it). */
  pruned: t.boolean,
});
export type UnmanagedToken = t.TypeOf<typeof UnmanagedTokenC>;

/** A provider the declaration names, and whether it could be read. */
export const PlanProviderC = t.type({
  key: t.string,
  /** The provider id (`datocms`). */
  provider: t.string,
  prune: t.boolean,
  /** Why its tokens could not be read; its entries are `unreadable` and the others' actions stand. */
  error: t.union([RecordedErrorC, t.null]),
});
export type PlanProvider = t.TypeOf<typeof PlanProviderC>;

/**
 * The outcome a caller (the command line's exit status) acts on: nothing to
 * do, actions pending, or something that needs a person (a provider that
 * could not be read, a duplicate, an unfinished operation).
 */
export const PlanStatusC = t.keyof({ 'no-changes': null, changes: null, error: null });
export type PlanStatus = t.TypeOf<typeof PlanStatusC>;

/** A plan; see the module comment. */
export const PlanC = t.type({
  format: t.literal(PLAN_FORMAT),
  version: t.literal(PLAN_VERSION),
  /** When it was made (ISO). */
  createdAt: t.string,
  status: PlanStatusC,
  providers: t.array(PlanProviderC),
  entries: t.array(PlanEntryC),
  actions: t.array(PlanActionC),
  unmanaged: t.array(UnmanagedTokenC),
});
export type Plan = t.TypeOf<typeof PlanC>;

/**
 * Reads a plan back from its JSON form (`JSON.parse` of a saved `--json`):
 * another format or version, or a damaged plan, is a `Validation` error
 * naming what is wrong.
 */
export function decodePlan(value: unknown): E.Either<ValidationError, Plan> {
  const ctx = { provider: 'tokenbridge', operation: 'apply' } as const;
  const record = typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
  if (record['format'] !== PLAN_FORMAT) return E.left(TokenErrors.validation(ctx, `not a tokenbridge plan (format is not "${PLAN_FORMAT}")`, [{ path: 'format', message: `expected "${PLAN_FORMAT}"` }]));
  if (record['version'] !== PLAN_VERSION) {
    return E.left(TokenErrors.validation(ctx, `plan format version ${JSON.stringify(record['version'])} is not the one this tokenbridge reads (${PLAN_VERSION}): plan again`, [{ path: 'version', message: `expected ${PLAN_VERSION}` }]));
  }
  const decoded = decodeIssues(PlanC, value);
  return E.isLeft(decoded) ? E.left(TokenErrors.validation(ctx, `the plan is damaged: ${summarizeIssues(decoded.left)}`, decoded.left)) : decoded;
}
