import { randomBytes } from 'node:crypto';
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

/** A JSON:API error answer: `{"data":[{"id","type":"api_error","attributes":{code,details,doc_url}}]}`. */
export function apiError(
  status: number,
  code: string,
  details: Readonly<Record<string, unknown>> = {},
  headers: Readonly<Record<string, string>> = {},
): SimResponse {
  const error: DatoCmsApiError = {
    id: randomBytes(3).toString('hex'),
    type: 'api_error',
    attributes: { code, details, doc_url: `https://www.datocms.com/docs/content-management-api/errors#${code}` },
  };
  const body: DatoCmsDocument<DatoCmsApiError[]> = { data: [error] };
  return datoResponse(status, body, headers);
}
