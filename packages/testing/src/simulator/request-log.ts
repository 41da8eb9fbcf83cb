import { isJsonMediaType, parseJson, type SimRequest } from './messages';

/** What a redacted header value reads as in the log. */
export const REDACTED = '[REDACTED]';

/**
 * Headers that carry credentials on some vendor (`cf-access-token` is the
 * Cloudflare Access header the Kodexa SDK sends; cookies may hold a session).
 */
export const CREDENTIAL_HEADERS: readonly string[] = [
  'authorization',
  'x-api-key',
  'x-access-token',
  'cf-access-token',
  'cookie',
];

/** One request a simulator received (control-API calls are never logged). */
export interface RequestLogEntry {
  /** Upper-case HTTP method. */
  readonly method: string;
  /** The raw path, without the query. */
  readonly path: string;
  /** The raw query string without `?` (empty when none). */
  readonly query: string;
  /** Lower-case header names; credential headers read {@link REDACTED}. */
  readonly headers: Readonly<Record<string, string>>;
  /**
   * The parsed JSON body when the request declared JSON and it parsed, else
   * the text, else undefined (no body, or a connection reset before reading it).
   */
  readonly body: unknown;
  /** When it arrived, in epoch milliseconds from the simulator's clock. */
  readonly at: number;
}

/** Selects log entries: method compared case-insensitively, path exactly or by RegExp. */
export interface RequestFilter {
  /** HTTP method to keep. */
  readonly method?: string;
  /** Exact raw path, or a RegExp tested against it. */
  readonly path?: string | RegExp;
}

/** The read side of a simulator's request log. */
export interface RequestLog {
  /** Every logged request, oldest first. */
  all(): RequestLogEntry[];
  /** Logged requests that match a filter, oldest first. */
  filter(filter: RequestFilter): RequestLogEntry[];
  /** Forgets every logged request. */
  clear(): void;
}

/** Whether a method and path satisfy a filter (shared by the log and the fault queue). */
export function matchesRequest(filter: RequestFilter, method: string, path: string): boolean {
  if (filter.method !== undefined && filter.method.toUpperCase() !== method) return false;
  if (filter.path === undefined) return true;
  if (typeof filter.path === 'string') return filter.path === path;
  // A global or sticky RegExp keeps state between calls; matching must not.
  filter.path.lastIndex = 0;
  return filter.path.test(path);
}

/** Header map safe to keep: credential values replaced by {@link REDACTED}. */
function redactHeaders(headers: Readonly<Record<string, string>>): Record<string, string> {
  const safe: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    safe[name] = CREDENTIAL_HEADERS.includes(name) ? REDACTED : value;
  }
  return safe;
}

/** Default cap on kept entries, so a long benchmark against one simulator stays in bounded memory. */
const DEFAULT_REQUEST_LOG_LIMIT = 10_000;

/** The simulator's own side of the log: it records; users read through {@link RequestLog}. */
export class RequestRecorder implements RequestLog {
  private entries: RequestLogEntry[] = [];

  /** @param limit - how many of the newest entries to keep. */
  constructor(private readonly limit: number = DEFAULT_REQUEST_LOG_LIMIT) {}

  /** Logs a request; `bodyText` is absent when the body was never read. */
  record(request: Omit<SimRequest, 'bodyText'> & { bodyText?: string }, at: number): void {
    this.entries.push({
      method: request.method,
      path: request.path,
      query: request.query,
      headers: redactHeaders(request.headers),
      body: logBody(request.headers['content-type'], request.bodyText),
      at,
    });
    // Trim in batches so logging stays O(1) amortised at the cap.
    if (this.entries.length >= this.limit * 2) this.entries = this.entries.slice(-this.limit);
  }

  all(): RequestLogEntry[] {
    return this.entries.slice(-this.limit);
  }

  filter(filter: RequestFilter): RequestLogEntry[] {
    return this.all().filter((entry) => matchesRequest(filter, entry.method, entry.path));
  }

  clear(): void {
    this.entries = [];
  }
}

function logBody(contentType: string | undefined, text: string | undefined): unknown {
  if (text === undefined || text === '') return undefined;
  if (isJsonMediaType(contentType)) {
    const parsed = parseJson(text);
    if (parsed.ok) return parsed.value;
  }
  return text;
}
