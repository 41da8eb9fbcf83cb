import { TokenBridgeError, type TokenError, TokenErrors } from '../errors';
import { listAll } from '../list-all';
import type { CallOptions, ListQuery, ProviderTypes, Token } from '../model';
import type { AnyTokenProvider, TokenProvider } from '../provider';
import { type PromiseTokenProvider, toPromise } from '../promise';
import { type AuditReason, auditReasons, usageOf } from './audit';
import { Channel } from './channel';
import { type Duration, parseDuration } from './duration';
import { type ApplyOptions, type ApplyResult, applyPlan } from './declaration/apply';
import type { Declaration } from './declaration/codec';
import type { Plan } from './declaration/plan-model';
import { type DeclarationContext, type PlanOptions, planDeclaration } from './declaration/planner';
import { type RotationEngine, rotationEngine } from './journaled';
import type { RotationJournal } from './journal';
import { memoryJournal } from './memory-journal';
import { type RotateOptions, type RotationResult, rotateToken } from './rotate';
import type { ResumeOptions, ResumeReport } from './rotation-resume';
import type { RotationState } from './rotation-state';
import type { SinkResolver } from './sink';

/** Providers under names the caller chooses (`'dato-prod'`, `'dato-staging'`...). */
export type ProviderMap = Readonly<Record<string, AnyTokenProvider>>;

/** The {@link ProviderTypes} of a provider. */
export type TypesOf<P> = P extends TokenProvider<infer S> ? S : ProviderTypes;

/** Options of {@link createTokenManager}. */
export interface TokenManagerOptions<P extends ProviderMap> {
  readonly providers: P;
  /** How many providers `inventory()` lists at once (default 4). */
  readonly concurrency?: number;
  /** The clock for expiry, audits, rotation ids and grace periods (default `Date.now`). */
  readonly now?: () => number;
  /**
   * Where rotations record their steps, so `resume()` can finish or unwind
   * what a crash left. With one, every rotation is journaled; without one,
   * rotations that deliver, wait out a grace period or are `dual` use a
   * journal in memory, which lasts as long as the manager.
   */
  readonly journal?: RotationJournal;
  /** Rebuilds a sink from its spec when `resume()` starts a rotation again (`@tokenbridge/rotation`'s `resolveSinkSpec` knows the built-in ones). */
  readonly resolveSink?: SinkResolver;
  /** Randomness of rotation ids (default `Math.random`). */
  readonly random?: () => number;
}

/** One entry of an inventory: a token, or the error that stopped one provider's listing. */
export type InventoryItem<K extends string = string> =
  | { readonly providerKey: K; readonly token: Token<unknown> }
  | { readonly providerKey: K; readonly error: TokenError };

/** Options of {@link TokenManager.inventory}. */
export interface InventoryOptions<K extends string> extends CallOptions {
  /** Only these providers (default all). */
  readonly providers?: readonly K[];
  /** Passed to each provider's list. */
  readonly query?: Omit<ListQuery, 'cursor'>;
  /** Called as each provider starts, yields tokens and finishes (for progress displays). */
  readonly onProgress?: (progress: { readonly providerKey: K; readonly tokens: number; readonly done: boolean; readonly failed: boolean }) => void;
}

/** A token close to (or past) its expiry. */
export interface ExpiringToken<K extends string = string> {
  readonly providerKey: K;
  readonly token: Token<unknown>;
  /** Negative when already expired. */
  readonly expiresInMs: number;
}

/** A token the audit flags, with every reason. */
export interface AuditFinding<K extends string = string> {
  readonly providerKey: K;
  readonly token: Token<unknown>;
  readonly reasons: readonly AuditReason[];
}

/** What a multi-provider report found, and which providers could not be read. */
export interface Report<T, K extends string = string> {
  readonly items: readonly T[];
  readonly errors: ReadonlyArray<{ readonly providerKey: K; readonly error: TokenError }>;
}

/** A reference to one token of one configured provider. */
export interface TokenRef<K extends string> {
  readonly provider: K;
  readonly id: string;
}

/** Several providers managed together. */
export interface TokenManager<P extends ProviderMap> {
  /** The configured names. */
  readonly names: ReadonlyArray<keyof P & string>;
  /** The fp-ts provider configured under `name`, with its own types. */
  provider<K extends keyof P & string>(name: K): P[K];
  /** The Promise form of the provider configured under `name`. */
  promise<K extends keyof P & string>(name: K): PromiseTokenProvider<TypesOf<P[K]>>;
  /**
   * Streams every token of every provider, listing a bounded number of
   * providers at once. A provider that fails yields its error and the others
   * go on. Memory stays bounded: providers wait while the consumer is slow.
   */
  inventory(options?: InventoryOptions<keyof P & string>): AsyncGenerator<InventoryItem<keyof P & string>, void, undefined>;
  /** Tokens that expire within `within` (or already have), soonest first. */
  expiring(options: { readonly within: Duration } & InventoryOptions<keyof P & string>): Promise<Report<ExpiringToken<keyof P & string>, keyof P & string>>;
  /**
   * Rotates a token. `replace` creates a replacement with the same name,
   * description, lifetime and vendor attributes, checks that its secret
   * authenticates, delivers it to every sink in `deliver` (or returns it once),
   * and only then revokes the old one as `revokeOld` says (default: keep it;
   * `{ after }` and `{ whenUnusedFor }` wait, and `resume()` revokes when due).
   * `regenerate` uses the vendor's own action; `dual` keeps two tokens per
   * logical credential and replaces the older. Capabilities are checked before
   * anything is written; a failure rejects with a {@link RotationError} (the
   * vendor) or a {@link RotationIoError} (a sink, the journal) saying which
   * stage stopped. Journaled rotations record each step first: see the README's
   * "Rotation" section for what survives which crash.
   */
  rotate(ref: TokenRef<keyof P & string>, options?: RotateOptions): Promise<RotationResult>;
  /**
   * Finishes or unwinds every unfinished rotation in the journal: after
   * delivery it revokes the old token when due; before delivery it revokes the
   * orphaned replacement and starts the rotation again. Never rejects for one
   * rotation's failure: each is reported (and journaled) and the others go on.
   */
  resume(options?: ResumeOptions): Promise<ResumeReport>;
  /** The rotations in the journal, folded: only the unfinished ones unless `all`. */
  rotations(options?: { readonly all?: boolean }): Promise<RotationState[]>;
  /**
   * Plans a declaration (see `decodeDeclaration`): checks every entry against
   * its provider before any request (a {@link DeclarationError} lists every
   * mistake), reads the live tokens of each provider it names and the
   * journal, and returns what would bring them in line — creates, updates
   * (old → new), rotations due, replacements, and, where the provider is
   * pruned, deletes of undeclared tokens tokenbridge made. A provider that
   * cannot be read is reported in the plan; the others' actions stand. The
   * plan is plain JSON (`JSON.stringify` it; `decodePlan` reads it back) and
   * holds no secret.
   */
  plan(declaration: Declaration, options?: PlanOptions): Promise<Plan>;
  /**
   * Applies a plan (fresh, or saved and decoded) holding the journal's lock:
   * reads the live state again and refuses with a {@link StalePlanError} if
   * any action's fingerprint changed or the journal holds an unfinished
   * operation; otherwise runs every action — creates, rotations, replacements
   * and prunes journaled (`resume()` finishes them after a crash), every new
   * secret delivered to its sinks before it counts — and reports each one.
   */
  apply(plan: Plan, options?: ApplyOptions): Promise<ApplyResult>;
  /** Tokens that are expired, expiring, never used or unused for longer than `unusedFor`, with the reasons. */
  audit(
    options?: { readonly unusedFor?: Duration; readonly expiringWithin?: Duration } & InventoryOptions<keyof P & string>,
  ): Promise<Report<AuditFinding<keyof P & string>, keyof P & string>>;
  /** Closes every provider. */
  close(): Promise<void>;
}

/**
 * Builds a {@link TokenManager} over providers the caller configured, under
 * names the caller chooses, so two projects of one vendor sit side by side.
 *
 * @example
 * const manager = createTokenManager({
 *   providers: {
 *     'dato-prod': datocms({ apiToken: process.env.DATO_PROD! }),
 *     'dato-staging': datocms({ apiToken: process.env.DATO_STAGING! }),
 *   },
 * });
 * for await (const item of manager.inventory()) if ('token' in item) console.log(item.providerKey, item.token.name);
 */
export function createTokenManager<P extends ProviderMap>(options: TokenManagerOptions<P>): TokenManager<P> {
  type K = keyof P & string;
  const providers = options.providers;
  const names = Object.keys(providers) as K[];
  const concurrency = Math.max(1, options.concurrency ?? 4);
  const now = options.now ?? Date.now;
  let engine: RotationEngine | undefined;
  const rotations = (): RotationEngine =>
    (engine ??= rotationEngine({
      journal: options.journal ?? memoryJournal(),
      now,
      random: options.random ?? Math.random,
      provider: (key) => lookup(key as K),
      ...(options.resolveSink ? { resolveSink: options.resolveSink } : {}),
    }));

  function lookup<N extends K>(name: N): P[N] {
    const found = Object.prototype.hasOwnProperty.call(providers, name) ? providers[name] : undefined;
    if (!found) {
      throw new TokenBridgeError(
        TokenErrors.validation({ provider: 'tokenbridge', operation: 'configure' }, `no provider is configured as "${String(name)}"`, [
          { path: 'provider', message: `expected one of: ${names.join(', ') || '(none configured)'}` },
        ]),
      );
    }
    return found;
  }

  async function* inventory(opts: InventoryOptions<K> = {}): AsyncGenerator<InventoryItem<K>, void, undefined> {
    const selected = opts.providers ?? names;
    selected.forEach(lookup);
    const { providers: _selected, query, onProgress, ...call } = opts;
    const controller = new AbortController();
    const onAbort = (): void => controller.abort();
    call.signal?.addEventListener('abort', onAbort, { once: true });
    const channel = new Channel<InventoryItem<K>>(256);
    const queue = [...selected];

    async function worker(): Promise<void> {
      for (let key = queue.shift(); key !== undefined; key = queue.shift()) {
        let tokens = 0;
        onProgress?.({ providerKey: key, tokens, done: false, failed: false });
        try {
          for await (const token of listAll(lookup(key), query ?? {}, { ...call, signal: controller.signal })) {
            await channel.push({ providerKey: key, token });
            tokens += 1;
            if (tokens % 100 === 0) onProgress?.({ providerKey: key, tokens, done: false, failed: false });
          }
          onProgress?.({ providerKey: key, tokens, done: true, failed: false });
        } catch (error) {
          await channel.push({ providerKey: key, error: errorOf(error, lookup(key).provider) });
          onProgress?.({ providerKey: key, tokens, done: true, failed: true });
        }
      }
    }

    const workers = Promise.all(Array.from({ length: Math.min(concurrency, selected.length) }, worker)).finally(() => channel.end());
    try {
      yield* channel.drain();
      await workers;
    } finally {
      controller.abort();
      channel.end();
      call.signal?.removeEventListener('abort', onAbort);
    }
  }

  async function collect<T>(opts: InventoryOptions<K>, pick: (providerKey: K, token: Token<unknown>) => T | undefined): Promise<Report<T, K>> {
    const items: T[] = [];
    const errors: Array<{ providerKey: K; error: TokenError }> = [];
    for await (const item of inventory(opts)) {
      if ('error' in item) errors.push(item);
      else {
        const picked = pick(item.providerKey, item.token);
        if (picked !== undefined) items.push(picked);
      }
    }
    return { items, errors };
  }

  const declarations: DeclarationContext = {
    names,
    provider: (key) => (Object.prototype.hasOwnProperty.call(providers, key) ? providers[key as K] : undefined),
    inventory: (opts) => inventory(opts as InventoryOptions<K>),
    states: () => rotations().rotations(true),
    now,
    ...(options.resolveSink ? { resolveSink: options.resolveSink } : {}),
  };

  return {
    names,
    provider: lookup,
    promise: (name) => toPromise(lookup(name)) as PromiseTokenProvider<TypesOf<P[typeof name]>>,
    inventory,
    async expiring({ within, ...opts }) {
      const withinMs = parseDuration(within, 'within');
      const at = now();
      const report = await collect(opts, (providerKey, token) => {
        const expiresAt = token.expiresAt?.getTime();
        return expiresAt !== undefined && expiresAt - at <= withinMs ? { providerKey, token, expiresInMs: expiresAt - at } : undefined;
      });
      return { ...report, items: [...report.items].sort((a, b) => a.expiresInMs - b.expiresInMs) };
    },
    async rotate(ref, rotateOptions = {}) {
      const journaled =
        options.journal !== undefined || (rotateOptions.deliver?.length ?? 0) > 0 || rotateOptions.strategy === 'dual' || typeof rotateOptions.revokeOld === 'object';
      return journaled ? rotations().rotate(ref.provider, ref.id, rotateOptions) : rotateToken(ref.provider, lookup(ref.provider), ref.id, rotateOptions, now);
    },
    resume: (resumeOptions) => rotations().resume(resumeOptions),
    rotations: async (listOptions = {}) => rotations().rotations(listOptions.all === true),
    plan: (declaration, planOptions) => planDeclaration(declarations, declaration, planOptions),
    apply: (plan, applyOptions) => applyPlan(declarations, (work) => rotations().exclusive(work), plan, applyOptions),
    async audit({ unusedFor, expiringWithin, ...opts } = {}) {
      const thresholds = {
        ...(unusedFor !== undefined ? { unusedForMs: parseDuration(unusedFor, 'unusedFor') } : {}),
        ...(expiringWithin !== undefined ? { expiringWithinMs: parseDuration(expiringWithin, 'expiringWithin') } : {}),
      };
      const at = now();
      return collect(opts, (providerKey, token) => {
        const reasons = auditReasons(token, usageOf(lookup(providerKey), token, at), thresholds, at);
        return reasons.length > 0 ? { providerKey, token, reasons } : undefined;
      });
    },
    async close() {
      await Promise.all(names.map((name) => providers[name]?.close()));
    },
  };
}

function errorOf(error: unknown, provider: string): TokenError {
  if (TokenBridgeError.isInstance(error)) return error.error;
  // listAll only throws TokenBridgeError; anything else is a bug worth surfacing without its details.
  return TokenErrors.server({ provider, operation: 'inventory' }, 'unexpected failure while listing', { retryable: false });
}
