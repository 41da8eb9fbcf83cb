import { faultFromJson, pendingFaultToJson, type FaultControl } from './faults';
import { InvalidInputError, optionalNumber, optionalString, requireIntegerInRange, requireRecord } from './input';
import {
  emptyResponse,
  jsonResponse,
  parseJson,
  pathSegments,
  type SimRequest,
  type SimResponse,
} from './messages';
import type { RateLimitControl } from './rate-limit';
import type { RequestLog, RequestLogEntry } from './request-log';

/** Path prefix of the control API; vendor routes never live under it. */
export const CONTROL_PREFIX = '/__sim';

/** Most tokens `POST /__sim/tokens/generate` makes in one call. */
const MAX_GENERATED_TOKENS = 1_000_000;

/** What the control API drives: one simulator's store and machinery, vendor-neutral. */
export interface ControlTarget {
  /** Vendor id and whatever a remote driver needs to talk to it (URL, credential, ids). */
  info(): Record<string, unknown>;
  /** Number of tokens held. */
  tokenCount(): number;
  /** Tokens held, in insertion order, in the vendor's wire shape. */
  listTokens(offset: number, limit: number): unknown[];
  /** One token in the vendor's wire shape, or undefined. */
  getToken(id: string): unknown;
  /** Seeds a token from the vendor's seed input; throws {@link InvalidInputError}. */
  seedToken(input: Record<string, unknown>): unknown;
  /** Removes a token outright; false when unknown. */
  deleteToken(id: string): boolean;
  /** Makes `count` tokens named `namePrefix` + a zero-padded number. */
  generateTokens(count: number, namePrefix: string): void;
  /** The fault queue. */
  readonly faults: FaultControl;
  /** The request log. */
  readonly requests: RequestLog;
  /** The rate limit. */
  readonly rateLimit: RateLimitControl;
  /** Restores the initial state. */
  reset(): void;
}

/** Whether a raw path belongs to the control API. */
export function isControlPath(path: string): boolean {
  return path === CONTROL_PREFIX || path.startsWith(`${CONTROL_PREFIX}/`);
}

/** Answers one control-API request. */
export function handleControl(request: SimRequest, target: ControlTarget): SimResponse {
  try {
    return route(request, target);
  } catch (error) {
    if (error instanceof InvalidInputError) return controlError(400, error.message);
    throw error;
  }
}

function route(request: SimRequest, target: ControlTarget): SimResponse {
  const segments = pathSegments(request.path.slice(CONTROL_PREFIX.length));
  if (segments === undefined) return controlError(400, 'malformed path');
  const [resource, id, extra] = segments;
  const method = request.method;
  const query = new URLSearchParams(request.query);
  switch (resource) {
    case 'info':
      if (method === 'GET' && id === undefined) return jsonResponse(200, target.info());
      break;
    case 'reset':
      if (method === 'POST' && id === undefined) {
        target.reset();
        return emptyResponse(204);
      }
      break;
    case 'tokens':
      return tokens(method, id, extra, request, query, target);
    case 'faults':
      if (id !== undefined) break;
      if (method === 'GET') return jsonResponse(200, target.faults.pending().map(pendingFaultToJson));
      if (method === 'DELETE') {
        target.faults.clear();
        return emptyResponse(204);
      }
      if (method === 'POST') {
        const body = jsonBody(request);
        const specs = (Array.isArray(body) ? body : [body]).map(faultFromJson);
        specs.forEach((spec) => target.faults.add(spec));
        return jsonResponse(201, target.faults.pending().map(pendingFaultToJson));
      }
      break;
    case 'requests':
      if (id !== undefined) break;
      if (method === 'GET') return jsonResponse(200, filteredRequests(query, target.requests));
      if (method === 'DELETE') {
        target.requests.clear();
        return emptyResponse(204);
      }
      break;
    case 'rate-limit':
      if (id !== undefined) break;
      if (method === 'GET') return jsonResponse(200, target.rateLimit.get());
      if (method === 'PUT') {
        const body = jsonBody(request);
        if (body === false) {
          target.rateLimit.set(false);
        } else {
          const settings = requireRecord(body, 'rate limit');
          target.rateLimit.set({
            limit: requiredCount(settings, 'limit'),
            windowMs: requiredCount(settings, 'windowMs'),
          });
        }
        return jsonResponse(200, target.rateLimit.get());
      }
      break;
    default:
      return controlError(404, 'no such control resource');
  }
  return controlError(405, 'method not allowed on this control resource');
}

function tokens(
  method: string,
  id: string | undefined,
  extra: string | undefined,
  request: SimRequest,
  query: URLSearchParams,
  target: ControlTarget,
): SimResponse {
  if (extra !== undefined) return controlError(404, 'no such control resource');
  if (id === 'generate') {
    if (method !== 'POST') return controlError(405, 'method not allowed on this control resource');
    const body = requireRecord(jsonBody(request), 'generate request');
    const count = requiredCount(body, 'count');
    requireIntegerInRange(count, 1, MAX_GENERATED_TOKENS, 'count');
    target.generateTokens(count, optionalString(body, 'namePrefix', 'generate request') ?? 'token-');
    return jsonResponse(201, { generated: count, total: target.tokenCount() });
  }
  if (id === undefined) {
    if (method === 'GET') {
      const offset = queryInteger(query, 'offset') ?? 0;
      const limit = queryInteger(query, 'limit') ?? Number.MAX_SAFE_INTEGER;
      return jsonResponse(200, { total: target.tokenCount(), data: target.listTokens(offset, limit) });
    }
    if (method === 'POST') {
      return jsonResponse(201, target.seedToken(requireRecord(jsonBody(request), 'seed')));
    }
    return controlError(405, 'method not allowed on this control resource');
  }
  if (method === 'GET') {
    const token = target.getToken(id);
    return token === undefined ? controlError(404, 'no such token') : jsonResponse(200, token);
  }
  if (method === 'DELETE') {
    return target.deleteToken(id) ? emptyResponse(204) : controlError(404, 'no such token');
  }
  return controlError(405, 'method not allowed on this control resource');
}

function filteredRequests(query: URLSearchParams, log: RequestLog): RequestLogEntry[] {
  const method = query.get('method') ?? undefined;
  const path = query.get('path') ?? undefined;
  const pattern = query.get('pathRegExp') ?? undefined;
  if (path !== undefined && pattern !== undefined) throw new InvalidInputError('give path or pathRegExp, not both');
  let regExp: RegExp | undefined;
  if (pattern !== undefined) {
    try {
      regExp = new RegExp(pattern);
    } catch {
      throw new InvalidInputError('pathRegExp is not a valid regular expression');
    }
  }
  return log.filter({ method, path: regExp ?? path });
}

function jsonBody(request: SimRequest): unknown {
  const parsed = parseJson(request.bodyText);
  if (!parsed.ok) throw new InvalidInputError('body must be JSON');
  return parsed.value;
}

function requiredCount(record: Record<string, unknown>, key: string): number {
  const value = optionalNumber(record, key, 'body');
  if (value === undefined) throw new InvalidInputError(`body.${key} is required`);
  requireIntegerInRange(value, 1, Number.MAX_SAFE_INTEGER, key);
  return value;
}

function queryInteger(query: URLSearchParams, name: string): number | undefined {
  const raw = query.get(name);
  if (raw === null) return undefined;
  const value = Number(raw);
  requireIntegerInRange(value, 0, Number.MAX_SAFE_INTEGER, name);
  return value;
}

function controlError(status: number, message: string): SimResponse {
  return jsonResponse(status, { error: message });
}
