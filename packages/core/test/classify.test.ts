import type { VendorErrorInfo } from '@tokenbridge/core';
import { classifyAnswer, classifyFailure, errorOfAnswer, networkError, tagForStatus } from '../src/transport/classify';

/** Status → error classification, pure: no server, no clock. */

const ctx = { provider: 'test', operation: 'update' } as const;

describe('status → tag', () => {
  it.each([
    [301, 'Network'],
    [308, 'Network'],
    [400, 'Validation'],
    [401, 'Unauthorized'],
    [403, 'Forbidden'],
    [404, 'NotFound'],
    [408, 'Server'],
    [409, 'Conflict'],
    [410, 'NotFound'],
    [412, 'Conflict'],
    [418, 'Validation'],
    [422, 'Validation'],
    [429, 'RateLimited'],
    [500, 'Server'],
    [503, 'Server'],
    [599, 'Server'],
  ] as const)('%d is %s', (status, tag) => {
    expect(tagForStatus(status)).toBe(tag);
  });
});

describe('an error answer', () => {
  const plain = (status: number, info: VendorErrorInfo = {}, extra: Partial<Parameters<typeof errorOfAnswer>[1]> = {}) =>
    errorOfAnswer(ctx, { status, headers: {}, notJson: false, info, ...extra });

  it.each([
    ['a 404 by its status', plain(404), { _tag: 'NotFound', status: 404, message: 'HTTP 404', retryable: false }],
    ['a 503 with the wait it asked for', plain(503, {}, { waitMs: 2000 }), { _tag: 'Server', status: 503, retryAfterMs: 2000, retryable: true }],
    ['a 502 proxy page', plain(502, {}, { notJson: true }), { _tag: 'Server', message: 'HTTP 502 (the body was not JSON, e.g. a proxy error page)' }],
    [
      "the vendor's tag, code and message over the status",
      plain(422, { tag: 'Forbidden', code: 'NON_EDITABLE', message: 'built-in token' }),
      { _tag: 'Forbidden', status: 422, vendorCode: 'NON_EDITABLE', message: 'built-in token' },
    ],
    [
      "the vendor's issues, summed up when it gave no message",
      plain(422, { issues: [{ path: 'name', message: 'is taken' }] }),
      { _tag: 'Validation', issues: [{ path: 'name', message: 'is taken' }], message: 'HTTP 422: name: is taken' },
    ],
    ['a conflict with the version the vendor holds', plain(409, { currentVersion: '7' }), { _tag: 'Conflict', currentVersion: '7' }],
    ["the vendor's word on repeating", plain(500, { retryable: false }), { _tag: 'Server', retryable: false }],
    [
      'a redirect, never repeated',
      plain(302, {}, { location: new URL('https://elsewhere.example/x') }),
      { _tag: 'Network', code: 'REDIRECT', retryable: false, message: expect.stringContaining('to https://elsewhere.example; not followed') },
    ],
    ['a redirect without a target', plain(307), { _tag: 'Network', code: 'REDIRECT', message: 'redirected (307) without a target' }],
    ['the request id from its header', plain(500, {}, { headers: { 'x-request-id': 'r-1' }, requestIdHeader: 'X-Request-Id' }), { requestId: 'r-1' }],
    ['the parser\'s request id over the header', plain(500, { requestId: 'r-2' }, { headers: { 'x-request-id': 'r-1' }, requestIdHeader: 'X-Request-Id' }), { requestId: 'r-2' }],
  ])('%s', (_name, error, expected) => {
    expect(error).toMatchObject({ provider: 'test', operation: 'update', ...expected });
  });

  it('classifyAnswer reads the wait of a 429 against the given time, and survives a throwing parser', () => {
    const parseError = (): VendorErrorInfo => {
      throw new Error('parser bug');
    };
    const headers = { 'retry-after': 'Thu, 01 Jan 1970 00:00:10 GMT' };
    const { error, waitMs, info } = classifyAnswer(ctx, { parseError }, 4000, { status: 429, headers, text: '{}', parsed: {} });
    expect(info).toEqual({});
    expect(waitMs).toBe(6000);
    expect(error).toMatchObject({ _tag: 'RateLimited', status: 429, retryAfterMs: 6000, message: 'HTTP 429' });
  });

  it('classifyAnswer gives the parser the status, body, headers and redirect target', () => {
    const seen: unknown[] = [];
    const location = new URL('https://example.test/moved');
    classifyAnswer(ctx, { parseError: (input) => (seen.push(input), {}) }, 0, { status: 301, headers: { a: 'b' }, text: '', parsed: { x: 1 }, location });
    expect(seen).toEqual([{ status: 301, body: { x: 1 }, headers: { a: 'b' }, location }]);
  });
});

describe('a request that got no answer', () => {
  const coded = (code: string, extra: object = {}) => Object.assign(new Error('x'), { code }, extra);
  it.each([
    ['refused: never sent', coded('ECONNREFUSED'), { code: 'ECONNREFUSED', notSent: true, tooLarge: false }, 'connection refused (ECONNREFUSED)'],
    ['host not found: never sent', coded('ENOTFOUND'), { code: 'ENOTFOUND', notSent: true, tooLarge: false }, 'host not found (ENOTFOUND)'],
    ['reset: may have been sent', coded('ECONNRESET'), { code: 'ECONNRESET', notSent: false, tooLarge: false }, 'connection reset (ECONNRESET)'],
    ['the code of its cause when it has none', Object.assign(new Error('x'), { cause: { code: 'EPIPE' } }), { code: 'EPIPE', notSent: false }, 'connection closed while sending (EPIPE)'],
    ['over the size limit', coded('ERR_BAD_RESPONSE', { message: 'maxContentLength size of 10 exceeded' }), { tooLarge: true }, undefined],
    ['anything else', 'a string', { code: 'UNKNOWN', notSent: false, tooLarge: false }, 'network failure (UNKNOWN)'],
  ])('%s', (_name, thrown, expected, message) => {
    const failure = classifyFailure(thrown);
    expect(failure).toMatchObject(expected);
    if (message !== undefined) expect(networkError(ctx, failure)).toMatchObject({ _tag: 'Network', code: failure.code, message, retryable: true });
  });
});
