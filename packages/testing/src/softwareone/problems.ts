import { randomBytes } from 'node:crypto';
import { jsonResponse, type SimResponse } from '../simulator/messages';
import type { SoftwareOneProblem } from './types';

const KINDS: Readonly<Record<number, { title: string; section: string }>> = {
  400: { title: 'Bad Request', section: '15.5.1' },
  401: { title: 'Unauthorized', section: '15.5.2' },
  404: { title: 'Not Found', section: '15.5.5' },
  405: { title: 'Method Not Allowed', section: '15.5.6' },
  409: { title: 'Conflict', section: '15.5.10' },
  415: { title: 'Unsupported Media Type', section: '15.5.16' },
};

/** A W3C trace id, as the platform puts in every error body. */
function newTraceId(): string {
  return `00-${randomBytes(16).toString('hex')}-${randomBytes(8).toString('hex')}-00`;
}

/**
 * An RFC 7807 error answer in the ASP.NET form the platform uses:
 * type, title, status, detail, traceId, and `errors` as field → messages.
 * With `explicitNulls`, the fields without a value (`detail`, `instance`,
 * `errors`) are sent as null, as the OpenAPI allows.
 */
export function problem(
  status: number,
  detail: string | undefined,
  errors?: Readonly<Record<string, readonly string[]>>,
  explicitNulls = false,
): SimResponse {
  const kind = KINDS[status] ?? { title: 'Error', section: '15.6.1' };
  const body: SoftwareOneProblem = {
    type: `https://tools.ietf.org/html/rfc9110#section-${kind.section}`,
    title: kind.title,
    status,
    ...(detail !== undefined ? { detail } : explicitNulls && { detail: null }),
    ...(explicitNulls && { instance: null }),
    traceId: newTraceId(),
    ...(errors !== undefined ? { errors } : explicitNulls && { errors: null }),
  };
  return jsonResponse(status, body, {}, 'application/problem+json');
}
