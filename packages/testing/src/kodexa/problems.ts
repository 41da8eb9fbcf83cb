import { randomUUID } from 'node:crypto';
import { jsonResponse, type SimResponse } from '../simulator/messages';
import type { KodexaErrorForm } from './readings';
import type { KodexaExceptionResponse, KodexaProblem, KodexaThrowableProblem } from './types';

const TITLES: Readonly<Record<number, string>> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  415: 'Unsupported Media Type',
  500: 'Internal Server Error',
};

/** What went wrong, whatever form the answer takes. */
export interface KodexaErrorFacts {
  readonly status: number;
  readonly detail: string;
  /** The request path. */
  readonly path: string;
  /** Field → message, on validation errors. */
  readonly errors?: Readonly<Record<string, string>>;
  /** When it happened (epoch ms; default now), for the legacy `dateTime`. */
  readonly at?: number;
}

/** The body and content type of a Kodexa error in the given form (also for building faults in tests). */
export function kodexaErrorBody(form: KodexaErrorForm, facts: KodexaErrorFacts): { readonly contentType: string; readonly body: object } {
  const { status, detail, path, errors } = facts;
  const title = TITLES[status] ?? 'Error';
  if (form === 'legacy' && (status === 401 || status === 403)) {
    // Zalando's ThrowableProblem, as the legacy spec documents for 401 and 403.
    const body: KodexaThrowableProblem = { title, status, detail, instance: path, parameters: {}, message: `error.http.${status}` };
    return { contentType: 'application/problem+json', body };
  }
  if (form !== 'problem-details') {
    const body: KodexaExceptionResponse = {
      dateTime: new Date(facts.at ?? Date.now()).toISOString(),
      message: detail,
      incidentId: randomUUID(),
      contextPath: path,
      // The legacy schema types the values as objects (a Java Map<String, Object>).
      errors: Object.fromEntries(Object.entries(errors ?? {}).map(([field, message]) => [field, { field, message }])),
      stackTrace: [`com.kodexa.platform.ApiException: ${title}`],
      rootCauseStackTrace: [`com.kodexa.platform.ApiException: ${title}`],
    };
    return { contentType: 'application/json', body };
  }
  const body: KodexaProblem = { type: 'about:blank', title, status, detail, instance: path, ...(errors !== undefined && { errors }) };
  return { contentType: 'application/problem+json', body };
}

/** An error answer in the given form. */
export function problem(form: KodexaErrorForm, facts: KodexaErrorFacts, headers: Readonly<Record<string, string>> = {}): SimResponse {
  const { contentType, body } = kodexaErrorBody(form, facts);
  return jsonResponse(facts.status, body, headers, contentType);
}
