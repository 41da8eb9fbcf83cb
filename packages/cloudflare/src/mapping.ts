import { Secret, type Token, type TokenStatus, type ValidCreateInput, type ValidPatch } from '@tokenbridge/core';
import type { CloudflareCreateExtra, CloudflareExtra, CloudflarePatchExtra, CloudflarePolicy, CloudflareToken } from './codecs';

/* Pure functions between Cloudflare's wire format and the neutral model. */

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
 * Maps a token to a {@link Token}. A status outside the documented three (Cloudflare's "revoked (exposed)" for a
 * leaked token) is `unknown`, the vendor's own word kept in `raw`. Policies and condition pass through as read.
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

/**
 * The body of the full-replacement `PUT …/tokens/{id}` that applies `patch` to `token` as read: every writable field,
 * absent ones as read, `null` clearing; `undefined` when it would change nothing. A date being cleared is sent as
 * `null`, which clears it whether or not the vendor keeps what a PUT leaves out (open question 1); one never set is
 * left out. An expired token is written back as active: its expiry keeps it expired.
 */
export function putBody(token: CloudflareNeutralToken, patch: ValidPatch<CloudflarePatchExtra>) {
  const build = ({ name, status, expiresAt, extra = {} }: ValidPatch<CloudflarePatchExtra>) => {
    const dates = { expires_on: [token.expiresAt, expiresAt], not_before: [token.extra.notBefore, extra.notBefore] } as const;
    const sent = Object.entries(dates).flatMap(([key, [was, given]]) => {
      const next = given === undefined ? was : given;
      return next !== null ? [[key, cloudflareTime(next)]] : was !== null ? [[key, null]] : [];
    });
    return {
      name: name ?? token.name,
      status: status ?? (token.status === 'disabled' ? 'disabled' : 'active'),
      policies: (extra.policies ?? token.extra.policies).map((p) => policyBody(p, true)),
      condition: extra.condition === undefined ? token.extra.condition : (extra.condition ?? {}),
      ...(Object.fromEntries(sent) as { expires_on?: string | null; not_before?: string | null }),
    };
  };
  const body = build(patch);
  return JSON.stringify(body) === JSON.stringify(build({})) ? undefined : body;
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
