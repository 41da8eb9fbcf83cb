import fc from 'fast-check';
import * as E from 'fp-ts/Either';
import { type AnyTokenProvider, type TokenError, TokenBridgeError, type TokenErrorTag, isTokenError, listAll, toPromise } from 'tokenbridge';
import { type HostileAnswer, type HostileServer, startHostileServer } from './support/hostile-server';
import { operationCalls, providerOn } from './support/hostile-providers';
import { LeakSweep, SENTINEL_CREDENTIALS, SENTINEL_TOKEN_VALUES } from './support/sentinels';
import { VENDORS, type VendorName } from './support/vendors';

/**
 * Item 5 of "hostile inputs, round 2": whatever a server answers to any
 * operation — any JSON (secrets planted in values and keys), any bytes, or
 * no HTTP at all — under any 4xx or 5xx status, the adapter's TaskEither
 * resolves to a Left with a known tag and no secret: it never rejects.
 */

const TAGS: ReadonlySet<TokenErrorTag> = new Set([
  'Validation',
  'Unauthorized',
  'Forbidden',
  'NotFound',
  'Conflict',
  'RateLimited',
  'Unsupported',
  'Timeout',
  'Cancelled',
  'Network',
  'Server',
  'Decode',
]);
const RUNS = { numRuns: 30 };
const sweep = new LeakSweep();
let server: HostileServer;

beforeAll(async () => {
  server = await startHostileServer();
});
afterAll(async () => {
  await server.close();
});

/** What a vendor may echo: its credential, and a token value of a shape the adapter knows (Kodexa documents none). */
function planted(vendor: VendorName): string[] {
  const credential = SENTINEL_CREDENTIALS[vendor];
  return vendor === 'kodexa' ? [credential] : [credential, SENTINEL_TOKEN_VALUES[vendor]];
}

/** Hostile answers for `vendor`: JSON of any shape (and of its own vendor's shape gone wrong), bytes, or not HTTP. */
function answers(vendor: VendorName): fc.Arbitrary<HostileAnswer> {
  const secrets = planted(vendor);
  const text = fc.oneof(fc.string({ maxLength: 16 }), fc.constantFrom(...secrets), fc.constantFrom(...secrets).map((s) => `echo ${s} back`));
  // Keys every vendor's parser looks for, so generated bodies reach deep into the parsers.
  const key = fc.oneof(
    text,
    fc.constantFrom('message', 'detail', 'title', 'type', 'instance', 'incidentId', 'traceId', 'errors', 'data', 'attributes', 'code', 'details', 'transient', 'messages', 'field', 'parameters', 'properties', 'id', 'severity'),
  );
  const { json } = fc.letrec<{ json: unknown; leaf: unknown }>((tie) => ({
    leaf: fc.oneof(text, fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.boolean(), fc.constant(null)),
    json: fc.oneof({ depthSize: 'small', maxDepth: 4 }, tie('leaf'), fc.array(tie('json'), { maxLength: 3 }), fc.dictionary(key, tie('json'), { maxKeys: 4 })),
  }));
  // The shapes the parsers know, each part of any JSON.
  const shaped = fc.oneof(
    fc.record({ message: json, detail: json, traceId: json, incidentId: json, errors: json }, { requiredKeys: [] }),
    fc.record({ title: json, status: json, traceId: json, errors: fc.oneof(fc.dictionary(key, json, { maxKeys: 3 }), fc.array(json, { maxLength: 3 })) }, { requiredKeys: [] }),
    fc.record({ data: fc.array(fc.record({ attributes: fc.record({ code: json, details: json, transient: json }, { requiredKeys: [] }) }), { maxLength: 2 }) }),
  );
  const headerValue = fc.oneof(fc.stringMatching(/^[ -~]{0,16}$/), fc.constantFrom(...secrets), fc.constantFrom('-1', '', 'soon', '99999999999'));
  const headers = fc.record(
    { 'content-type': fc.constantFrom('application/json', 'application/problem+json', 'text/html', 'text/plain'), 'x-request-id': headerValue, 'retry-after': headerValue, 'x-ratelimit-remaining': headerValue, 'x-ratelimit-reset': headerValue },
    { requiredKeys: [] },
  );
  const status = fc.integer({ min: 400, max: 599 });
  return fc.oneof(
    { weight: 4, arbitrary: fc.record({ status, headers, body: fc.oneof(json, shaped).map((body) => JSON.stringify(body) ?? 'null') }) },
    { weight: 1, arbitrary: fc.record({ status, headers, body: fc.uint8Array({ maxLength: 48 }) }) },
    { weight: 1, arbitrary: fc.record({ raw: fc.uint8Array({ minLength: 1, maxLength: 24 }) }) },
  );
}

describe.each(VENDORS)('%s', (vendor) => {
  const secrets = planted(vendor);
  // Bodies that once broke a parser: a Kodexa errors map of null, a number, an object; items of the wrong type.
  const examples: Array<[HostileAnswer]> = [
    [{ status: 400, body: JSON.stringify({ message: 'm', errors: { a: null, b: 5, c: { d: 1 } } }) }],
    [{ status: 400, body: JSON.stringify({ errors: [null, 5, 'x', { message: 7 }] }) }],
    [{ status: 422, body: JSON.stringify({ title: null, traceId: secrets[0], errors: { [secrets[0] ?? '']: [null, 3] } }) }],
    [{ status: 409, body: JSON.stringify({ data: [{ attributes: { code: 5, details: { field: {}, messages: [1, null] }, transient: 'yes' } }] }) }],
  ];

  it.each(operationCalls(vendor).map(([operation, call]) => [operation, call] as const))('%s: any answer is a Left with a known tag and no secret', async (_operation, call) => {
    await fc.assert(
      fc.asyncProperty(answers(vendor), async (answer) => {
        server.answer(answer);
        // A provider per answer: a 429 pauses its limiter, which must not turn the next answer into a refusal unsent.
        const { provider, events } = providerOn(vendor, server.url);
        let result: E.Either<TokenError, unknown>;
        try {
          result = await call(provider)();
        } finally {
          await provider.close();
        }
        expect(E.isLeft(result)).toBe(true);
        const error = (result as E.Left<TokenError>).left;
        expect(isTokenError(error) && TAGS.has(error._tag)).toBe(true);
        if ('status' in answer) expect(error.status).toBe(answer.status);
        const facade = new TokenBridgeError(error);
        const produced = JSON.stringify([error, events]) + facade.message + String(facade.stack);
        for (const secret of secrets) expect(produced).not.toContain(secret);
        sweep.record(error, events, facade);
      }),
      { ...RUNS, examples },
    );
  });
});

describe('hostile callers cannot make a TaskEither reject either', () => {
  // An input whose every read throws: a revoked proxy, or a getter that throws.
  const revoked = (): object => {
    const { proxy, revoke } = Proxy.revocable({}, {});
    revoke();
    return proxy;
  };
  const throwing = (): object =>
    Object.defineProperty({}, 'name', {
      enumerable: true,
      get() {
        throw new Error('boom');
      },
    });

  it.each(VENDORS)('%s: inputs and options that throw when read are Validation, nothing sent', async (vendor) => {
    server.answer({ status: 200, body: '{}' });
    const before = server.received.length;
    const { provider } = providerOn(vendor, server.url);
    try {
      for (const task of [
        provider.create(revoked() as never),
        provider.create(throwing() as never),
        provider.update('TKN-1', throwing() as never),
        provider.list(revoked() as never),
        provider.get('TKN-1', revoked() as never),
        provider.delete('TKN-1', throwing() as never),
      ]) {
        const result = await task();
        expect(result).toMatchObject({ _tag: 'Left', left: { _tag: 'Validation' } });
      }
    } finally {
      await provider.close();
    }
    expect(server.received.length).toBe(before);
  });

  it('the Promise facade and listAll throw only TokenBridgeError, even over a provider written elsewhere that throws', async () => {
    const { provider } = providerOn('datocms', server.url);
    const foreign = {
      ...provider,
      get: () => () => Promise.reject(new TypeError('a bug elsewhere')),
      list: () => {
        throw new RangeError('another bug');
      },
    } as AnyTokenProvider;
    try {
      const thrown = await toPromise(foreign).get('1').catch((error: unknown) => error);
      expect(TokenBridgeError.isInstance(thrown)).toBe(true);
      const listed = await listAll(foreign).next().catch((error: unknown) => error);
      expect(TokenBridgeError.isInstance(listed)).toBe(true);
      expect((listed as TokenBridgeError).message).toContain('RangeError');
    } finally {
      await provider.close();
    }
  });
});

it('nothing produced above shows a sentinel credential or token value', () => {
  expect(sweep.size).toBeGreaterThan(100);
  expect(sweep.leaks()).toEqual([]);
});
