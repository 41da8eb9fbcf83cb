import type { CloudflareTokenRecord } from './store';
import type { CloudflareCondition, CloudflarePolicy, CloudflareToken, CloudflareTokenStatus } from './types';

/** How answers render a token. */
export interface CloudflareRenderOptions {
  /** `as-sent`: policies and their groups in the order written; `sorted`: both sorted by id. */
  readonly policyOrder: 'as-sent' | 'sorted';
}

/** A token's status at `now`: `expired` once `expires_on` has passed, whatever was set. */
export function effectiveStatus(record: CloudflareTokenRecord, now: number): CloudflareTokenStatus {
  return record.expiresOn !== null && record.expiresOn <= now ? 'expired' : record.status;
}

/** Whether a token authenticates at `now`: active, not expired, past `not_before`. */
export function usableAt(record: CloudflareTokenRecord, now: number): boolean {
  return effectiveStatus(record, now) === 'active' && (record.notBefore === null || record.notBefore <= now);
}

/** Date-times the way Cloudflare writes them: UTC, whole seconds, `Z` (`2018-07-01T05:20:00Z`). */
export function cloudflareTime(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

/** The wire shape of a token; its value is never part of it. */
export function render(record: CloudflareTokenRecord, now: number, options: CloudflareRenderOptions): CloudflareToken {
  return {
    id: record.id,
    name: record.name,
    status: effectiveStatus(record, now),
    issued_on: cloudflareTime(record.issuedOn),
    modified_on: cloudflareTime(record.modifiedOn),
    ...(record.lastUsedOn !== null && { last_used_on: cloudflareTime(record.lastUsedOn) }),
    ...(record.notBefore !== null && { not_before: cloudflareTime(record.notBefore) }),
    ...(record.expiresOn !== null && { expires_on: cloudflareTime(record.expiresOn) }),
    policies: options.policyOrder === 'sorted' ? sortedPolicies(record.policies) : record.policies,
    condition: renderCondition(record),
    ...(record.creatorEmail !== null && { creator_email_at_creation: record.creatorEmail }),
  };
}

function renderCondition(record: CloudflareTokenRecord): CloudflareCondition {
  const condition = record.condition;
  if (condition === null || (condition.in === undefined && condition.notIn === undefined)) return {};
  return {
    request_ip: {
      ...(condition.in !== undefined && { in: condition.in }),
      ...(condition.notIn !== undefined && { not_in: condition.notIn }),
    },
  };
}

function sortedPolicies(policies: readonly CloudflarePolicy[]): CloudflarePolicy[] {
  const byId = <T extends { readonly id: string }>(a: T, b: T): number => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  return policies
    .map((policy) => ({ ...policy, permission_groups: [...policy.permission_groups].sort(byId) }))
    .sort(byId);
}
