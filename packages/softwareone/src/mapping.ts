import type { CreateTokenInput, ListOrder, ListQuery, SettableStatus, Token, TokenStatus, ValidCreateInput, ValidPatch } from '@tokenbridge/core';
import { Secret } from '@tokenbridge/core';
import type { SoftwareOneApiToken } from './codecs';
import { containsPattern, encodeRqlExpression } from './rql';
import type { SoftwareOneCreateExtra, SoftwareOneExtra, SoftwareOnePatchExtra } from './types';

/**
 * Pure translations between SoftwareOne's wire format and the neutral model:
 * tokens, create bodies, update plans and list query strings. No I/O.
 */

/** The provider id. */
export const PROVIDER = 'softwareone';

/** A neutral token of this provider. */
export type SoftwareOneToken = Token<SoftwareOneExtra>;

/** The secret's form `idt:TKN-NNNN-NNNN:<opaque>`: the second `:`-part is the token's own id. */
const SECRET_FORM = /^idt:(TKN-\d{4}-\d{4}):./s;

/** The id of the token a SoftwareOne secret belongs to, or `undefined` when the value is not of that form. */
export function ownTokenId(secret: string): string | undefined {
  return SECRET_FORM.exec(secret)?.[1];
}

const NEUTRAL_STATUS: Readonly<Record<string, TokenStatus>> = {
  Active: 'active',
  Disabled: 'disabled',
  // A soft-deleted token can no longer authenticate; "disabled" is the neutral state closest to that.
  Deleted: 'disabled',
};

/** The neutral status of a vendor status; anything not documented is `unknown`. */
export function neutralStatus(vendorStatus: string | undefined): TokenStatus {
  return (vendorStatus !== undefined && Object.hasOwn(NEUTRAL_STATUS, vendorStatus) ? NEUTRAL_STATUS[vendorStatus] : undefined) ?? 'unknown';
}

const dateOf = (iso: string | null | undefined): Date | null => (iso == null ? null : new Date(iso));

/**
 * A decoded token in neutral form. The secret (`token`) moves into
 * `Token.secret` and is left out of `raw`. Write answers carry no audit, so
 * `known.createdAt` (immutable, from an earlier read) fills `createdAt` there.
 */
export function toToken(wire: SoftwareOneApiToken, known?: Pick<SoftwareOneToken, 'createdAt'>): SoftwareOneToken {
  const { token, ...raw } = wire;
  const audit = wire.audit;
  return {
    provider: PROVIDER,
    id: wire.id,
    name: wire.name ?? '',
    description: wire.description ?? null,
    status: neutralStatus(wire.status),
    createdAt: dateOf(audit?.created?.at) ?? known?.createdAt ?? null,
    updatedAt: dateOf(audit?.updated?.at),
    expiresAt: null,
    lastUsedAt: dateOf(wire.lastAccessAt),
    version: wire.revision === undefined ? null : String(wire.revision),
    ...(token !== undefined ? { secret: new Secret(token) } : {}),
    extra: {
      vendorStatus: wire.status ?? null,
      account: wire.account
        ? {
            id: wire.account.id,
            ...(wire.account.name !== undefined ? { name: wire.account.name } : {}),
            ...(wire.account.type !== undefined ? { type: wire.account.type } : {}),
          }
        : null,
      modules: (wire.modules ?? []).map((m) => ({ id: m.id, ...(m.name !== undefined ? { name: m.name } : {}) })),
      icon: wire.icon ?? null,
      extensions: wire.extensions == null ? null : wire.extensions.map((e) => ({ id: e.id })),
    },
    raw,
  };
}

/** A `[{id}]` list, as request bodies carry modules and extensions. */
export type RefList = Array<{ id: string }>;

const refs = (ids: readonly string[]): RefList => ids.map((id) => ({ id }));

/** The body of `POST /public/v1/accounts/api-tokens`. */
export interface CreateBody {
  account: { id: string };
  name: string;
  description?: string;
  icon?: string;
  modules?: RefList;
  extensions?: RefList;
}

/** The create body for a validated input and the owning account. A `null` description is simply left out. */
export function createBody(input: ValidCreateInput<SoftwareOneCreateExtra>, accountId: string): CreateBody {
  const extra = input.extra ?? {};
  return {
    account: { id: accountId },
    name: input.name,
    ...(typeof input.description === 'string' ? { description: input.description } : {}),
    ...(extra.icon !== undefined ? { icon: extra.icon } : {}),
    ...(extra.moduleIds !== undefined ? { modules: refs(extra.moduleIds) } : {}),
    ...(extra.extensions !== undefined ? { extensions: refs(extra.extensions) } : {}),
  };
}

/** The delta body of `PUT /public/v1/accounts/api-tokens/{id}`: only the fields that change. */
export interface UpdateBody {
  name?: string;
  description?: string | null;
  icon?: string | null;
  modules?: RefList;
  extensions?: RefList;
}

/** The vendor's status actions. */
export type StatusAction = 'enable' | 'disable';

/** What an update sends: a PUT body (absent when no field changes) and a status action (absent when none). */
export interface UpdatePlan {
  readonly body?: UpdateBody;
  readonly action?: StatusAction;
}

const ACTION_FOR: Readonly<Record<SettableStatus, StatusAction>> = { active: 'enable', disabled: 'disable' };

/** The vendor status an action leads to. */
export const STATUS_AFTER: Readonly<Record<StatusAction, string>> = { enable: 'Active', disable: 'Disabled' };

// The vendor omits empty strings, so '' and null read back the same.
const sameText = (a: string | null, b: string | null): boolean => (a || null) === (b || null);

function sameIds(a: readonly string[], b: readonly string[]): boolean {
  const left = new Set(a);
  const right = new Set(b);
  return left.size === right.size && [...left].every((id) => right.has(id));
}

/**
 * What an update sends. The PUT is a delta, so by id the patch itself is the
 * body (one request, no read). Given a token read earlier (`known`), fields it
 * already holds are left out, and a patch that changes nothing sends nothing.
 * Status goes through the enable/disable action, after the PUT.
 */
export function planUpdate(patch: ValidPatch<SoftwareOnePatchExtra>, known: SoftwareOneToken | undefined): UpdatePlan {
  const extra = patch.extra ?? {};
  const body: UpdateBody = {};
  // By id every field of the patch is sent; given a token, only those that differ from it.
  const differs = (same: boolean): boolean => known === undefined || !same;
  if (patch.name !== undefined && differs(patch.name === known?.name)) body.name = patch.name;
  if (patch.description !== undefined && differs(sameText(patch.description, known?.description ?? null))) body.description = patch.description;
  if (extra.icon !== undefined && differs(sameText(extra.icon, known?.extra.icon ?? null))) body.icon = extra.icon;
  if (extra.moduleIds !== undefined && differs(sameIds(extra.moduleIds, known?.extra.modules.map((m) => m.id) ?? []))) {
    body.modules = refs(extra.moduleIds);
  }
  // An absent extensions list reads as null ("any extension"), which no list equals.
  const knownExtensions = known?.extra.extensions?.map((e) => e.id);
  if (extra.extensions !== undefined && differs(knownExtensions !== undefined && sameIds(extra.extensions, knownExtensions))) {
    body.extensions = refs(extra.extensions);
  }
  const action = patch.status !== undefined && differs(patch.status === known?.status) ? ACTION_FOR[patch.status] : undefined;
  return { ...(Object.keys(body).length > 0 ? { body } : {}), ...(action !== undefined ? { action } : {}) };
}

/** The list query a cursor carries: everything but the cursor itself. */
export type ListState = Omit<ListQuery, 'cursor'>;

/** Largest `limit` the vendor honours, and the page size used when the caller names none. */
export const MAX_PAGE_SIZE = 100;

const STATUS_FILTERS: Readonly<Record<Exclude<TokenStatus, 'expired'>, string>> = {
  active: 'eq(status,Active)',
  disabled: 'in(status,(Disabled,Deleted))',
  unknown: 'out(status,(Active,Disabled,Deleted))',
};

const ORDER_FIELDS = { name: 'name', createdAt: 'audit.created.at' } as const;

function orderParam(orderBy: ListState['orderBy'], order: ListOrder | undefined): string {
  const sign = order === 'desc' ? '-' : '';
  // Names and creation times are not unique: the id breaks ties so offset paging is stable.
  const keys = orderBy === undefined ? ['id'] : [ORDER_FIELDS[orderBy], 'id'];
  return keys.map((key) => sign + key).join(',');
}

/** A list request in SoftwareOne's terms. */
export interface ListRequest {
  /** The raw query string. */
  readonly query: string;
  /** The `limit` it asks for. */
  readonly limit: number;
  /** Whether the server's answer is a superset that the client must narrow by `nameContains` (see {@link containsPattern}). */
  readonly narrowOnClient: boolean;
}

/**
 * The query string of one list page:
 * `limit=…&offset=…&order=…&select=+audit&<rql filter>`. Neutral `expired`
 * has no vendor counterpart; callers answer it without a request.
 */
export function listRequest(state: ListState, offset: number): ListRequest {
  const limit = Math.min(state.pageSize ?? MAX_PAGE_SIZE, MAX_PAGE_SIZE);
  const filters: string[] = [];
  let narrowOnClient = false;
  if (state.nameContains !== undefined && state.nameContains !== '') {
    const pattern = containsPattern(state.nameContains);
    filters.push(`ilike(name,${pattern.text})`);
    narrowOnClient = pattern.widened;
  }
  if (state.status !== undefined && state.status !== 'expired') filters.push(STATUS_FILTERS[state.status]);
  const filter = filters.length > 1 ? `and(${filters.join(',')})` : filters[0];
  const parts = [`limit=${limit}`, `offset=${offset}`, `order=${orderParam(state.orderBy, state.order)}`, 'select=+audit'];
  if (filter !== undefined) parts.push(encodeRqlExpression(filter));
  return { query: parts.join('&'), limit, narrowOnClient };
}

/** The create input reproducing `token`: name, description and every vendor attribute (rotation by replacement). */
export function replacementInput(token: SoftwareOneToken): CreateTokenInput<SoftwareOneCreateExtra> {
  const { account, modules, icon, extensions } = token.extra;
  return {
    name: token.name,
    ...(token.description !== null ? { description: token.description } : {}),
    extra: {
      ...(account !== null ? { accountId: account.id } : {}),
      moduleIds: modules.map((m) => m.id),
      ...(icon !== null ? { icon } : {}),
      ...(extensions !== null ? { extensions: extensions.map((e) => e.id) } : {}),
    },
  };
}
