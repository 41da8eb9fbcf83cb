import type { VendorErrorInput } from '@tokenbridge/core';
import { fieldPath, parseDatoCmsError, tagOfCode } from '../src/errors';
import { closeAll, fails, providerFor, simulator } from './support';

afterEach(closeAll);

const errorBody = (code: string, details: Record<string, unknown> = {}, transient?: boolean) => ({
  data: [{ id: 'e1', type: 'api_error', attributes: { code, details, ...(transient !== undefined ? { transient } : {}) } }],
});
const input = (status: number, body: unknown, contentType = 'application/json; charset=utf-8'): VendorErrorInput => ({
  status,
  body,
  headers: { 'content-type': contentType },
});

describe('the code table', () => {
  it.each([
    ['INVALID_AUTHORIZATION_HEADER', 'Unauthorized'],
    ['INSUFFICIENT_PERMISSIONS', 'Forbidden'],
    ['NON_EDITABLE_ACCESS_TOKEN', 'Forbidden'],
    ['CANNOT_DESTROY_CURRENT_USER', 'Forbidden'],
    ['NOT_FOUND', 'NotFound'],
    ['RATE_LIMIT_EXCEEDED', 'RateLimited'],
    ['SERVICE_UNAVAILABLE', 'Server'],
    ['EXCEPTION', 'Server'],
    ['DESTINATION_USER_REQUIRED', 'Validation'],
    ['INVALID_FIELD', 'Validation'],
    ['INVALID_FORMAT', 'Validation'],
    ['INVALID_DESTINATION_USER', 'Validation'],
    ['INVALID_API_VERSION', 'Validation'],
    ['MISSING_REQUIRED_PARAMS', 'Validation'],
  ])('%s -> %s', (code, tag) => {
    expect(tagOfCode(code)).toBe(tag);
  });

  it('leaves unknown codes to the status', () => {
    expect(tagOfCode('SOMETHING_NEW')).toBeUndefined();
    expect(parseDatoCmsError(input(409, errorBody('SOMETHING_NEW')))).toEqual({ code: 'SOMETHING_NEW', message: 'SOMETHING_NEW' });
  });
});

describe('parseDatoCmsError', () => {
  it('maps by code before status: a 401 INSUFFICIENT_PERMISSIONS is Forbidden', () => {
    expect(parseDatoCmsError(input(401, errorBody('INSUFFICIENT_PERMISSIONS')))).toMatchObject({ tag: 'Forbidden', code: 'INSUFFICIENT_PERMISSIONS' });
    expect(parseDatoCmsError(input(401, errorBody('NON_EDITABLE_ACCESS_TOKEN')))).toMatchObject({ tag: 'Forbidden' });
  });

  it('INVALID_FIELD is Validation naming the field in neutral terms', () => {
    expect(parseDatoCmsError(input(422, errorBody('INVALID_FIELD', { field: 'name', code: 'VALIDATION_REQUIRED' })))).toEqual({
      tag: 'Validation',
      code: 'INVALID_FIELD',
      issues: [{ path: 'name', message: 'DatoCMS rejected name (VALIDATION_REQUIRED)' }],
      message: 'INVALID_FIELD: name: DatoCMS rejected name (VALIDATION_REQUIRED)',
    });
    expect(parseDatoCmsError(input(422, errorBody('INVALID_FIELD', { field: 'role' })))).toMatchObject({
      issues: [{ path: 'extra.roleId', message: 'DatoCMS rejected role' }],
    });
  });

  it("INVALID_FORMAT's schema messages become issues at the pointer's path", () => {
    const messages = [
      '#/data/attributes/can_access_cma: failed schema #/definitions/x: For \'properties/can_access_cma\', the value is not a boolean.',
      '#/data/attributes: failed schema #/definitions/y: "k" is not a permitted key.',
      'something else',
    ];
    expect(parseDatoCmsError(input(422, errorBody('INVALID_FORMAT', { messages }))).issues).toEqual([
      { path: 'extra.canAccessCma', message: "failed schema #/definitions/x: For 'properties/can_access_cma', the value is not a boolean." },
      { path: 'data.attributes', message: 'failed schema #/definitions/y: "k" is not a permitted key.' },
      { path: '(root)', message: 'something else' },
    ]);
  });

  it('a transient error of unknown code is Server', () => {
    expect(parseDatoCmsError(input(409, errorBody('ITEM_LOCKED', {}, true)))).toMatchObject({ tag: 'Server', code: 'ITEM_LOCKED' });
  });

  it("a proxy's non-JSON page is Server, except a 429, whose status and headers say enough", () => {
    expect(parseDatoCmsError(input(404, undefined, 'text/html'))).toEqual({ tag: 'Server' });
    expect(parseDatoCmsError(input(429, undefined, 'text/plain'))).toEqual({});
    expect(parseDatoCmsError(input(401, undefined, 'application/json'))).toEqual({});
    expect(parseDatoCmsError({ status: 401, body: undefined, headers: {} })).toEqual({});
  });

  it('ignores JSON that is not an error document', () => {
    expect(parseDatoCmsError(input(500, { message: 'boom' }))).toEqual({});
    expect(parseDatoCmsError(input(500, { data: [] }))).toEqual({});
  });
});

describe('fieldPath', () => {
  it.each([
    ['name', 'name'],
    ['can_access_cda_preview', 'extra.canAccessCdaPreview'],
    ['data.attributes.can_access_cda', 'extra.canAccessCda'],
    ['#/data/relationships/role', 'extra.roleId'],
    ['#/data/id', 'data.id'],
    ['#', '(root)'],
  ])('%s -> %s', (reference, path) => {
    expect(fieldPath(reference)).toBe(path);
  });
});

describe('errors from the simulator, through the transport', () => {
  it('a JSON:API error document with INVALID_FIELD maps to Validation naming the field', async () => {
    const sim = await simulator();
    const { provider } = providerFor(sim);
    const created = sim.store.seed({ attributes: { name: 'field test' } });
    sim.faults.add({
      method: 'PUT',
      path: `/access_tokens/${created.id}`,
      phase: 'before',
      kind: 'status',
      status: 422,
      body: errorBody('INVALID_FIELD', { field: 'name', code: 'VALIDATION_UNIQUE' }),
      headers: { 'x-request-id': 'req-123' },
    });
    expect(await fails(provider.update(created.id, { name: 'taken' }))).toMatchObject({
      _tag: 'Validation',
      operation: 'update',
      status: 422,
      vendorCode: 'INVALID_FIELD',
      requestId: 'req-123',
      retryable: false,
      issues: [{ path: 'name', message: 'DatoCMS rejected name (VALIDATION_UNIQUE)' }],
    });
  });

  it("the simulator's own INVALID_FIELD for an unknown role names extra.roleId", async () => {
    const sim = await simulator();
    const { provider } = providerFor(sim);
    expect(await fails(provider.create({ name: 'x', extra: { roleId: '999' } }))).toMatchObject({
      _tag: 'Validation',
      vendorCode: 'INVALID_FIELD',
      issues: [{ path: 'extra.roleId', message: 'DatoCMS rejected role (VALIDATION_INVALID)' }],
    });
  });

  it('a 401 INSUFFICIENT_PERMISSIONS is Forbidden, any other 401 Unauthorized', async () => {
    const sim = await simulator({ tokens: [{ attributes: { name: 'cda only', can_access_cma: false, token: 'abcdefabcdefabcdefabcdefabcdef' } }] });
    const narrow = providerFor(sim, { apiToken: 'abcdefabcdefabcdefabcdefabcdef' }).provider;
    expect(await fails(narrow.list())).toMatchObject({ _tag: 'Forbidden', status: 401, vendorCode: 'INSUFFICIENT_PERMISSIONS', retryable: false });
    const wrong = providerFor(sim, { apiToken: 'not-a-token-at-all' }).provider;
    expect(await fails(wrong.list())).toMatchObject({ _tag: 'Unauthorized', status: 401, vendorCode: 'INVALID_AUTHORIZATION_HEADER' });
  });
});
