import * as t from 'io-ts';
import * as E from 'fp-ts/Either';
import { pipe } from 'fp-ts/function';
import type { Capabilities, CreateField, PatchField } from './capabilities';
import { decodeIssues, describeActual, summarizeIssues } from './codecs';
import { callOptionsCodec, optionIssues } from './transport/options';
import { type ErrorContext, type FieldIssue, type TokenError, TokenErrors } from './errors';
import {
  type CallOptions,
  CreateTokenInputC,
  ListQueryC,
  type CreateTokenInput,
  type ListQuery,
  type ProviderId,
  type Token,
  type TokenPatch,
  TokenPatchC,
} from './model';

/**
 * Pre-flight checks on caller input: everything here runs before any request,
 * so bad input gives `Validation` or `Unsupported` and changes nothing.
 */

const ID_MAX_LENGTH = 200;
// Characters that change how text reads rather than what it says: C0 and C1
// controls and DEL (\p{Cc}), line and paragraph separators, and the bidi
// controls (U+061C, U+200E-U+200F, U+202A-U+202E, U+2066-U+2069), which can
// make a name display as another. No name, description or id holds one.
const INVISIBLE_CONTROLS = /[\p{Cc}\p{Bidi_Control}\u2028\u2029]/u;

/**
 * Characters that change how text displays rather than what it says (C0 and
 * C1 controls, DEL, line and paragraph separators, bidi controls): names,
 * descriptions and ids may not hold them, and a terminal must be shown them
 * escaped, never obeying them.
 */
export const CONTROL_CHARACTERS: RegExp = INVISIBLE_CONTROLS;

// Path and query delimiters and whitespace: an id holding one is a mistake
// (or an attempt to reach another path), never a real token id.
const FORBIDDEN_ID_CHARS = /[/\\?#%\s]/u;

function invalid(ctx: ErrorContext, issues: FieldIssue[]): TokenError {
  return TokenErrors.validation(ctx, `invalid input: ${summarizeIssues(issues)}`, issues);
}

/** Checks a token id: a non-empty string without path, query or control characters. */
export function validateId(ctx: ErrorContext, id: unknown, path = 'id'): E.Either<TokenError, string> {
  if (typeof id !== 'string') return E.left(invalid(ctx, [{ path, message: `expected a string, got ${describeActual(id)}` }]));
  if (id === '') return E.left(invalid(ctx, [{ path, message: 'must not be empty' }]));
  if (id.length > ID_MAX_LENGTH) return E.left(invalid(ctx, [{ path, message: `longer than ${ID_MAX_LENGTH} characters` }]));
  if (id === '.' || id === '..' || FORBIDDEN_ID_CHARS.test(id) || INVISIBLE_CONTROLS.test(id)) {
    return E.left(invalid(ctx, [{ path, message: 'must not contain /, \\, ?, #, %, whitespace or control characters, nor be . or ..' }]));
  }
  return E.right(id);
}

/** A token id, or a token read earlier, resolved for an operation. */
export interface Target<Extra> {
  readonly id: string;
  /** Present when the caller passed a token: read-modify-write adapters use it as the base. */
  readonly base?: Token<Extra>;
}

/** Checks an update/delete/regenerate target: an id, or a token of this provider. */
export function validateTarget<Extra>(ctx: ErrorContext, provider: ProviderId, target: unknown): E.Either<TokenError, Target<Extra>> {
  if (typeof target === 'object' && target !== null && 'id' in target) {
    const token = target as Token<Extra>;
    if (token.provider !== provider) {
      return E.left(invalid(ctx, [{ path: 'token.provider', message: `is ${String(token.provider)}, not ${provider}` }]));
    }
    return pipe(
      validateId(ctx, token.id, 'token.id'),
      E.map((id) => ({ id, base: token })),
    );
  }
  return pipe(
    validateId(ctx, target),
    E.map((id) => ({ id })),
  );
}

const CONTROLS_MESSAGE = 'must not contain control characters, line or paragraph separators, or bidi controls';

function checkName(name: string, maxLength: number, issues: FieldIssue[]): void {
  if (name.trim() === '') issues.push({ path: 'name', message: 'must not be empty or only whitespace' });
  else if (name.length > maxLength) issues.push({ path: 'name', message: `longer than ${maxLength} characters` });
  else if (INVISIBLE_CONTROLS.test(name)) issues.push({ path: 'name', message: CONTROLS_MESSAGE });
}

function checkDescription(description: string | null | undefined, issues: FieldIssue[]): void {
  if (typeof description === 'string' && INVISIBLE_CONTROLS.test(description)) issues.push({ path: 'description', message: CONTROLS_MESSAGE });
}

function checkExpiry(expiresAt: Date | null | undefined, now: number, issues: FieldIssue[]): void {
  if (expiresAt instanceof Date && expiresAt.getTime() <= now) issues.push({ path: 'expiresAt', message: 'is in the past' });
}

function unsupportedField(ctx: ErrorContext, present: readonly string[], allowed: readonly string[]): TokenError | undefined {
  const field = present.find((f) => !allowed.includes(f));
  return field === undefined ? undefined : TokenErrors.unsupported(ctx, field, `${ctx.provider} does not support ${field} on ${ctx.operation}`);
}

function presentKeys(input: object, keys: readonly string[]): string[] {
  return keys.filter((k) => (input as Record<string, unknown>)[k] !== undefined);
}

function decodeExtra<X>(ctx: ErrorContext, codec: t.Decoder<unknown, X>, extra: unknown): E.Either<TokenError, X | undefined> {
  if (extra === undefined) return E.right(undefined);
  return pipe(
    decodeIssues(codec, extra),
    E.mapLeft((issues) => invalid(ctx, issues.map((i) => ({ ...i, path: i.path === '(root)' ? 'extra' : `extra.${i.path}` })))),
  );
}

/** A validated create input: dates are `Date`s, `extra` decoded by the provider's codec. */
export interface ValidCreateInput<Extra> extends CreateTokenInput<Extra> {
  readonly extra?: Extra;
}

/** Checks a create input against the neutral codec, the capabilities and the provider's `extra` codec. */
export function validateCreateInput<X>(
  ctx: ErrorContext,
  capabilities: Capabilities,
  extraCodec: t.Decoder<unknown, X>,
  input: unknown,
  now: number,
): E.Either<TokenError, ValidCreateInput<X>> {
  const decoded = decodeIssues(CreateTokenInputC, input);
  if (E.isLeft(decoded)) return E.left(invalid(ctx, decoded.left));
  const value = decoded.right;
  const unsupported = unsupportedField(ctx, presentKeys(value, ['description', 'expiresAt'] satisfies CreateField[]), capabilities.create.fields);
  if (unsupported) return E.left(unsupported);
  const issues: FieldIssue[] = [];
  checkName(value.name, capabilities.limits.nameMaxLength, issues);
  checkDescription(value.description, issues);
  checkExpiry(value.expiresAt, now, issues);
  if (issues.length > 0) return E.left(invalid(ctx, issues));
  return pipe(
    decodeExtra(ctx, extraCodec, value.extra),
    E.map((extra) => ({ ...value, ...(extra !== undefined ? { extra } : {}) }) as ValidCreateInput<X>),
  );
}

/** A validated patch. */
export interface ValidPatch<Extra> extends TokenPatch<Extra> {
  readonly extra?: Extra;
}

/** Checks a patch against the neutral codec, the capabilities and the provider's `extra` codec. */
export function validatePatch<X>(
  ctx: ErrorContext,
  capabilities: Capabilities,
  extraCodec: t.Decoder<unknown, X>,
  patch: unknown,
  now: number,
): E.Either<TokenError, ValidPatch<X>> {
  const decoded = decodeIssues(TokenPatchC, patch);
  if (E.isLeft(decoded)) return E.left(invalid(ctx, decoded.left));
  const value = decoded.right;
  const neutral = presentKeys(value, ['name', 'description', 'expiresAt', 'status'] satisfies PatchField[]);
  const unsupported = unsupportedField(ctx, neutral, capabilities.update.fields);
  if (unsupported) return E.left(unsupported);
  if (value.ifVersion !== undefined && !capabilities.update.optimisticLocking) {
    return E.left(TokenErrors.unsupported(ctx, 'ifVersion', `${ctx.provider} has no optimistic locking, so ifVersion cannot be honoured`));
  }
  const issues: FieldIssue[] = [];
  if (value.name !== undefined) checkName(value.name, capabilities.limits.nameMaxLength, issues);
  checkDescription(value.description, issues);
  checkExpiry(value.expiresAt, now, issues);
  if (issues.length > 0) return E.left(invalid(ctx, issues));
  return pipe(
    decodeExtra(ctx, extraCodec, value.extra),
    E.map((extra) => ({ ...value, ...(extra !== undefined ? { extra } : {}) }) as ValidPatch<X>),
  );
}

/** Checks a list query; a page size above the vendor's maximum is lowered to it. */
export function validateListQuery(ctx: ErrorContext, capabilities: Capabilities, query: unknown): E.Either<TokenError, ListQuery> {
  const decoded = decodeIssues(ListQueryC, query ?? {});
  if (E.isLeft(decoded)) return E.left(invalid(ctx, decoded.left));
  const value = decoded.right;
  const { filters, orderBy } = capabilities.list;
  if (value.nameContains !== undefined && filters.nameContains === 'none') return E.left(TokenErrors.unsupported(ctx, 'nameContains'));
  if (value.status !== undefined && filters.status === 'none') return E.left(TokenErrors.unsupported(ctx, 'status'));
  if (value.orderBy !== undefined && orderBy[value.orderBy] === 'none') return E.left(TokenErrors.unsupported(ctx, `orderBy ${value.orderBy}`));
  const pageSize = value.pageSize === undefined ? undefined : Math.min(value.pageSize, capabilities.list.maxPageSize);
  return E.right({ ...value, ...(pageSize !== undefined ? { pageSize } : {}) });
}

/**
 * Checks the options every operation takes (`signal`, `timeoutMs`,
 * `headers`), as a JavaScript caller may pass anything: a deadline a timer
 * cannot hold, a header the HTTP layer sets, or `credentialHeader` (which
 * only the provider's credential fills) is `Validation`. Other keys are left
 * to the operation (delete's vendor options).
 */
export function validateCallOptions(ctx: ErrorContext, options: unknown, credentialHeader?: string): E.Either<TokenError, CallOptions> {
  if (options === undefined || options === null) return E.right({});
  try {
    if (typeof options !== 'object' || Array.isArray(options)) {
      return E.left(invalid(ctx, [{ path: 'options', message: `expected an object, got ${describeActual(options)}` }]));
    }
    return pipe(
      optionIssues(callOptionsCodec(credentialHeader), options, 'options'),
      E.bimap((issues) => invalid(ctx, issues), () => options as CallOptions),
    );
  } catch {
    // A proxy or a getter that throws: options that cannot be read are bad options.
    return E.left(invalid(ctx, [{ path: 'options', message: 'could not be read (reading it threw)' }]));
  }
}
