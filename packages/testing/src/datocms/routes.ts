import {
  isJsonMediaType,
  parseJson,
  pathSegments,
  withHeaders,
  type SimRequest,
  type SimResponse,
} from '../simulator/messages';
import type { RateLimitDecision } from '../simulator/rate-limit';
import type { VendorRoutes } from '../simulator/server';
import { apiError, datoResponse } from './errors';
import type { DatoCmsReadings } from './readings';
import { renderAccessToken, type DatoCmsTokenFields, type DatoCmsTokenRecord, type DatoCmsTokenStore } from './store';
import type { DatoCmsDestinationType } from './types';
import { checkTokenBody, type DatoCmsBodyKind, type DatoCmsTokenBody } from './validation';

/** The API version the simulator serves; requests must ask for it. */
export const DATOCMS_API_VERSION = '3';

const DESTINATION_TYPES: readonly DatoCmsDestinationType[] = ['account', 'organization', 'user', 'access_token', 'sso_user'];

// The minimal site object `GET /site` returns.
const DATOCMS_SITE = {
  id: '1',
  type: 'site',
  attributes: {
    name: 'Simulated project',
    internal_domain: 'simulated-project.admin.datocms.com',
    locales: ['en'],
    timezone: 'UTC',
  },
} as const;

/** The DatoCMS CMA access_token endpoints and `GET /site`, with DatoCMS's rate-limit answers. */
export function datoCmsRoutes(store: DatoCmsTokenStore, readings: DatoCmsReadings): VendorRoutes {
  return {
    handle: (request) => handle(store, readings, request),
    rateLimited: (decision) =>
      apiError(429, 'RATE_LIMIT_EXCEEDED', {}, {
        ...countHeaders(decision),
        'x-ratelimit-reset': String(decision.retryAfterSeconds),
      }),
    withRateLimitHeaders: (response, decision) => withHeaders(response, countHeaders(decision)),
  };
}

function countHeaders(decision: RateLimitDecision): Record<string, string> {
  return { 'x-ratelimit-limit': String(decision.limit), 'x-ratelimit-remaining': String(decision.remaining) };
}

function handle(store: DatoCmsTokenStore, readings: DatoCmsReadings, request: SimRequest): SimResponse {
  const { method, headers } = request;
  // Projects created since May 2022 refuse a request without the version header (422).
  if (headers['x-api-version'] !== DATOCMS_API_VERSION) return apiError(422, 'INVALID_API_VERSION');
  const match = /^Bearer\s+(\S+)\s*$/i.exec(headers['authorization'] ?? '');
  const caller = match === null ? undefined : store.authenticate(match[1]!);
  if (caller === undefined) return apiError(401, 'INVALID_AUTHORIZATION_HEADER');
  if (request.bodyText !== '' && !isJsonMediaType(headers['content-type'])) {
    return apiError(422, 'INVALID_CONTENT_TYPE_HEADER');
  }
  const segments = pathSegments(request.path) ?? [];
  const [resource, id, action, extra] = segments;
  if (!caller.canAccessCma) return apiError(401, 'INSUFFICIENT_PERMISSIONS');
  if (resource === 'site' && id === undefined && method === 'GET') return datoResponse(200, { data: DATOCMS_SITE });
  if (resource !== 'access_tokens' || extra !== undefined) return notFound();
  const role = caller.roleId === null ? undefined : store.role(caller.roleId);
  const manages = role?.can_manage_access_tokens === true;
  // A caller that cannot manage tokens may at most read them, without their values (the `nonManagerReads` reading).
  const readsOnly = method === 'GET' && action === undefined && readings.nonManagerReads === 'token-null';
  if (!manages && !readsOnly) return apiError(401, 'INSUFFICIENT_PERMISSIONS');

  if (id === undefined) {
    if (method === 'GET') return datoResponse(200, { data: store.tokenRecords().map((record) => renderAccessToken(record, manages)) });
    if (method === 'POST') return create(store, readings, request);
    return notFound();
  }
  const record = store.find(id);
  if (action === 'regenerate_token') {
    if (method !== 'POST') return notFound();
    if (record === undefined) return notFound();
    store.regenerate(record);
    return datoResponse(200, { data: renderAccessToken(record) });
  }
  if (action !== undefined) return notFound();
  if (method === 'GET') return record === undefined ? notFound() : datoResponse(200, { data: renderAccessToken(record, manages) });
  if (method === 'PUT') return update(store, request, id, record);
  if (method === 'DELETE') return record === undefined ? notFound() : destroy(store, request, caller, record);
  return notFound();
}

function notFound(): SimResponse {
  return apiError(404, 'NOT_FOUND');
}

function invalidFormat(messages: readonly string[]): SimResponse {
  return apiError(422, 'INVALID_FORMAT', { messages });
}

/** Parses and schema-checks a body; the answer to send when it fails. */
function readBody(
  request: SimRequest,
  kind: DatoCmsBodyKind,
  nullRole = false,
): { body: DatoCmsTokenBody } | { refusal: SimResponse } {
  const parsed = parseJson(request.bodyText);
  if (!parsed.ok) return { refusal: invalidFormat(['#: the request body is not valid JSON.']) };
  const checked = checkTokenBody(parsed.value, kind, nullRole);
  return 'messages' in checked ? { refusal: invalidFormat(checked.messages) } : checked;
}

/** Field-level rules that run after the schema: a non-blank name and an existing role. */
function fieldError(store: DatoCmsTokenStore, body: DatoCmsTokenBody): SimResponse | undefined {
  if (body.name.trim() === '') return apiError(422, 'INVALID_FIELD', { field: 'name', code: 'VALIDATION_REQUIRED' });
  if (typeof body.roleId === 'string' && store.role(body.roleId) === undefined) {
    return apiError(422, 'INVALID_FIELD', { field: 'role', code: 'VALIDATION_INVALID' });
  }
  return undefined;
}

/** The stored fields a valid body sets; `currentRole` stands in when the body names none. */
function tokenFields(body: DatoCmsTokenBody, currentRole: string | null): DatoCmsTokenFields {
  const { name, canAccessCda, canAccessCdaPreview, canAccessCma } = body;
  return { name, canAccessCda, canAccessCdaPreview, canAccessCma, roleId: body.roleId === undefined ? currentRole : body.roleId };
}

function create(store: DatoCmsTokenStore, readings: DatoCmsReadings, request: SimRequest): SimResponse {
  const read = readBody(request, 'create', readings.nullRoleOnCreate === 'accepted');
  if ('refusal' in read) return read.refusal;
  const { body } = read;
  const refusal = fieldError(store, body);
  if (refusal !== undefined) return refusal;
  const record = store.create(tokenFields(body, null));
  return datoResponse(201, { data: renderAccessToken(record) });
}

function update(
  store: DatoCmsTokenStore,
  request: SimRequest,
  id: string,
  record: DatoCmsTokenRecord | undefined,
): SimResponse {
  const read = readBody(request, 'update');
  if ('refusal' in read) return read.refusal;
  const { body } = read;
  if (body.id !== id) return invalidFormat(['#/data/id: the value does not match the id in the URL.']);
  if (record === undefined) return notFound();
  // Built-in tokens cannot be edited (401, per the vendor snippet the notes cite).
  if (record.hardcodedType !== null) return apiError(401, 'NON_EDITABLE_ACCESS_TOKEN');
  const refusal = fieldError(store, body);
  if (refusal !== undefined) return refusal;
  // Omitting relationships keeps the role.
  store.update(record, tokenFields(body, record.roleId));
  return datoResponse(200, { data: renderAccessToken(record) });
}

function destroy(
  store: DatoCmsTokenStore,
  request: SimRequest,
  caller: DatoCmsTokenRecord,
  record: DatoCmsTokenRecord,
): SimResponse {
  if (caller.id === record.id) return apiError(422, 'CANNOT_DESTROY_CURRENT_USER');
  const query = new URLSearchParams(request.query);
  const type = query.get('destination_user_type');
  const destinationId = query.get('destination_user_id');
  if (type !== null && !DESTINATION_TYPES.includes(type as DatoCmsDestinationType)) {
    return apiError(422, 'INVALID_DESTINATION_TYPE', { destination_user_type: type });
  }
  const owns = store.ownedResources({ type: 'access_token', id: record.id }) > 0;
  if (type === null || destinationId === null) {
    if (owns) return apiError(422, 'DESTINATION_USER_REQUIRED');
  } else {
    const destination = { type: type as DatoCmsDestinationType, id: destinationId };
    // Only access tokens are modelled; any other kind of user is taken to exist.
    if (type === 'access_token' && (destinationId === record.id || store.find(destinationId) === undefined)) {
      return apiError(422, 'INVALID_DESTINATION_USER', { destination_user_type: type, destination_user_id: destinationId });
    }
    store.transferResources(record.id, destination);
  }
  const deleted = renderAccessToken(record);
  store.delete(record.id);
  return datoResponse(200, { data: deleted });
}
