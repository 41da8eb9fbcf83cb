// The DatoCMS simulator under each of its readings (DATOCMS_READINGS), and its transient-error fault, over HTTP.
import { DATOCMS_DEMO_API_TOKEN, datoCmsTransientFault, startDatoCmsSimulator, type DatoCmsSimulator } from '../src';
import { call } from './helpers';

const headersFor = (secret: string) => ({
  authorization: `Bearer ${secret}`,
  accept: 'application/json',
  'x-api-version': '3',
  'content-type': 'application/vnd.api+json',
});
const auth = headersFor(DATOCMS_DEMO_API_TOKEN);
const READER_SECRET = 'e'.repeat(30);

const opened: DatoCmsSimulator[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((sim) => sim.close()));
});

async function simulator(options: Parameters<typeof startDatoCmsSimulator>[0] = {}): Promise<DatoCmsSimulator> {
  const sim = await startDatoCmsSimulator({ rateLimit: false, ...options });
  opened.push(sim);
  // A token whose role cannot manage tokens.
  sim.store.seed({ attributes: { name: 'reader', can_access_cma: true, token: READER_SECRET }, relationships: { role: { data: { type: 'role', id: sim.editorRoleId } } } });
  return sim;
}

const createBody = (role: unknown) => ({
  data: { type: 'access_token', attributes: { name: 'n', can_access_cda: true, can_access_cda_preview: false, can_access_cma: false }, relationships: { role: { data: role } } },
});

describe('nonManagerReads', () => {
  it('refused: a caller whose role cannot manage tokens gets 401 INSUFFICIENT_PERMISSIONS on reads too', async () => {
    const sim = await simulator({ readings: { nonManagerReads: 'refused' } });
    const reply = await call(`${sim.url}/access_tokens`, { headers: headersFor(READER_SECRET) });
    expect(reply.status).toBe(401);
    expect(reply.body.data[0].attributes.code).toBe('INSUFFICIENT_PERMISSIONS');
    expect((await call(`${sim.url}/access_tokens`, { headers: auth })).body.data.every((t: { attributes: { token: unknown } }) => typeof t.attributes.token === 'string')).toBe(true);
  });

  it('token-null (the default): the same caller reads every token with token: null', async () => {
    const sim = await simulator();
    const reply = await call(`${sim.url}/access_tokens/${sim.fullAccessTokenId}`, { headers: headersFor(READER_SECRET) });
    expect(reply.status).toBe(200);
    expect(reply.body.data.attributes).toMatchObject({ name: 'Full-access API token', token: null });
  });
});

describe('nullRoleOnCreate', () => {
  it('accepted: a create naming no role makes a role-less token; an update may still not clear the role', async () => {
    const sim = await simulator({ readings: { nullRoleOnCreate: 'accepted' } });
    const made = await call(`${sim.url}/access_tokens`, { method: 'POST', headers: auth, body: JSON.stringify(createBody(null)) });
    expect(made.status).toBe(201);
    expect(made.body.data.relationships.role.data).toBeNull();
    const { relationships: _r, ...data } = createBody(null).data;
    const cleared = await call(`${sim.url}/access_tokens/${made.body.data.id}`, {
      method: 'PUT',
      headers: auth,
      body: JSON.stringify({ data: { ...data, id: made.body.data.id, relationships: { role: { data: null } } } }),
    });
    expect(cleared.status).toBe(422);
  });

  it('rejected (the default): 422 INVALID_FORMAT', async () => {
    const sim = await simulator();
    const made = await call(`${sim.url}/access_tokens`, { method: 'POST', headers: auth, body: JSON.stringify(createBody(null)) });
    expect(made.status).toBe(422);
    expect(made.body.data[0].attributes.code).toBe('INVALID_FORMAT');
  });
});

describe('datoCmsTransientFault', () => {
  it('answers once with a transient api_error, then normally', async () => {
    const sim = await simulator();
    sim.faults.add(datoCmsTransientFault({ method: 'GET', path: '/access_tokens' }));
    const first = await call(`${sim.url}/access_tokens`, { headers: auth });
    expect(first.status).toBe(409);
    expect(first.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(first.body.data[0]).toMatchObject({ type: 'api_error', attributes: { code: 'ITEM_LOCKED', transient: true } });
    expect((await call(`${sim.url}/access_tokens`, { headers: auth })).status).toBe(200);
  });
});
