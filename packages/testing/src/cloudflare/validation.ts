import { isRecord } from '../simulator/messages';
import { parseIsoDateTime } from '../simulator/time';
import { isCidr } from './cidr';
import { groupAllowedFor, permissionGroup } from './permission-groups';
import type { CloudflareOwner } from './types';

/** Longest token name the API accepts. */
export const CLOUDFLARE_MAX_NAME = 120;

/** A policy that passed validation. */
export interface PolicyInput {
  /** Sent on update (the policy being kept); never accepted on create. */
  readonly id?: string;
  readonly effect: 'allow' | 'deny';
  readonly resources: Readonly<Record<string, string | Readonly<Record<string, string>>>>;
  readonly permissionGroups: ReadonlyArray<{ readonly id: string; readonly meta?: Readonly<Record<string, unknown>> }>;
}

/** An IP condition that passed validation. */
export interface ConditionInput {
  readonly in?: readonly string[];
  readonly notIn?: readonly string[];
}

/**
 * A create or update body that passed validation. Optional fields are
 * undefined when the body left them out and null when it sent null.
 */
export interface TokenBody {
  readonly name: string;
  readonly policies: readonly PolicyInput[];
  readonly status?: 'active' | 'disabled';
  readonly expiresOn?: number | null;
  readonly notBefore?: number | null;
  readonly condition?: ConditionInput | null;
}

/** What validation found: the body, or every rule it breaks. */
export type TokenBodyCheck = { readonly body: TokenBody } | { readonly messages: string[] };

/**
 * Checks a token body as Cloudflare does: `name` (1-120 characters) and
 * `policies` required; each policy with `effect`, `resources` and known
 * `permission_groups` the owner may hold; no policy `id` on create (the
 * vendor's "Reusing existing policies" error); date-times and CIDR ranges
 * well-formed; `status` (update only) `active` or `disabled`. Unknown keys
 * are ignored. Messages never echo a value other than a permission-group id.
 */
export function checkTokenBody(value: unknown, kind: 'create' | 'update', owner: CloudflareOwner): TokenBodyCheck {
  if (!isRecord(value)) return { messages: ['The request body must be a JSON object.'] };
  const messages: string[] = [];
  const name = value['name'];
  if (typeof name !== 'string' || name.trim() === '') messages.push('name is required.');
  else if (name.length > CLOUDFLARE_MAX_NAME) messages.push(`name must be at most ${CLOUDFLARE_MAX_NAME} characters.`);
  const policies = checkPolicies(value['policies'], kind, owner, messages);
  const status = value['status'];
  if (kind === 'update' && status !== undefined && status !== 'active' && status !== 'disabled') {
    messages.push("status must be 'active' or 'disabled'.");
  }
  const expiresOn = dateTime(value, 'expires_on', messages);
  const notBefore = dateTime(value, 'not_before', messages);
  if (typeof expiresOn === 'number' && typeof notBefore === 'number' && notBefore >= expiresOn) {
    messages.push('not_before must be earlier than expires_on.');
  }
  const condition = checkCondition(value['condition'], messages);
  // One message per rule, however many policies break it.
  if (messages.length > 0) return { messages: [...new Set(messages)] };
  return {
    body: {
      name: name as string,
      policies,
      ...(kind === 'update' && status !== undefined && { status: status as 'active' | 'disabled' }),
      ...(expiresOn !== undefined && { expiresOn }),
      ...(notBefore !== undefined && { notBefore }),
      ...(condition !== undefined && { condition }),
    },
  };
}

function checkPolicies(value: unknown, kind: 'create' | 'update', owner: CloudflareOwner, messages: string[]): PolicyInput[] {
  if (!Array.isArray(value) || value.length === 0) {
    messages.push('policies is required and must list at least one policy.');
    return [];
  }
  const policies: PolicyInput[] = [];
  value.forEach((policy: unknown, index) => {
    const at = `policies[${index}]`;
    if (!isRecord(policy)) {
      messages.push(`${at} must be an object.`);
      return;
    }
    if (policy['id'] !== undefined) {
      if (kind === 'create') messages.push('Reusing existing policies is not supported by token creation');
      else if (typeof policy['id'] !== 'string') messages.push(`${at}.id must be a string.`);
    }
    const effect = policy['effect'];
    if (effect !== 'allow' && effect !== 'deny') messages.push(`${at}.effect must be 'allow' or 'deny'.`);
    const resources = policy['resources'];
    if (!isResources(resources)) messages.push(`${at}.resources must map resource names to "*" or to such a map.`);
    const groups = checkGroups(policy['permission_groups'], at, owner, messages);
    if (messages.length === 0) {
      policies.push({
        ...(typeof policy['id'] === 'string' && { id: policy['id'] }),
        effect: effect as 'allow' | 'deny',
        resources: resources as PolicyInput['resources'],
        permissionGroups: groups,
      });
    }
  });
  return policies;
}

function checkGroups(value: unknown, at: string, owner: CloudflareOwner, messages: string[]): PolicyInput['permissionGroups'] {
  if (!Array.isArray(value) || value.length === 0) {
    messages.push(`${at}.permission_groups must list at least one permission group.`);
    return [];
  }
  const groups: Array<PolicyInput['permissionGroups'][number]> = [];
  for (const [index, entry] of (value as unknown[]).entries()) {
    const id = isRecord(entry) ? entry['id'] : undefined;
    if (typeof id !== 'string' || id === '') {
      messages.push(`${at}.permission_groups[${index}].id must be present.`);
      continue;
    }
    const group = permissionGroup(id);
    if (group === undefined || !groupAllowedFor(group, owner)) {
      messages.push(`Permission group ${id} is not valid for this token.`);
      continue;
    }
    const meta = (entry as Record<string, unknown>)['meta'];
    groups.push({ id, ...(isRecord(meta) && { meta }) });
  }
  return groups;
}

function isResources(value: unknown): boolean {
  if (!isRecord(value) || Object.keys(value).length === 0) return false;
  return Object.values(value).every(
    (entry) => typeof entry === 'string' || (isRecord(entry) && Object.values(entry).every((inner) => typeof inner === 'string')),
  );
}

function dateTime(body: Record<string, unknown>, key: string, messages: string[]): number | null | undefined {
  const value = body[key];
  if (value === undefined || value === null) return value;
  const ms = typeof value === 'string' ? parseIsoDateTime(value) : undefined;
  if (ms === undefined) messages.push(`${key} must be a date-time such as 2030-01-01T00:00:00Z.`);
  return ms;
}

function checkCondition(value: unknown, messages: string[]): ConditionInput | null | undefined {
  if (value === undefined || value === null) return value;
  if (!isRecord(value)) {
    messages.push('condition must be an object.');
    return undefined;
  }
  // The API reference spells it request_ip; the create-via-api how-to writes "request.ip".
  const requestIp = value['request_ip'] ?? value['request.ip'];
  if (requestIp === undefined || requestIp === null) return {};
  if (!isRecord(requestIp)) {
    messages.push('condition.request_ip must be an object.');
    return undefined;
  }
  const ranges = (key: 'in' | 'not_in'): readonly string[] | undefined => {
    const list = requestIp[key];
    if (list === undefined || list === null) return undefined;
    if (!Array.isArray(list) || !list.every((entry) => typeof entry === 'string' && isCidr(entry))) {
      messages.push(`condition.request_ip.${key} must list IPv4/IPv6 ranges in CIDR notation.`);
      return undefined;
    }
    return list as string[];
  };
  const allow = ranges('in');
  const deny = ranges('not_in');
  return { ...(allow !== undefined && { in: allow }), ...(deny !== undefined && { notIn: deny }) };
}
