import { fails, ok } from './support/results';
import { LeakSweep } from './support/sentinels';
import { type VendorName, type VendorUnderTest, startVendor } from './support/vendors';

/**
 * The error-body part of "vendor fidelity, round 2" (issue 13, items 4, 7
 * and 12), over real HTTP with the simulators answering each error form the
 * vendors' public material shows: Kodexa's `ExceptionResponse` whose `errors`
 * map holds objects and its Zalando `ThrowableProblem` on 401/403;
 * SoftwareOne problem details whose fields are null; DatoCMS `transient`
 * errors, retried for idempotent operations within the budget and
 * `retryable` when they surface.
 */

const sweep = new LeakSweep();
const vendors: Partial<Record<VendorName, VendorUnderTest>> = {};
async function vendor(name: VendorName): Promise<VendorUnderTest> {
  return (vendors[name] ??= await startVendor(name));
}
afterAll(async () => {
  for (const v of Object.values(vendors)) {
    sweep.record(v.events);
    await v.close();
  }
});

describe('kodexa', () => {
  it("an ExceptionResponse whose errors map holds objects is Validation with each field's issue and the incident id", async () => {
    const v = await vendor('kodexa');
    const body = {
      dateTime: '2025-01-01T00:00:00Z',
      message: 'Validation failed',
      incidentId: 'inc-7f3a',
      contextPath: '/api/access-tokens',
      errors: { name: { message: 'must not be blank', code: 'NotBlank', rejectedValue: '' }, expiresAt: { defaultMessage: 'must be a future date' }, user: null },
      stackTrace: 'java.lang.IllegalArgumentException ...',
    };
    v.faults.add({ method: 'POST', path: v.paths.collection, phase: 'before', kind: 'status', status: 400, body });
    const error = await fails(v.provider.create(v.createInput('rejected')), sweep);
    expect(error).toMatchObject({
      _tag: 'Validation',
      status: 400,
      requestId: 'inc-7f3a',
      issues: [
        { path: 'name', message: 'must not be blank' },
        { path: 'expiresAt', message: 'must be a future date' },
        { path: 'user', message: 'invalid' },
      ],
    });
    expect(error.message).toContain('Validation failed');
  });

  it.each([
    [401, 'Unauthorized', 'Full authentication is required to access this resource'],
    [403, 'Forbidden', 'Access is denied'],
  ] as const)('a Zalando ThrowableProblem on %i is %s, with its detail and instance', async (status, tag, detail) => {
    const v = await vendor('kodexa');
    const id = v.seed('problem target');
    const body = {
      type: 'https://www.jhipster.tech/problem/problem-with-message',
      title: tag,
      status,
      detail,
      instance: 'urn:uuid:5c2b0c6e',
      parameters: { message: `error.http.${status}`, path: `/api/access-tokens/${id}` },
      message: `error.http.${status}`,
    };
    v.faults.add({ method: 'GET', path: v.paths.item(id), phase: 'before', kind: 'status', status, body, headers: { 'content-type': 'application/problem+json' } });
    expect(await fails(v.provider.get(id), sweep)).toMatchObject({ _tag: tag, status, message: detail, requestId: 'urn:uuid:5c2b0c6e', retryable: false });
  });

  it.each([[['a', 'list']], ['a string'], [42], [null], [{ errors: 'not a map' }]])('any other JSON (%j) is a typed error by status', async (body) => {
    const v = await vendor('kodexa');
    const id = v.seed('odd body target');
    v.faults.add({ method: 'GET', path: v.paths.item(id), phase: 'before', kind: 'status', status: 404, body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });
    expect(await fails(v.provider.get(id), sweep)).toMatchObject({ _tag: 'NotFound', status: 404 });
  });
});

describe('softwareone', () => {
  it('problem details whose fields are null keep the trace id and the field issues they have', async () => {
    const v = await vendor('softwareone');
    const id = v.seed('null problem target');
    const body = {
      type: null,
      title: null,
      status: 400,
      detail: 'One or more validation errors occurred.',
      instance: null,
      traceId: '00-4bf92f3577b34da6-01',
      errors: { name: ['The name field is required.'], description: null },
    };
    v.faults.add({ method: 'PUT', path: v.paths.item(id), phase: 'before', kind: 'status', status: 400, body });
    expect(await fails(v.provider.update(id, { name: 'x' }), sweep)).toMatchObject({
      _tag: 'Validation',
      requestId: '00-4bf92f3577b34da6-01',
      issues: [{ path: 'name', message: 'The name field is required.' }],
    });
  });

  it('the list form with null members keeps what it has', async () => {
    const v = await vendor('softwareone');
    const id = v.seed('null items target');
    const body = { title: 'Bad Request', detail: null, traceId: 'trace-55', errors: [{ message: null, properties: ['modules'], id: null }, { message: 'Module not found', properties: null, id: 'TKN001' }] };
    v.faults.add({ method: 'PUT', path: v.paths.item(id), phase: 'before', kind: 'status', status: 400, body });
    expect(await fails(v.provider.update(id, { name: 'y' }), sweep)).toMatchObject({
      _tag: 'Validation',
      requestId: 'trace-55',
      vendorCode: 'TKN001',
      issues: [
        { path: 'modules', message: 'invalid' },
        { path: '(root)', message: 'Module not found' },
      ],
    });
  });
});

describe('datocms transient errors', () => {
  const TRANSIENT = { data: [{ id: 'e1', type: 'api_error', attributes: { code: 'ITEM_LOCKED', details: {}, transient: true } }] };

  it('an idempotent read is retried within the budget, and surfaces retryable', async () => {
    const v = await vendor('datocms');
    const id = v.seed('locked target');
    v.requests.clear();
    v.faults.add({ method: 'GET', path: v.paths.item(id), phase: 'before', kind: 'status', status: 409, body: TRANSIENT, times: 3 });
    expect(await fails(v.provider.get(id), sweep)).toMatchObject({ _tag: 'Server', status: 409, vendorCode: 'ITEM_LOCKED', retryable: true });
    // Three attempts: the first and two retries.
    expect(v.requests.filter({ method: 'GET', path: v.paths.item(id) })).toHaveLength(3);
  });

  it('a transient error that passes is retried away', async () => {
    const v = await vendor('datocms');
    const id = v.seed('briefly locked');
    v.requests.clear();
    v.faults.add({ method: 'PUT', path: v.paths.item(id), phase: 'before', kind: 'status', status: 409, body: TRANSIENT });
    await ok(v.provider.update(id, { name: 'unlocked' }), sweep);
    expect(v.requests.filter({ method: 'PUT', path: v.paths.item(id) })).toHaveLength(2);
  });

  it('a create is sent once: a transient 4xx surfaces retryable (the vendor did not act), a transient 5xx of unknown outcome', async () => {
    const v = await vendor('datocms');
    v.requests.clear();
    v.faults.add({ method: 'POST', path: v.paths.collection, phase: 'before', kind: 'status', status: 409, body: TRANSIENT });
    const refused = await fails(v.provider.create(v.createInput('transient create')), sweep);
    expect(refused).toMatchObject({ _tag: 'Server', retryable: true });
    expect(refused.outcomeUnknown).toBeUndefined();
    v.faults.add({ method: 'POST', path: v.paths.collection, phase: 'before', kind: 'status', status: 503, body: TRANSIENT });
    expect(await fails(v.provider.create(v.createInput('transient create')), sweep)).toMatchObject({ _tag: 'Server', retryable: false, outcomeUnknown: true });
    expect(v.requests.filter({ method: 'POST', path: v.paths.collection })).toHaveLength(2);
  });
});

it('no secret shows in anything produced above', () => {
  expect(sweep.size).toBeGreaterThan(0);
  expect(sweep.leaks()).toEqual([]);
});
