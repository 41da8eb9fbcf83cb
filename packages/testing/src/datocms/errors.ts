import { randomBytes } from 'node:crypto';
import type { FaultSpec, FaultTarget } from '../simulator/faults';
import { jsonResponse, type SimResponse } from '../simulator/messages';
import type { DatoCmsApiError, DatoCmsDocument } from './types';

/** Headers DatoCMS puts on every answer (rate-limit headers are added separately). */
function datoHeaders(): Record<string, string> {
  return { 'x-request-id': randomBytes(10).toString('hex'), 'x-api-version': '3' };
}

/** A JSON answer with DatoCMS's content type and headers. */
export function datoResponse(status: number, body: unknown, headers: Readonly<Record<string, string>> = {}): SimResponse {
  return jsonResponse(status, body, { ...datoHeaders(), ...headers }, 'application/json; charset=utf-8');
}

/**
 * The error document `{"data":[{"id","type":"api_error","attributes":{code,details,doc_url,transient?}}]}`;
 * `transient: true` says "you can retry the request later".
 */
export function datoCmsErrorBody(
  code: string,
  details: Readonly<Record<string, unknown>> = {},
  transient = false,
): DatoCmsDocument<DatoCmsApiError[]> {
  const error: DatoCmsApiError = {
    id: randomBytes(3).toString('hex'),
    type: 'api_error',
    attributes: {
      code,
      details,
      doc_url: `https://www.datocms.com/docs/content-management-api/errors#${code}`,
      ...(transient && { transient: true }),
    },
  };
  return { data: [error] };
}

/** A JSON:API error answer. */
export function apiError(
  status: number,
  code: string,
  details: Readonly<Record<string, unknown>> = {},
  headers: Readonly<Record<string, string>> = {},
): SimResponse {
  return datoResponse(status, datoCmsErrorBody(code, details), headers);
}

/**
 * A fault answering as DatoCMS does with a transient error (default: a 409
 * `ITEM_LOCKED` with `transient: true`), for the next `times` matching requests.
 * The simulator never produces transient errors by itself.
 */
export function datoCmsTransientFault(
  target: Omit<FaultTarget, 'phase'> & { readonly phase?: FaultTarget['phase']; readonly status?: number; readonly code?: string } = {},
): FaultSpec {
  const { status = 409, code = 'ITEM_LOCKED', phase = 'before', ...rest } = target;
  return {
    ...rest,
    phase,
    kind: 'status',
    status,
    headers: { 'content-type': 'application/json; charset=utf-8' },
    body: datoCmsErrorBody(code, {}, true),
  };
}
