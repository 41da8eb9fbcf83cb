import {
  CONTROL_PREFIX,
  KODEXA_DEMO_API_KEY,
  REDACTED,
  SOFTWAREONE_DEMO_TOKEN,
  startAllSimulators,
  type AllSimulators,
} from '../src';
import { SCALE_TEST_TIMEOUT_MS, call } from './helpers';

let all: AllSimulators;

beforeAll(async () => {
  all = await startAllSimulators({ datocms: { rateLimit: false } });
});
afterAll(() => all.close());
beforeEach(() => {
  all.kodexa.reset();
  all.softwareone.reset();
  all.datocms.reset();
});

const control = (base: string, path: string, init: RequestInit = {}) =>
  call(`${base}${CONTROL_PREFIX}${path}`, {
    ...init,
    headers: { 'content-type': 'application/json', ...(init.headers as Record<string, string>) },
  });
const send = (base: string, method: string, path: string, body?: unknown) =>
  control(base, path, { method, ...(body !== undefined && { body: JSON.stringify(body) }) });

describe('info', () => {
  it('tells a remote driver what it needs, without any vendor auth', async () => {
    expect((await control(all.kodexa.url, '/info')).body).toMatchObject({
      vendor: 'kodexa',
      url: all.kodexa.url,
      credential: KODEXA_DEMO_API_KEY,
      userId: all.kodexa.userId,
    });
    expect((await control(all.softwareone.url, '/info')).body).toMatchObject({
      vendor: 'softwareone',
      credential: SOFTWAREONE_DEMO_TOKEN,
      accountId: all.softwareone.accountId,
      tokenId: 'TKN-0000-0001',
    });
    expect((await control(all.datocms.url, '/info')).body).toMatchObject({ vendor: 'datocms', roleId: all.datocms.roleId });
  });
});

describe('tokens', () => {
  it('seeds a token and returns it with its secret, which then authenticates', async () => {
    const seeded = await send(all.kodexa.url, 'POST', '/tokens', { name: 'seeded', secret: 'known-secret' });
    expect(seeded.status).toBe(201);
    expect(seeded.body).toMatchObject({ token: { name: 'seeded' }, secret: 'known-secret' });
    const me = await call(`${all.kodexa.url}/api/account/me`, { headers: { 'x-api-key': 'known-secret' } });
    expect(me.status).toBe(200);

    const dato = await send(all.datocms.url, 'POST', '/tokens', { attributes: { name: 'seeded' }, ownsResources: 2 });
    expect(dato.body.secret).toBe(dato.body.token.attributes.token);
    const s1 = await send(all.softwareone.url, 'POST', '/tokens', { name: 'seeded' });
    expect(s1.body.secret).toMatch(/^idt:TKN-\d{4}-\d{4}:/);
  });

  it('lists, reads and deletes stored tokens', async () => {
    const { body } = await send(all.softwareone.url, 'POST', '/tokens', { name: 'one' });
    const listed = await control(all.softwareone.url, '/tokens?offset=1&limit=5');
    expect(listed.body.total).toBe(2);
    expect(listed.body.data.map((token: { id: string }) => token.id)).toEqual([body.token.id]);
    expect((await control(all.softwareone.url, `/tokens/${body.token.id}`)).body.name).toBe('one');
    expect((await send(all.softwareone.url, 'DELETE', `/tokens/${body.token.id}`)).status).toBe(204);
    expect((await control(all.softwareone.url, `/tokens/${body.token.id}`)).status).toBe(404);
    expect((await send(all.softwareone.url, 'DELETE', `/tokens/${body.token.id}`)).status).toBe(404);
  });

  it('generates 100,000 tokens server-side in one call', async () => {
    const reply = await send(all.kodexa.url, 'POST', '/tokens/generate', { count: 100_000, namePrefix: 'bench-' });
    expect(reply.status).toBe(201);
    expect(reply.body).toEqual({ generated: 100_000, total: 100_000 });
    const page = await call(`${all.kodexa.url}/api/access-tokens?pageSize=1`, { headers: { 'x-api-key': KODEXA_DEMO_API_KEY } });
    expect(page.body.totalElements).toBe(100_000);
    expect(page.body.content[0].name).toBe('bench-000001');
  }, SCALE_TEST_TIMEOUT_MS);

  it('answers 400 to an invalid seed without echoing its values', async () => {
    const reply = await send(all.kodexa.url, 'POST', '/tokens', { name: 'x', id: 'not-a-uuid', secret: 'super-secret-value' });
    expect(reply.status).toBe(400);
    expect(reply.text).not.toContain('super-secret-value');
    expect((await send(all.kodexa.url, 'POST', '/tokens/generate', { count: 0 })).status).toBe(400);
    expect((await control(all.kodexa.url, '/tokens', { method: 'POST', body: '{nope' })).status).toBe(400);
  });
});

describe('faults', () => {
  it('queues, lists and clears faults in their JSON form', async () => {
    const queued = await send(all.datocms.url, 'POST', '/faults', [
      { phase: 'before', kind: 'status', status: 503, pathRegExp: '^/access_tokens', times: 2 },
      { phase: 'after', kind: 'reset', method: 'DELETE', path: '/access_tokens/1' },
    ]);
    expect(queued.status).toBe(201);
    expect(queued.body).toEqual([
      // RegExp.source escapes the slash; the pattern is the same.
      { phase: 'before', kind: 'status', status: 503, pathRegExp: '^\\/access_tokens', pathRegExpFlags: '', times: 2, remaining: 2 },
      { phase: 'after', kind: 'reset', method: 'DELETE', path: '/access_tokens/1', remaining: 1 },
    ]);
    const hit = await call(`${all.datocms.url}/access_tokens`, {
      headers: { authorization: `Bearer ${all.datocms.credential}`, 'x-api-version': '3' },
    });
    expect(hit.status).toBe(503);
    expect((await control(all.datocms.url, '/faults')).body[0].remaining).toBe(1);
    expect((await send(all.datocms.url, 'DELETE', '/faults')).status).toBe(204);
    expect((await control(all.datocms.url, '/faults')).body).toEqual([]);
  });

  it('answers 400 to an invalid fault', async () => {
    for (const fault of [
      { phase: 'before', kind: 'explode' },
      { phase: 'before', kind: 'status' },
      { phase: 'soon', kind: 'reset' },
      { phase: 'before', kind: 'reset', path: '/a', pathRegExp: 'b' },
      { phase: 'before', kind: 'reset', pathRegExp: '(' },
    ]) {
      expect((await send(all.kodexa.url, 'POST', '/faults', fault)).status).toBe(400);
    }
    expect(all.kodexa.faults.pending()).toEqual([]);
  });

  it('are not applied to control calls', async () => {
    all.kodexa.faults.add({ phase: 'before', kind: 'status', status: 500 });
    expect((await control(all.kodexa.url, '/info')).status).toBe(200);
    expect(all.kodexa.faults.pending()).toHaveLength(1);
  });
});

describe('request log', () => {
  it('records vendor calls with credentials redacted, never control calls', async () => {
    const { kodexa } = all;
    await call(`${kodexa.url}/api/access-tokens?page=1`, {
      headers: { 'x-api-key': KODEXA_DEMO_API_KEY, 'x-access-token': 'legacy-secret', authorization: 'Bearer x' },
    });
    await call(`${kodexa.url}/api/access-tokens`, {
      method: 'POST',
      headers: { 'x-api-key': KODEXA_DEMO_API_KEY, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'logged' }),
    });
    await control(kodexa.url, '/info');
    const log = await control(kodexa.url, '/requests');
    expect(log.body).toHaveLength(2);
    expect(log.body[0]).toMatchObject({
      method: 'GET',
      path: '/api/access-tokens',
      query: 'page=1',
      headers: { 'x-api-key': REDACTED, 'x-access-token': REDACTED, authorization: REDACTED },
    });
    expect(log.body[1]).toMatchObject({ method: 'POST', body: { name: 'logged' } });
    expect(typeof log.body[1].at).toBe('number');
    expect(JSON.stringify(log.body)).not.toContain(KODEXA_DEMO_API_KEY);
    expect(JSON.stringify(log.body)).not.toContain('legacy-secret');

    expect((await control(kodexa.url, '/requests?method=post')).body).toHaveLength(1);
    expect((await control(kodexa.url, `/requests?pathRegExp=${encodeURIComponent('^/api/access')}`)).body).toHaveLength(2);
    expect(kodexa.requests.filter({ method: 'GET', path: '/api/access-tokens' })).toHaveLength(1);
    expect((await send(kodexa.url, 'DELETE', '/requests')).status).toBe(204);
    expect(kodexa.requests.all()).toEqual([]);
  });

  it('keeps text bodies as text', async () => {
    await call(`${all.kodexa.url}/api/access-tokens`, {
      method: 'POST',
      headers: { 'x-api-key': KODEXA_DEMO_API_KEY, 'content-type': 'text/plain' },
      body: 'plain words',
    });
    expect(all.kodexa.requests.all()[0]?.body).toBe('plain words');
  });
});

describe('rate limit and reset', () => {
  it('reads and sets the rate limit', async () => {
    const { softwareone } = all;
    expect((await control(softwareone.url, '/rate-limit')).body).toBe(false);
    expect((await send(softwareone.url, 'PUT', '/rate-limit', { limit: 1, windowMs: 60_000 })).body).toEqual({
      limit: 1,
      windowMs: 60_000,
    });
    const headers = { authorization: `Bearer ${SOFTWAREONE_DEMO_TOKEN}` };
    expect((await call(`${softwareone.url}/public/v1/accounts/api-tokens`, { headers })).status).toBe(200);
    const refused = await call(`${softwareone.url}/public/v1/accounts/api-tokens`, { headers });
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await send(softwareone.url, 'PUT', '/rate-limit', false)).body).toBe(false);
    expect((await send(softwareone.url, 'PUT', '/rate-limit', { limit: 0, windowMs: 1 })).status).toBe(400);
  });

  it('restores the initial state on POST /reset', async () => {
    await send(all.datocms.url, 'POST', '/tokens/generate', { count: 5 });
    await send(all.datocms.url, 'PUT', '/rate-limit', { limit: 1, windowMs: 1000 });
    all.datocms.faults.add({ phase: 'before', kind: 'reset' });
    expect((await send(all.datocms.url, 'POST', '/reset')).status).toBe(204);
    expect(all.datocms.store.size).toBe(2);
    expect(all.datocms.faults.pending()).toEqual([]);
    expect(all.datocms.rateLimit.get()).toBe(false);
  });

  it('answers 404 and 405 outside its routes', async () => {
    expect((await control(all.kodexa.url, '/nothing')).status).toBe(404);
    expect((await send(all.kodexa.url, 'DELETE', '/info')).status).toBe(405);
    expect((await send(all.kodexa.url, 'PUT', '/tokens')).status).toBe(405);
  });
});
