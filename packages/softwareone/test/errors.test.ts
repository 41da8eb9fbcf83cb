import { fails, startSoftwareOneSimulator } from '@tokenbridge/testing';
import { parseSoftwareOneError, softwareone } from '../src';

const parse = (status: number, body: unknown) => parseSoftwareOneError({ status, body, headers: {} });

describe('parseSoftwareOneError', () => {
  it('reads the field-map form of errors, with the trace id as request id', () => {
    expect(
      parse(400, {
        type: 'https://tools.ietf.org/html/rfc9110#section-15.5.1',
        title: 'Bad Request',
        status: 400,
        detail: 'One or more validation errors occurred.',
        traceId: '00-abc-def-00',
        errors: { name: ['The name field is required.'], $: ['Bad body.'] },
      }),
    ).toEqual({
      message: 'One or more validation errors occurred.: name: The name field is required.; (root): Bad body.',
      issues: [
        { path: 'name', message: 'The name field is required.' },
        { path: '(root)', message: 'Bad body.' },
      ],
      requestId: '00-abc-def-00',
    });
  });

  it('reads the list form of errors, taking the first item id as the code', () => {
    expect(
      parse(400, { title: 'Bad Request', status: 400, errors: [{ id: 'TKN001', message: 'Module not found', properties: ['modules', 'id'] }, { message: 'other' }] }),
    ).toEqual({
      code: 'TKN001',
      message: 'Bad Request: modules, id: Module not found; (root): other',
      issues: [
        { path: 'modules, id', message: 'Module not found' },
        { path: '(root)', message: 'other' },
      ],
    });
  });

  it('leaves the tag to the status (the platform has no codes of its own)', () => {
    for (const status of [400, 401, 403, 404, 409, 415, 500]) expect(parse(status, { title: 't', status })).toEqual({ message: 't' });
  });

  it('leaves a body that is not a problem to the status', () => {
    expect(parse(502, undefined)).toEqual({});
    expect(parse(404, '<html>')).toEqual({});
    expect(parse(400, { title: 5 })).toEqual({});
    expect(parse(500, { title: 'Internal', errors: 'weird' })).toEqual({ message: 'Internal' });
  });
});

describe('error statuses through the provider', () => {
  it.each([
    [400, 'Validation'],
    [401, 'Unauthorized'],
    [403, 'Forbidden'],
    [404, 'NotFound'],
    [409, 'Conflict'],
    [415, 'Validation'],
  ])('gives %i as %s, with the problem title as message', async (status, tag) => {
    const sim = await startSoftwareOneSimulator();
    const provider = softwareone({ apiToken: sim.credential, baseUrl: sim.url, retry: { retries: 0 } });
    try {
      sim.faults.add({ method: 'GET', path: /^\/public\/v1\/accounts\/api-tokens\/[^/]+$/, phase: 'before', kind: 'status', status, body: { title: 't', status } });
      expect(await fails(provider.get('TKN-1111-2222'))).toMatchObject({ _tag: tag, status, message: 't' });
    } finally {
      await provider.close();
      await sim.close();
    }
  });
});
