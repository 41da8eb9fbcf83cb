import { type Token, TokenJsonC } from '../../model';
import type { AnyTokenProvider } from '../../provider';
import { parseMarkedName } from '../marker';
import type { RotationState } from '../rotation-state';
import type { ObservedToken } from './plan-model';

/**
 * One provider's live tokens as a declaration sees them, with what the
 * rotation journal knows: tokens in flight (a new token not yet delivered)
 * and tokens retiring (an old token waiting out its grace period) belong to
 * an operation, not to an entry, so they are neither matched nor reported as
 * duplicates or unmanaged.
 */
export interface ProviderView {
  readonly providerKey: string;
  readonly provider: AnyTokenProvider;
  /** Every token the vendor listed, by id. */
  readonly tokens: ReadonlyMap<string, Token<object>>;
  /** Tokens the journal says are in flight or retiring. */
  readonly excluded: ReadonlySet<string>;
  /** This provider's operations the journal holds unfinished before delivery (`resume` finishes or unwinds them). */
  readonly unfinished: readonly RotationState[];
  /** Tokens the journal records tokenbridge making. */
  readonly made: ReadonlySet<string>;
  /** When each token was last created or rotated, by the journal (epoch ms). */
  readonly deliveredAt: ReadonlyMap<string, number>;
}

/** The operations in the journal unfinished before delivery (a restart recorded but never planned among them): what `resume` finishes or unwinds first. */
export function unfinishedOf(states: readonly RotationState[]): RotationState[] {
  const known = new Set(states.map((s) => s.rotationId));
  return states.filter((s) => (s.open && s.phase !== 'delivered') || (s.phase === 'restarted' && s.restartedAs !== null && !known.has(s.restartedAs)));
}

/** Builds the view of one provider from its listed tokens and the journal's operations. */
export function providerView(providerKey: string, provider: AnyTokenProvider, tokens: readonly Token<object>[], states: readonly RotationState[]): ProviderView {
  const mine = states.filter((s) => s.plan.providerKey === providerKey);
  const unfinished = unfinishedOf(states).filter((s) => s.plan.providerKey === providerKey);
  const inFlight = new Set(unfinished.map((s) => s.rotationId));
  const excluded = new Set<string>();
  for (const s of unfinished) if (s.replacementId !== null && s.plan.strategy !== 'regenerate') excluded.add(s.replacementId);
  for (const s of mine) {
    const retiring = s.plan.strategy === 'dual' ? s.plan.retireId : s.plan.oldId;
    if (s.open && s.phase === 'delivered' && retiring !== null) excluded.add(retiring);
  }
  for (const token of tokens) {
    const marker = parseMarkedName(token.name).rotationId;
    if (marker !== undefined && inFlight.has(marker)) excluded.add(token.id);
  }
  const made = new Set<string>();
  const deliveredAt = new Map<string, number>();
  for (const s of mine) {
    if (s.replacementId === null || s.plan.strategy === 'prune') continue;
    if (s.plan.strategy !== 'regenerate') made.add(s.replacementId);
    const at = s.deliveredAt === null ? NaN : Date.parse(s.deliveredAt);
    if (!Number.isNaN(at) && at > (deliveredAt.get(s.replacementId) ?? -Infinity)) deliveredAt.set(s.replacementId, at);
  }
  return { providerKey, provider, tokens: new Map(tokens.map((t) => [t.id, t])), excluded, unfinished, made, deliveredAt };
}

/** The tokens a declared name matches: every status, the marker ignored, the journal's in-flight and retiring tokens left out; by id. */
export function candidates(view: ProviderView, name: string): Token<object>[] {
  return [...view.tokens.values()].filter((t) => !view.excluded.has(t.id) && parseMarkedName(t.name).base === name).sort((a, b) => a.id.localeCompare(b.id));
}

/** The unfinished operations that concern a declared name: one that makes a token of that name, or one on a token it matches. */
export function unfinishedFor(view: ProviderView, name: string, matched: readonly Token<object>[]): RotationState[] {
  const ids = new Set(matched.map((t) => t.id));
  return view.unfinished.filter((s) => (s.plan.name !== null && parseMarkedName(s.plan.name).base === name) || (s.plan.oldId !== null && ids.has(s.plan.oldId)));
}

/** True when tokenbridge made the token: its name carries the marker, or the journal records making it. */
export function madeByTokenbridge(view: ProviderView, token: Token<object>): boolean {
  return parseMarkedName(token.name).rotationId !== undefined || view.made.has(token.id);
}

/** A token's vendor attributes in the form a declaration gives them: the provider's copy of it, else its `extra`. */
export function declaredExtraOf(provider: AnyTokenProvider, token: Token<object>): Record<string, unknown> {
  const extra = provider.rotation ? provider.rotation.replacementInput(token).extra : token.extra;
  // Through JSON, so the fingerprint compares as the saved plan holds it.
  return JSON.parse(JSON.stringify(extra ?? {})) as Record<string, unknown>;
}

/** What a plan keeps of a token to compare it later: never its secret, `raw` or last use. */
export function observe(provider: AnyTokenProvider, token: Token<object>): ObservedToken {
  const { id, name, description, status, createdAt, expiresAt, version } = TokenJsonC.encode(token);
  return { id, name, description, status, createdAt, expiresAt, version, extra: declaredExtraOf(provider, token) };
}
