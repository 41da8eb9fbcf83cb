import type { Token } from '../model';
import type { AnyTokenProvider, TokenUsage } from '../provider';

/** Why a token is flagged. */
export type AuditReasonCode = 'expired' | 'expiring' | 'never-used' | 'unused';

/** One reason, in words as well. */
export interface AuditReason {
  readonly code: AuditReasonCode;
  readonly message: string;
}

/** What the audit looks at, in milliseconds. */
export interface AuditThresholds {
  readonly unusedForMs?: number;
  readonly expiringWithinMs?: number;
}

const DAY_MS = 86_400_000;

function days(ms: number): string {
  const d = ms / DAY_MS;
  return d >= 1 ? `${Math.floor(d)} day${Math.floor(d) === 1 ? '' : 's'}` : `${Math.max(1, Math.round(ms / 3_600_000))} h`;
}

/** The provider's usage data for a token, or what `lastUsedAt` says when it has none. */
export function usageOf(provider: AnyTokenProvider, token: Token<unknown>, now: number): TokenUsage {
  if (provider.usageOf) return provider.usageOf(token as Token<object>, new Date(now));
  return token.lastUsedAt ? { kind: 'used', latest: token.lastUsedAt, precision: 'exact' } : { kind: 'unknown' };
}

/** The reasons to flag `token` (empty when it is fine). Pure: the time and usage are given. */
export function auditReasons(token: Token<unknown>, usage: TokenUsage, thresholds: AuditThresholds, now: number): AuditReason[] {
  const reasons: AuditReason[] = [];
  const expiresAt = token.expiresAt?.getTime();
  if (token.status === 'expired' || (expiresAt !== undefined && expiresAt <= now)) {
    reasons.push({ code: 'expired', message: expiresAt !== undefined ? `expired ${days(now - expiresAt)} ago` : 'expired' });
  } else if (expiresAt !== undefined && thresholds.expiringWithinMs !== undefined && expiresAt - now <= thresholds.expiringWithinMs) {
    reasons.push({ code: 'expiring', message: `expires in ${days(expiresAt - now)}` });
  }
  const age = token.createdAt ? now - token.createdAt.getTime() : undefined;
  if (usage.kind === 'never') {
    // A token created moments ago has not had the chance to be used yet.
    if (thresholds.unusedForMs === undefined || age === undefined || age > thresholds.unusedForMs) {
      reasons.push({ code: 'never-used', message: age === undefined ? 'never used' : `never used since it was created ${days(age)} ago` });
    }
  } else if (usage.kind === 'used' && thresholds.unusedForMs !== undefined && now - usage.latest.getTime() > thresholds.unusedForMs) {
    const how = usage.precision === 'exact' ? 'last used' : 'last used at the latest';
    reasons.push({ code: 'unused', message: `${how} ${days(now - usage.latest.getTime())} ago` });
  }
  return reasons;
}
