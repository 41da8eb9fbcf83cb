import { jsonResponse, type SimResponse } from '../simulator/messages';
import type { KodexaProblem } from './types';

const TITLES: Readonly<Record<number, string>> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  415: 'Unsupported Media Type',
  500: 'Internal Server Error',
};

/** An RFC 9457 problem-details answer (`application/problem+json`), as the v2 API sends errors. */
export function problem(
  status: number,
  detail: string,
  instance: string,
  errors?: Readonly<Record<string, string>>,
  headers: Readonly<Record<string, string>> = {},
): SimResponse {
  const body: KodexaProblem = {
    type: 'about:blank',
    title: TITLES[status] ?? 'Error',
    status,
    detail,
    instance,
    ...(errors !== undefined && { errors }),
  };
  return jsonResponse(status, body, headers, 'application/problem+json');
}
