import {
  decodeJsonBody,
  emptyResponse,
  isRecord,
  jsonResponse,
  pathSegments,
  type SimRequest,
  type SimResponse,
} from '../simulator/messages';
import type { VendorRoutes } from '../simulator/server';
import { projectionFromSelect, type Projection } from './projection';
import { problem as answerProblem } from './problems';
import type { SoftwareOneReadings } from './readings';
import { compileRql, parseRqlQuery, RqlError, type RqlFieldReader, type RqlOrder, type RqlQuery } from './rql';
import { SOFTWAREONE_DEMO_ACCOUNT, type SoftwareOneTokenRecord, type SoftwareOneTokenStore } from './store';
import type { SoftwareOneActor, SoftwareOneList } from './types';
import { validateCreate, validateUpdate, type SoftwareOneBodyRules, type SoftwareOneFieldErrors } from './validation';

/** Page size when a list request gives no `limit` (the docs warn it may be large). */
export const SOFTWAREONE_DEFAULT_LIMIT = 1000;

/** Largest explicit `limit` honoured; larger ones are capped. */
export const SOFTWAREONE_MAX_LIMIT = 100;

/** How a SoftwareOne simulator behaves where the vendor notes leave a choice. */
export interface SoftwareOneRouteSettings {
  /** The readings it plays. */
  readonly readings: SoftwareOneReadings;
}

type Problem = (status: number, detail: string | undefined, errors?: Readonly<Record<string, readonly string[]>>) => SimResponse;

/** How the routes write tokens and problems under the readings. */
interface Renderer {
  readonly problem: Problem;
  /** A token as an answer other than create writes it. */
  readonly token: (record: SoftwareOneTokenRecord, projection: Projection) => unknown;
  readonly explicitNulls: boolean;
  readonly rules: SoftwareOneBodyRules;
  readonly sameStateAction: number;
}

const BASE = ['public', 'v1', 'accounts', 'api-tokens'];

const FILTER_FIELDS: Readonly<Record<string, RqlFieldReader<SoftwareOneTokenRecord>>> = {
  id: (record) => record.id,
  name: (record) => record.name,
  description: (record) => record.description ?? undefined,
  status: (record) => record.status,
  'account.id': () => SOFTWAREONE_DEMO_ACCOUNT.id,
};

const ORDER_FIELDS: Readonly<Record<string, (record: SoftwareOneTokenRecord) => string | number | null>> = {
  id: (record) => record.id,
  name: (record) => record.name,
  description: (record) => record.description,
  status: (record) => record.status,
  'audit.created.at': (record) => record.created.at,
  'audit.updated.at': (record) => record.updated.at,
};

/** The SoftwareOne api-tokens API. */
export function softwareOneRoutes(store: SoftwareOneTokenStore, settings: SoftwareOneRouteSettings): VendorRoutes {
  const { readings } = settings;
  const explicitNulls = readings.nulls === 'explicit';
  const render: Renderer = {
    problem: (status, detail, errors) => answerProblem(status, detail, errors, explicitNulls),
    token: (record, projection) => store.render(record, projection, readings.tokenOnRead === 'every-answer', explicitNulls),
    explicitNulls,
    rules: { extensions: readings.extensions === 'accepted' },
    sameStateAction: readings.sameStateAction,
  };
  return { handle: (request) => handle(store, render, request) };
}

function handle(store: SoftwareOneTokenStore, render: Renderer, request: SimRequest): SimResponse {
  const { problem } = render;
  const { method, path } = request;
  const segments = pathSegments(path);
  const caller = authenticate(store, request);
  if (caller === undefined) return problem(401, 'The API token is missing, invalid, disabled or deleted.');
  if (segments === undefined || BASE.some((part, index) => segments[index] !== part)) {
    return problem(404, `No resource at ${path}.`);
  }
  const actor: SoftwareOneActor = { id: caller.id, name: caller.name };
  const [id, action, extra] = segments.slice(BASE.length);
  if (id === undefined) {
    if (method === 'GET') return list(store, render, request);
    if (method === 'POST') return create(store, render, request, actor);
    return problem(405, `${method} is not allowed here.`);
  }
  if (extra !== undefined || (action !== undefined && action !== 'enable' && action !== 'disable')) {
    return problem(404, `No resource at ${path}.`);
  }
  if (action !== undefined ? method !== 'POST' : !['GET', 'PUT', 'DELETE'].includes(method)) {
    return problem(405, `${method} is not allowed here.`);
  }
  // Soft-deleted tokens are hidden from Client and Vendor callers.
  const record = store.findVisible(id);
  if (record === undefined) return problem(404, `Api token '${id}' was not found.`);
  if (action === 'enable' || action === 'disable') return changeStatus(store, render, record, action, actor);
  if (method === 'GET') return show(render, request, record);
  if (method === 'PUT') return update(store, render, request, record, actor);
  store.setStatus(record, 'Deleted', actor);
  return emptyResponse(204);
}

/** The Active token whose secret is the bearer credential. */
function authenticate(store: SoftwareOneTokenStore, request: SimRequest): SoftwareOneTokenRecord | undefined {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(request.headers['authorization'] ?? '');
  return match === null ? undefined : store.authenticate(match[1]!);
}

function parseQuery(problem: Problem, request: SimRequest): { query: RqlQuery } | { refusal: SimResponse } {
  try {
    return { query: parseRqlQuery(request.query, (name) => name in FILTER_FIELDS) };
  } catch (error) {
    if (error instanceof RqlError) return { refusal: problem(400, error.detail) };
    throw error;
  }
}

function list(store: SoftwareOneTokenStore, render: Renderer, request: SimRequest): SimResponse {
  const { problem } = render;
  const parsed = parseQuery(problem, request);
  if ('refusal' in parsed) return parsed.refusal;
  const { query } = parsed;
  let predicate: ((record: SoftwareOneTokenRecord) => boolean) | undefined;
  try {
    predicate = query.filter && compileRql(query.filter, (name) => FILTER_FIELDS[name]);
  } catch (error) {
    if (error instanceof RqlError) return problem(400, error.detail);
    throw error;
  }
  const unknownOrder = query.order.find(({ field }) => !(field in ORDER_FIELDS));
  if (unknownOrder !== undefined) return problem(400, `Unknown order field '${unknownOrder.field}'.`);
  const projection = projectionFromSelect(query.select);
  const limit = query.limit === undefined ? SOFTWAREONE_DEFAULT_LIMIT : Math.min(query.limit, SOFTWAREONE_MAX_LIMIT);
  const offset = query.offset ?? 0;
  const view = store.views.get(orderKey(query.order), comparator(query.order));
  const visible = view.filter((record) => record.status !== 'Deleted' && (predicate === undefined || predicate(record)));
  // Items carry no $meta of their own; the envelope lists what was omitted.
  const itemProjection: Projection = { fields: projection.fields, omitted: [] };
  const body: SoftwareOneList<unknown> = {
    $meta: {
      // The OpenAPI's nullable total, withheld under explicit nulls: a client must page without it.
      pagination: { offset, limit, total: render.explicitNulls ? null : visible.length },
      ...(projection.omitted.length > 0 && { omitted: projection.omitted }),
    },
    data: visible
      .slice(offset, offset + limit)
      .map((record) => render.token(record, itemProjection)),
  };
  return jsonResponse(200, body);
}

function orderKey(order: readonly RqlOrder[]): string {
  return order.map(({ field, descending }) => `${descending ? '-' : ''}${field}`).join(',');
}

type Compare = (a: SoftwareOneTokenRecord, b: SoftwareOneTokenRecord) => number;

function comparator(order: readonly RqlOrder[]): Compare | undefined {
  if (order.length === 0) return undefined;
  return (a, b) => {
    for (const { field, descending } of order) {
      const read = ORDER_FIELDS[field]!;
      const [x, y] = [read(a), read(b)];
      if (x === y) continue;
      // Absent values sort last ascending.
      const result = x === null ? 1 : y === null ? -1 : x < y ? -1 : 1;
      return descending ? -result : result;
    }
    return 0;
  };
}

function show(render: Renderer, request: SimRequest, record: SoftwareOneTokenRecord): SimResponse {
  const parsed = parseQuery(render.problem, request);
  if ('refusal' in parsed) return parsed.refusal;
  return jsonResponse(200, render.token(record, projectionFromSelect(parsed.query.select)));
}

/** The body as a JSON object, or the 415/400 answer. */
function readObject(problem: Problem, request: SimRequest): { body: Record<string, unknown> } | { refusal: SimResponse } {
  const decoded = decodeJsonBody(request);
  if ('failure' in decoded && decoded.failure === 'media-type') {
    return { refusal: problem(415, 'The request body must be application/json.') };
  }
  if ('failure' in decoded || !isRecord(decoded.value)) {
    return { refusal: validationProblem(problem, { $: ['The request body must be a JSON object.'] }) };
  }
  return { body: decoded.value };
}

function validationProblem(problem: Problem, errors: SoftwareOneFieldErrors): SimResponse {
  return problem(400, 'One or more validation errors occurred.', errors);
}

function create(store: SoftwareOneTokenStore, render: Renderer, request: SimRequest, actor: SoftwareOneActor): SimResponse {
  const read = readObject(render.problem, request);
  if ('refusal' in read) return read.refusal;
  const checked = validateCreate(read.body, store, SOFTWAREONE_DEMO_ACCOUNT.id, render.rules);
  if ('errors' in checked) return validationProblem(render.problem, checked.errors);
  const record = store.create(checked.value, actor);
  // The create answer carries the secret under every reading.
  return jsonResponse(201, store.render(record, projectionFromSelect([]), true, render.explicitNulls));
}

function update(
  store: SoftwareOneTokenStore,
  render: Renderer,
  request: SimRequest,
  record: SoftwareOneTokenRecord,
  actor: SoftwareOneActor,
): SimResponse {
  const read = readObject(render.problem, request);
  if ('refusal' in read) return read.refusal;
  const checked = validateUpdate(read.body, store, SOFTWAREONE_DEMO_ACCOUNT.id, render.rules);
  if ('errors' in checked) return validationProblem(render.problem, checked.errors);
  store.update(record, checked.value, actor);
  return jsonResponse(200, render.token(record, projectionFromSelect([])));
}

function changeStatus(
  store: SoftwareOneTokenStore,
  render: Renderer,
  record: SoftwareOneTokenRecord,
  action: 'enable' | 'disable',
  actor: SoftwareOneActor,
): SimResponse {
  const [from, to] = action === 'enable' ? (['Disabled', 'Active'] as const) : (['Active', 'Disabled'] as const);
  if (record.status !== from) return render.problem(render.sameStateAction, `Api token '${record.id}' is already ${record.status}.`);
  store.setStatus(record, to, actor);
  return jsonResponse(200, render.token(record, projectionFromSelect([])));
}
