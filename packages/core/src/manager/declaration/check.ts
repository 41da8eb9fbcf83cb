import * as E from 'fp-ts/Either';
import { supports } from '../../capabilities';
import type { TokenError } from '../../errors';
import type { CreateTokenInput } from '../../model';
import type { AnyTokenProvider } from '../../provider';
import { markerLength } from '../marker';
import { type RevokeHow, RotationError, preflight } from '../rotate';
import type { SinkResolver } from '../sink';
import type { Declaration, DeclaredToken } from './codec';
import { type DeclarationIssue, type EntryRef, entryIssue, rootIssue } from './issues';

/** What the checks of a declaration against its providers need. */
export interface CheckContext {
  /** The configured provider names. */
  readonly names: readonly string[];
  /** The provider configured under a name, or `undefined`. */
  readonly provider: (key: string) => AnyTokenProvider | undefined;
  readonly resolveSink?: SinkResolver;
  readonly now: number;
}

/** The create input a declared token stands for at `now` (a lifetime counts from now). */
export function createInputOf(token: DeclaredToken, now: number): CreateTokenInput<Readonly<Record<string, unknown>>> {
  const e = token.expires;
  const expiresAt = e === undefined || e.kind === 'never' ? undefined : e.kind === 'after' ? new Date(now + e.ms) : new Date(e.at);
  return {
    name: token.name,
    ...(token.description !== undefined ? { description: token.description } : {}),
    ...(expiresAt !== undefined ? { expiresAt } : {}),
    ...(token.extra !== undefined ? { extra: token.extra } : {}),
  };
}

/** The declaration's field a create input's field came from. */
const fieldOf = (path: string): string => (path === 'expiresAt' ? 'expires' : path === '(root)' ? '' : path);

/** A provider's pre-flight refusal as issues of the entry. */
function issuesOf(ref: EntryRef, error: TokenError): DeclarationIssue[] {
  if (error._tag === 'Validation' && error.issues.length > 0) return error.issues.map((i) => entryIssue(ref, fieldOf(i.path), i.message));
  if (error._tag === 'Unsupported') return [entryIssue(ref, error.feature === 'create' ? 'provider' : fieldOf(error.feature), error.message)];
  return [entryIssue(ref, '', error.message)];
}

/** How a declared rotation revokes the old token on this provider. */
export function revokeHowOf(provider: AnyTokenProvider): RevokeHow {
  return supports(provider.capabilities, 'delete') ? 'delete' : 'disable';
}

function checkEntry(token: DeclaredToken, index: number, ctx: CheckContext): DeclarationIssue[] {
  const ref: EntryRef = { index, name: token.name, provider: token.provider };
  const provider = ctx.provider(token.provider);
  if (!provider) return [entryIssue(ref, 'provider', `no provider is configured as "${token.provider}"; expected one of: ${ctx.names.join(', ') || '(none configured)'}`)];
  const caps = provider.capabilities;
  const issues: DeclarationIssue[] = [];
  if (!supports(caps, 'list')) issues.push(entryIssue(ref, 'provider', `${provider.provider} cannot list its tokens, so their state cannot be read`));
  const dual = token.rotate?.strategy === 'dual';
  const room = caps.limits.nameMaxLength - markerLength(dual);
  if (token.name.length > room) {
    issues.push(entryIssue(ref, 'name', `longer than ${room} characters: ${provider.provider} takes ${caps.limits.nameMaxLength}, and tokenbridge's marker needs ${markerLength(dual)}`));
  }
  const checked = provider.inputChecks?.create(createInputOf(token, ctx.now));
  if (checked && E.isLeft(checked)) issues.push(...issuesOf(ref, checked.left).filter((i) => i.field !== 'name' || !issues.some((x) => x.field === 'name')));
  if (token.rotate) {
    const { strategy } = token.rotate;
    try {
      preflight(provider, strategy, strategy === 'regenerate' ? undefined : revokeHowOf(provider));
    } catch (error) {
      if (!(error instanceof RotationError)) throw error;
      issues.push(entryIssue(ref, 'rotate.strategy', error.error.message));
    }
  }
  token.deliver.forEach((spec, i) => {
    if (!ctx.resolveSink) {
      if (i === 0) issues.push(entryIssue(ref, 'deliver', 'needs a sink resolver: give the token manager (or plan) a resolveSink, such as sinkResolver() from @tokenbridge/rotation'));
    } else if (!ctx.resolveSink(spec)) {
      issues.push(entryIssue(ref, `deliver[${i}]`, 'is not a sink spec the configured resolveSink knows (the built-in ones: dotenv:<file>:<KEY>, json:<file>:<key.path>, cmd:["program","arg",...])'));
    }
  });
  return issues;
}

/**
 * Checks a decoded declaration against the configured providers, without a
 * request: each provider named is configured and can list; each entry's
 * name fits the vendor's limit with tokenbridge's marker; its fields pass the
 * vendor's own create checks (capabilities and `extra` codec); its rotation
 * strategy is one the vendor supports; its sinks resolve; each pruned provider
 * can delete. Returns every issue found.
 */
export function checkDeclaration(declaration: Declaration, ctx: CheckContext): DeclarationIssue[] {
  const issues = declaration.tokens.flatMap((token, index) => checkEntry(token, index, ctx));
  declaration.prune.forEach((key, i) => {
    const provider = ctx.provider(key);
    if (!provider) issues.push(rootIssue(`prune[${i}]`, `no provider is configured as "${key}"; expected one of: ${ctx.names.join(', ') || '(none configured)'}`));
    else if (!supports(provider.capabilities, 'delete')) issues.push(rootIssue(`prune[${i}]`, `${provider.provider} cannot delete tokens, so "${key}" cannot be pruned`));
  });
  return issues;
}
