import {
  decodeJsonBody,
  emptyResponse,
  isRecord,
  jsonResponse,
  mediaType,
  pathSegments,
  type SimRequest,
  type SimResponse,
} from '../simulator/messages';
import type { VendorRoutes } from '../simulator/server';
import { parseIsoDateTime } from '../simulator/time';
import { parseListQuery } from './list-query';
import { problem as answerProblem } from './problems';
import type { KodexaReadings } from './readings';
import { KODEXA_DEMO_USER_ID, type KodexaTokenRecord, type KodexaTokenStore } from './store';
import type { KodexaPage, KodexaSortInfo } from './types';

/** How a Kodexa simulator behaves where the vendor notes leave a choice. */
export interface KodexaRouteSettings {
  /** The API key of the demo user. */
  readonly credential: string;
  /** The readings it plays. */
  readonly readings: KodexaReadings;
  /** The clock, for error timestamps. */
  readonly now: () => number;
}

type Problem = (status: number, detail: string, path: string, errors?: Readonly<Record<string, string>>, headers?: Readonly<Record<string, string>>) => SimResponse;

const TOKENS = 'access-tokens';

/** The Kodexa access-token API and `GET /api/account/me`. */
export function kodexaRoutes(store: KodexaTokenStore, settings: KodexaRouteSettings): VendorRoutes {
  const problem: Problem = (status, detail, path, errors, headers) =>
    answerProblem(settings.readings.errorBody, { status, detail, path, ...(errors !== undefined && { errors }), at: settings.now() }, headers);
  return { handle: (request) => handle(store, settings, problem, request) };
}

function handle(store: KodexaTokenStore, settings: KodexaRouteSettings, problem: Problem, request: SimRequest): SimResponse {
  const { method, path } = request;
  const segments = pathSegments(path);
  if (segments === undefined || segments[0] !== 'api') return problem(404, `No endpoint ${method} ${path}.`, path);
  const userId = authenticate(store, settings, request);
  if (userId === undefined) return unauthenticated(problem, request);
  const [, resource, id, extra] = segments;
  if (resource === 'account' && id === 'me' && extra === undefined) {
    return method === 'GET' ? jsonResponse(200, store.user(userId)) : notAllowed(problem, request, 'GET');
  }
  if (resource !== TOKENS || extra !== undefined) return problem(404, `No endpoint ${method} ${path}.`, path);
  if (id === undefined) {
    if (method === 'GET') return list(store, settings, problem, request);
    if (method === 'POST') return create(store, settings, problem, request, userId);
    return notAllowed(problem, request, 'GET, POST');
  }
  const record = store.find(id);
  if (method !== 'GET' && method !== 'PUT' && method !== 'DELETE') return notAllowed(problem, request, 'GET, PUT, DELETE');
  // A malformed id is simply not found, as a lookup by string key would be.
  if (record === undefined) return problem(404, `AccessToken not found: ${id}`, path);
  if (method === 'GET') return jsonResponse(200, store.render(record));
  if (method === 'PUT') return replace(store, settings, problem, request, record);
  store.delete(record.id);
  // The legacy server answers 200 with an empty body.
  return emptyResponse(200);
}

/** The user a request authenticates as. `x-api-key` wins over the legacy `x-access-token`. */
function authenticate(store: KodexaTokenStore, settings: KodexaRouteSettings, request: SimRequest): string | undefined {
  const key = request.headers['x-api-key'] || request.headers['x-access-token'];
  if (!key) return undefined;
  return key === settings.credential ? KODEXA_DEMO_USER_ID : store.ownerOfSecret(key);
}

/**
 * Spring Security's answer to an unauthenticated call: 401 for an XHR
 * (`X-Requested-With: XMLHttpRequest`), else a redirect to the login page.
 */
function unauthenticated(problem: Problem, request: SimRequest): SimResponse {
  if ((request.headers['x-requested-with'] ?? '').toLowerCase() === 'xmlhttprequest') {
    return problem(401, 'Full authentication is required to access this resource', request.path);
  }
  const host = request.headers['host'];
  return emptyResponse(302, { location: host === undefined ? '/login' : `http://${host}/login` });
}

function notAllowed(problem: Problem, request: SimRequest, allow: string): SimResponse {
  return problem(405, `Request method '${request.method}' is not supported`, request.path, undefined, { allow });
}

type BodyRead = { readonly body: Record<string, unknown> } | { readonly refusal: SimResponse };

/** The body as a JSON object, or the problem answer Spring gives for an unreadable one. */
function readObject(problem: Problem, request: SimRequest): BodyRead {
  const refuse = (status: number, detail: string): BodyRead => ({ refusal: problem(status, detail, request.path) });
  const decoded = decodeJsonBody(request);
  if ('failure' in decoded) {
    if (decoded.failure === 'missing') return refuse(400, 'Required request body is missing');
    if (decoded.failure === 'malformed') return refuse(400, 'Failed to read request: malformed JSON');
    const contentType = request.headers['content-type'];
    const type = contentType === undefined ? 'application/octet-stream' : mediaType(contentType);
    return refuse(415, `Content-Type '${type}' is not supported`);
  }
  if (!isRecord(decoded.value)) return refuse(400, 'Failed to read request: expected a JSON object');
  return { body: decoded.value };
}

/** The writable fields of a create or PUT body, or a field → message map. */
function writableFields(
  body: Record<string, unknown>,
): { name: string; expiresAt: number | null } | { errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const name = body['name'];
  if (typeof name !== 'string' || name.trim() === '') errors['name'] = 'must not be blank';
  const rawExpiry = body['expiresAt'];
  let expiresAt: number | null = null;
  if (rawExpiry !== undefined && rawExpiry !== null) {
    const parsed = typeof rawExpiry === 'string' ? parseIsoDateTime(rawExpiry) : undefined;
    if (parsed === undefined) errors['expiresAt'] = 'must be an ISO-8601 date-time with a zone, or null';
    else expiresAt = parsed;
  }
  if (Object.keys(errors).length > 0 || typeof name !== 'string') return { errors };
  return { name, expiresAt };
}

function create(
  store: KodexaTokenStore,
  settings: KodexaRouteSettings,
  problem: Problem,
  request: SimRequest,
  userId: string,
): SimResponse {
  const read = readObject(problem, request);
  if ('refusal' in read) return read.refusal;
  const { body } = read;
  // Server-owned fields in the body (id, uuid, changeSequence, dates, user, userId) are ignored.
  const fields = writableFields(body);
  if ('errors' in fields) return problem(400, 'Validation failed', request.path, fields.errors);
  const record = store.create(fields.name, fields.expiresAt, userId);
  const token = store.render(record);
  const { secretField } = settings.readings;
  return jsonResponse(201, secretField === null ? token : { ...token, [secretField]: record.secret });
}

function replace(
  store: KodexaTokenStore,
  settings: KodexaRouteSettings,
  problem: Problem,
  request: SimRequest,
  record: KodexaTokenRecord,
): SimResponse {
  const read = readObject(problem, request);
  if ('refusal' in read) return read.refusal;
  const { body } = read;
  const fields = writableFields(body);
  const errors = 'errors' in fields ? { ...fields.errors } : {};
  if (body['id'] !== undefined && body['id'] !== record.id) errors['id'] = 'must match the id in the path';
  const sent = body['changeSequence'];
  if (sent !== undefined && sent !== null && !Number.isInteger(sent)) errors['changeSequence'] = 'must be an integer';
  if ('errors' in fields || Object.keys(errors).length > 0) {
    return problem(400, 'Validation failed', request.path, errors);
  }
  if (settings.readings.changeSequence === 'enforced' && sent !== record.changeSequence) {
    const seen = sent === undefined || sent === null ? 'none' : String(sent);
    return problem(
      409,
      `AccessToken ${record.id} has changeSequence ${record.changeSequence}, the request was based on ${seen}`,
      request.path,
    );
  }
  // id, uuid, userId, createdOn and the embedded user are server-owned: kept as stored.
  store.replace(record, fields.name, fields.expiresAt, body);
  return jsonResponse(200, store.render(record));
}

function list(store: KodexaTokenStore, settings: KodexaRouteSettings, problem: Problem, request: SimRequest): SimResponse {
  const query = parseListQuery(request.query, settings.readings.pageBase);
  if ('status' in query) return problem(query.status, query.detail, request.path);
  const view = store.views.get(query.sortKey, query.compare);
  const matching = query.predicate === undefined ? view : view.filter(query.predicate);
  // Spring serialises the 0-based page index, whichever base the parameter has.
  const number = query.pageIndex;
  const offset = number * query.pageSize;
  const content = matching.slice(offset, offset + query.pageSize).map((record) => store.render(record));
  const total = matching.length;
  const totalPages = Math.ceil(total / query.pageSize);
  const sort: KodexaSortInfo = { empty: query.sortKey === '', sorted: query.sortKey !== '', unsorted: query.sortKey === '' };
  const page: KodexaPage<unknown> = {
    content,
    pageable: { sort, offset, pageNumber: number, pageSize: query.pageSize, paged: true, unpaged: false },
    last: number + 1 >= totalPages,
    totalPages,
    totalElements: total,
    size: query.pageSize,
    number,
    sort,
    first: number === 0,
    numberOfElements: content.length,
    empty: content.length === 0,
  };
  return jsonResponse(200, page);
}
