import * as t from 'io-ts';
import * as E from 'fp-ts/Either';
import type { FieldIssue } from './errors';

/**
 * io-ts building blocks shared by the neutral model and every adapter's wire
 * codecs, and the reporter that turns io-ts errors into readable paths.
 */

/** The brand of {@link IsoDateTime}. */
export interface IsoDateTimeBrand {
  readonly IsoDateTime: unique symbol;
}

/** An ISO-8601 date-time string with a real calendar date and an explicit zone. */
export type IsoDateTime = t.Branded<string, IsoDateTimeBrand>;

const ISO_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})$/;

/** True when `s` is an ISO-8601 date-time with a zone whose fields are in range (no 30 February). */
export function isIsoDateTime(s: string): boolean {
  const m = ISO_DATE_TIME.exec(s);
  if (!m) return false;
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map((x) => (x === undefined ? 0 : Number(x))) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  if (month < 1 || month > 12 || hour > 23 || minute > 59 || second > 59) return false;
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return day >= 1 && day <= daysInMonth && !Number.isNaN(Date.parse(s));
}

/**
 * A date-time string validated but kept as sent, so a read-modify-write sends
 * the vendor back exactly what it gave us.
 */
export const IsoDateTime = t.brand(t.string, (s): s is IsoDateTime => isIsoDateTime(s), 'IsoDateTime');

/** Accepts a valid `Date` or an ISO-8601 date-time string from a caller; yields a `Date`. */
export const DateInput = new t.Type<Date, Date, unknown>(
  'Date',
  (u): u is Date => u instanceof Date && !Number.isNaN(u.getTime()),
  (u, c) => {
    if (u instanceof Date) return Number.isNaN(u.getTime()) ? t.failure(u, c, 'invalid date') : t.success(u);
    if (typeof u === 'string' && isIsoDateTime(u)) return t.success(new Date(u));
    return t.failure(u, c, 'expected a Date or an ISO-8601 date-time with a zone');
  },
  (d) => d,
);

// Validates with `codec` at the current position, as if it stood there itself, so its
// issues read `user.updatedOn` rather than naming the wrapper's members.
function validateHere<A>(codec: t.Decoder<unknown, A>, u: unknown, c: t.Context): t.Validation<A> {
  const last = c[c.length - 1];
  return codec.validate(u, last ? [...c.slice(0, -1), { ...last, type: codec as unknown as t.Decoder<unknown, unknown> }] : c);
}

/**
 * `codec` or `null`. Unlike a union, a bad value inside a nested object is
 * reported once, at its own path, without an extra "expected null" beside it.
 */
export function nullable<C extends t.Mixed>(codec: C): t.Type<t.TypeOf<C> | null, t.OutputOf<C> | null, unknown> {
  return new t.Type<t.TypeOf<C> | null, t.OutputOf<C> | null, unknown>(
    `${codec.name} | null`,
    (u): u is t.TypeOf<C> | null => u === null || codec.is(u),
    (u, c) => (u === null ? t.success(null) : validateHere(codec, u, c)),
    (a) => (a === null ? null : codec.encode(a)),
  );
}

/** A codec made by {@link strict}: it also tells which keys it accepts. */
export interface StrictType<A, O = A> extends t.Type<A, O, unknown> {
  /** The keys the codec declares, in declaration order (capability key lists derive from them). */
  readonly keys: readonly string[];
}

/**
 * Like `codec`, but rejects keys it does not declare, naming each one. Used on
 * caller input, where an unknown key is a typo that would otherwise be ignored.
 */
export function strict<C extends t.HasProps>(codec: C, name = codec.name): StrictType<t.TypeOf<C>, t.OutputOf<C>> {
  const keys = Object.keys(propsOf(codec));
  const allowed = new Set(keys);
  const type = new t.Type<t.TypeOf<C>, t.OutputOf<C>, unknown>(
    name,
    (u): u is t.TypeOf<C> => codec.is(u),
    (u, c) => {
      if (typeof u !== 'object' || u === null || Array.isArray(u)) return t.failure(u, c, 'expected an object');
      const unknownKeys = Object.keys(u).filter((k) => !allowed.has(k));
      if (unknownKeys.length > 0) {
        return t.failures(
          unknownKeys.map((k) => ({
            value: (u as Record<string, unknown>)[k],
            context: [...c, { key: k, type: t.never, actual: (u as Record<string, unknown>)[k] }],
            message: 'unknown field',
          })),
        );
      }
      return validateHere(codec, u, c);
    },
    (a) => codec.encode(a),
  );
  return Object.assign(type, { keys });
}

function propsOf(codec: t.HasProps): t.Props {
  if (codec instanceof t.IntersectionType) {
    return Object.assign({}, ...codec.types.map((x: t.HasProps) => propsOf(x)));
  }
  if (codec instanceof t.RefinementType || codec instanceof t.ExactType || codec instanceof t.ReadonlyType) return propsOf(codec.type);
  return (codec as t.InterfaceType<t.Props> | t.PartialType<t.Props>).props;
}

/** Names what kind of value `value` is (never the value itself, which may be a secret). */
export function describeActual(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (value instanceof Date) return 'a Date';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

function pathOf(context: t.Context): string {
  let path = '';
  for (let i = 1; i < context.length; i++) {
    const key = context[i]?.key ?? '';
    const parentType = context[i - 1]?.type;
    // Union and intersection members appear as numbered keys; they are not part of the data's path.
    if (key === '' || parentType instanceof t.UnionType || parentType instanceof t.IntersectionType) continue;
    path += /^\d+$/.test(key) ? `[${key}]` : path === '' ? key : `.${key}`;
  }
  return path;
}

/**
 * Turns io-ts errors into one issue per path, never including the offending
 * value (it may be a secret): `content[3].createdOn: expected IsoDateTime, got a number`.
 */
export function formatIssues(errors: t.Errors): FieldIssue[] {
  const byPath = new Map<string, FieldIssue>();
  for (const error of errors) {
    const path = pathOf(error.context);
    if (byPath.has(path)) continue;
    const last = error.context[error.context.length - 1];
    const expected = last?.type.name ?? 'a value';
    const message = error.message ?? `expected ${expected}, got ${describeActual(error.value)}`;
    byPath.set(path, { path: path === '' ? '(root)' : path, message });
  }
  return [...byPath.values()];
}

/** One line listing the issues, for error messages. */
export function summarizeIssues(issues: readonly FieldIssue[], max = 5): string {
  const shown = issues.slice(0, max).map((i) => `${i.path}: ${i.message}`);
  const more = issues.length > max ? ` (and ${issues.length - max} more)` : '';
  return shown.join('; ') + more;
}

/** Decodes `value`, turning failures into readable {@link FieldIssue}s. */
export function decodeIssues<A>(codec: t.Decoder<unknown, A>, value: unknown): E.Either<FieldIssue[], A> {
  return E.mapLeft(formatIssues)(codec.decode(value));
}
