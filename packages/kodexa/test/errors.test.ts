import { afterEach, describe, expect, it } from '@jest/globals';
import { parseKodexaError } from '@tokenbridge/kodexa';
import { type Harness, fails, harness, methods, printed } from './support';

const ITEM = /^\/api\/access-tokens\/[^/]+$/;
const COLLECTION = /^\/api\/access-tokens$/;
const input = (status: number, body: unknown, location?: string) => ({
  status,
  body,
  headers: {},
  ...(location !== undefined ? { location: new URL(location) } : {}),
});

describe('parseKodexaError', () => {
  it('reads the legacy ExceptionResponse: message, incidentId, the errors map', () => {
    const body = { dateTime: '2024-01-01T00:00:00Z', message: 'Validation failed', incidentId: 'inc-42', contextPath: '/api', errors: { name: 'must not be blank' } };
    expect(parseKodexaError(input(400, body))).toEqual({
      message: 'Validation failed: name: must not be blank',
      issues: [{ path: 'name', message: 'must not be blank' }],
      requestId: 'inc-42',
    });
  });

  it('reads a problem: detail before message before title, and a problem type as the code', () => {
    const body = { type: 'https://kodexa.ai/problems/forbidden', title: 'Forbidden', status: 403, detail: 'Access is denied', message: 'error.http.403', instance: 'urn:uuid:7d1c' };
    expect(parseKodexaError(input(403, body))).toEqual({
      message: 'Access is denied',
      requestId: 'urn:uuid:7d1c',
      code: 'https://kodexa.ai/problems/forbidden',
    });
    expect(parseKodexaError(input(401, { title: 'Unauthorized', type: 'about:blank' }))).toEqual({ message: 'Unauthorized' });
  });

  it('does not take an instance that is only the request path for a request id', () => {
    const body = { type: 'about:blank', title: 'Not Found', status: 404, detail: 'AccessToken not found: x', instance: '/api/access-tokens/x' };
    expect(parseKodexaError(input(404, body))).toEqual({ message: 'AccessToken not found: x' });
    expect(parseKodexaError(input(500, { detail: 'boom', traceId: 'trace-9', instance: '/api/x' })).requestId).toBe('trace-9');
  });

  it('reads v2 problem items, leaving warnings out', () => {
    const body = {
      title: 'Unprocessable',
      errors: [
        { field: 'expiresAt', message: 'must be in the future', severity: 'ERROR' },
        { field: 'name', message: 'is long', severity: 'warning' },
        { detail: 'bad body' },
      ],
    };
    expect(parseKodexaError(input(422, body))).toEqual({
      message: 'Unprocessable: expiresAt: must be in the future; (body): bad body',
      issues: [
        { path: 'expiresAt', message: 'must be in the future' },
        { path: '(body)', message: 'bad body' },
      ],
    });
  });

  it('keeps the message when the errors part is malformed, and leaves a non-JSON body to the status', () => {
    expect(parseKodexaError(input(400, { message: 'Bad request', errors: 42 }))).toEqual({ message: 'Bad request' });
    expect(parseKodexaError(input(502, undefined))).toEqual({});
    expect(parseKodexaError(input(409, 'text'))).toEqual({});
  });

  it('calls a 500 about a missing column a rejected query, which is not worth retrying', () => {
    const body = { detail: 'ERROR: column "owner" does not exist (SQLSTATE 42703)' };
    expect(parseKodexaError(input(500, body))).toEqual({
      tag: 'Validation',
      message: 'Kodexa could not run the list query: ERROR: column "owner" does not exist (SQLSTATE 42703)',
    });
    expect(parseKodexaError(input(500, { detail: 'database down' }))).toEqual({ message: 'database down' });
  });

  it('calls a redirect to a login page Unauthorized, and leaves other redirects to the transport', () => {
    expect(parseKodexaError(input(302, undefined, 'https://acme.kodexa-enterprise.com/login?next=%2Fapi'))).toEqual({
      tag: 'Unauthorized',
      message: 'redirected (302) to a login page on https://acme.kodexa-enterprise.com: Kodexa did not accept the API key; check apiKey and baseUrl',
    });
    expect(parseKodexaError(input(302, undefined, 'https://platform.kodexa.ai/oauth2/authorization/okta')).tag).toBe('Unauthorized');
    expect(parseKodexaError(input(301, undefined, 'https://platform.kodexa.ai/api/access-tokens'))).toEqual({});
  });
});

describe('error answers through the provider', () => {
  let h: Harness;
  afterEach(async () => {
    await h.close();
  });

  it.each([
    [400, 'Validation'],
    [401, 'Unauthorized'],
    [403, 'Forbidden'],
    [404, 'NotFound'],
    [409, 'Conflict'],
    [412, 'Conflict'],
    [422, 'Validation'],
  ])('gives %i as %s (the status decides: Kodexa has no codes)', async (status, tag) => {
    h = await harness({}, { retry: { retries: 0 } });
    h.sim.faults.add({ method: 'GET', path: ITEM, phase: 'before', kind: 'status', status, body: { title: 'Refused', status } });
    expect(await fails(h.provider.get('6b0e3c2a-1d4f-4a8b-9c7e-5f6a7b8c9d0e'))).toMatchObject({ _tag: tag, status, message: 'Refused' });
  });

  it('gives 429 as RateLimited once retries are used up', async () => {
    h = await harness({}, { retry: { retries: 0 } });
    h.sim.faults.add({ method: 'GET', path: ITEM, phase: 'before', kind: 'status', status: 429, body: { title: 'Too many' } });
    expect(await fails(h.provider.get('6b0e3c2a-1d4f-4a8b-9c7e-5f6a7b8c9d0e'))).toMatchObject({ _tag: 'RateLimited', status: 429 });
  });

  it('gives NotFound with the vendor message for an unknown id', async () => {
    h = await harness();
    const error = await fails(h.provider.get('6b0e3c2a-1d4f-4a8b-9c7e-5f6a7b8c9d0e'));
    expect(error).toMatchObject({ _tag: 'NotFound', status: 404, message: 'AccessToken not found: 6b0e3c2a-1d4f-4a8b-9c7e-5f6a7b8c9d0e' });
  });

  it('gives Validation with field issues and the incident id for a refused create', async () => {
    h = await harness();
    const body = { message: 'Validation failed', incidentId: 'inc-7', errors: { name: 'must be unique' } };
    h.sim.faults.add({ method: 'POST', path: COLLECTION, phase: 'before', kind: 'status', status: 400, body });
    const error = await fails(h.provider.create({ name: 'dup' }));
    expect(error).toMatchObject({ _tag: 'Validation', requestId: 'inc-7', issues: [{ path: 'name', message: 'must be unique' }] });
    expect(error.message).toBe('Validation failed: name: must be unique');
  });

  it('gives Unauthorized for a rejected key, with no key in the error or events', async () => {
    h = await harness({}, { apiKey: 'kdx-rejected-key-55555555' });
    const error = await fails(h.provider.list());
    expect(error).toMatchObject({ _tag: 'Unauthorized', status: 401, retryable: false });
    expect(printed(error, h.events)).not.toContain('kdx-rejected-key-55555555');
  });

  it('gives Unauthorized for a redirect to the login page, naming what to check', async () => {
    h = await harness();
    h.sim.faults.add({ method: 'GET', path: ITEM, phase: 'before', kind: 'redirect', location: '/login' });
    const error = await fails(h.provider.get('6b0e3c2a-1d4f-4a8b-9c7e-5f6a7b8c9d0e'));
    expect(error).toMatchObject({ _tag: 'Unauthorized', status: 302 });
    expect(error.message).toContain('check apiKey and baseUrl');
    expect(printed(error, h.events)).not.toContain(h.sim.credential);
    expect(methods(h.sim)).toEqual(['GET']);
  });

  it('gives Forbidden for a 403 (a key that may not list every user tokens)', async () => {
    h = await harness();
    h.sim.faults.add({ method: 'GET', path: COLLECTION, phase: 'before', kind: 'status', status: 403, body: { title: 'Forbidden', detail: 'Access is denied' } });
    expect(await fails(h.provider.list())).toMatchObject({ _tag: 'Forbidden', message: 'Access is denied' });
  });

  it('does not retry a 500 about a missing column', async () => {
    h = await harness();
    const body = { detail: 'ERROR: column "createdon" does not exist (SQLSTATE 42703)' };
    h.sim.faults.add({ method: 'GET', path: COLLECTION, phase: 'before', kind: 'status', status: 500, body, times: 5 });
    expect(await fails(h.provider.list())).toMatchObject({ _tag: 'Validation', status: 500, retryable: false });
    expect(methods(h.sim)).toEqual(['GET']);
  });

  it('retries other 500s on reads, then gives Server', async () => {
    h = await harness();
    h.sim.faults.add({ method: 'GET', path: COLLECTION, phase: 'before', kind: 'status', status: 500, body: { detail: 'database down' }, times: 10 });
    expect(await fails(h.provider.list())).toMatchObject({ _tag: 'Server', message: 'database down' });
    expect(methods(h.sim)).toHaveLength(4);
  });
});
