import { Secret, type Token, type TokenStatus, type ValidCreateInput, type ValidPatch } from '@tokenbridge/core';
import type { CloudflareCreateExtra, CloudflareExtra, CloudflarePatchExtra, CloudflarePolicy, CloudflareToken } from './codecs';

/*
 * Pure functions between Cloudflare's wire format and the neutral model.
 */

/** The provider id of this adapter. */
export const CLOUDFLARE_PROVIDER = 'cloudflare';

/** A Cloudflare token in neutral terms. */
export type CloudflareNeutralToken = Token<CloudflareExtra>;

const STATUSES: ReadonlySet<string> = new Set(['active', 'disabled', 'expired']);

const dateOf = (value: string | undefined): Date | null => {
  const date = value === undefined ? null : new Date(value);
  return date !== null && !Number.isNaN(date.getTime()) ? date : null;
};

/**
 * Maps a token to a {@link Token}. A status outside the documented three
 * (Cloudflare's "revoked (exposed)" for a leaked token) is `unknown`; the
 * vendor's own word stays in `raw`. Policies and condition pass through as read.
 */
export function toToken(wire: CloudflareToken, value?: string): CloudflareNeutralToken {
  const { value: _dropped, ...raw } = wire as CloudflareToken & { value?: unknown };
  return {
    provider: CLOUDFLARE_PROVIDER,
    id: wire.id,
    name: wire.name,
    description: null,
    status: (STATUSES.has(wire.status) ? wire.status : 'unknown') as TokenStatus,
    createdAt: dateOf(wire.issued_on),
    updatedAt: dateOf(wire.modified_on),
    expiresAt: dateOf(wire.expires_on),
    lastUsedAt: dateOf(wire.last_used_on),
    version: null,
    ...(value !== undefined && value !== '' ? { secret: new Secret(value) } : {}),
    extra: { policies: wire.policies, condition: wire.condition ?? {}, notBefore: wire.not_before ?? null },
    raw,
  };
}

/** Date-times the way Cloudflare writes them: UTC, whole seconds, `Z` (`2018-07-01T05:20:00Z`). */
export function cloudflareTime(date: Date | string): string {
  return new Date(date).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** A policy as a write sends it: effect, resources and permission-group ids (and `meta` where set). */
function policyBody(policy: Pick<CloudflarePolicy, 'effect' | 'resources' | 'permission_groups'> & { readonly id?: string }, keepId: boolean) {
  return {
    ...(keepId && policy.id !== undefined ? { id: policy.id } : {}),
    effect: policy.effect,
    resources: policy.resources,
    permission_groups: policy.permission_groups.map((g) => ({ id: g.id, ...(g.meta !== undefined ? { meta: g.meta } : {}) })),
  };
}

/** The body of `POST …/tokens`. */
export function createBody(input: ValidCreateInput<CloudflareCreateExtra>) {
  const extra = input.extra;
  return {
    name: input.name,
    policies: (extra?.policies ?? []).map((p) => policyBody(p, false)),
    ...(extra?.condition !== undefined ? { condition: extra.condition } : {}),
    ...(input.expiresAt ? { expires_on: cloudflareTime(input.expiresAt) } : {}),
    ...(extra?.notBefore !== undefined ? { not_before: cloudflareTime(extra.notBefore) } : {}),
  };
}

/** What a PUT must send to leave `token` as it is (an expired token is written back as active: expiry decides). */
export function writableState(token: CloudflareNeutralToken) {
  return {
    name: token.name,
    status: token.status === 'disabled' ? 'disabled' : 'active',
    policies: token.extra.policies.map((p) => policyBody(p, true)),
    condition: token.extra.condition,
    expires_on: token.expiresAt === null ? null : cloudflareTime(token.expiresAt),
    not_before: token.extra.notBefore === null ? null : cloudflareTime(token.extra.notBefore),
  };
}

/** Everything a full-replacement PUT sends: each writable field as read, with the patch laid over it. */
export type WritableState = ReturnType<typeof writableState>;

/** `current` with the patch's fields laid over it; absent fields keep their value, `null` clears. */
export function applyPatch(current: WritableState, patch: ValidPatch<CloudflarePatchExtra>): WritableState {
  const extra = patch.extra ?? {};
  const at = (value: Date | string | null | undefined, kept: string | null) => (value === undefined ? kept : value === null ? null : cloudflareTime(value));
  return {
    name: patch.name ?? current.name,
    status: patch.status ?? current.status,
    policies: extra.policies?.map((p) => policyBody(p, true)) ?? current.policies,
    condition: extra.condition === undefined ? current.condition : (extra.condition ?? {}),
    expires_on: at(patch.expiresAt, current.expires_on),
    not_before: at(extra.notBefore, current.not_before),
  };
}

/**
 * The body of `PUT …/tokens/{id}`: every writable field. A date the token
 * keeps unset is left out; one being cleared is sent as `null`, which clears
 * it whether or not the vendor keeps fields a PUT leaves out (open question 1).
 */
export function updateBody(before: WritableState, after: WritableState) {
  const date = (key: 'expires_on' | 'not_before') =>
    after[key] !== null ? { [key]: after[key] } : before[key] !== null ? { [key]: null } : {};
  return { name: after.name, status: after.status, policies: after.policies, condition: after.condition, ...date('expires_on'), ...date('not_before') };
}

/** True when both states would send the same PUT. */
export function sameState(a: WritableState, b: WritableState): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** The create input that reproduces `token` (policies without their ids: create refuses them). */
export function replacementInput(token: CloudflareNeutralToken): ValidCreateInput<CloudflareCreateExtra> {
  const { policies, condition, notBefore } = token.extra;
  return {
    name: token.name,
    extra: {
      policies: policies.map((p) => policyBody({ ...p, effect: p.effect === 'deny' ? 'deny' : 'allow' }, false)) as CloudflareCreateExtra['policies'],
      ...(Object.keys(condition).length > 0 ? { condition } : {}),
      ...(notBefore !== null ? { notBefore } : {}),
    },
  };
}
