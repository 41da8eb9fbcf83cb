import type { SimResponse } from '../simulator/messages';
import { addressAllowed } from './cidr';
import { answers } from './envelope';
import { TOKEN_PERMISSIONS } from './permission-groups';
import { usableAt } from './render';
import type { CloudflareTokenRecord, CloudflareTokenStore } from './store';
import type { CloudflareOwner } from './types';

/** The token a request presented, or the answer refusing it. */
export type Presented = { readonly record: CloudflareTokenRecord } | { readonly refusal: SimResponse };

// RFC 6750's b64token: what may follow "Bearer ".
const BEARER = /^Bearer ([A-Za-z0-9\-._~+/]+=*)$/;

/**
 * Finds the token an `Authorization: Bearer` header presents. No header is
 * 400 9106, a malformed one 400 6003/6111, an unknown value `unknown()`.
 */
export function presentedToken(store: CloudflareTokenStore, authorization: string | undefined, unknown: () => SimResponse): Presented {
  if (authorization === undefined || authorization.trim() === '') return { refusal: answers.missingCredential() };
  const match = BEARER.exec(authorization.trim());
  if (match === null) return { refusal: answers.badAuthorizationHeader() };
  const record = store.withSecret(match[1]!);
  return record === undefined ? { refusal: unknown() } : { record };
}

/**
 * Whether a token may be used for this request: usable now (active, not
 * expired, past `not_before`), and called from an address its IP condition
 * allows. Undefined when it may; otherwise the vendor's refusal.
 */
export function usageRefusal(record: CloudflareTokenRecord, now: number, clientIp: string, unusable: () => SimResponse): SimResponse | undefined {
  if (!usableAt(record, now)) return unusable();
  const condition = record.condition;
  if (condition !== null && !addressAllowed(clientIp, condition.in, condition.notIn)) return answers.wrongLocation(clientIp);
  return undefined;
}

/**
 * Whether a token holds the permission to read (`write` false) or write
 * tokens of `family`: an allow policy names the Read or Write group (Write
 * alone for writing) and no deny policy names it. Resources are not matched:
 * the simulator has one user and one account.
 */
export function mayManageTokens(record: CloudflareTokenRecord, family: CloudflareOwner, write: boolean): boolean {
  const groups = TOKEN_PERMISSIONS[family];
  const wanted = write ? [groups.write] : [groups.read, groups.write];
  const named = (effect: 'allow' | 'deny'): Set<string> =>
    new Set(
      record.policies
        .filter((policy) => policy.effect === effect)
        .flatMap((policy) => policy.permission_groups.map((group) => group.id)),
    );
  const allowed = named('allow');
  const denied = named('deny');
  return wanted.some((id) => allowed.has(id) && !denied.has(id));
}
