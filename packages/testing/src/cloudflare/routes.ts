import { parseJson, pathSegments, type SimRequest, type SimResponse } from '../simulator/messages';
import type { VendorRoutes } from '../simulator/server';
import { mayManageTokens, presentedToken, usageRefusal } from './access';
import { answers, success } from './envelope';
import { listPermissionGroups } from './permission-groups';
import type { ResolvedCloudflareReadings } from './readings';
import { cloudflareTime, effectiveStatus } from './render';
import { CLOUDFLARE_DEMO_USER_EMAIL, type CloudflareTokenRecord, type CloudflareTokenStore } from './store';
import type { CloudflareThrottle } from './throttle';
import type { CloudflareMessage, CloudflareOwner } from './types';
import { checkTokenBody, type TokenBody } from './validation';

/** The path every API route starts with (the base URL is `…/client/v4`). */
export const CLOUDFLARE_API_PREFIX = '/client/v4';

/** Smallest and largest `per_page` of token lists, and the default. */
export const CLOUDFLARE_PER_PAGE = { min: 5, max: 50, default: 20 } as const;

/** How many tokens a user and an account may hold (the docs' quotas), or false for no limit. */
export type CloudflareTokenQuota = { readonly user: number; readonly account: number } | false;

/** What the routes need besides the store. */
export interface CloudflareRouteOptions {
  readonly readings: ResolvedCloudflareReadings;
  readonly now: () => number;
  /** The address requests are taken to come from (for IP conditions). */
  readonly clientIp: string;
  readonly accountId: string;
  readonly tokenQuota: CloudflareTokenQuota;
  readonly throttle: CloudflareThrottle;
}

/** The user- and account-owned API token endpoints under `/client/v4`. */
export function cloudflareRoutes(store: CloudflareTokenStore, options: CloudflareRouteOptions): VendorRoutes {
  const { throttle } = options;
  return {
    handle: (request) => throttle.lockedOut() ?? route(store, options, request),
    rateLimited: (decision) => throttle.rateLimited(decision),
    withRateLimitHeaders: (response, decision) => throttle.withHeaders(response, decision),
  };
}

/** One request, matched to its route. */
interface Call {
  readonly store: CloudflareTokenStore;
  readonly options: CloudflareRouteOptions;
  readonly request: SimRequest;
  readonly family: CloudflareOwner;
}

function route(store: CloudflareTokenStore, options: CloudflareRouteOptions, request: SimRequest): SimResponse {
  if (!request.path.startsWith(`${CLOUDFLARE_API_PREFIX}/`)) return answers.noRoute();
  const segments = pathSegments(request.path.slice(CLOUDFLARE_API_PREFIX.length));
  if (segments === undefined) return answers.noRoute();
  let family: CloudflareOwner;
  let rest: string[];
  if (segments[0] === 'user' && segments[1] === 'tokens') {
    family = 'user';
    rest = segments.slice(2);
  } else if (segments[0] === 'accounts' && segments[2] === 'tokens') {
    if (!/^[0-9a-f]{32}$/.test(segments[1]!)) return answers.badIdentifier(request.path);
    family = 'account';
    rest = segments.slice(3);
  } else {
    return answers.noRoute();
  }
  const call: Call = { store, options, request, family };
  // An account the caller is no member of: authenticate, then refuse.
  if (family === 'account' && segments[1] !== options.accountId) return withCaller(call, false, answers.unauthorized);
  const { method } = request;
  const [id, action, extra] = rest;
  if (extra !== undefined || (action !== undefined && action !== 'value')) return answers.noRoute();
  if (id === undefined) {
    if (method === 'GET') return withCaller(call, false, () => list(call));
    if (method === 'POST') return withCaller(call, true, (caller) => create(call, caller));
    return answers.methodNotAllowed();
  }
  if (action === 'value') {
    if (method !== 'PUT') return answers.methodNotAllowed();
    return withCaller(call, true, () => withToken(call, id, (record) => roll(call, record)));
  }
  if (id === 'verify') return method === 'GET' ? verify(call) : answers.methodNotAllowed();
  if (id === 'permission_groups') {
    return method === 'GET' ? withCaller(call, false, () => permissionGroups(call)) : answers.methodNotAllowed();
  }
  switch (method) {
    case 'GET':
      return withCaller(call, false, () => withToken(call, id, (record) => success(store.render(record))));
    case 'PUT':
      return withCaller(call, true, () => withToken(call, id, (record) => update(call, record)));
    case 'DELETE':
      return withCaller(call, true, () => withToken(call, id, (record) => remove(call, record)));
    default:
      return answers.methodNotAllowed();
  }
}

/**
 * Runs `then` for an authenticated caller allowed to read (or write) tokens
 * of the call's family; otherwise answers as the vendor does. An account
 * token cannot manage user tokens.
 */
function withCaller(call: Call, write: boolean, then: (caller: CloudflareTokenRecord) => SimResponse): SimResponse {
  const { store, options } = call;
  const presented = presentedToken(store, call.request.headers['authorization'], answers.authenticationError);
  if ('refusal' in presented) return presented.refusal;
  const caller = presented.record;
  const refusal = usageRefusal(caller, options.now(), options.clientIp, answers.authenticationError);
  if (refusal !== undefined) return refusal;
  caller.lastUsedOn = options.now();
  if (call.family === 'user' && caller.owner !== 'user') return answers.unauthorized();
  return mayManageTokens(caller, call.family, write) ? then(caller) : answers.unauthorized();
}

function withToken(call: Call, id: string, then: (record: CloudflareTokenRecord) => SimResponse): SimResponse {
  const record = call.store.find(id, call.family);
  return record === undefined ? answers.tokenNotFound() : then(record);
}

/** `GET …/tokens/verify`: the calling token itself; verify answers 401 1000 where other routes answer 403. */
function verify(call: Call): SimResponse {
  const { store, options } = call;
  const presented = presentedToken(store, call.request.headers['authorization'], answers.invalidApiToken);
  if ('refusal' in presented) return presented.refusal;
  const record = presented.record;
  // An account token is not valid on the user endpoint, nor a user token on the account one.
  if (record.owner !== call.family) return answers.invalidApiToken();
  const now = options.now();
  const status = effectiveStatus(record, now);
  const reportInactive = options.readings.verifyInactive === 'report-status' && status !== 'active';
  // Under `report-status` a disabled or expired token is described, not refused (one not yet valid still is).
  const started = record.notBefore === null || record.notBefore <= now;
  const unusable = (): SimResponse => (reportInactive && started ? verified(record, now, []) : answers.invalidApiToken());
  const refusal = usageRefusal(record, now, options.clientIp, unusable);
  if (refusal !== undefined) return refusal;
  record.lastUsedOn = now;
  return verified(record, now, [{ code: 10000, message: 'This API Token is valid and active', type: null }]);
}

function verified(record: CloudflareTokenRecord, now: number, messages: readonly CloudflareMessage[]): SimResponse {
  return success(
    {
      id: record.id,
      status: effectiveStatus(record, now),
      ...(record.notBefore !== null && { not_before: cloudflareTime(record.notBefore) }),
      ...(record.expiresOn !== null && { expires_on: cloudflareTime(record.expiresOn) }),
    },
    { messages },
  );
}

function list(call: Call): SimResponse {
  const { store, options, family } = call;
  const query = new URLSearchParams(call.request.query);
  const clamp = options.readings.pageParamsOutOfRange === 'clamp';
  const page = integerParam(query, 'page', 1, 1, Number.MAX_SAFE_INTEGER, clamp);
  const perPage = integerParam(query, 'per_page', CLOUDFLARE_PER_PAGE.default, CLOUDFLARE_PER_PAGE.min, CLOUDFLARE_PER_PAGE.max, clamp);
  const direction = query.get('direction') ?? 'asc';
  const ordering = direction === 'desc' ? 'desc' : 'asc';
  const includeExpiredParam = query.get('include_expired');
  const problems = [page, perPage].filter((value): value is string => typeof value === 'string');
  if (direction !== 'asc' && direction !== 'desc') problems.push("direction must be 'asc' or 'desc'.");
  if (includeExpiredParam !== null && includeExpiredParam !== 'true' && includeExpiredParam !== 'false') {
    problems.push('include_expired must be true or false.');
  }
  if (problems.length > 0) return answers.invalidRequest(problems);
  const includeExpired = options.readings.listExpired === 'always' || includeExpiredParam === 'true';
  const result = store.page(family, { page: page as number, perPage: perPage as number, direction: ordering, includeExpired });
  return success(
    result.records.map((record) => store.render(record)),
    {
      resultInfo: {
        page: page as number,
        per_page: perPage as number,
        count: result.records.length,
        total_count: result.total,
        total_pages: Math.ceil(result.total / (perPage as number)),
      },
    },
  );
}

/** A whole-number query parameter: its value, or a message saying what is wrong with it. */
function integerParam(query: URLSearchParams, name: string, fallback: number, min: number, max: number, clamp: boolean): number | string {
  const raw = query.get(name);
  if (raw === null) return fallback;
  const value = Number(raw);
  if (raw.trim() === '' || !Number.isInteger(value)) return `${name} must be a whole number.`;
  if (value >= min && value <= max) return value;
  return clamp ? Math.min(max, Math.max(min, value)) : `${name} must be from ${min} to ${max}.`;
}

/** The body of a create or update, checked; or the answer refusing it. */
function readTokenBody(call: Call, kind: 'create' | 'update'): { body: TokenBody } | { refusal: SimResponse } {
  const parsed = parseJson(call.request.bodyText);
  if (!parsed.ok) {
    const empty = call.request.bodyText.trim() === '';
    return { refusal: empty ? answers.invalidRequest(['The request body must be a JSON object.']) : answers.malformedJson() };
  }
  const checked = checkTokenBody(parsed.value, kind, call.family);
  return 'messages' in checked ? { refusal: answers.invalidRequest(checked.messages) } : checked;
}

function create(call: Call, caller: CloudflareTokenRecord): SimResponse {
  const { store, options, family } = call;
  const read = readTokenBody(call, 'create');
  if ('refusal' in read) return read.refusal;
  const quota = options.tokenQuota;
  if (quota !== false && store.count(family) >= quota[family]) {
    return answers.invalidRequest([`You have reached the maximum of ${quota[family]} API tokens.`]);
  }
  const creatorEmail = family === 'account' && caller.owner === 'user' ? CLOUDFLARE_DEMO_USER_EMAIL : null;
  const record = store.create(family, read.body, creatorEmail);
  return success({ ...store.render(record), value: record.secret });
}

function update(call: Call, record: CloudflareTokenRecord): SimResponse {
  const read = readTokenBody(call, 'update');
  if ('refusal' in read) return read.refusal;
  call.store.replace(record, read.body, call.options.readings.putOmitted === 'keep');
  return success(call.store.render(record));
}

function remove(call: Call, record: CloudflareTokenRecord): SimResponse {
  call.store.delete(record.id);
  return success({ id: record.id });
}

/** `PUT …/{id}/value`: the body is optional (7.3.0 sends none, older clients `{}`), but must be JSON when sent. */
function roll(call: Call, record: CloudflareTokenRecord): SimResponse {
  if (call.request.bodyText.trim() !== '' && !parseJson(call.request.bodyText).ok) return answers.malformedJson();
  return success(call.store.roll(record));
}

function permissionGroups(call: Call): SimResponse {
  const query = new URLSearchParams(call.request.query);
  const filter = { name: query.get('name') ?? undefined, scope: query.get('scope') ?? undefined };
  return success(listPermissionGroups(call.family, filter));
}
