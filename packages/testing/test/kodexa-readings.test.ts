// The Kodexa simulator under each of its readings (KODEXA_READINGS), over HTTP.
import { KODEXA_DEMO_API_KEY, startKodexaSimulator, type KodexaSimulator } from '../src';
import { call, closedAfterEach } from './helpers';

const auth = { 'x-api-key': KODEXA_DEMO_API_KEY, 'x-requested-with': 'XMLHttpRequest' };
const jsonAuth = { ...auth, 'content-type': 'application/json' };

const simulator = closedAfterEach(startKodexaSimulator);

const list = (sim: KodexaSimulator, query: string) => call(`${sim.url}/api/access-tokens?${query}`, { headers: auth });

describe('pageBase', () => {
  it('0: page=0 is the first page, page=1 the second; the envelope says which one it is', async () => {
    const sim = await simulator({ readings: { pageBase: 0 } });
    for (const name of ['a', 'b', 'c']) sim.store.seed({ name });
    const first = await list(sim, 'page=0&pageSize=2&sort=name:asc');
    const second = await list(sim, 'page=1&pageSize=2&sort=name:asc');
    expect(first.body.content.map((t: { name: string }) => t.name)).toEqual(['a', 'b']);
    expect(first.body).toMatchObject({ number: 0, first: true, last: false, totalElements: 3, totalPages: 2, pageable: { offset: 0, pageNumber: 0 } });
    expect(second.body.content.map((t: { name: string }) => t.name)).toEqual(['c']);
    expect(second.body).toMatchObject({ number: 1, first: false, last: true, pageable: { offset: 2 } });
    expect((await list(sim, 'pageSize=2&sort=name:asc')).body.number).toBe(0);
  });

  it('1 (the default): page=1 is the first page, and page=0 too, as Spring treats it', async () => {
    const sim = await simulator();
    for (const name of ['a', 'b', 'c']) sim.store.seed({ name });
    const one = await list(sim, 'page=1&pageSize=2&sort=name:asc');
    expect(one.body).toMatchObject({ number: 0, first: true });
    expect(one.body.content.map((t: { name: string }) => t.name)).toEqual(['a', 'b']);
    expect((await list(sim, 'page=0&pageSize=2&sort=name:asc')).body.content).toEqual(one.body.content);
    expect((await list(sim, 'page=2&pageSize=2&sort=name:asc')).body).toMatchObject({ number: 1, last: true });
  });
});

describe('errorBody', () => {
  const unknownId = '00000000-0000-4000-8000-000000000000';

  it('problem-details (the default): RFC 9457 with an errors map of strings', async () => {
    const sim = await simulator();
    const missing = await call(`${sim.url}/api/access-tokens/${unknownId}`, { headers: auth });
    expect(missing.headers.get('content-type')).toBe('application/problem+json');
    expect(missing.body).toMatchObject({ type: 'about:blank', title: 'Not Found', status: 404, instance: `/api/access-tokens/${unknownId}` });
    const invalid = await call(`${sim.url}/api/access-tokens`, { method: 'POST', headers: jsonAuth, body: '{"name":" "}' });
    expect(invalid.body.errors).toEqual({ name: 'must not be blank' });
  });

  it('exception-response: the legacy ExceptionResponse on every error, its errors map holding objects', async () => {
    const sim = await simulator({ readings: { errorBody: 'exception-response' } });
    const invalid = await call(`${sim.url}/api/access-tokens`, { method: 'POST', headers: jsonAuth, body: '{"name":" "}' });
    expect(invalid.status).toBe(400);
    expect(invalid.headers.get('content-type')).toBe('application/json');
    expect(invalid.body).toEqual({
      dateTime: expect.any(String),
      message: 'Validation failed',
      incidentId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      contextPath: '/api/access-tokens',
      errors: { name: { field: 'name', message: 'must not be blank' } },
      stackTrace: [expect.any(String)],
      rootCauseStackTrace: [expect.any(String)],
    });
    const unauthorized = await call(`${sim.url}/api/access-tokens`, { headers: { 'x-requested-with': 'XMLHttpRequest' } });
    expect(unauthorized.status).toBe(401);
    expect(unauthorized.body).toMatchObject({ message: expect.any(String), incidentId: expect.any(String), errors: {} });
  });

  it('legacy: ExceptionResponse, with a Zalando ThrowableProblem on 401', async () => {
    const sim = await simulator({ readings: { errorBody: 'legacy' } });
    const unauthorized = await call(`${sim.url}/api/access-tokens`, { headers: { 'x-requested-with': 'XMLHttpRequest' } });
    expect(unauthorized.status).toBe(401);
    expect(unauthorized.headers.get('content-type')).toBe('application/problem+json');
    expect(unauthorized.body).toEqual({
      title: 'Unauthorized',
      status: 401,
      detail: expect.any(String),
      instance: '/api/access-tokens',
      parameters: {},
      message: 'error.http.401',
    });
    const missing = await call(`${sim.url}/api/access-tokens/${unknownId}`, { headers: auth });
    expect(missing.body).toMatchObject({ message: `AccessToken not found: ${unknownId}`, contextPath: `/api/access-tokens/${unknownId}` });
  });
});

describe('secretField and changeSequence', () => {
  it('null: the create answer carries no secret field at all', async () => {
    const sim = await simulator({ readings: { secretField: null } });
    const created = await call(`${sim.url}/api/access-tokens`, { method: 'POST', headers: jsonAuth, body: '{"name":"bare"}' });
    expect(created.status).toBe(201);
    for (const field of ['token', 'apiKey', 'key', 'secret']) expect(created.body).not.toHaveProperty(field);
  });

  it('ignored: a stale changeSequence overwrites silently; enforced (the default): 409', async () => {
    for (const [changeSequence, status] of [['ignored', 200], ['enforced', 409]] as const) {
      const sim = await simulator({ readings: { changeSequence } });
      const token = sim.store.seed({ name: 'x', changeSequence: 5 });
      const put = await call(`${sim.url}/api/access-tokens/${token.id}`, { method: 'PUT', headers: jsonAuth, body: JSON.stringify({ ...token, name: 'y', changeSequence: 1 }) });
      expect(put.status).toBe(status);
    }
  });
});

describe('a PUT replaces the whole object', () => {
  it('keeps a field the simulator does not model only when the PUT sends it back', async () => {
    const sim = await simulator();
    const extraFields = { createdBy: 'admin', organization: { slug: 'acme' } };
    const token = sim.store.seed({ name: 'legacy', extraFields });
    expect(sim.store.get(token.id)).toMatchObject(extraFields);
    const put = (body: object) => call(`${sim.url}/api/access-tokens/${token.id}`, { method: 'PUT', headers: jsonAuth, body: JSON.stringify(body) });

    expect((await put({ ...sim.store.get(token.id), name: 'kept' })).body).toMatchObject({ name: 'kept', ...extraFields });
    const { createdBy: _dropped, ...withoutCreatedBy } = sim.store.get(token.id) as unknown as Record<string, unknown>;
    expect((await put({ ...withoutCreatedBy, name: 'dropped' })).status).toBe(200);
    expect(sim.store.get(token.id)).not.toHaveProperty('createdBy');
    expect(sim.store.get(token.id)).toMatchObject({ name: 'dropped', organization: { slug: 'acme' } });
  });

  it('refuses an extra field that would shadow a modelled one', async () => {
    const sim = await simulator();
    expect(() => sim.store.seed({ name: 'x', extraFields: { token: 'nope' } })).toThrow('seed.extraFields may not name a field the simulator models');
  });
});
