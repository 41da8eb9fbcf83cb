import {
  DATOCMS_DEMO_API_TOKEN,
  datoCmsTransientFault,
  datoCmsUpdateExample,
  loadFixture,
  startDatoCmsSimulator,
  type DatoCmsAccessToken,
  type DatoCmsSimulator,
} from '../src';
import { SCALE_TEST_TIMEOUT_MS, call, closedAfterEach, manualClock, shapeOf } from './helpers';

let sim: DatoCmsSimulator;
const headersFor = (secret: string) => ({
  authorization: `Bearer ${secret}`,
  accept: 'application/json',
  'x-api-version': '3',
  'content-type': 'application/vnd.api+json',
});
const auth = headersFor(DATOCMS_DEMO_API_TOKEN);

beforeAll(async () => {
  sim = await startDatoCmsSimulator({ rateLimit: false });
});
afterAll(() => sim.close());
beforeEach(() => sim.reset());

const tokens = (suffix = '') => `${sim.url}/access_tokens${suffix}`;
const body = (name: string, roleId = sim.roleId, flags = { cda: true, preview: false, cma: false }) => ({
  data: {
    type: 'access_token',
    attributes: { name, can_access_cda: flags.cda, can_access_cda_preview: flags.preview, can_access_cma: flags.cma },
    relationships: { role: { data: { type: 'role', id: roleId } } },
  },
});
const create = (payload: unknown, headers: Record<string, string> = auth) =>
  call(tokens(), { method: 'POST', headers, body: JSON.stringify(payload) });
const put = (id: string, payload: unknown) => call(tokens(`/${id}`), { method: 'PUT', headers: auth, body: JSON.stringify(payload) });
const errorCode = (reply: { body: { data: Array<{ attributes: { code: string } }> } }) => reply.body.data[0]!.attributes.code;

describe('a fresh project', () => {
  it('holds the read-only and full-access tokens, the latter authenticating with the demo credential', async () => {
    const reply = await call(tokens(), { headers: auth });
    expect(reply.status).toBe(200);
    const [readOnly, fullAccess] = reply.body.data as DatoCmsAccessToken[];
    expect(reply.body.data).toHaveLength(2);
    expect(readOnly).toMatchObject({
      id: sim.readOnlyTokenId,
      attributes: { hardcoded_type: 'readonly', can_access_cda: true, can_access_cda_preview: true, can_access_cma: false },
      relationships: { role: { data: { type: 'role', id: sim.roleId } } },
    });
    expect(fullAccess).toMatchObject({
      id: sim.fullAccessTokenId,
      attributes: {
        hardcoded_type: 'admin',
        can_access_cda: true,
        can_access_cda_preview: true,
        can_access_cma: true,
        token: DATOCMS_DEMO_API_TOKEN,
        last_cma_access: 'today',
      },
    });
    expect(readOnly!.attributes.token).toMatch(/^[0-9a-f]{30}$/);
    expect(readOnly!.attributes.last_cma_access).toBe('never');
    expect(sim.credential).toBe(DATOCMS_DEMO_API_TOKEN);
  });

  it('answers with the DatoCMS response headers', async () => {
    const reply = await call(`${sim.url}/site`, { headers: auth });
    expect(reply.status).toBe(200);
    expect(reply.body.data).toMatchObject({ type: 'site', id: expect.any(String) });
    expect(reply.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(reply.headers.get('x-api-version')).toBe('3');
    expect(reply.headers.get('x-request-id')).toMatch(/\S+/);
  });
});

describe('headers and authentication', () => {
  it('answers 422 INVALID_API_VERSION without X-Api-Version: 3', async () => {
    const { 'x-api-version': _version, ...withoutVersion } = auth;
    const reply = await call(tokens(), { headers: withoutVersion });
    expect(reply.status).toBe(422);
    expect(reply.body).toEqual({
      data: [{ id: expect.any(String), type: 'api_error', attributes: { code: 'INVALID_API_VERSION', details: {}, doc_url: expect.any(String) } }],
    });
    expect((await call(tokens(), { headers: { ...auth, 'x-api-version': '2' } })).status).toBe(422);
  });

  it('answers 401 INVALID_AUTHORIZATION_HEADER to a missing or unknown token', async () => {
    for (const authorization of ['', 'Bearer 000000000000000000000000000000', DATOCMS_DEMO_API_TOKEN]) {
      const reply = await call(tokens(), { headers: { ...auth, authorization } });
      expect(reply.status).toBe(401);
      expect(errorCode(reply)).toBe('INVALID_AUTHORIZATION_HEADER');
    }
  });

  it('accepts application/json and application/vnd.api+json bodies, refusing others', async () => {
    expect((await create(body('a'), { ...auth, 'content-type': 'application/json' })).status).toBe(201);
    expect((await create(body('b'), auth)).status).toBe(201);
    const text = await create(body('c'), { ...auth, 'content-type': 'text/plain' });
    expect(text.status).toBe(422);
    expect(errorCode(text)).toBe('INVALID_CONTENT_TYPE_HEADER');
  });

  it('answers 401 INSUFFICIENT_PERMISSIONS to a token without CMA access', async () => {
    const readOnly = headersFor(sim.store.secretOf(sim.readOnlyTokenId)!);
    const reply = await call(tokens(), { headers: readOnly });
    expect(reply.status).toBe(401);
    expect(errorCode(reply)).toBe('INSUFFICIENT_PERMISSIONS');
    expect(errorCode(await call(`${sim.url}/site`, { headers: readOnly }))).toBe('INSUFFICIENT_PERMISSIONS');
  });

  it('lets a role that cannot manage tokens read them without their values, refusing writes with 401 INSUFFICIENT_PERMISSIONS', async () => {
    sim.store.seed({
      attributes: { name: 'editor', can_access_cma: true, token: 'e'.repeat(30) },
      relationships: { role: { data: { type: 'role', id: sim.editorRoleId } } },
    });
    const headers = headersFor('e'.repeat(30));
    const listed = await call(tokens(), { headers });
    expect(listed.status).toBe(200);
    expect(listed.body.data.map((t: { attributes: { token: unknown } }) => t.attributes.token)).toEqual([null, null, null]);
    expect((await call(tokens(`/${sim.fullAccessTokenId}`), { headers })).body.data.attributes.token).toBeNull();
    expect(errorCode(await create(body('nope'), headers))).toBe('INSUFFICIENT_PERMISSIONS');
    expect(errorCode(await call(tokens(`/${sim.fullAccessTokenId}/regenerate_token`), { method: 'POST', headers }))).toBe('INSUFFICIENT_PERMISSIONS');
    expect((await call(`${sim.url}/site`, { headers })).status).toBe(200);
  });
});

describe('create', () => {
  it('answers 201 with the token, its secret and role', async () => {
    const reply = await create(body('CI', sim.roleId, { cda: true, preview: true, cma: false }));
    expect(reply.status).toBe(201);
    expect(reply.body.data).toMatchObject({
      type: 'access_token',
      attributes: {
        name: 'CI',
        can_access_cda: true,
        can_access_cda_preview: true,
        can_access_cma: false,
        hardcoded_type: null,
        last_cda_access: 'never',
        last_cma_access: 'never',
      },
      relationships: { role: { data: { type: 'role', id: sim.roleId } } },
    });
    expect(reply.body.data.id).toMatch(/^\d+$/);
    expect(reply.body.data.attributes.token).toMatch(/^[0-9a-f]{30}$/);
  });

  it('answers 422 INVALID_FORMAT, in the vendor style, to a missing or extra attribute', async () => {
    const payload = body('x');
    const { can_access_cma: _dropped, ...attributes } = payload.data.attributes;
    const reply = await create({ data: { ...payload.data, attributes: { ...attributes, token: 'abc' } } });
    expect(reply.status).toBe(422);
    expect(errorCode(reply)).toBe('INVALID_FORMAT');
    const messages: string[] = reply.body.data[0].attributes.details.messages;
    expect(messages).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^#\/data\/attributes: failed schema #\/definitions\/access_token\/.*: "token" is not a permitted key\.$/),
        expect.stringMatching(/"can_access_cma" wasn't supplied\.$/),
      ]),
    );
    expect(messages.join(' ')).not.toContain('abc');
  });

  it('requires the role (a null role is refused)', async () => {
    const payload = body('x');
    expect(errorCode(await create({ data: { type: 'access_token', attributes: payload.data.attributes } }))).toBe('INVALID_FORMAT');
    const nullRole = { data: { ...payload.data, relationships: { role: { data: null } } } };
    expect(errorCode(await create(nullRole))).toBe('INVALID_FORMAT');
  });

  it('answers 422 INVALID_FIELD to a blank name or an unknown role', async () => {
    const blank = await create(body('  '));
    expect(blank.status).toBe(422);
    expect(blank.body.data[0].attributes).toMatchObject({
      code: 'INVALID_FIELD',
      details: { field: 'name', code: 'VALIDATION_REQUIRED' },
    });
    const unknownRole = await create(body('x', '999'));
    expect(unknownRole.body.data[0].attributes).toMatchObject({ code: 'INVALID_FIELD', details: { field: 'role' } });
    expect(sim.store.size).toBe(2);
  });
});

describe('find', () => {
  it('answers 404 NOT_FOUND with empty details', async () => {
    const reply = await call(tokens('/999'), { headers: auth });
    expect(reply.status).toBe(404);
    expect(reply.body.data[0].attributes).toMatchObject({ code: 'NOT_FOUND', details: {} });
  });
});

describe('update', () => {
  let id: string;
  beforeEach(async () => {
    id = (await create(body('orig'))).body.data.id;
  });
  const full = (name: string) => ({ data: { ...body(name).data, id } });

  it('replaces the four attributes; omitting relationships keeps the role', async () => {
    const other = sim.store.seedRole({ name: 'Other', can_manage_access_tokens: false });
    expect((await put(id, { data: { ...full('a').data, relationships: { role: { data: { type: 'role', id: other.id } } } } })).status).toBe(200);
    const { relationships: _relationships, ...withoutRole } = full('renamed').data;
    const reply = await put(id, { data: { ...withoutRole, attributes: { ...withoutRole.attributes, can_access_cma: true } } });
    expect(reply.status).toBe(200);
    expect(reply.body.data).toMatchObject({
      id,
      attributes: { name: 'renamed', can_access_cma: true },
      relationships: { role: { data: { id: other.id } } },
    });
  });

  it('answers 422 INVALID_FORMAT to a partial body, an extra key or an id that differs from the path', async () => {
    const partial = { data: { type: 'access_token', id, attributes: { name: 'only the name' } } };
    expect(errorCode(await put(id, partial))).toBe('INVALID_FORMAT');
    for (const extra of ['token', 'hardcoded_type', 'last_cma_access']) {
      const payload = full('x');
      const reply = await put(id, { data: { ...payload.data, attributes: { ...payload.data.attributes, [extra]: 'x' } } });
      expect(errorCode(reply)).toBe('INVALID_FORMAT');
    }
    expect(errorCode(await put(id, { data: { ...full('x').data, id: '1' } }))).toBe('INVALID_FORMAT');
    expect(sim.store.get(id)?.attributes.name).toBe('orig');
  });

  it('answers 401 NON_EDITABLE_ACCESS_TOKEN for a built-in token', async () => {
    const builtIn = sim.readOnlyTokenId;
    const reply = await put(builtIn, { data: { ...body('x').data, id: builtIn } });
    expect(reply.status).toBe(401);
    expect(errorCode(reply)).toBe('NON_EDITABLE_ACCESS_TOKEN');
  });

  it('answers 404 for an unknown id', async () => {
    expect((await put('999', { data: { ...body('x').data, id: '999' } })).status).toBe(404);
  });
});

describe('regenerate_token', () => {
  it('issues a new secret, keeps role and flags, and the old secret stops at once', async () => {
    const created = (await create(body('x', sim.roleId, { cda: true, preview: false, cma: true }))).body.data;
    const old = created.attributes.token;
    expect((await call(`${sim.url}/site`, { headers: headersFor(old) })).status).toBe(200);
    const reply = await call(tokens(`/${created.id}/regenerate_token`), { method: 'POST', headers: auth });
    expect(reply.status).toBe(200);
    expect(reply.body.data.attributes.token).toMatch(/^[0-9a-f]{30}$/);
    expect(reply.body.data.attributes.token).not.toBe(old);
    expect(reply.body.data.relationships).toEqual(created.relationships);
    expect(errorCode(await call(`${sim.url}/site`, { headers: headersFor(old) }))).toBe('INVALID_AUTHORIZATION_HEADER');
    expect((await call(`${sim.url}/site`, { headers: headersFor(reply.body.data.attributes.token) })).status).toBe(200);
  });

  it('works on built-in tokens too, the full-access one included', async () => {
    const reply = await call(tokens(`/${sim.fullAccessTokenId}/regenerate_token`), { method: 'POST', headers: auth });
    expect(reply.status).toBe(200);
    expect(sim.credential).toBe(reply.body.data.attributes.token);
    expect((await call(tokens(), { headers: auth })).status).toBe(401);
    expect((await call(tokens(), { headers: headersFor(sim.credential) })).status).toBe(200);
  });
});

describe('destroy', () => {
  it('answers 200 with the deleted token', async () => {
    const created = (await create(body('x'))).body.data;
    const reply = await call(tokens(`/${created.id}`), { method: 'DELETE', headers: auth });
    expect(reply.status).toBe(200);
    expect(reply.body.data).toMatchObject({ id: created.id, type: 'access_token' });
    expect(sim.store.get(created.id)).toBeUndefined();
    expect((await call(tokens(`/${created.id}`), { method: 'DELETE', headers: auth })).status).toBe(404);
  });

  it('refuses to let a token delete itself', async () => {
    const reply = await call(tokens(`/${sim.fullAccessTokenId}`), { method: 'DELETE', headers: auth });
    expect(reply.status).toBe(422);
    expect(errorCode(reply)).toBe('CANNOT_DESTROY_CURRENT_USER');
  });

  it('needs a valid destination for a token that owns resources, then moves them', async () => {
    const owner = sim.store.seed({ attributes: { name: 'owner' }, ownsResources: 3 });
    const target = sim.store.seed({ attributes: { name: 'heir' } });
    const destroy = (query: string) => call(tokens(`/${owner.id}${query}`), { method: 'DELETE', headers: auth });
    expect(errorCode(await destroy(''))).toBe('DESTINATION_USER_REQUIRED');
    expect(errorCode(await destroy('?destination_user_type=access_token'))).toBe('DESTINATION_USER_REQUIRED');
    expect(errorCode(await destroy('?destination_user_type=robot&destination_user_id=1'))).toBe('INVALID_DESTINATION_TYPE');
    expect(errorCode(await destroy('?destination_user_type=access_token&destination_user_id=999'))).toBe(
      'INVALID_DESTINATION_USER',
    );
    expect(sim.store.ownedResources({ type: 'access_token', id: owner.id })).toBe(3);
    const done = await destroy(`?destination_user_type=access_token&destination_user_id=${target.id}`);
    expect(done.status).toBe(200);
    expect(sim.store.ownedResources({ type: 'access_token', id: target.id })).toBe(3);
    expect(sim.store.ownedResources({ type: 'access_token', id: owner.id })).toBe(0);
  });

  it('moves resources to a user destination', async () => {
    const owner = sim.store.seed({ attributes: { name: 'owner' }, ownsResources: 2 });
    const reply = await call(tokens(`/${owner.id}?destination_user_type=user&destination_user_id=42`), {
      method: 'DELETE',
      headers: auth,
    });
    expect(reply.status).toBe(200);
    expect(sim.store.ownedResources({ type: 'user', id: '42' })).toBe(2);
  });
});

describe('rate limit', () => {
  it('allows 60 requests per 3 s by default, with headers on every answer', async () => {
    const limited = await startDatoCmsSimulator();
    try {
      const reply = await call(`${limited.url}/site`, { headers: auth });
      expect(reply.headers.get('x-ratelimit-limit')).toBe('60');
      expect(reply.headers.get('x-ratelimit-remaining')).toBe('59');
    } finally {
      await limited.close();
    }
  });

  it('answers 429 RATE_LIMIT_EXCEEDED with X-RateLimit-Reset in a sliding window', async () => {
    const clock = manualClock();
    const limited = await startDatoCmsSimulator({ now: clock.now, rateLimit: { limit: 3, windowMs: 2500 } });
    try {
      const site = () => call(`${limited.url}/site`, { headers: auth });
      expect((await site()).headers.get('x-ratelimit-remaining')).toBe('2');
      clock.advance(1000);
      await site();
      await site();
      const refused = await site();
      expect(refused.status).toBe(429);
      expect(errorCode(refused)).toBe('RATE_LIMIT_EXCEEDED');
      expect(refused.headers.get('x-ratelimit-remaining')).toBe('0');
      expect(refused.headers.get('x-ratelimit-reset')).toBe('2');
      clock.advance(1500);
      const again = await site();
      expect(again.status).toBe(200);
      expect(again.headers.get('x-ratelimit-remaining')).toBe('0');
      limited.rateLimit.set(false);
      const unlimited = await site();
      expect(unlimited.status).toBe(200);
      expect(unlimited.headers.get('x-ratelimit-limit')).toBeNull();
    } finally {
      await limited.close();
    }
  });
});

describe('reference page examples', () => {
  it('answers the update example (aimed at a stored token) with the documented shape', async () => {
    const id = (await create(body('x'))).body.data.id;
    const reply = await put(id, datoCmsUpdateExample(id, sim.roleId));
    expect(reply.status).toBe(200);
    const page = loadFixture('datocms-put-response');
    expect(reply.status).toBe(page.status);
    expect(reply.body.data.attributes).toMatchObject(loadFixture('datocms-put-request').body.data.attributes);
    // The live answer adds token and the last_* buckets, and says null where the page shows "".
    const { token: _token, last_cda_access: _cda, last_cma_access: _cma, ...documented } = reply.body.data.attributes;
    expect(documented.hardcoded_type).toBeNull();
    expect(shapeOf({ data: { ...reply.body.data, attributes: { ...documented, hardcoded_type: '' } } })).toEqual(
      shapeOf(page.body),
    );
  });
});

describe('scale', () => {
  it('lists 100,000 tokens in one answer', async () => {
    sim.store.generate(100_000, 'bulk-');
    const reply = await call(tokens(), { headers: auth });
    expect(reply.body.data).toHaveLength(100_002);
  }, SCALE_TEST_TIMEOUT_MS);
});

// The readings (DATOCMS_READINGS), each on a simulator of its own, with a token whose role cannot manage tokens.
const READER_SECRET = 'e'.repeat(30);
const startReading = closedAfterEach(async (options: Parameters<typeof startDatoCmsSimulator>[0] = {}) => {
  const started = await startDatoCmsSimulator({ rateLimit: false, ...options });
  started.store.seed({ attributes: { name: 'reader', can_access_cma: true, token: READER_SECRET }, relationships: { role: { data: { type: 'role', id: started.editorRoleId } } } });
  return started;
});

const createBody = (role: unknown) => ({
  data: { type: 'access_token', attributes: { name: 'n', can_access_cda: true, can_access_cda_preview: false, can_access_cma: false }, relationships: { role: { data: role } } },
});

describe('nonManagerReads', () => {
  it('refused: a caller whose role cannot manage tokens gets 401 INSUFFICIENT_PERMISSIONS on reads too', async () => {
    const sim = await startReading({ readings: { nonManagerReads: 'refused' } });
    const reply = await call(`${sim.url}/access_tokens`, { headers: headersFor(READER_SECRET) });
    expect(reply.status).toBe(401);
    expect(reply.body.data[0].attributes.code).toBe('INSUFFICIENT_PERMISSIONS');
    expect((await call(`${sim.url}/access_tokens`, { headers: auth })).body.data.every((t: { attributes: { token: unknown } }) => typeof t.attributes.token === 'string')).toBe(true);
  });

  it('token-null (the default): the same caller reads every token with token: null', async () => {
    const sim = await startReading();
    const reply = await call(`${sim.url}/access_tokens/${sim.fullAccessTokenId}`, { headers: headersFor(READER_SECRET) });
    expect(reply.status).toBe(200);
    expect(reply.body.data.attributes).toMatchObject({ name: 'Full-access API token', token: null });
  });
});

describe('nullRoleOnCreate', () => {
  it('accepted: a create naming no role makes a role-less token; an update may still not clear the role', async () => {
    const sim = await startReading({ readings: { nullRoleOnCreate: 'accepted' } });
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
    const sim = await startReading();
    const made = await call(`${sim.url}/access_tokens`, { method: 'POST', headers: auth, body: JSON.stringify(createBody(null)) });
    expect(made.status).toBe(422);
    expect(made.body.data[0].attributes.code).toBe('INVALID_FORMAT');
  });
});

describe('datoCmsTransientFault', () => {
  it('answers once with a transient api_error, then normally', async () => {
    const sim = await startReading();
    sim.faults.add(datoCmsTransientFault({ method: 'GET', path: '/access_tokens' }));
    const first = await call(`${sim.url}/access_tokens`, { headers: auth });
    expect(first.status).toBe(409);
    expect(first.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(first.body.data[0]).toMatchObject({ type: 'api_error', attributes: { code: 'ITEM_LOCKED', transient: true } });
    expect((await call(`${sim.url}/access_tokens`, { headers: auth })).status).toBe(200);
  });
});

describe('last_cma_access ages with the clock', () => {
  it('today, then yesterday at midnight UTC, this week, last week, this month, last month; a new use makes it today again', async () => {
    // Wednesday 2026-01-07 10:00 UTC; weeks from Monday.
    let now = Date.UTC(2026, 0, 7, 10);
    const aging = await startDatoCmsSimulator({ rateLimit: false, now: () => now });
    try {
      const url = (suffix = '') => `${aging.url}/access_tokens${suffix}`;
      const created = await call(url(), { method: 'POST', headers: auth, body: JSON.stringify(body('aging')) });
      const { id, attributes } = (created.body as { data: DatoCmsAccessToken }).data;
      const bucket = async (): Promise<string> => ((await call(url(`/${id}`), { headers: auth })).body as { data: DatoCmsAccessToken }).data.attributes.last_cma_access;
      expect(await bucket()).toBe('never');
      // The token itself makes a request: its use is now.
      await call(url(`/${id}`), { headers: headersFor(attributes.token as string) });
      const seen: Array<[string, string]> = [];
      for (const at of [Date.UTC(2026, 0, 7, 23, 59), Date.UTC(2026, 0, 8), Date.UTC(2026, 0, 9), Date.UTC(2026, 0, 11, 23), Date.UTC(2026, 0, 12), Date.UTC(2026, 0, 19), Date.UTC(2026, 1, 2), Date.UTC(2026, 3, 1)]) {
        now = at;
        seen.push([new Date(at).toISOString(), await bucket()]);
      }
      expect(seen.map(([, b]) => b)).toEqual(['today', 'yesterday', 'this_week', 'this_week', 'last_week', 'this_month', 'last_month', 'last_month']);
      await call(url(`/${id}`), { headers: headersFor(attributes.token as string) });
      expect(await bucket()).toBe('today');
    } finally {
      await aging.close();
    }
  });
});
