import type { Token } from '../../model';
import type { AnyTokenProvider } from '../../provider';
import { parseMarkedName, rotationIdTime } from '../marker';
import { iso } from '../rotation-io';
import type { DeclaredToken } from './codec';
import type { FieldChange, RotationReason } from './plan-model';
import { type ProviderView, declaredExtraOf } from './view';

/**
 * How a live token differs from its declaration, and whether its rotation
 * is due. Pure: the time is given.
 */

/** How far a lifetime may be off and still match: 1% of it, at least a minute (clocks differ, vendors round). */
export function lifetimeTolerance(ms: number): number {
  return Math.max(60_000, ms / 100);
}
/** How far an expiry may be off a declared date and still match (vendors that keep whole seconds). */
export const DATE_TOLERANCE_MS = 1_000;

/** Arrays compare as sets of their canonical forms, objects key by key: module lists come back in the vendor's order. */
function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical).sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.keys(value).sort().map((k) => [k, canonical((value as Record<string, unknown>)[k])]));
  }
  return value;
}

/** True when two JSON values are the same declaration-wise. */
export function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(canonical(a ?? null)) === JSON.stringify(canonical(b ?? null));
}

/** What differs, and whether the declared lifetime is already over. */
export interface Drift {
  readonly changes: readonly FieldChange[];
  /** The declared lifetime (`expires: 90d`) has run out: the token needs a successor, not an update. */
  readonly lifetimeOver: boolean;
}

/** The expiry the declaration wants of `live`, or `undefined` when it matches (or is not managed). */
function expiryChange(declared: DeclaredToken, live: Token<object>, now: number): { to: string | null } | 'over' | undefined {
  const e = declared.expires;
  if (e === undefined) return undefined;
  const current = live.expiresAt?.getTime() ?? null;
  if (e.kind === 'never') return current === null ? undefined : { to: null };
  if (e.kind === 'at') {
    const target = Date.parse(e.at);
    return current !== null && Math.abs(current - target) <= DATE_TOLERANCE_MS ? undefined : { to: e.at };
  }
  const created = live.createdAt?.getTime();
  // Without a creation time the lifetime cannot be checked; only a missing expiry is drift.
  if (created === undefined) return current === null ? { to: iso(now + e.ms) } : undefined;
  const target = created + e.ms;
  if (target <= now) return 'over';
  return current !== null && Math.abs(current - target) <= lifetimeTolerance(e.ms) ? undefined : { to: iso(target) };
}

/** The fields of `live` that differ from `declared` (only the fields it declares), each marked with whether the vendor can update it in place. */
export function driftOf(provider: AnyTokenProvider, declared: DeclaredToken, live: Token<object>, now: number): Drift {
  const caps = provider.capabilities.update;
  const changes: FieldChange[] = [];
  if (declared.description !== undefined && (declared.description ?? '') !== (live.description ?? '')) {
    changes.push({ field: 'description', from: live.description, to: declared.description, inPlace: caps.fields.includes('description') });
  }
  const expiry = expiryChange(declared, live, now);
  if (expiry !== undefined && expiry !== 'over') {
    changes.push({ field: 'expiresAt', from: live.expiresAt?.toISOString() ?? null, to: expiry.to, inPlace: caps.fields.includes('expiresAt') });
  }
  const current = declaredExtraOf(provider, live);
  for (const [key, value] of Object.entries(declared.extra ?? {})) {
    if (!sameValue(value, current[key])) changes.push({ field: `extra.${key}`, from: current[key] ?? null, to: value, inPlace: caps.extra.includes(key) });
  }
  return { changes, lifetimeOver: expiry === 'over' };
}

/** When `live` was made or last rotated: the journal's last delivery of it, else the vendor's creation time, else its marker's time. */
export function rotatedAt(view: ProviderView, live: Token<object>): number | undefined {
  const marker = parseMarkedName(live.name).rotationId;
  return view.deliveredAt.get(live.id) ?? live.createdAt?.getTime() ?? (marker !== undefined ? rotationIdTime(marker) : undefined);
}

/**
 * Why `live` must be rotated now, or null: expired (or past its declared
 * lifetime), older than `rotate.every`, expiring within `rotate.before`
 * (default the grace period), or of unknown age. Without a rotation policy,
 * only an expired token is due.
 */
export function rotationReason(declared: DeclaredToken, live: Token<object>, lastRotated: number | undefined, lifetimeOver: boolean, now: number): RotationReason | null {
  const expiresAt = live.expiresAt?.getTime();
  if (lifetimeOver || live.status === 'expired' || (expiresAt !== undefined && expiresAt <= now)) return { kind: 'expired' };
  const policy = declared.rotate;
  if (!policy) return null;
  if (lastRotated === undefined) return { kind: 'age-unknown' };
  if (now - lastRotated >= policy.everyMs) return { kind: 'age', ageMs: now - lastRotated, everyMs: policy.everyMs };
  const windowMs = policy.beforeMs ?? policy.graceMs ?? 0;
  if (expiresAt !== undefined && expiresAt - now <= windowMs) return { kind: 'expiring', expiresAt: iso(expiresAt), windowMs };
  return null;
}
