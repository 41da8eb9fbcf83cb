import * as E from 'fp-ts/Either';
import type { TokenError } from '../../errors';
import type { CallOptions, Token } from '../../model';
import type { AnyTokenProvider } from '../../provider';
import { type RevokePlan, recordError } from '../journal';
import type { InventoryItem } from '../manager';
import { parseMarkedName } from '../marker';
import type { RotationState } from '../rotation-state';
import type { SinkResolver } from '../sink';
import { isLive } from '../rotation-io';
import { checkDeclaration, revokeHowOf } from './check';
import { type Declaration, DeclarationC, type DeclaredToken, decodeDeclaration } from './codec';
import { driftOf, rotatedAt, rotationReason } from './drift';
import { DeclarationError } from './issues';
import { PLAN_FORMAT, PLAN_VERSION, type Plan, type PlanAction, type PlanEntry, type PlanProvider, type PlanStatus, type UnmanagedToken } from './plan-model';
import { type ProviderView, candidates, madeByTokenbridge, observe, providerView, unfinishedFor } from './view';

/** What planning and applying need from the token manager. */
export interface DeclarationContext {
  /** The configured provider names. */
  readonly names: readonly string[];
  /** The provider configured under a name, or `undefined`. */
  readonly provider: (key: string) => AnyTokenProvider | undefined;
  /** The manager's inventory (bounded concurrency, one provider's failure its own). */
  readonly inventory: (options: { readonly providers: readonly string[] } & CallOptions) => AsyncGenerator<InventoryItem, void, undefined>;
  /** The journal's operations, folded. */
  readonly states: () => Promise<RotationState[]>;
  readonly resolveSink?: SinkResolver;
  readonly now: () => number;
}

/** Options of `plan`. */
export interface PlanOptions extends CallOptions {
  /** Checks the declaration's sink specs (default: the manager's `resolveSink`). */
  readonly resolveSink?: SinkResolver;
}

/** Every token of each provider, or the error that stopped its listing. */
export async function readLive(ctx: DeclarationContext, keys: readonly string[], call: CallOptions): Promise<Map<string, Token<object>[] | TokenError>> {
  const live = new Map<string, Token<object>[] | TokenError>(keys.map((k) => [k, []]));
  if (keys.length === 0) return live;
  for await (const item of ctx.inventory({ ...call, providers: keys })) {
    const tokens = live.get(item.providerKey);
    if ('error' in item) live.set(item.providerKey, item.error);
    else if (Array.isArray(tokens)) tokens.push(item.token as Token<object>);
  }
  return live;
}

/** How a declared rotation (or replacement) revokes the token it replaces: after the grace period, or at once; `regenerate` has nothing to revoke. */
function revokeOf(token: DeclaredToken, provider: AnyTokenProvider, strategy: 'replace' | 'regenerate' | 'dual'): RevokePlan {
  const how = revokeHowOf(provider);
  if (strategy === 'regenerate') return { kind: 'never' };
  if (strategy === 'replace' && token.rotate?.graceMs !== undefined && token.rotate.strategy === 'replace') return { kind: 'after', how, ms: token.rotate.graceMs };
  return { kind: 'now', how };
}

/** The fields a declaration gives a token it makes. */
function fieldsOf(token: DeclaredToken) {
  return {
    name: token.name,
    ...(token.description !== undefined ? { description: token.description } : {}),
    ...(token.extra !== undefined ? { extra: { ...token.extra } } : {}),
    ...(token.expires !== undefined ? { expires: token.expires } : {}),
  };
}

/** The current token of an entry among its live matches: the only one, or the newest of a dual pair; undefined when they are duplicates. */
function currentOf(token: DeclaredToken, live: readonly Token<object>[]): Token<object> | undefined {
  if (live.length === 1) return live[0];
  const markers = live.map((t) => parseMarkedName(t.name));
  const pair = token.rotate?.strategy === 'dual' && live.length === 2 && markers[0]?.credentialId !== undefined && markers[0].credentialId === markers[1]?.credentialId;
  if (!pair) return undefined;
  return markers[0]?.rotationId?.localeCompare(markers[1]?.rotationId ?? '') === 1 ? live[0] : live[1];
}

/** One entry's findings and actions. */
function planEntry(view: ProviderView, token: DeclaredToken, index: number, now: number): { entry: PlanEntry; actions: PlanAction[] } {
  const matched = candidates(view, token.name);
  const base = { providerKey: view.providerKey, entry: index, name: token.name, fingerprint: matched.map((t) => observe(view.provider, t)) };
  const entry = { index, providerKey: view.providerKey, name: token.name, tokenId: null, related: [] as string[], changes: [], rotatedAt: null, rotationDueAt: null };
  const blocked = unfinishedFor(view, token.name, matched);
  if (blocked.length > 0) return { entry: { ...entry, state: 'unfinished', related: blocked.map((s) => s.rotationId) }, actions: [] };
  const live = matched.filter(isLive);
  const expired = matched.filter((t) => t.status === 'expired').sort((a, b) => (b.createdAt?.getTime() ?? 0) - (a.createdAt?.getTime() ?? 0));
  const current = live.length > 0 ? currentOf(token, live) : expired[0];
  if (live.length > 1 && current === undefined) return { entry: { ...entry, state: 'duplicate', related: live.map((t) => t.id) }, actions: [] };
  if (current === undefined) {
    if (matched.length > 0) return { entry: { ...entry, state: 'disabled', related: matched.map((t) => t.id) }, actions: [] };
    return { entry: { ...entry, state: 'create' }, actions: [{ kind: 'create', ...base, fields: fieldsOf(token), deliver: [...token.deliver] }] };
  }

  const drift = driftOf(view.provider, token, current, now);
  const last = rotatedAt(view, current);
  const reason = rotationReason(token, current, last, drift.lifetimeOver, now);
  const found = {
    ...entry,
    tokenId: current.id,
    changes: [...drift.changes],
    rotatedAt: last === undefined ? null : new Date(last).toISOString(),
    rotationDueAt: last === undefined || !token.rotate ? null : new Date(last + token.rotate.everyMs).toISOString(),
  };
  const onToken = { ...base, tokenId: current.id };
  const declared = token.rotate?.strategy ?? 'replace';
  const secret = { deliver: [...token.deliver] };
  if (drift.changes.some((c) => !c.inPlace)) {
    const strategy = declared === 'dual' ? 'dual' : 'replace';
    return {
      entry: { ...found, state: 'replace' },
      actions: [{ kind: 'replace', ...onToken, strategy, revoke: revokeOf(token, view.provider, strategy), fields: fieldsOf(token), changes: [...drift.changes], ...secret }],
    };
  }
  if (reason !== null) {
    // Regenerating keeps an expired token expired: it gets a successor instead.
    const strategy = declared === 'regenerate' && reason.kind === 'expired' ? 'replace' : declared;
    const revoke = revokeOf(token, view.provider, strategy);
    if (strategy === 'regenerate') {
      const update: PlanAction[] = drift.changes.length > 0 ? [{ kind: 'update', ...onToken, changes: [...drift.changes] }] : [];
      return { entry: { ...found, state: 'rotate' }, actions: [...update, { kind: 'rotate', ...onToken, reason, strategy, revoke, fields: null, changes: [], ...secret }] };
    }
    return { entry: { ...found, state: 'rotate' }, actions: [{ kind: 'rotate', ...onToken, reason, strategy, revoke, fields: fieldsOf(token), changes: [...drift.changes], ...secret }] };
  }
  if (drift.changes.length > 0) return { entry: { ...found, state: 'update' }, actions: [{ kind: 'update', ...onToken, changes: [...drift.changes] }] };
  return { entry: { ...found, state: 'ok' }, actions: [] };
}

/** Tokens of the provider no entry declares; with prune on, a delete for each one tokenbridge made. */
function unmanagedOf(view: ProviderView, declared: ReadonlySet<string>, prune: boolean): { unmanaged: UnmanagedToken[]; actions: PlanAction[] } {
  const unmanaged: UnmanagedToken[] = [];
  const actions: PlanAction[] = [];
  for (const token of [...view.tokens.values()].sort((a, b) => a.id.localeCompare(b.id))) {
    if (view.excluded.has(token.id) || declared.has(parseMarkedName(token.name).base)) continue;
    const made = madeByTokenbridge(view, token);
    const pruned = prune && made;
    unmanaged.push({ providerKey: view.providerKey, tokenId: token.id, name: token.name, status: token.status, createdByTokenbridge: made, pruned });
    if (pruned) actions.push({ kind: 'delete', providerKey: view.providerKey, entry: null, name: token.name, tokenId: token.id, fingerprint: [observe(view.provider, token)] });
  }
  return { unmanaged, actions };
}

/** A declaration as its codec would give it, whatever built it: every decode-time check runs again. */
function normalize(declaration: Declaration): Declaration {
  let input: unknown;
  try {
    input = DeclarationC.encode(declaration);
  } catch {
    // Not even shaped like a declaration: decoding it as given names what is wrong.
    input = declaration;
  }
  const decoded = decodeDeclaration(input);
  if (E.isLeft(decoded)) throw decoded.left;
  return decoded.right;
}

/**
 * Plans a declaration: checks it (every mistake at once, before any request),
 * reads the live tokens of every provider it names and the journal, and
 * computes what would bring them in line. See the README's "Tokens as code".
 */
export async function planDeclaration(ctx: DeclarationContext, declaration: Declaration, options: PlanOptions = {}): Promise<Plan> {
  const { resolveSink = ctx.resolveSink, ...call } = options;
  const decl = normalize(declaration);
  const now = ctx.now();
  const issues = checkDeclaration(decl, { names: ctx.names, provider: ctx.provider, now, ...(resolveSink ? { resolveSink } : {}) });
  if (issues.length > 0) throw new DeclarationError(issues);

  const keys = [...new Set([...decl.tokens.map((t) => t.provider), ...decl.prune])];
  const states = await ctx.states();
  const live = await readLive(ctx, keys, call);
  const views = new Map<string, ProviderView>();
  const providers: PlanProvider[] = keys.map((key) => {
    const provider = ctx.provider(key) as AnyTokenProvider;
    const read = live.get(key);
    if (Array.isArray(read)) views.set(key, providerView(key, provider, read, states));
    return { key, provider: provider.provider, prune: decl.prune.includes(key), error: Array.isArray(read) || read === undefined ? null : recordError(read) };
  });

  const entries: PlanEntry[] = [];
  const actions: PlanAction[] = [];
  decl.tokens.forEach((token, index) => {
    const view = views.get(token.provider);
    if (!view) {
      entries.push({ index, providerKey: token.provider, name: token.name, state: 'unreadable', tokenId: null, related: [], changes: [], rotatedAt: null, rotationDueAt: null });
      return;
    }
    const planned = planEntry(view, token, index, now);
    entries.push(planned.entry);
    actions.push(...planned.actions);
  });
  const unmanaged: UnmanagedToken[] = [];
  for (const [key, view] of views) {
    const found = unmanagedOf(view, new Set(decl.tokens.filter((t) => t.provider === key).map((t) => t.name)), decl.prune.includes(key));
    unmanaged.push(...found.unmanaged);
    actions.push(...found.actions);
  }
  const needsPerson = providers.some((p) => p.error !== null) || entries.some((e) => e.state === 'duplicate' || e.state === 'unfinished' || e.state === 'disabled');
  const status: PlanStatus = needsPerson ? 'error' : actions.length > 0 ? 'changes' : 'no-changes';
  return { format: PLAN_FORMAT, version: PLAN_VERSION, createdAt: new Date(now).toISOString(), status, providers, entries, actions, unmanaged };
}
