import { type ErrorContext, TokenErrors } from '../errors';
import type { CallOptions, Token } from '../model';
import type { AnyTokenProvider } from '../provider';
import { ADOPTED_ID, credentialText, markName, parseMarkedName } from './marker';
import { RotationError } from './rotate';
import { findMarked } from './rotation-io';

/** The pair a dual rotation works on. */
export interface DualPair {
  /** The logical credential both tokens carry. */
  readonly credentialId: string;
  /** The newest live member: the replacement copies it. */
  readonly source: Token<object>;
  /** The older member, revoked once the replacement is delivered; null while the pair is not complete. */
  readonly retire: Token<object> | null;
  /** The rename that makes a token not yet in a credential its older member. */
  readonly adopt: { readonly id: string; readonly name: string } | null;
}

/**
 * Finds the dual credential `old` belongs to (or makes `old` the first member
 * of a new one, `rotationId`): its live members, the newest (copied) and the
 * older (retired). More than two live members, or `old` not among them, is a
 * `Conflict`; a vendor that cannot rename cannot adopt a token.
 */
export async function dualPair(provider: AnyTokenProvider, old: Token<object>, rotationId: string, call: CallOptions): Promise<DualPair> {
  const opCtx: ErrorContext = { provider: provider.provider, operation: 'rotate' };
  const parsed = parseMarkedName(old.name);
  const credentialId = parsed.credentialId ?? rotationId;
  const members = parsed.credentialId
    ? await findMarked(provider, credentialText(credentialId), (name) => parseMarkedName(name).credentialId === credentialId, 'plan', call)
    : [old];
  if (!members.some((m) => m.id === old.id)) {
    throw new RotationError(TokenErrors.conflict(opCtx, `token ${old.id} is not a live member of dual credential ${credentialId}; rotate the newest live one`), 'plan');
  }
  if (members.length > 2) {
    throw new RotationError(
      TokenErrors.conflict(opCtx, `more than two live tokens carry dual credential ${credentialId} (${members.map((m) => m.id).join(', ')}); revoke the extra ones first`),
      'plan',
    );
  }
  const order = (t: Token<object>): string => parseMarkedName(t.name).rotationId ?? ADOPTED_ID;
  const sorted = [...members].sort((a, b) => order(a).localeCompare(order(b)));
  let adopt: DualPair['adopt'] = null;
  if (!parsed.credentialId) {
    if (!provider.capabilities.update.fields.includes('name')) {
      throw new RotationError(TokenErrors.unsupported(opCtx, 'name', `${provider.provider} cannot rename a token, so it cannot join a dual credential`), 'check');
    }
    adopt = { id: old.id, name: markName(old.name, ADOPTED_ID, provider.capabilities.limits.nameMaxLength, credentialId) };
  }
  return { credentialId, source: sorted[sorted.length - 1] as Token<object>, retire: sorted.length === 2 ? (sorted[0] as Token<object>) : null, adopt };
}
