import { isRecord } from '../simulator/messages';
import type { SoftwareOneChanges, SoftwareOneTokenStore } from './store';

/** Field path → messages, the ASP.NET validation form of `errors`. */
export type SoftwareOneFieldErrors = Record<string, string[]>;

/** A validated body, or the errors to answer 400 with. */
export type SoftwareOneValidation<T> = { readonly value: T } | { readonly errors: SoftwareOneFieldErrors };

/** The fields of a valid create body. */
export type SoftwareOneCreateFields = SoftwareOneChanges & { readonly name: string; readonly accountId: string };

/** Longest name the platform accepts. */
export const SOFTWAREONE_MAX_NAME = 200;

/** Longest description the platform accepts. */
export const SOFTWAREONE_MAX_DESCRIPTION = 2000;

// Letters, digits, space and - . ' " only (the platform canon's rule for token names).
const NAME_CHARACTERS = /^[\p{L}\p{N} .\-'"]+$/u;

/** What the bodies may carry under the simulator's readings. */
export interface SoftwareOneBodyRules {
  /** Whether `extensions` is a known property (v5) or an unknown one (v4). */
  readonly extensions: boolean;
}

function writable(rules: SoftwareOneBodyRules): string[] {
  return ['name', 'description', 'icon', 'modules', ...(rules.extensions ? ['extensions'] : [])];
}

/**
 * Checks a create body: `{account:{id}, name, description?, icon?, modules?, extensions?}`,
 * with no other key (the schema has additionalProperties false).
 */
export function validateCreate(
  body: Record<string, unknown>,
  store: SoftwareOneTokenStore,
  accountId: string,
  rules: SoftwareOneBodyRules,
): SoftwareOneValidation<SoftwareOneCreateFields> {
  const errors: SoftwareOneFieldErrors = {};
  rejectUnknownKeys(body, ['account', ...writable(rules)], errors);
  const account = body['account'];
  if (account === undefined || account === null) {
    add(errors, 'account', 'The account field is required.');
  } else if (!isRecord(account) || typeof account['id'] !== 'string' || Object.keys(account).length !== 1) {
    add(errors, 'account', 'The account must be an object with only an id.');
  } else if (account['id'] !== accountId) {
    add(errors, 'account.id', `Account '${account['id']}' was not found.`);
  }
  if (body['name'] === undefined) add(errors, 'name', 'The name field is required.');
  const changes = writableChanges(body, store, errors);
  if (Object.keys(errors).length > 0 || changes.name === undefined) return { errors };
  return { value: { ...changes, name: changes.name, accountId } };
}

/**
 * Checks a PUT body: a delta of the writable fields and nothing else but the
 * token's own `account` (the vendor's client tests PUT whole tokens, account
 * included, and are accepted; the account itself never changes).
 */
export function validateUpdate(
  body: Record<string, unknown>,
  store: SoftwareOneTokenStore,
  accountId: string,
  rules: SoftwareOneBodyRules,
): SoftwareOneValidation<SoftwareOneChanges> {
  const errors: SoftwareOneFieldErrors = {};
  rejectUnknownKeys(body, ['account', ...writable(rules)], errors);
  const account = body['account'];
  if (account !== undefined && (!isRecord(account) || account['id'] !== accountId)) {
    add(errors, 'account', 'The account of an API token cannot be changed.');
  }
  const changes = writableChanges(body, store, errors);
  return Object.keys(errors).length > 0 ? { errors } : { value: changes };
}

function rejectUnknownKeys(body: Record<string, unknown>, allowed: readonly string[], errors: SoftwareOneFieldErrors): void {
  for (const key of Object.keys(body)) {
    if (!allowed.includes(key)) add(errors, key, `The property '${key}' is not allowed.`);
  }
}

function writableChanges(
  body: Record<string, unknown>,
  store: SoftwareOneTokenStore,
  errors: SoftwareOneFieldErrors,
): SoftwareOneChanges {
  const changes: {
    name?: string;
    description?: string | null;
    icon?: string | null;
    moduleIds?: readonly string[];
    extensions?: readonly string[] | null;
  } = {};
  const { name, description, icon, modules, extensions } = body;
  if (name !== undefined) {
    const problem = nameProblem(name);
    if (problem === undefined) changes.name = name as string;
    else add(errors, 'name', problem);
  }
  if (description !== undefined) {
    if (description !== null && typeof description !== 'string') {
      add(errors, 'description', 'The description must be a string.');
    } else if (typeof description === 'string' && description.length > SOFTWAREONE_MAX_DESCRIPTION) {
      const limit = SOFTWAREONE_MAX_DESCRIPTION;
      add(errors, 'description', `The field description must be a string with a maximum length of ${limit}.`);
    } else {
      changes.description = description;
    }
  }
  if (icon !== undefined) {
    if (icon !== null && typeof icon !== 'string') add(errors, 'icon', 'The icon must be a string.');
    else changes.icon = icon;
  }
  if (modules !== undefined) {
    const ids = refIds(modules, 'modules', errors, false);
    ids?.forEach((id, index) => {
      if (!store.hasModule(id)) add(errors, `modules[${index}].id`, `Module '${id}' was not found.`);
    });
    if (ids !== undefined && ids !== null) changes.moduleIds = [...new Set(ids)];
  }
  if (extensions !== undefined) {
    const ids = refIds(extensions, 'extensions', errors, true);
    if (ids !== undefined) changes.extensions = ids === null ? null : [...new Set(ids)];
  }
  return changes;
}

function nameProblem(name: unknown): string | undefined {
  if (typeof name !== 'string') return 'The name must be a string.';
  if (name.trim() === '') return 'The name field is required.';
  if (name.length > SOFTWAREONE_MAX_NAME) {
    return `The field name must be a string with a maximum length of ${SOFTWAREONE_MAX_NAME}.`;
  }
  if (!NAME_CHARACTERS.test(name)) {
    return 'The name can only contain letters, digits, spaces and the characters - . \' ".';
  }
  return undefined;
}

/** The ids of a `[{id}]` list; null for an allowed null; undefined after recording an error. */
function refIds(
  value: unknown,
  key: string,
  errors: SoftwareOneFieldErrors,
  nullable: boolean,
): string[] | null | undefined {
  if (value === null) {
    if (nullable) return null;
    add(errors, key, `The ${key} field cannot be null.`);
    return undefined;
  }
  if (!Array.isArray(value)) {
    add(errors, key, `The ${key} field must be an array of {id} objects.`);
    return undefined;
  }
  const ids: string[] = [];
  value.forEach((item: unknown, index) => {
    if (isRecord(item) && typeof item['id'] === 'string' && Object.keys(item).length === 1) ids.push(item['id']);
    else add(errors, `${key}[${index}]`, 'Each item must be an object with only an id.');
  });
  return ids.length === value.length ? ids : undefined;
}

function add(errors: SoftwareOneFieldErrors, field: string, message: string): void {
  (errors[field] ??= []).push(message);
}
