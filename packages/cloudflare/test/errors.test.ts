import fc from 'fast-check';
import { fieldOf, parseCloudflareError } from '../src/errors';

/** The error parser alone: every envelope form seen, and any JSON at all without throwing. */

const envelope = (errors: unknown) => ({ success: false, errors, messages: [], result: null });
const parse = (status: number, body: unknown) => parseCloudflareError({ status, body, headers: {} });

describe('parseCloudflareError', () => {
  it.each([
    [404, [{ code: 1000, message: 'Not found' }], 'NotFound'],
    [401, [{ code: 1000, message: 'Invalid API Token' }], 'Unauthorized'],
    [403, [{ code: 10000, message: 'Authentication error' }], 'Unauthorized'],
    [400, [{ code: 9106, message: 'Missing X-Auth-Key, X-Auth-Email or Authorization headers' }], 'Unauthorized'],
    [400, [{ code: 6003, message: 'Invalid request headers', error_chain: [{ code: 6111, message: 'Invalid format for Authorization header' }] }], 'Unauthorized'],
    [403, [{ code: 9109, message: 'Cannot use the access token from location: 192.0.2.1' }], 'Forbidden'],
    [429, [{ code: 971, message: 'Please wait and consider throttling your request speed' }], 'RateLimited'],
  ] as const)('status %i with %j is %s', (status, errors, tag) => {
    expect(parse(status, envelope(errors))).toMatchObject({ tag, code: String(errors[0]!.code) });
  });

  it('joins every error with its chain into the message, and gives a 400 one issue per error at the field it names', () => {
    const info = parse(400, envelope([{ code: 1001, message: 'name is required.' }, { code: 1001, message: 'policies[0].effect must be allow or deny.' }]));
    expect(info.message).toBe('1001 name is required.; 1001 policies[0].effect must be allow or deny.');
    expect(info.issues?.map((i) => i.path)).toEqual(['name', 'extra.policies[0].effect']);
    expect(parse(400, envelope([{ code: 6003, message: 'Invalid request headers', error_chain: [{ code: 6111, message: 'chained' }] }])).message).toBe('6003 Invalid request headers: chained');
  });

  it.each([
    ['name must be at most 120 characters.', 'name'],
    ['expires_on must be a date-time such as 2030-01-01T00:00:00Z.', 'expiresAt'],
    ['not_before must be earlier than expires_on.', 'extra.notBefore'],
    ['condition.request_ip.in must list IPv4/IPv6 ranges in CIDR notation.', 'extra.condition.request_ip.in'],
    ['Permission group ffff is not valid for this token.', 'extra.policies'],
    ['Reusing existing policies is not supported by token creation', 'extra.policies'],
    ['You have reached the maximum of 50 API tokens.', '(body)'],
  ])('%s is about %s', (message, path) => {
    expect(fieldOf(message)).toBe(path);
  });

  it('leaves anything that is not the envelope to the status mapping, and never throws on any JSON', () => {
    expect(parse(500, '<html>bad gateway</html>')).toEqual({});
    expect(parse(400, { errors: 'nope' })).toEqual({});
    expect(parse(400, envelope([null, 7, 'x']))).toEqual({});
    fc.assert(
      fc.property(fc.integer({ min: 300, max: 599 }), fc.oneof(fc.jsonValue(), fc.jsonValue().map(envelope), fc.array(fc.dictionary(fc.constantFrom('code', 'message', 'error_chain', 'x'), fc.jsonValue())).map(envelope)), (status, body) => {
        const info = parse(status, body);
        expect(typeof info).toBe('object');
      }),
      { numRuns: 300 },
    );
  });
});
