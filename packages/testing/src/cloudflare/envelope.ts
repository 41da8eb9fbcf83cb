import { randomBytes } from 'node:crypto';
import { jsonResponse, type SimResponse } from '../simulator/messages';
import type { CloudflareEnvelope, CloudflareMessage, CloudflareResultInfo } from './types';

/** Headers Cloudflare's API puts on every answer (rate-limit headers are added separately). */
function cloudflareHeaders(): Record<string, string> {
  return { 'cf-ray': `${randomBytes(8).toString('hex')}-SIM`, 'cache-control': 'no-store, no-cache, must-revalidate' };
}

/** A success envelope: `{result, success: true, errors: [], messages, result_info?}`. */
export function success(
  result: unknown,
  extra: { readonly messages?: readonly CloudflareMessage[]; readonly resultInfo?: CloudflareResultInfo } = {},
): SimResponse {
  const body: CloudflareEnvelope<unknown> = {
    result,
    success: true,
    errors: [],
    messages: extra.messages ?? [],
    ...(extra.resultInfo !== undefined && { result_info: extra.resultInfo }),
  };
  return jsonResponse(200, body, cloudflareHeaders());
}

/** A failure envelope: `{success: false, errors, messages: [], result: null}`. */
export function failure(
  status: number,
  errors: readonly CloudflareMessage[],
  headers: Readonly<Record<string, string>> = {},
): SimResponse {
  const body: CloudflareEnvelope<null> = { success: false, errors, messages: [], result: null };
  return jsonResponse(status, body, { ...cloudflareHeaders(), ...headers });
}

/** One error of the envelope. */
export function error(code: number, message: string): CloudflareMessage {
  return { code, message };
}

/** The answers the routes share, with the codes the vendor notes list (INF where the notes say so). */
export const answers = {
  /** 400 6003 + chain 6111: the Authorization header is missing its `Bearer <token>` form. */
  badAuthorizationHeader: (): SimResponse =>
    failure(400, [
      { code: 6003, message: 'Invalid request headers', error_chain: [error(6111, 'Invalid format for Authorization header')] },
    ]),
  /** 400 9106: no credential at all. */
  missingCredential: (): SimResponse =>
    failure(400, [error(9106, 'Missing X-Auth-Key, X-Auth-Email or Authorization headers')]),
  /** 403 10000: a value that does not authenticate, outside verify (INF status). */
  authenticationError: (): SimResponse => failure(403, [error(10000, 'Authentication error')]),
  /** 401 1000: what verify answers for a value it does not accept. */
  invalidApiToken: (): SimResponse => failure(401, [error(1000, 'Invalid API Token')]),
  /** 403 9109: the token lacks the permission. */
  unauthorized: (): SimResponse => failure(403, [error(9109, 'Unauthorized to access requested resource')]),
  /** 403 9109: the token's IP condition refuses the caller. */
  wrongLocation: (ip: string): SimResponse =>
    failure(403, [error(9109, `Cannot use the access token from location: ${ip}`)]),
  /** 400 7000: no such route. */
  noRoute: (): SimResponse => failure(400, [error(7000, 'No route for that URI')]),
  /** 400 7003: a malformed identifier in the path. */
  badIdentifier: (path: string): SimResponse =>
    failure(400, [error(7003, `Could not route to ${path}, perhaps your object identifier is invalid?`)]),
  /** 405 7001: the route exists, the method does not (INF). */
  methodNotAllowed: (): SimResponse => failure(405, [error(7001, 'Method not allowed')]),
  /** 404 1000: no token with that id (INF). */
  tokenNotFound: (): SimResponse => failure(404, [error(1000, 'Not found')]),
  /** 400 6007: the body is not JSON (INF). */
  malformedJson: (): SimResponse => failure(400, [error(6007, 'Malformed JSON in request body')]),
  /** 400 1001: the body breaks one or more rules (INF code except for reused policies). */
  invalidRequest: (messages: readonly string[]): SimResponse =>
    failure(400, messages.map((message) => error(1001, message))),
};
