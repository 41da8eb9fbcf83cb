import fc from 'fast-check';
import type * as t from 'io-ts';
import * as E from 'fp-ts/Either';
import {
  DatoCmsAccessTokenC,
  DatoCmsAccessTokenCollectionC,
  DatoCmsAccessTokenDocumentC,
  DatoCmsApiErrorDocumentC,
  SoftwareOneApiTokenC,
  SoftwareOneApiTokenListC,
  CapabilitiesC,
  CreateTokenInputC,
  DATOCMS_CAPABILITIES,
  DateInput,
  IsoDateTime,
  KODEXA_CAPABILITIES,
  KodexaAccessTokenC,
  KodexaErrorBodyC,
  KodexaPageC,
  ListQueryC,
  SoftwareOneProblemC,
  SOFTWAREONE_CAPABILITIES,
  Secret,
  type Token,
  TokenJsonC,
  TokenPatchC,
  decodeCursor,
  encodeCursor,
} from 'tokenbridge';
import * as arb from './support/arbitraries';

/** Property: every codec decodes what it encodes back to the same value, and encodes what it decoded back to the same JSON. */

const RUNS = { numRuns: 150 };

function expectRoundTrip<A, O>(codec: t.Type<A, O, unknown>, wire: O): void {
  const decoded = codec.decode(wire);
  expect(decoded).toMatchObject({ _tag: 'Right' });
  const value = (decoded as E.Right<A>).right;
  expect(codec.encode(value)).toEqual(wire);
  expect(codec.decode(codec.encode(value))).toEqual(E.right(value));
}

describe('vendor wire codecs decode what the vendor sends and encode it back unchanged, unknown fields included', () => {
  const cases: ReadonlyArray<[string, t.Mixed, fc.Arbitrary<unknown>]> = [
    ['KodexaAccessTokenC', KodexaAccessTokenC, arb.kodexaAccessToken(fc.uuid())],
    ['KodexaPageC', KodexaPageC, arb.kodexaPage],
    ['KodexaErrorBodyC', KodexaErrorBodyC, arb.kodexaErrorBody],
    ['ApiTokenC', SoftwareOneApiTokenC, arb.softwareOneApiToken('TKN-1234-5678')],
    ['ApiTokenListC', SoftwareOneApiTokenListC, arb.softwareOneList],
    ['ProblemC', SoftwareOneProblemC, arb.softwareOneProblem],
    ['AccessTokenC', DatoCmsAccessTokenC, arb.datoCmsAccessToken(fc.constant('312'))],
    ['AccessTokenDocumentC', DatoCmsAccessTokenDocumentC, arb.datoCmsAccessToken(fc.constant('312')).map((data) => ({ data }))],
    ['AccessTokenCollectionC', DatoCmsAccessTokenCollectionC, arb.datoCmsCollection],
    ['ApiErrorDocumentC', DatoCmsApiErrorDocumentC, arb.datoCmsErrorDocument],
  ];
  it.each(cases)('%s', (_name, codec, wire) => {
    fc.assert(fc.property(wire, (w) => expectRoundTrip(codec, w)), RUNS);
  });
});

const date = fc.date({ min: new Date(Date.UTC(1971, 0, 1)), max: new Date(Date.UTC(2099, 0, 1)), noInvalidDate: true });
const extra = fc.dictionary(fc.stringMatching(/^[a-z]{1,8}$/), arb.jsonValue, { maxKeys: 3 });
const nonBlank = fc.string({ minLength: 1, maxLength: 20 }).filter((s) => s.trim() !== '');

describe('neutral codecs round-trip what a caller passes', () => {
  it('CreateTokenInputC', () => {
    const input = fc.record(
      { name: fc.string({ maxLength: 30 }), description: fc.option(fc.string(), { nil: null }), expiresAt: fc.option(date, { nil: null }), extra },
      { requiredKeys: ['name'] },
    );
    fc.assert(fc.property(input, (value) => expectRoundTrip(CreateTokenInputC, value)), RUNS);
  });

  it('TokenPatchC', () => {
    const patch = fc.record(
      {
        name: fc.string(),
        description: fc.option(fc.string(), { nil: null }),
        expiresAt: fc.option(date, { nil: null }),
        status: fc.constantFrom('active' as const, 'disabled' as const),
        extra,
        ifVersion: nonBlank,
      },
      { requiredKeys: [] },
    );
    fc.assert(fc.property(patch, (value) => expectRoundTrip(TokenPatchC, value)), RUNS);
  });

  it('ListQueryC', () => {
    const query = fc.record(
      {
        nameContains: fc.string(),
        status: fc.constantFrom('active' as const, 'disabled' as const, 'expired' as const, 'unknown' as const),
        orderBy: fc.constantFrom('name' as const, 'createdAt' as const),
        order: fc.constantFrom('asc' as const, 'desc' as const),
        pageSize: fc.integer({ min: 1, max: 10_000 }),
        cursor: nonBlank,
      },
      { requiredKeys: [] },
    );
    fc.assert(fc.property(query, (value) => expectRoundTrip(ListQueryC, value)), RUNS);
  });

  it('CapabilitiesC, for every adapter', () => {
    for (const capabilities of [KODEXA_CAPABILITIES, SOFTWAREONE_CAPABILITIES, DATOCMS_CAPABILITIES]) expectRoundTrip(CapabilitiesC, capabilities);
  });

  it('IsoDateTime keeps the string as sent, and DateInput the Date', () => {
    fc.assert(fc.property(arb.isoDateTime, (iso) => expectRoundTrip(IsoDateTime, iso as IsoDateTime)), RUNS);
    fc.assert(fc.property(date, (d) => expectRoundTrip(DateInput, d)), RUNS);
  });

  it('list cursors give back the paging state they carry', () => {
    const ctx = { provider: 'kodexa', operation: 'list' } as const;
    const state = fc.dictionary(fc.stringMatching(/^[a-z]{1,8}$/), arb.jsonValue, { maxKeys: 4 });
    fc.assert(
      fc.property(state, (value) => {
        expect(decodeCursor(ctx, { name: 'state', decode: (u: unknown) => E.right(u) } as t.Decoder<unknown, unknown>, encodeCursor(value))).toEqual(E.right(value));
      }),
      RUNS,
    );
  });
});

describe('TokenJsonC: the JSON form of a token', () => {
  const token: fc.Arbitrary<Token<unknown>> = fc.record(
    {
      provider: fc.constantFrom('kodexa', 'softwareone', 'datocms', 'my-provider'),
      id: nonBlank,
      name: fc.string(),
      description: fc.option(fc.string(), { nil: null }),
      status: fc.constantFrom('active' as const, 'disabled' as const, 'expired' as const, 'unknown' as const),
      createdAt: fc.option(date, { nil: null }),
      updatedAt: fc.option(date, { nil: null }),
      expiresAt: fc.option(date, { nil: null }),
      lastUsedAt: fc.option(date, { nil: null }),
      version: fc.option(fc.string(), { nil: null }),
      secret: nonBlank.map((value) => new Secret(`secret-${value}`)),
      extra: arb.jsonValue,
      raw: arb.jsonValue,
    },
    { requiredKeys: ['provider', 'id', 'name', 'description', 'status', 'createdAt', 'updatedAt', 'expiresAt', 'lastUsedAt', 'version', 'extra', 'raw'] },
  );

  it('survives JSON and decodes to the same token, without its secret', () => {
    fc.assert(
      fc.property(token, (value) => {
        const json = JSON.parse(JSON.stringify(TokenJsonC.encode(value))) as unknown;
        const decoded = TokenJsonC.decode(json);
        expect(decoded).toMatchObject({ _tag: 'Right' });
        const back = (decoded as E.Right<Token<unknown>>).right;
        const { secret, ...withoutSecret } = value;
        expect(back).toMatchObject(withoutSecret);
        expect(back.secret).toBeUndefined();
        expect(TokenJsonC.encode(back)).toEqual({ ...TokenJsonC.encode(value), hasSecret: false });
        if (secret) expect(JSON.stringify(json)).not.toContain(secret.reveal());
      }),
      RUNS,
    );
  });
});
