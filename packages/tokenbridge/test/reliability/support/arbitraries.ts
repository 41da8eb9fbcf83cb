import fc from 'fast-check';

/**
 * fast-check arbitraries of each vendor's wire format, as the vendor notes
 * describe it: every optional field present or not (or null where the vendor
 * sends null), dates in the forms servers write, and unknown fields, which a
 * decoder must keep.
 */

/** An ISO-8601 date-time with a zone, with or without milliseconds. */
export const isoDateTime = fc
  .tuple(fc.date({ min: new Date(Date.UTC(1971, 0, 1)), max: new Date(Date.UTC(2099, 11, 31)), noInvalidDate: true }), fc.boolean())
  .map(([date, millis]) => (millis ? date.toISOString() : date.toISOString().replace(/\.\d{3}Z$/, 'Z')));

/** A JSON value (what JSON.parse can give back unchanged, so no -0). */
export const jsonValue = fc.json({ maxDepth: 2 }).map((text) => JSON.parse(text) as unknown);

/** Fields a vendor may add tomorrow: names no codec knows (`x_…`), any JSON value. */
export const unknownFields = fc.dictionary(fc.stringMatching(/^x_[a-z]{1,6}$/), jsonValue, { maxKeys: 3 });

const nullable = <T>(arb: fc.Arbitrary<T>): fc.Arbitrary<T | null> => fc.option(arb, { nil: null });

/** A record with only `required` always present, plus unknown fields. */
function withUnknown<T extends object>(arb: fc.Arbitrary<T>): fc.Arbitrary<T & Record<string, unknown>> {
  return fc.tuple(arb, unknownFields).map(([known, unknown]) => ({ ...unknown, ...known }));
}

/** A Kodexa AccessToken (no secret field: reads never carry one), its id from `id`. */
export const kodexaAccessToken = (id: fc.Arbitrary<string>) =>
  withUnknown(
    fc.record(
      {
        id,
        changeSequence: nullable(fc.integer({ min: 0, max: 1_000_000 })),
        createdOn: nullable(isoDateTime),
        updatedOn: nullable(isoDateTime),
        expiresAt: nullable(isoDateTime),
        name: nullable(fc.string({ maxLength: 40 })),
        userId: nullable(fc.uuid()),
        uuid: nullable(fc.uuid()),
        user: nullable(
          withUnknown(
            fc.record(
              {
                id: fc.uuid(),
                email: nullable(fc.emailAddress()),
                firstName: nullable(fc.string({ maxLength: 10 })),
                lastName: nullable(fc.string({ maxLength: 10 })),
                userType: nullable(fc.constantFrom('OWNER', 'MEMBER')),
                active: nullable(fc.boolean()),
                changeSequence: nullable(fc.integer({ min: 0, max: 1000 })),
                createdOn: nullable(isoDateTime),
                roles: nullable(fc.record({ roles: nullable(fc.array(fc.string({ maxLength: 8 }), { maxLength: 2 })) })),
              },
              { requiredKeys: ['id'] },
            ),
          ),
        ),
      },
      { requiredKeys: ['id'] },
    ),
  );

const digits = (n: number) => fc.integer({ min: 0, max: 10 ** n - 1 }).map((i) => String(i).padStart(n, '0'));
const actor = fc.record({ id: fc.constantFrom('USR-0000-0001', 'TKN-0000-0001'), name: fc.string({ maxLength: 10 }) }, { requiredKeys: ['id'] });

/** A SoftwareOne ApiToken with id `id`; `token` (the secret) sometimes present, as on create. */
export const softwareOneApiToken = (id: string) =>
  withUnknown(
    fc.record(
      {
        id: fc.constant(id),
        status: fc.constantFrom('Active', 'Disabled', 'Deleted', 'Suspended'),
        name: fc.string({ minLength: 1, maxLength: 40 }).filter((s) => s.trim() !== '' && !/[\u0000-\u001f\u007f]/.test(s)),
        description: nullable(fc.string({ maxLength: 40 })),
        icon: nullable(fc.string({ maxLength: 20 })),
        lastAccessAt: nullable(isoDateTime),
        token: digits(8).map((d) => `idt:${id}:${d}c2VjcmV0`),
        revision: fc.integer({ min: 1, max: 10_000 }),
        account: fc.record({ id: fc.tuple(digits(4), digits(4)).map(([a, b]) => `ACC-${a}-${b}`), name: fc.string({ maxLength: 10 }), type: fc.constantFrom('Client', 'Vendor') }, { requiredKeys: ['id'] }),
        modules: fc.uniqueArray(digits(4).map((d) => `MOD-${d}`), { maxLength: 3 }).map((ids) => ids.map((moduleId) => ({ id: moduleId, name: `module ${moduleId}` }))),
        extensions: nullable(fc.uniqueArray(fc.stringMatching(/^EXT-\d{3}$/), { maxLength: 2 }).map((ids) => ids.map((extensionId) => ({ id: extensionId })))),
        audit: fc.record({ created: fc.record({ at: isoDateTime, by: actor }), updated: fc.record({ at: isoDateTime, by: actor }) }, { requiredKeys: [] }),
        $meta: fc.record({ omitted: fc.array(fc.constantFrom('audit', 'token'), { maxLength: 2 }) }),
      },
      // A name is required on create and never empty, so the vendor always sends it.
      { requiredKeys: ['id', 'name'] },
    ),
  );

/** A DatoCMS access_token, its id from `id`; the secret present, null or absent as the notes allow. */
export const datoCmsAccessToken = (id: fc.Arbitrary<string>) =>
  withUnknown(
    fc.record(
      {
        type: fc.constant('access_token' as const),
        id,
        attributes: withUnknown(
          fc.record(
            {
              name: fc.string({ maxLength: 40 }),
              can_access_cda: fc.boolean(),
              can_access_cda_preview: fc.boolean(),
              can_access_cma: fc.boolean(),
              token: nullable(fc.stringMatching(/^[0-9a-f]{30}$/)),
              hardcoded_type: nullable(fc.constantFrom('', 'admin', 'readonly')),
              last_cma_access: nullable(fc.constantFrom('today', 'this_week', 'never')),
              last_cda_access: nullable(fc.constantFrom('yesterday', 'last_month', 'never')),
            },
            { requiredKeys: ['name', 'can_access_cda', 'can_access_cda_preview', 'can_access_cma'] },
          ),
        ),
        relationships: fc.record({ role: fc.record({ data: nullable(fc.record({ type: fc.constant('role' as const), id: digits(2) })) }) }),
      },
      { requiredKeys: ['type', 'id', 'attributes'] },
    ),
  );

/** A Spring Data page of Kodexa tokens. */
export const kodexaPage = withUnknown(
  fc.record(
    {
      content: fc.array(kodexaAccessToken(fc.uuid()), { maxLength: 3 }),
      totalElements: nullable(fc.nat(500)),
      totalPages: nullable(fc.nat(50)),
      size: nullable(fc.integer({ min: 1, max: 100 })),
      number: nullable(fc.nat(50)),
      last: nullable(fc.boolean()),
      first: nullable(fc.boolean()),
      empty: nullable(fc.boolean()),
      sort: nullable(fc.record({ empty: fc.boolean(), sorted: fc.boolean(), unsorted: fc.boolean() })),
    },
    { requiredKeys: ['content'] },
  ),
);

/** A Kodexa error body: legacy ExceptionResponse, Zalando problem or RFC 9457 problem. */
export const kodexaErrorBody = withUnknown(
  fc.record(
    {
      type: nullable(fc.constantFrom('about:blank', 'https://kodexa.ai/problems/validation')),
      title: nullable(fc.string({ maxLength: 20 })),
      status: nullable(fc.integer({ min: 400, max: 599 })),
      detail: nullable(fc.string({ maxLength: 20 })),
      message: nullable(fc.string({ maxLength: 20 })),
      incidentId: nullable(fc.uuid()),
      errors: nullable(
        fc.oneof(
          fc.dictionary(fc.stringMatching(/^[a-z]{1,8}$/), fc.string({ maxLength: 20 }), { maxKeys: 3 }),
          fc.array(fc.record({ field: nullable(fc.string({ maxLength: 8 })), message: nullable(fc.string({ maxLength: 20 })), severity: nullable(fc.constantFrom('error', 'warning')) }), { maxLength: 3 }),
        ),
      ),
    },
    { requiredKeys: [] },
  ),
);

/** A SoftwareOne collection answer. */
export const softwareOneList = withUnknown(
  fc.record(
    {
      data: fc.array(fc.tuple(digits(4), digits(4)).chain(([a, b]) => softwareOneApiToken(`TKN-${a}-${b}`)), { maxLength: 3 }),
      $meta: fc.record({ pagination: fc.record({ offset: fc.nat(100), limit: fc.nat(100), total: fc.nat(500) }, { requiredKeys: [] }), omitted: fc.array(fc.constant('audit'), { maxLength: 1 }) }, { requiredKeys: [] }),
    },
    { requiredKeys: ['data'] },
  ),
);

/** A SoftwareOne problem body, `errors` in either of its forms. */
export const softwareOneProblem = withUnknown(
  fc.record(
    {
      type: fc.webUrl(),
      title: fc.string({ maxLength: 20 }),
      status: fc.integer({ min: 400, max: 599 }),
      detail: fc.string({ maxLength: 20 }),
      traceId: fc.stringMatching(/^[0-9a-f]{8,16}$/),
      errors: fc.oneof(
        fc.dictionary(fc.stringMatching(/^[a-z]{1,8}$/), fc.array(fc.string({ maxLength: 20 }), { maxLength: 2 }), { maxKeys: 3 }),
        fc.array(fc.record({ message: fc.string({ maxLength: 20 }), properties: fc.array(fc.string({ maxLength: 8 }), { maxLength: 2 }), id: fc.string({ maxLength: 8 }) }, { requiredKeys: ['message'] }), { maxLength: 3 }),
      ),
    },
    { requiredKeys: [] },
  ),
);

/** A DatoCMS collection answer. */
export const datoCmsCollection = fc.record({ data: fc.array(datoCmsAccessToken(digits(3)), { maxLength: 3 }) });

/** A DatoCMS error document. */
export const datoCmsErrorDocument = fc.record({
  data: fc.array(
    fc.record({
      id: fc.stringMatching(/^[0-9a-f]{4,8}$/),
      type: fc.constant('api_error'),
      attributes: fc.record(
        {
          code: fc.constantFrom('NOT_FOUND', 'INVALID_FIELD', 'INVALID_FORMAT', 'RATE_LIMIT_EXCEEDED', 'SOMETHING_NEW'),
          details: fc.dictionary(fc.stringMatching(/^[a-z]{1,8}$/), jsonValue, { maxKeys: 2 }),
          doc_url: fc.webUrl(),
          transient: fc.boolean(),
        },
        { requiredKeys: ['code'] },
      ),
    }),
    { minLength: 1, maxLength: 2 },
  ),
});
