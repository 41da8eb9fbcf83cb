import type { IncomingMessage } from 'node:http';

/**
 * A request as a vendor simulator's routes see it: fully read, headers
 * normalised, nothing decoded beyond what every route needs.
 */
export interface SimRequest {
  /** Upper-case HTTP method. */
  readonly method: string;
  /** The path exactly as sent (still percent-encoded), without the query. */
  readonly path: string;
  /** The raw query string without the leading `?` (empty when none). */
  readonly query: string;
  /** Header values by lower-case name; repeated headers joined with `, `. */
  readonly headers: Readonly<Record<string, string>>;
  /** The body as UTF-8 text; empty when the request had none. */
  readonly bodyText: string;
}

/** An answer a route produces; the server writes it, unless a fault alters it. */
export interface SimResponse {
  /** HTTP status code. */
  readonly status: number;
  /** Response headers by lower-case name. */
  readonly headers: Readonly<Record<string, string>>;
  /** The body; empty for none. */
  readonly body: string;
}

/** Cap on a request body: far above any real token payload, low enough to refuse a runaway client. */
const MAX_BODY_BYTES = 1024 * 1024;

/** Thrown by {@link readBody} when a body exceeds {@link MAX_BODY_BYTES}. */
export class BodyTooLargeError extends Error {
  constructor() {
    super(`request body exceeds ${MAX_BODY_BYTES} bytes`);
    this.name = 'BodyTooLargeError';
  }
}

/** Reads a request body to the end, refusing bodies above {@link MAX_BODY_BYTES}. */
export function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new BodyTooLargeError());
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** Lower-case header map from node's, joining repeated values. */
export function normaliseHeaders(raw: IncomingMessage['headers']): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(raw)) {
    if (value === undefined) continue;
    headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return headers;
}

/** Splits a request target (`/path?query`) into its raw path and query. */
export function splitTarget(target: string): { path: string; query: string } {
  const mark = target.indexOf('?');
  return mark < 0 ? { path: target, query: '' } : { path: target.slice(0, mark), query: target.slice(mark + 1) };
}

/** The media type of a Content-Type header, lower-cased, without parameters. */
export function mediaType(contentType: string | undefined): string {
  return (contentType ?? '').split(';')[0]!.trim().toLowerCase();
}

/** Whether a Content-Type names JSON (`application/json` or any `+json` type). */
export function isJsonMediaType(contentType: string | undefined): boolean {
  const type = mediaType(contentType);
  return type === 'application/json' || type.endsWith('+json');
}

/** Result of {@link parseJson}: the value, or a marker that the text was not JSON. */
export type JsonParse = { readonly ok: true; readonly value: unknown } | { readonly ok: false };

/** Parses JSON without throwing. */
export function parseJson(text: string): JsonParse {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false };
  }
}

/** A request body decoded as JSON, or why it could not be. */
export type JsonBody =
  | { readonly value: unknown }
  | { readonly failure: 'media-type' | 'missing' | 'malformed' };

/** Decodes a body that must be JSON: checks the Content-Type, then presence, then syntax. */
export function decodeJsonBody(request: SimRequest): JsonBody {
  if (!isJsonMediaType(request.headers['content-type'])) return { failure: 'media-type' };
  if (request.bodyText.trim() === '') return { failure: 'missing' };
  const parsed = parseJson(request.bodyText);
  return parsed.ok ? { value: parsed.value } : { failure: 'malformed' };
}

/** Narrows to a plain JSON object (not an array, not null). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A JSON answer with the given status and content type. */
export function jsonResponse(
  status: number,
  value: unknown,
  headers: Readonly<Record<string, string>> = {},
  contentType = 'application/json',
): SimResponse {
  return { status, headers: { 'content-type': contentType, ...headers }, body: JSON.stringify(value) };
}

/** An answer with no body. */
export function emptyResponse(status: number, headers: Readonly<Record<string, string>> = {}): SimResponse {
  return { status, headers, body: '' };
}

/** The same answer with extra headers merged in (later names win). */
export function withHeaders(response: SimResponse, headers: Readonly<Record<string, string>>): SimResponse {
  return { ...response, headers: { ...response.headers, ...headers } };
}

/**
 * Splits a raw path into decoded segments (`/a/b%20c` → `['a', 'b c']`);
 * undefined when a segment's percent-encoding is broken.
 */
export function pathSegments(path: string): string[] | undefined {
  try {
    return path.split('/').filter((segment) => segment !== '').map((segment) => decodeURIComponent(segment));
  } catch {
    return undefined;
  }
}
