import {
  InvalidInputError,
  optionalNumber,
  optionalString,
  optionalStringMap,
  requireIntegerInRange,
  requireRecord,
  requiredString,
} from './input';
import { emptyResponse, jsonResponse, type SimResponse } from './messages';
import { matchesRequest } from './request-log';

/**
 * When a fault strikes. `before`: instead of the request, which never reaches
 * the store. `after`: the request is applied to the store first, then its
 * answer is replaced (the write happened, the client never learns it).
 */
export type FaultPhase = 'before' | 'after';

/** Which requests a fault applies to, how many times, and when. */
export interface FaultTarget {
  /** Only requests with this method (any case); all methods when absent. */
  readonly method?: string;
  /** Only this exact raw path, or paths a RegExp matches; all paths when absent. */
  readonly path?: string | RegExp;
  /** How many matching requests it strikes; default 1. */
  readonly times?: number;
  /** See {@link FaultPhase}. */
  readonly phase: FaultPhase;
}

/** Answer with this status, body and headers (e.g. 429 + Retry-After, 503). */
export interface StatusFault {
  readonly kind: 'status';
  /** HTTP status, 200-599. */
  readonly status: number;
  /** A string is sent as-is (text/plain unless `headers` say otherwise); anything else as JSON. */
  readonly body?: unknown;
  /** Extra response headers. */
  readonly headers?: Readonly<Record<string, string>>;
}

/** Wait `ms`, then answer normally (phase `before`: wait, then apply; `after`: apply, then wait). */
export interface DelayFault {
  readonly kind: 'delay';
  /** Milliseconds to wait. */
  readonly ms: number;
}

/** Send the real answer's body slowly: `chunkBytes` every `intervalMs` (the request is applied in either phase). */
export interface TrickleFault {
  readonly kind: 'trickle';
  /** Milliseconds between chunks. */
  readonly intervalMs: number;
  /** Bytes per chunk; default 1. */
  readonly chunkBytes?: number;
}

/** Destroy the socket (`before`: as soon as the request headers arrive, without reading the body). */
export interface ResetFault {
  readonly kind: 'reset';
}

/** Answer with a JSON content type and a body that is not valid JSON. */
export interface MalformedJsonFault {
  readonly kind: 'malformed-json';
  /** Default 200. */
  readonly status?: number;
}

/** Announce a Content-Length larger than the bytes sent, then end the connection. */
export interface TruncatedFault {
  readonly kind: 'truncated';
  /** Default 200. */
  readonly status?: number;
}

/** Answer with an HTML error page, as a proxy or load balancer would. */
export interface HtmlFault {
  readonly kind: 'html';
  /** Default 502. */
  readonly status?: number;
}

/** Answer with a redirect. */
export interface RedirectFault {
  readonly kind: 'redirect';
  /** The Location header. */
  readonly location: string;
  /** 300-399; default 302. */
  readonly status?: number;
}

/** Every kind of fault a simulator can inject. */
export type FaultKind =
  | StatusFault
  | DelayFault
  | TrickleFault
  | ResetFault
  | MalformedJsonFault
  | TruncatedFault
  | HtmlFault
  | RedirectFault;

/** A fault to queue: what it does, which requests it hits, and when. */
export type FaultSpec = FaultTarget & FaultKind;

/** A queued fault with the number of strikes it has left. */
export type PendingFault = FaultSpec & { readonly remaining: number };

/** The user's side of a simulator's fault queue. */
export interface FaultControl {
  /** Queues a fault for the next `times` matching requests; throws on an invalid spec. */
  add(spec: FaultSpec): void;
  /** Drops every queued fault. */
  clear(): void;
  /** The queued faults, in the order they are tried. */
  pending(): PendingFault[];
}

/** A simulator's fault queue: the first queued fault matching a request strikes it. */
export class FaultQueue implements FaultControl {
  private queue: Array<{ spec: FaultSpec; remaining: number }> = [];

  add(spec: FaultSpec): void {
    validateFault(spec);
    this.queue.push({ spec, remaining: spec.times ?? 1 });
  }

  clear(): void {
    this.queue = [];
  }

  pending(): PendingFault[] {
    return this.queue.map(({ spec, remaining }) => ({ ...spec, remaining }));
  }

  /** Consumes one strike of the first fault matching the request, if any. */
  take(method: string, path: string): FaultSpec | undefined {
    const index = this.queue.findIndex(({ spec }) => matchesRequest(spec, method, path));
    const entry = this.queue[index];
    if (entry === undefined) return undefined;
    entry.remaining -= 1;
    if (entry.remaining === 0) this.queue.splice(index, 1);
    return entry.spec;
  }
}

function validateFault(spec: FaultSpec): void {
  if (spec.phase !== 'before' && spec.phase !== 'after') {
    throw new InvalidInputError("fault.phase must be 'before' or 'after'");
  }
  if (spec.times !== undefined) requireIntegerInRange(spec.times, 1, Number.MAX_SAFE_INTEGER, 'fault.times');
  switch (spec.kind) {
    case 'status':
      requireIntegerInRange(spec.status, 200, 599, 'fault.status');
      return;
    case 'delay':
      requireIntegerInRange(spec.ms, 0, 600_000, 'fault.ms');
      return;
    case 'trickle':
      requireIntegerInRange(spec.intervalMs, 0, 60_000, 'fault.intervalMs');
      if (spec.chunkBytes !== undefined) requireIntegerInRange(spec.chunkBytes, 1, 1 << 20, 'fault.chunkBytes');
      return;
    case 'redirect':
      if (spec.location === '') throw new InvalidInputError('fault.location is required');
      if (spec.status !== undefined) requireIntegerInRange(spec.status, 300, 399, 'fault.status');
      return;
    case 'malformed-json':
    case 'truncated':
    case 'html':
      if (spec.status !== undefined) requireIntegerInRange(spec.status, 200, 599, 'fault.status');
      return;
    case 'reset':
      return;
    default:
      throw new InvalidInputError('fault.kind is not a known fault kind');
  }
}

/**
 * JSON form of a fault spec, as the control API takes and returns it: the
 * same fields, except that a RegExp path is given as its source in
 * `pathRegExp` (with optional `pathRegExpFlags`) and `path` is always exact.
 */
export type FaultJson = FaultKind &
  Omit<FaultTarget, 'path'> & {
  readonly path?: string;
  readonly pathRegExp?: string;
  readonly pathRegExpFlags?: string;
};

/** Parses the JSON form of a fault ({@link FaultJson}); throws {@link InvalidInputError}. */
export function faultFromJson(value: unknown): FaultSpec {
  const json = requireRecord(value, 'fault');
  const exact = optionalString(json, 'path', 'fault');
  const source = optionalString(json, 'pathRegExp', 'fault');
  if (exact !== undefined && source !== undefined) {
    throw new InvalidInputError('fault takes path or pathRegExp, not both');
  }
  let path: string | RegExp | undefined = exact;
  if (source !== undefined) {
    try {
      path = new RegExp(source, optionalString(json, 'pathRegExpFlags', 'fault'));
    } catch {
      throw new InvalidInputError('fault.pathRegExp is not a valid regular expression');
    }
  }
  const method = optionalString(json, 'method', 'fault');
  const target = {
    phase: requiredString(json, 'phase', 'fault') as FaultPhase,
    ...(method !== undefined && { method }),
    ...(path !== undefined && { path }),
    ...optionalField(json, 'times'),
  };
  const kind = requiredString(json, 'kind', 'fault');
  switch (kind) {
    case 'status': {
      const headers = optionalStringMap(json, 'headers', 'fault');
      return {
        ...target,
        kind,
        status: requiredNumber(json, 'status'),
        ...('body' in json && { body: json['body'] }),
        ...(headers !== undefined && { headers }),
      };
    }
    case 'delay':
      return { ...target, kind, ms: requiredNumber(json, 'ms') };
    case 'trickle':
      return { ...target, kind, intervalMs: requiredNumber(json, 'intervalMs'), ...optionalField(json, 'chunkBytes') };
    case 'reset':
      return { ...target, kind };
    case 'redirect':
      return { ...target, kind, location: requiredString(json, 'location', 'fault'), ...optionalField(json, 'status') };
    case 'malformed-json':
    case 'truncated':
    case 'html':
      return { ...target, kind, ...optionalField(json, 'status') };
    default:
      throw new InvalidInputError('fault.kind is not a known fault kind');
  }
}

/** The JSON form of a queued fault, for the control API. */
export function pendingFaultToJson(fault: PendingFault): Record<string, unknown> {
  const { path, ...rest } = fault;
  if (path instanceof RegExp) return { ...rest, pathRegExp: path.source, pathRegExpFlags: path.flags };
  return path === undefined ? rest : { ...rest, path };
}

function requiredNumber(json: Record<string, unknown>, key: string): number {
  const value = optionalNumber(json, key, 'fault');
  if (value === undefined) throw new InvalidInputError(`fault.${key} is required`);
  return value;
}

function optionalField<K extends string>(json: Record<string, unknown>, key: K): Partial<Record<K, number>> {
  const value = optionalNumber(json, key, 'fault');
  return value === undefined ? {} : ({ [key]: value } as Record<K, number>);
}

/** An HTML error page as nginx in front of an API would send it. */
function htmlPage(status: number): string {
  const title = `${status} ${STATUS_TEXT[status] ?? 'Error'}`;
  return [
    '<html>',
    `<head><title>${title}</title></head>`,
    '<body>',
    `<center><h1>${title}</h1></center>`,
    '<hr><center>nginx</center>',
    '</body>',
    '</html>',
    '',
  ].join('\r\n');
}

const STATUS_TEXT: Readonly<Record<number, string>> = {
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Temporarily Unavailable',
  504: 'Gateway Time-out',
};

/** Cut-off JSON: what a client reads when a JSON answer breaks off. */
export const MALFORMED_JSON_BODY = '{"data": [{"id": "1", "name": ';

/**
 * The answer a fault of a kind that replaces the whole answer sends
 * (status, malformed-json, html, redirect).
 */
export function faultAnswer(fault: StatusFault | MalformedJsonFault | HtmlFault | RedirectFault): SimResponse {
  switch (fault.kind) {
    case 'status':
      return statusAnswer(fault);
    case 'malformed-json':
      return { status: fault.status ?? 200, headers: { 'content-type': 'application/json' }, body: MALFORMED_JSON_BODY };
    case 'html':
      return {
        status: fault.status ?? 502,
        headers: { 'content-type': 'text/html' },
        body: htmlPage(fault.status ?? 502),
      };
    case 'redirect':
      return emptyResponse(fault.status ?? 302, { location: fault.location });
  }
}

function statusAnswer(fault: StatusFault): SimResponse {
  const headers = lowerCaseKeys(fault.headers ?? {});
  if (fault.body === undefined) return emptyResponse(fault.status, headers);
  if (typeof fault.body === 'string') {
    return { status: fault.status, headers: { 'content-type': 'text/plain', ...headers }, body: fault.body };
  }
  return jsonResponse(fault.status, fault.body, headers);
}

function lowerCaseKeys(headers: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]));
}
