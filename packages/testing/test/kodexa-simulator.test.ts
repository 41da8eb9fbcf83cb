import {
  KODEXA_DEMO_API_KEY,
  KODEXA_DEMO_USER_ID,
  kodexaCreateExample,
  kodexaUpdateExample,
  loadFixture,
  startKodexaSimulator,
  type KodexaSimulator,
} from '../src';
import { SCALE_TEST_TIMEOUT_MS, call, manualClock, shapeOf } from './helpers';

const clock = manualClock();
let sim: KodexaSimulator;
const auth = { 'x-api-key': KODEXA_DEMO_API_KEY };
const jsonAuth = { ...auth, 'content-type': 'application/json' };

beforeAll(async () => {
  sim = await startKodexaSimulator({ now: clock.now });
});
afterAll(() => sim.close());
beforeEach(() => sim.reset());

// Kodexa writes instants as Jackson does: no fraction when it is zero.
const instant = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');
const tokens = (suffix = '') => `${sim.url}/api/access-tokens${suffix}`;
const create = (body: unknown, headers: Record<string, string> = jsonAuth) =>
  call(tokens(), { method: 'POST', headers, body: JSON.stringify(body) });

describe('authentication', () => {
  it('accepts the demo key in x-api-key and in the legacy x-access-token', async () => {
    expect((await call(tokens(), { headers: auth })).status).toBe(200);
    expect((await call(tokens(), { headers: { 'x-access-token': KODEXA_DEMO_API_KEY } })).status).toBe(200);
  });

  it('lets x-api-key win when both headers are sent', async () => {
    const wrongApiKey = { 'x-api-key': 'wrong', 'x-access-token': KODEXA_DEMO_API_KEY, 'x-requested-with': 'XMLHttpRequest' };
    expect((await call(tokens(), { headers: wrongApiKey })).status).toBe(401);
    const rightApiKey = { 'x-api-key': KODEXA_DEMO_API_KEY, 'x-access-token': 'wrong' };
    expect((await call(tokens(), { headers: rightApiKey })).status).toBe(200);
  });

  it('redirects to /login like Spring when the request is not an XHR', async () => {
    const reply = await call(tokens(), { headers: { 'x-api-key': 'wrong' } });
    expect(reply.status).toBe(302);
    expect(reply.headers.get('location')).toBe(`${sim.url}/login`);
  });

  it('answers 401 with a problem body to an XHR', async () => {
    const reply = await call(tokens(), { headers: { 'x-requested-with': 'XMLHttpRequest' } });
    expect(reply.status).toBe(401);
    expect(reply.headers.get('content-type')).toBe('application/problem+json');
    expect(reply.body).toMatchObject({ type: 'about:blank', title: 'Unauthorized', status: 401, instance: '/api/access-tokens' });
    expect(typeof reply.body.detail).toBe('string');
  });

  it('accepts a created token secret until the token expires', async () => {
    const expiresAt = new Date(clock.now() + 60_000).toISOString();
    const created = await create({ name: 'short-lived', expiresAt });
    const secret = created.body.token as string;
    const me = await call(`${sim.url}/api/account/me`, { headers: { 'x-api-key': secret } });
    expect(me.status).toBe(200);
    expect(me.body.id).toBe(KODEXA_DEMO_USER_ID);
    clock.advance(60_000);
    expect((await call(tokens(), { headers: { 'x-api-key': secret } })).status).toBe(302);
  });

  it('refuses a deleted token secret', async () => {
    const created = await create({ name: 'doomed' });
    await call(tokens(`/${created.body.id}`), { method: 'DELETE', headers: auth });
    const reply = await call(tokens(), { headers: { 'x-api-key': created.body.token, 'x-requested-with': 'XMLHttpRequest' } });
    expect(reply.status).toBe(401);
  });

  it('answers /api/account/me with the owner of a seeded token secret', async () => {
    const owner = '11111111-2222-4333-8444-555555555555';
    sim.store.seed({ name: 'other user', userId: owner, secret: 'other-user-secret' });
    const me = await call(`${sim.url}/api/account/me`, { headers: { 'x-api-key': 'other-user-secret' } });
    expect(me.body.id).toBe(owner);
  });
});

describe('create', () => {
  it('answers 201 with the full token, server fields assigned, and the secret in token', async () => {
    const reply = await create({ name: 'ci', expiresAt: '2030-01-01T00:00:00Z' });
    expect(reply.status).toBe(201);
    const token = reply.body;
    expect(token).toMatchObject({
      name: 'ci',
      changeSequence: 1,
      expiresAt: '2030-01-01T00:00:00Z',
      userId: KODEXA_DEMO_USER_ID,
      createdOn: instant(clock.now()),
      updatedOn: instant(clock.now()),
    });
    expect(token.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(token.uuid).toMatch(/^[0-9a-f-]{36}$/);
    expect(token.user.id).toBe(KODEXA_DEMO_USER_ID);
    expect(typeof token.token).toBe('string');
    expect(sim.store.secretOf(token.id)).toBe(token.token);
  });

  it('ignores server fields the client sends and owns the token to the caller', async () => {
    const reply = await create({
      name: 'x',
      id: '00000000-0000-4000-8000-000000000000',
      changeSequence: 99,
      userId: '00000000-0000-4000-8000-000000000001',
      createdOn: '2001-01-01T00:00:00Z',
    });
    expect(reply.body.id).not.toBe('00000000-0000-4000-8000-000000000000');
    expect(reply.body.changeSequence).toBe(1);
    expect(reply.body.userId).toBe(KODEXA_DEMO_USER_ID);
    expect(reply.body.createdOn).not.toBe('2001-01-01T00:00:00Z');
  });

  it('answers 400 with an errors map for a missing name or a bad expiresAt', async () => {
    const reply = await create({ name: ' ', expiresAt: 'tomorrow' });
    expect(reply.status).toBe(400);
    expect(reply.headers.get('content-type')).toBe('application/problem+json');
    expect(reply.body.errors).toEqual({ name: expect.any(String), expiresAt: expect.any(String) });
    expect((await create({ expiresAt: null })).status).toBe(400);
    expect((await create({ name: 'x', expiresAt: '2023-02-30T00:00:00Z' })).status).toBe(400);
    expect(sim.store.size).toBe(0);
  });

  it('answers 400 to malformed JSON and 415 to a non-JSON body', async () => {
    expect((await call(tokens(), { method: 'POST', headers: jsonAuth, body: '{"name":' })).status).toBe(400);
    const text = await call(tokens(), { method: 'POST', headers: { ...auth, 'content-type': 'text/plain' }, body: 'x' });
    expect(text.status).toBe(415);
  });

  it.each(['token', 'apiKey', 'key', 'secret'] as const)('can return the secret in %s', async (field) => {
    const other = await startKodexaSimulator({ readings: { secretField: field } });
    try {
      const reply = await call(`${other.url}/api/access-tokens`, {
        method: 'POST',
        headers: jsonAuth,
        body: JSON.stringify({ name: 'x' }),
      });
      expect(reply.body[field]).toBe(other.store.secretOf(reply.body.id));
    } finally {
      await other.close();
    }
  });

  it('can return no secret at all', async () => {
    const other = await startKodexaSimulator({ readings: { secretField: null } });
    try {
      const reply = await call(`${other.url}/api/access-tokens`, {
        method: 'POST',
        headers: jsonAuth,
        body: JSON.stringify({ name: 'x' }),
      });
      expect(reply.status).toBe(201);
      expect(Object.keys(reply.body).sort()).toEqual(
        ['changeSequence', 'createdOn', 'expiresAt', 'id', 'name', 'updatedOn', 'user', 'userId', 'uuid'].sort(),
      );
    } finally {
      await other.close();
    }
  });
});

describe('get', () => {
  it('returns the token without its secret', async () => {
    const created = await create({ name: 'read me' });
    const reply = await call(tokens(`/${created.body.id}`), { headers: auth });
    expect(reply.status).toBe(200);
    const { token: _secret, ...withoutSecret } = created.body;
    expect(reply.body).toEqual(withoutSecret);
    expect('token' in reply.body).toBe(false);
  });

  it('answers 404 to an unknown or malformed id', async () => {
    const unknown = await call(tokens('/0b0b0b0b-0000-4000-8000-000000000000'), { headers: auth });
    expect(unknown.status).toBe(404);
    expect(unknown.body).toMatchObject({ status: 404, title: 'Not Found' });
    expect((await call(tokens('/not-a-uuid'), { headers: auth })).status).toBe(404);
  });
});

describe('update (PUT replaces the writable fields)', () => {
  it('replaces name and expiresAt, bumps changeSequence and updatedOn, keeps server fields', async () => {
    const created = (await create({ name: 'before', expiresAt: '2030-01-01T00:00:00Z' })).body;
    clock.advance(1000);
    const reply = await call(tokens(`/${created.id}`), {
      method: 'PUT',
      headers: jsonAuth,
      body: JSON.stringify({ ...created, name: 'after', user: { id: 'ignored' }, uuid: 'ignored', userId: 'ignored' }),
    });
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({
      id: created.id,
      uuid: created.uuid,
      userId: KODEXA_DEMO_USER_ID,
      createdOn: created.createdOn,
      name: 'after',
      expiresAt: '2030-01-01T00:00:00Z',
      changeSequence: 2,
      updatedOn: instant(clock.now()),
    });
    expect(reply.body.user.id).toBe(KODEXA_DEMO_USER_ID);
    expect(sim.store.get(created.id)?.name).toBe('after');
  });

  it('clears expiresAt when it is null or left out', async () => {
    const created = (await create({ name: 'x', expiresAt: '2030-01-01T00:00:00Z' })).body;
    const put = (body: unknown) =>
      call(tokens(`/${created.id}`), { method: 'PUT', headers: jsonAuth, body: JSON.stringify(body) });
    expect((await put({ name: 'x', changeSequence: 1, expiresAt: null })).body.expiresAt).toBeNull();
    await put({ name: 'x', changeSequence: 2, expiresAt: '2031-01-01T00:00:00Z' });
    expect((await put({ name: 'x', changeSequence: 3 })).body.expiresAt).toBeNull();
  });

  it('answers 409 to a stale or missing changeSequence and leaves the token alone', async () => {
    const created = (await create({ name: 'x' })).body;
    const put = (body: unknown) =>
      call(tokens(`/${created.id}`), { method: 'PUT', headers: jsonAuth, body: JSON.stringify(body) });
    const stale = await put({ name: 'y', changeSequence: 0 });
    expect(stale.status).toBe(409);
    expect(stale.body).toMatchObject({ status: 409, title: 'Conflict' });
    expect((await put({ name: 'y' })).status).toBe(409);
    expect(sim.store.get(created.id)).toMatchObject({ name: 'x', changeSequence: 1 });
  });

  it('overwrites silently when enforcement is off (a lost update)', async () => {
    const lax = await startKodexaSimulator({ readings: { changeSequence: 'ignored' } });
    try {
      const seeded = lax.store.seed({ name: 'original' });
      const put = (name: string) =>
        call(`${lax.url}/api/access-tokens/${seeded.id}`, {
          method: 'PUT',
          headers: jsonAuth,
          body: JSON.stringify({ name, changeSequence: seeded.changeSequence }),
        });
      expect((await put('first writer')).status).toBe(200);
      const second = await put('second writer');
      expect(second.status).toBe(200);
      expect(second.body).toMatchObject({ name: 'second writer', changeSequence: 3 });
    } finally {
      await lax.close();
    }
  });

  it('answers 400 to a missing name or a body id that differs from the path', async () => {
    const created = (await create({ name: 'x' })).body;
    const put = (body: unknown) =>
      call(tokens(`/${created.id}`), { method: 'PUT', headers: jsonAuth, body: JSON.stringify(body) });
    const noName = await put({ changeSequence: 1 });
    expect(noName.status).toBe(400);
    expect(noName.body.errors).toHaveProperty('name');
    const otherId = await put({ name: 'x', changeSequence: 1, id: '00000000-0000-4000-8000-000000000000' });
    expect(otherId.status).toBe(400);
    expect(otherId.body.errors).toHaveProperty('id');
  });

  it('answers 404 to an unknown id', async () => {
    const reply = await call(tokens('/00000000-0000-4000-8000-000000000000'), {
      method: 'PUT',
      headers: jsonAuth,
      body: JSON.stringify({ name: 'x', changeSequence: 1 }),
    });
    expect(reply.status).toBe(404);
  });
});

describe('delete', () => {
  it('answers 200 with an empty body, then 404', async () => {
    const created = (await create({ name: 'x' })).body;
    const first = await call(tokens(`/${created.id}`), { method: 'DELETE', headers: auth });
    expect(first.status).toBe(200);
    expect(first.text).toBe('');
    expect(sim.store.get(created.id)).toBeUndefined();
    expect((await call(tokens(`/${created.id}`), { method: 'DELETE', headers: auth })).status).toBe(404);
  });
});

describe('list', () => {
  beforeEach(() => {
    for (const name of ['Alpha', 'beta', 'Gamma ray', "O'Brien", 'delta*star']) {
      sim.store.seed({ name });
      clock.advance(1000);
    }
  });

  const list = (query: string) => call(tokens(`?${query}`), { headers: auth });

  it('answers with the Spring Page envelope', async () => {
    const reply = await list('page=1&pageSize=2');
    expect(reply.status).toBe(200);
    expect(Object.keys(reply.body).sort()).toEqual(
      [
        'content',
        'empty',
        'first',
        'last',
        'number',
        'numberOfElements',
        'pageable',
        'size',
        'sort',
        'totalElements',
        'totalPages',
      ].sort(),
    );
    expect(reply.body).toMatchObject({
      totalElements: 5,
      totalPages: 3,
      size: 2,
      number: 0,
      numberOfElements: 2,
      first: true,
      last: false,
      empty: false,
      sort: { empty: true, sorted: false, unsorted: true },
      pageable: { offset: 0, pageNumber: 0, pageSize: 2, paged: true, unpaged: false },
    });
    expect(reply.body.content.map((token: { name: string }) => token.name)).toEqual(['Alpha', 'beta']);
  });

  it('pages from 1, treats page 0 as the first page, and ends with last', async () => {
    const third = await list('page=3&pageSize=2');
    expect(third.body).toMatchObject({ number: 2, first: false, last: true, numberOfElements: 1 });
    const zero = await list('page=0&pageSize=2');
    expect(zero.body.number).toBe(0);
    const beyond = await list('page=9&pageSize=2');
    expect(beyond.body).toMatchObject({ content: [], empty: true, last: true });
  });

  it('defaults to 20 per page and clamps pageSize to 100', async () => {
    expect((await list('')).body.size).toBe(20);
    expect((await list('pageSize=1000')).body.size).toBe(100);
    expect((await list('pageSize=abc')).status).toBe(400);
  });

  it('sorts by field:asc|desc, several keys separated by ;', async () => {
    const names = async (sort: string) =>
      (await list(`sort=${encodeURIComponent(sort)}`)).body.content.map((token: { name: string }) => token.name);
    expect(await names('createdOn:desc')).toEqual(['delta*star', "O'Brien", 'Gamma ray', 'beta', 'Alpha']);
    expect(await names('name:asc')).toEqual(['Alpha', 'Gamma ray', "O'Brien", 'beta', 'delta*star']);
    expect(await names('expiresAt:asc;name:desc')).toEqual(['delta*star', 'beta', "O'Brien", 'Gamma ray', 'Alpha']);
    expect((await list('sort=name:sideways')).status).toBe(400);
  });

  it("filters with name~'*text*' case-insensitively, with quotes escaped", async () => {
    const names = async (filter: string) =>
      (await list(`filter=${encodeURIComponent(filter)}`)).body.content.map((token: { name: string }) => token.name);
    expect(await names("name~'*A*'")).toEqual(['Alpha', 'beta', 'Gamma ray', 'delta*star']);
    expect(await names("name~'g*'")).toEqual(['Gamma ray']);
    expect(await names("name~'*\\'b*'")).toEqual(["O'Brien"]);
    expect(await names("name:'beta'")).toEqual(['beta']);
    expect(await names("name!'beta' and name~'*a'")).toEqual(['Alpha']);
  });

  it('treats * in a ~ pattern always as a wildcard', async () => {
    const reply = await list(`filter=${encodeURIComponent("name~'*a*s*'")}`);
    expect(reply.body.content.map((token: { name: string }) => token.name)).toEqual(['delta*star']);
  });

  it("filters by owner with userId:'id'", async () => {
    const other = '11111111-2222-4333-8444-555555555555';
    sim.store.seed({ name: 'theirs', userId: other });
    const reply = await list(`filter=${encodeURIComponent(`userId:'${other}'`)}`);
    expect(reply.body.content.map((token: { name: string }) => token.name)).toEqual(['theirs']);
    const mine = await list(`filter=${encodeURIComponent(`userId:'${KODEXA_DEMO_USER_ID}'`)}&pageSize=100`);
    expect(mine.body.totalElements).toBe(5);
  });

  it('answers 500 with SQL error text to a filter on an unknown field', async () => {
    for (const filter of ["owner:'x'", "user.id:'x'"]) {
      const reply = await list(`filter=${encodeURIComponent(filter)}`);
      expect(reply.status).toBe(500);
      expect(reply.body.detail).toMatch(/column .* does not exist/);
    }
  });

  it('answers 400 to filter syntax it cannot parse', async () => {
    expect((await list(`filter=${encodeURIComponent("name~'open")}`)).status).toBe(400);
    expect((await list(`filter=${encodeURIComponent("name:'a' or name:'b'")}`)).status).toBe(400);
  });

  it('searches names with query, * meaning everything', async () => {
    expect((await list('query=*')).body.totalElements).toBe(5);
    expect((await list('query=ray')).body.content.map((token: { name: string }) => token.name)).toEqual(['Gamma ray']);
  });
});

describe('reference page examples', () => {
  it('answers the create example (placeholders made valid) with the documented shape', async () => {
    const reply = await create(kodexaCreateExample('From the page'));
    expect(reply.status).toBe(201);
    const { token: _secret, ...token } = reply.body;
    expect(shapeOf(token)).toEqual(shapeOf(loadFixture('kodexa-post-response').body));
    expect(token.name).toBe('From the page');
  });

  it('answers GET with the shape of the get example', async () => {
    const created = (await create({ name: 'x', expiresAt: '2030-01-01T00:00:00Z' })).body;
    const reply = await call(tokens(`/${created.id}`), { headers: auth });
    expect(shapeOf(reply.body)).toEqual(shapeOf(loadFixture('kodexa-get-response').body));
  });

  it('answers the update example (made valid for a stored token) with the documented shape', async () => {
    const created = (await create({ name: 'x' })).body;
    const reply = await call(tokens(`/${created.id}`), {
      method: 'PUT',
      headers: jsonAuth,
      body: JSON.stringify(kodexaUpdateExample(created, 'Renamed from the page')),
    });
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({ name: 'Renamed from the page', expiresAt: '2023-11-07T05:31:56Z', changeSequence: 2 });
    expect(shapeOf(reply.body)).toEqual(shapeOf(loadFixture('kodexa-put-response').body));
  });
});

describe('scale', () => {
  it('lists, filters and pages 100,000 tokens', async () => {
    sim.store.generate(100_000, 'bulk-');
    expect(sim.store.size).toBe(100_000);
    const sorted = await call(tokens('?sort=name:desc&page=2&pageSize=100'), { headers: auth });
    expect(sorted.body.content[0].name).toBe('bulk-099900');
    for (let page = 1; page <= 5; page += 1) {
      const reply = await call(tokens(`?sort=name:desc&page=${page}&pageSize=100`), { headers: auth });
      expect(reply.body.numberOfElements).toBe(100);
    }
    const filtered = await call(tokens(`?filter=${encodeURIComponent("name~'*99999'")}`), { headers: auth });
    expect(filtered.body.totalElements).toBe(1);
  }, SCALE_TEST_TIMEOUT_MS);
});
