import { Secret, type Token, type TokenUsage, type ValidPatch } from '@tokenbridge/core';
import type { DatoCmsAccessToken, DatoCmsCreateAccessTokenDocument, DatoCmsUpdateAccessTokenDocument, DatoCmsWritableAttributes, DatoCmsWriteRelationships } from './codecs';
import { DATOCMS_PROVIDER, type DatoCmsCreateExtra, type DatoCmsExtra, type DatoCmsPatchExtra } from './types';

/*
 * Pure functions between the DatoCMS wire format and the neutral model.
 */

/** A DatoCMS token in neutral terms. */
export type DatoCmsToken = Token<DatoCmsExtra>;

/** Everything a PUT replaces: the four attributes and the role. */
export interface WritableState {
  readonly name: string;
  readonly canAccessCda: boolean;
  readonly canAccessCdaPreview: boolean;
  readonly canAccessCma: boolean;
  readonly roleId: string | null;
}

/**
 * Maps an `access_token` to a {@link Token}. The secret (`attributes.token`)
 * moves to `secret` and is removed from `raw`. DatoCMS tokens have no status,
 * description, timestamps, expiry or version: those are fixed (`active`, `null`).
 */
export function toToken(wire: DatoCmsAccessToken): DatoCmsToken {
  const { token: value, ...attributes } = wire.attributes;
  const secret = typeof value === 'string' && value !== '' ? new Secret(value) : undefined;
  return {
    provider: DATOCMS_PROVIDER,
    id: wire.id,
    name: attributes.name,
    description: null,
    status: 'active',
    createdAt: null,
    updatedAt: null,
    expiresAt: null,
    lastUsedAt: null,
    version: null,
    ...(secret !== undefined ? { secret } : {}),
    extra: {
      roleId: wire.relationships?.role?.data?.id ?? null,
      canAccessCda: attributes.can_access_cda,
      canAccessCdaPreview: attributes.can_access_cda_preview,
      canAccessCma: attributes.can_access_cma,
      // The docs show "" for API-made tokens where the client types say null.
      hardcodedType: attributes.hardcoded_type ? attributes.hardcoded_type : null,
      lastCmaAccess: attributes.last_cma_access ?? null,
      lastCdaAccess: attributes.last_cda_access ?? null,
    },
    raw: { ...wire, attributes },
  };
}

/**
 * The `extra` of a copy of `token` (rotation by replacement): role and flags.
 * A role-less token cannot be copied (create needs a role): leaving roleId out
 * makes the create fail with Validation on extra.roleId, before sending.
 */
export function replacementExtra(token: DatoCmsToken): DatoCmsCreateExtra {
  const { roleId, canAccessCda, canAccessCdaPreview, canAccessCma } = token.extra;
  const flags = { canAccessCda, canAccessCdaPreview, canAccessCma };
  return (roleId !== null ? { roleId, ...flags } : flags) as DatoCmsCreateExtra;
}

/** True for the project's built-in tokens, which the vendor refuses to update. */
export function isBuiltIn(token: DatoCmsToken): boolean {
  return token.extra.hardcodedType !== null;
}

function attributesOf(state: Omit<WritableState, 'roleId'>): DatoCmsWritableAttributes {
  return {
    name: state.name,
    can_access_cda: state.canAccessCda,
    can_access_cda_preview: state.canAccessCdaPreview,
    can_access_cma: state.canAccessCma,
  };
}

function roleRelationship(roleId: string): DatoCmsWriteRelationships {
  return { role: { data: { type: 'role', id: roleId } } };
}

/** The body of `POST /access_tokens`. Flags left out are `false` (the vendor has no defaults). */
export function createDocument(name: string, extra: DatoCmsCreateExtra): DatoCmsCreateAccessTokenDocument {
  return {
    data: {
      type: 'access_token',
      attributes: attributesOf({
        name,
        canAccessCda: extra.canAccessCda ?? false,
        canAccessCdaPreview: extra.canAccessCdaPreview ?? false,
        canAccessCma: extra.canAccessCma ?? false,
      }),
      relationships: roleRelationship(extra.roleId),
    },
  };
}

/** What a PUT would have to send to leave `token` as it is. */
export function writableState(token: DatoCmsToken): WritableState {
  const { roleId, canAccessCda, canAccessCdaPreview, canAccessCma } = token.extra;
  return { name: token.name, canAccessCda, canAccessCdaPreview, canAccessCma, roleId };
}

/** `current` with the patch's fields laid over it (fields absent from the patch keep their value). */
export function applyPatch(current: WritableState, patch: ValidPatch<DatoCmsPatchExtra>): WritableState {
  const extra = patch.extra ?? {};
  return {
    name: patch.name ?? current.name,
    canAccessCda: extra.canAccessCda ?? current.canAccessCda,
    canAccessCdaPreview: extra.canAccessCdaPreview ?? current.canAccessCdaPreview,
    canAccessCma: extra.canAccessCma ?? current.canAccessCma,
    roleId: extra.roleId ?? current.roleId,
  };
}

/** True when both states would send the same PUT. */
export function sameState(a: WritableState, b: WritableState): boolean {
  return (
    a.name === b.name &&
    a.canAccessCda === b.canAccessCda &&
    a.canAccessCdaPreview === b.canAccessCdaPreview &&
    a.canAccessCma === b.canAccessCma &&
    a.roleId === b.roleId
  );
}

/**
 * The body of `PUT /access_tokens/{id}`: all four attributes, and the role
 * when there is one (without `relationships` the vendor keeps the role, so a
 * role-less token is sent without it).
 */
export function updateDocument(id: string, state: WritableState): DatoCmsUpdateAccessTokenDocument {
  return {
    data: {
      type: 'access_token',
      id,
      attributes: attributesOf(state),
      ...(state.roleId !== null ? { relationships: roleRelationship(state.roleId) } : {}),
    },
  };
}

const DAY_MS = 86_400_000;

function startOfUtcDay(at: Date): number {
  return Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate());
}

/**
 * The latest moment a token in `bucket` can have been used, read in UTC (the
 * vendor does not say which time zone its buckets use). Weeks may start on
 * Sunday or Monday, so "last week" ends at the more recent of the two.
 */
function bucketUsage(bucket: string | null, now: Date): TokenUsage {
  const today = startOfUtcDay(now);
  const approximate = (latest: number): TokenUsage => ({ kind: 'used', latest: new Date(Math.min(latest, now.getTime())), precision: 'approximate' });
  switch (bucket) {
    case 'never':
      return { kind: 'never' };
    case 'today':
    case 'this_week':
    case 'this_month':
      return approximate(now.getTime());
    case 'yesterday':
      return approximate(today);
    case 'last_week': {
      const sinceSunday = now.getUTCDay();
      const sinceMonday = (sinceSunday + 6) % 7;
      return approximate(today - Math.min(sinceSunday, sinceMonday) * DAY_MS);
    }
    case 'last_month':
      return approximate(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
    default:
      return { kind: 'unknown' };
  }
}

/**
 * What DatoCMS's coarse last-access buckets say about a token's last use:
 * the later of its CMA and CDA use, `never` only when both say never.
 */
export function usageOf(token: DatoCmsToken, now: Date): TokenUsage {
  const both = [bucketUsage(token.extra.lastCmaAccess, now), bucketUsage(token.extra.lastCdaAccess, now)];
  const used = both.flatMap((u) => (u.kind === 'used' ? [u.latest.getTime()] : []));
  if (used.length > 0) return { kind: 'used', latest: new Date(Math.max(...used)), precision: 'approximate' };
  return both.every((u) => u.kind === 'never') ? { kind: 'never' } : { kind: 'unknown' };
}
