import { InvalidInputError, KODEXA_DEMO_API_KEY, MALFORMED_JSON_BODY, startKodexaSimulator, type KodexaSimulator } from '../src';
import { type ManualClock, call, flush, manualClock } from './helpers';

let sim: KodexaSimulator;
/** Drives the waits of delay and trickle faults: a held answer goes on only when the test advances it. */
let clock: ManualClock;
const auth = { 'x-api-key': KODEXA_DEMO_API_KEY };
const jsonAuth = { ...auth, 'content-type': 'application/json' };
const TOKENS = '/api/access-tokens';

beforeAll(async () => {
  sim = await startKodexaSimulator({ setTimer: (fn, ms) => clock.setTimer(fn, ms) });
});
afterAll(() => sim.close());
beforeEach(() => {
  clock = manualClock();
  sim.reset();
});

const url = (path = TOKENS) => `${sim.url}${path}`;
const createToken = (name = 'x') => fetch(url(), { method: 'POST', headers: jsonAuth, body: JSON.stringify({ name }) });

describe('status faults', () => {
  it('phase before: answers instead of the request, which never reaches the store', async () => {
    sim.faults.add({ phase: 'before', kind: 'status', status: 429, headers: { 'Retry-After': '7' }, body: { error: 'slow down' } });
    const reply = await call(url(), { method: 'POST', headers: jsonAuth, body: JSON.stringify({ name: 'x' }) });
    expect(reply.status).toBe(429);
    expect(reply.headers.get('retry-after')).toBe('7');
    expect(reply.headers.get('content-type')).toBe('application/json');
    expect(reply.body).toEqual({ error: 'slow down' });
    expect(sim.store.size).toBe(0);
    expect(sim.requests.all()).toHaveLength(1);
  });

  it('phase after: applies the request, then loses its answer', async () => {
    sim.faults.add({ phase: 'after', kind: 'status', status: 503, body: 'upstream down' });
    const reply = await call(url(), { method: 'POST', headers: jsonAuth, body: JSON.stringify({ name: 'x' }) });
    expect(reply.status).toBe(503);
    expect(reply.headers.get('content-type')).toBe('text/plain');
    expect(reply.text).toBe('upstream down');
    expect(sim.store.size).toBe(1);
  });

  it('strikes the next `times` matching requests, then stops', async () => {
    sim.faults.add({ phase: 'before', kind: 'status', status: 500, times: 2 });
    expect(sim.faults.pending()).toEqual([expect.objectContaining({ kind: 'status', remaining: 2 })]);
    expect((await call(url(), { headers: auth })).status).toBe(500);
    expect(sim.faults.pending()[0]?.remaining).toBe(1);
    expect((await call(url(), { headers: auth })).status).toBe(500);
    expect(sim.faults.pending()).toEqual([]);
    expect((await call(url(), { headers: auth })).status).toBe(200);
  });

  it('matches on method, exact path and RegExp path', async () => {
    const created = (await (await createToken()).json()) as { id: string };
    sim.faults.add({ method: 'delete', phase: 'before', kind: 'status', status: 502 });
    sim.faults.add({ path: /^\/api\/access-tokens\/[^/]+$/, phase: 'before', kind: 'status', status: 504 });
    sim.faults.add({ path: '/api/account/me', phase: 'before', kind: 'status', status: 418 });
    expect((await call(url(), { headers: auth })).status).toBe(200);
    expect((await call(url(`${TOKENS}/${created.id}`), { headers: auth })).status).toBe(504);
    expect((await call(url(`${TOKENS}/${created.id}`), { method: 'DELETE', headers: auth })).status).toBe(502);
    expect((await call(url('/api/account/me'), { headers: auth })).status).toBe(418);
  });

  it('are cleared by faults.clear() and by reset()', async () => {
    sim.faults.add({ phase: 'before', kind: 'status', status: 500 });
    sim.faults.clear();
    expect(sim.faults.pending()).toEqual([]);
    sim.faults.add({ phase: 'before', kind: 'status', status: 500 });
    sim.reset();
    expect((await call(url(), { headers: auth })).status).toBe(200);
  });

  it('are checked when queued', () => {
    expect(() => sim.faults.add({ phase: 'before', kind: 'status', status: 99 })).toThrow(InvalidInputError);
    expect(() => sim.faults.add({ phase: 'during' as 'before', kind: 'reset' })).toThrow(InvalidInputError);
    expect(() => sim.faults.add({ phase: 'before', kind: 'redirect', location: '/x', status: 200 })).toThrow(InvalidInputError);
    expect(() => sim.faults.add({ phase: 'before', kind: 'delay', ms: -1 })).toThrow(InvalidInputError);
  });
});

describe('delay', () => {
  it('phase before: waits, then applies the request', async () => {
    sim.faults.add({ phase: 'before', kind: 'delay', ms: 80 });
    const pending = createToken();
    await clock.timersSet(1);
    expect(clock.timers).toEqual([80]);
    expect(sim.requests.all()).toHaveLength(1);
    clock.advance(79);
    await flush();
    expect(sim.store.size).toBe(0);
    clock.advance(1);
    expect((await pending).status).toBe(201);
    expect(sim.store.size).toBe(1);
  });

  it('phase after: applies the request at once and answers late', async () => {
    sim.faults.add({ phase: 'after', kind: 'delay', ms: 80 });
    let answered = false;
    const pending = createToken().then((response) => {
      answered = true;
      return response;
    });
    await clock.timersSet(1);
    expect(sim.store.size).toBe(1);
    clock.advance(79);
    await flush();
    expect(answered).toBe(false);
    clock.advance(1);
    expect((await pending).status).toBe(201);
  });

  it('lets a client time out while the write happens anyway', async () => {
    sim.faults.add({ phase: 'after', kind: 'delay', ms: 200 });
    const controller = new AbortController();
    const attempt = fetch(url(), { method: 'POST', headers: jsonAuth, body: JSON.stringify({ name: 'x' }), signal: controller.signal });
    await clock.timersSet(1);
    // The answer is held: the client gives up.
    controller.abort();
    await expect(attempt).rejects.toThrow();
    expect(sim.store.size).toBe(1);
  });
});

describe('socket-level faults', () => {
  it('trickle: sends the real answer slowly, chunk by chunk', async () => {
    const created = (await (await createToken('trickled')).json()) as { id: string };
    sim.faults.add({ phase: 'after', kind: 'trickle', intervalMs: 10, chunkBytes: 300 });
    // The headers come at once, before any chunk.
    const response = await fetch(url(`${TOKENS}/${created.id}`), { headers: auth });
    const chunks = Math.ceil(Number(response.headers.get('content-length')) / 300);
    expect(chunks).toBeGreaterThan(2);
    const body = response.json() as Promise<{ id: string; name: string }>;
    // Then one chunk per interval: each waits for the clock to move 10 ms.
    for (let sent = 1; sent <= chunks; sent++) {
      await clock.timersSet(sent);
      clock.advance(10);
    }
    expect(await body).toMatchObject({ id: created.id, name: 'trickled' });
    expect(clock.timers).toEqual(Array.from({ length: chunks }, () => 10));
  });

  it('reset before: drops the connection without reading the body; nothing is written', async () => {
    sim.faults.add({ phase: 'before', kind: 'reset' });
    await expect(createToken()).rejects.toThrow();
    expect(sim.store.size).toBe(0);
    const [entry] = sim.requests.all();
    expect(entry).toMatchObject({ method: 'POST', path: TOKENS, body: undefined });
  });

  it('reset after: the write happens, the connection drops', async () => {
    sim.faults.add({ phase: 'after', kind: 'reset' });
    await expect(createToken()).rejects.toThrow();
    expect(sim.store.size).toBe(1);
  });

  it('malformed-json: 200 with a JSON content type and a body that does not parse', async () => {
    sim.faults.add({ phase: 'before', kind: 'malformed-json' });
    const response = await fetch(url(), { headers: auth });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json');
    const text = await response.text();
    expect(text).toBe(MALFORMED_JSON_BODY);
    expect(() => JSON.parse(text)).toThrow();
  });

  it.each(['before', 'after'] as const)('truncated (%s): promises more bytes than it sends, then ends', async (phase) => {
    sim.faults.add({ phase, kind: 'truncated' });
    const response = await createToken();
    expect(response.status).toBe(phase === 'before' ? 200 : 201);
    await expect(response.text()).rejects.toThrow();
    expect(sim.store.size).toBe(phase === 'before' ? 0 : 1);
  });

  it('html: an HTML error page, as a proxy sends', async () => {
    sim.faults.add({ phase: 'before', kind: 'html', status: 503 });
    const reply = await call(url(), { headers: auth });
    expect(reply.status).toBe(503);
    expect(reply.headers.get('content-type')).toBe('text/html');
    expect(reply.text).toContain('<title>503 Service Temporarily Unavailable</title>');
  });

  it('redirect: a 3xx with a Location', async () => {
    sim.faults.add({ phase: 'before', kind: 'redirect', status: 301, location: 'https://elsewhere.example/api' });
    const reply = await call(url(), { headers: auth });
    expect(reply.status).toBe(301);
    expect(reply.headers.get('location')).toBe('https://elsewhere.example/api');
  });
});

describe('rate limit where the vendor publishes none', () => {
  it('is off by default and, when set, answers a plain 429 with Retry-After', async () => {
    expect(sim.rateLimit.get()).toBe(false);
    let now = 0;
    const limited = await startKodexaSimulator({ rateLimit: { limit: 1, windowMs: 1500 }, now: () => now });
    try {
      const first = await call(`${limited.url}${TOKENS}`, { headers: auth });
      expect(first.status).toBe(200);
      expect(first.headers.get('x-ratelimit-limit')).toBeNull();
      const refused = await call(`${limited.url}${TOKENS}`, { headers: auth });
      expect(refused.status).toBe(429);
      expect(refused.headers.get('retry-after')).toBe('2');
      expect(refused.text).toBe('Too Many Requests');
      now = 1500;
      expect((await call(`${limited.url}${TOKENS}`, { headers: auth })).status).toBe(200);
    } finally {
      await limited.close();
    }
  });
});

describe('close', () => {
  it('returns promptly with a delayed answer pending and a keep-alive connection open', async () => {
    const other = await startKodexaSimulator({ setTimer: clock.setTimer });
    await fetch(`${other.url}${TOKENS}`, { headers: auth }).then((response) => response.text());
    other.faults.add({ phase: 'before', kind: 'delay', ms: 60_000 });
    const hanging = fetch(`${other.url}${TOKENS}`, { headers: auth }).catch((error: unknown) => error);
    await clock.timersSet(1);
    // The clock never moves: close() finishes without waiting for the held answer, and cancels its wait.
    await other.close();
    expect(clock.pending()).toBe(0);
    expect(await hanging).toHaveProperty('message', 'fetch failed');
  });
});
