import * as util from 'node:util';
import * as t from 'io-ts';
import * as E from 'fp-ts/Either';
import { TokenBridgeError, type TokenError } from '@tokenbridge/core';
import { flush, manualClock } from './support/clock';
import { type TestServer, closedPort, json, startServer } from './support/server';
import { SENTINEL_CREDENTIAL, call, produced, recordingClock, testTransport } from './support/transport';

let servers: TestServer[] = [];
const closers: Array<() => Promise<void>> = [];

async function server(handler: Parameters<typeof startServer>[0]): Promise<TestServer> {
  const s = await startServer(handler);
  servers.push(s);
  return s;
}

function transportFor(url: string, ...rest: Parameters<typeof testTransport> extends [string, ...infer R] ? R : never) {
  const made = testTransport(url, ...rest);
  closers.push(() => made.transport.close());
  return made;
}

function leftOf<A>(result: E.Either<TokenError, A>): TokenError {
  if (E.isRight(result)) throw new Error('expected a failure');
  return result.left;
}

afterEach(async () => {
  await Promise.all(closers.splice(0).map((c) => c()));
  await Promise.all(servers.map((s) => s.close()));
  servers = [];
});

afterAll(() => {
  // Every error and event this file produced, printed every way a user might print it.
  for (const item of produced) {
    expect(JSON.stringify(item)).not.toContain(SENTINEL_CREDENTIAL);
    expect(util.inspect(item, { depth: Infinity })).not.toContain(SENTINEL_CREDENTIAL);
  }
  expect(produced.length).toBeGreaterThan(20);
});

describe('transport: success and auth', () => {
  it('sends the credential only in the auth header and decodes the JSON body', async () => {
    const s = await server((_req, res) => json(res, 200, { ok: true }));
    const { transport } = transportFor(s.url);
    const result = await call(transport, { response: t.type({ ok: t.boolean }) });
    expect(result).toEqual(E.right(expect.objectContaining({ status: 200, data: { ok: true } })));
    expect(s.requests[0]?.headers['authorization']).toBe(`Bearer ${SENTINEL_CREDENTIAL}`);
  });

  it('sends JSON with its content type, and no content type without a body', async () => {
    const s = await server((_req, res) => json(res, 200, {}));
    const { transport } = transportFor(s.url);
    await call(transport, { method: 'POST', path: '/things', body: { a: 1 } });
    await call(transport, { method: 'POST', path: '/things/1/disable', idempotent: true });
    expect(s.requests[0]).toMatchObject({ body: '{"a":1}', headers: { 'content-type': 'application/json' } });
    expect(s.requests[1]?.headers['content-type']).toBeUndefined();
  });

  it('URL-encodes path parameters', async () => {
    const s = await server((_req, res) => json(res, 200, {}));
    const { transport } = transportFor(s.url);
    await call(transport, { path: '/things/{id}', params: { id: 'a/../b?c#d' } });
    expect(s.requests[0]?.url).toBe('/things/a%2F..%2Fb%3Fc%23d');
  });

  it('keeps a base URL path prefix', async () => {
    const s = await server((_req, res) => json(res, 200, {}));
    const { transport } = transportFor(`${s.url}/tenant/api`);
    await call(transport, { path: '/things', query: { page: 2, skip: undefined } });
    expect(s.requests[0]?.url).toBe('/tenant/api/things?page=2');
  });
});

describe('transport: retries', () => {
  it('retries a 503 and then succeeds', async () => {
    const s = await server((_req, res, i) => (i === 0 ? json(res, 503, { error: 'busy' }) : json(res, 200, { ok: 1 })));
    const { transport, events } = transportFor(s.url);
    const result = await call(transport);
    expect(E.isRight(result)).toBe(true);
    expect(s.requests).toHaveLength(2);
    expect(events.map((e) => e.type)).toEqual(['request', 'response', 'retry', 'request', 'response']);
  });

  it('gives up after 3 retries on repeated 500: exactly 4 requests, Server', async () => {
    const s = await server((_req, res) => json(res, 500, { message: 'boom' }));
    const { transport } = transportFor(s.url);
    const error = leftOf(await call(transport));
    expect(error._tag).toBe('Server');
    expect(error.status).toBe(500);
    expect(s.requests).toHaveLength(4);
  });

  it.each([400, 401, 403, 404, 409, 422])('does not retry %i: exactly 1 request', async (status) => {
    const s = await server((_req, res) => json(res, status, { message: 'no' }));
    const { transport } = transportFor(s.url);
    const error = leftOf(await call(transport));
    const expected: Record<number, string> = { 400: 'Validation', 401: 'Unauthorized', 403: 'Forbidden', 404: 'NotFound', 409: 'Conflict', 422: 'Validation' };
    expect(error._tag).toBe(expected[status]);
    expect(error.retryable).toBe(false);
    expect(s.requests).toHaveLength(1);
  });

  it('honours Retry-After in seconds', async () => {
    const s = await server((_req, res, i) => (i === 0 ? json(res, 429, {}, { 'retry-after': '2' }) : json(res, 200, {})));
    const clock = recordingClock();
    const { transport } = transportFor(s.url, { clock, timeoutMs: 10_000 });
    expect(E.isRight(await call(transport))).toBe(true);
    expect(clock.sleeps).toContain(2000);
    expect(s.requests).toHaveLength(2);
  });

  it('honours Retry-After as an HTTP-date', async () => {
    // The clock stands at a whole second, so the date (whole seconds) is exactly 5 s ahead.
    const clock = recordingClock(Date.parse('2025-01-15T10:00:00Z'));
    const s = await server((_req, res, i) =>
      i === 0 ? json(res, 429, {}, { 'retry-after': new Date(clock.now() + 5000).toUTCString() }) : json(res, 200, {}),
    );
    const { transport } = transportFor(s.url, { clock, timeoutMs: 20_000 });
    expect(E.isRight(await call(transport))).toBe(true);
    expect(clock.sleeps).toEqual([5000]);
  });

  it('falls back to backoff on a garbage Retry-After', async () => {
    const s = await server((_req, res, i) => (i === 0 ? json(res, 429, {}, { 'retry-after': 'soon-ish' }) : json(res, 200, {})));
    const clock = recordingClock();
    const { transport } = transportFor(s.url, { clock, random: () => 0.5, retry: { baseMs: 100, capMs: 1000 } });
    expect(E.isRight(await call(transport))).toBe(true);
    expect(clock.sleeps).toEqual([50]);
  });

  it('fails at once with RateLimited when Retry-After is over the cap', async () => {
    const s = await server((_req, res) => json(res, 429, {}, { 'retry-after': '3600' }));
    const clock = recordingClock();
    const { transport } = transportFor(s.url, { clock });
    const error = leftOf(await call(transport));
    expect(error._tag).toBe('RateLimited');
    expect(error.retryAfterMs).toBe(3_600_000);
    expect(clock.sleeps).toEqual([]);
    expect(s.requests).toHaveLength(1);
  });

  it('fails at once with RateLimited when the wait would pass the deadline', async () => {
    const s = await server((_req, res) => json(res, 429, {}, { 'retry-after': '30' }));
    const clock = recordingClock();
    const { transport } = transportFor(s.url, { clock, timeoutMs: 1000 });
    const error = leftOf(await call(transport));
    expect(error).toMatchObject({ _tag: 'RateLimited', retryAfterMs: 30_000 });
    expect(s.requests).toHaveLength(1);
  });

  it('surfaces RateLimited with retryAfterMs when a 429 storm outlasts the retries', async () => {
    const s = await server((_req, res) => json(res, 429, {}, { 'retry-after': '1' }));
    const clock = recordingClock();
    const { transport } = transportFor(s.url, { clock, timeoutMs: 60_000 });
    const error = leftOf(await call(transport));
    expect(error).toMatchObject({ _tag: 'RateLimited', retryAfterMs: 1000, status: 429 });
    expect(s.requests).toHaveLength(4);
  });

  it.each([
    ['a delta', () => '3', 3000],
    ['an epoch', (now: number) => String(now / 1000 + 4), 4000],
  ])('reads a vendor reset header as %s', async (_kind, value, expected) => {
    const clock = recordingClock(Date.parse('2025-01-15T10:00:00Z'));
    const s = await server((_req, res, i) => (i === 0 ? json(res, 429, {}, { 'x-ratelimit-reset': value(clock.now()) }) : json(res, 200, {})));
    const { transport } = transportFor(s.url, { clock, timeoutMs: 60_000 }, { rateLimitHeaders: { reset: 'X-RateLimit-Reset' } });
    expect(E.isRight(await call(transport))).toBe(true);
    expect(clock.sleeps).toEqual([expected]);
  });

  it('a 429 pauses the whole queue, not one call', async () => {
    let first = true;
    const s = await server((_req, res) => {
      if (first) {
        first = false;
        json(res, 429, {}, { 'retry-after': '1' });
      } else json(res, 200, {});
    });
    const clock = manualClock();
    const { transport, events } = transportFor(s.url, { clock, timeoutMs: 5000 });
    const sent = () => events.filter((e) => e.type === 'request').map((e) => e.path);
    const rateLimited = call(transport, { path: '/a' });
    await clock.slept(1); // /a got its 429 and waits out Retry-After: 1
    const other = call(transport, { path: '/b' });
    clock.advance(999);
    await flush();
    // The second call is held until the first one's Retry-After has run out.
    expect(sent()).toEqual(['/a']);
    clock.advance(1);
    expect(E.isRight(await other)).toBe(true);
    expect(E.isRight(await rateLimited)).toBe(true);
    expect(sent().sort()).toEqual(['/a', '/a', '/b']);
  });

  it("retries what the vendor's error body calls transient, and not what it calls final", async () => {
    const s = await server((_req, res, i) => (i === 0 ? json(res, 422, { transient: true }) : i === 1 ? json(res, 200, {}) : json(res, 503, { final: true })));
    const parseError = ({ body }: { body: unknown }) => ({ retryable: (body as { transient?: boolean }).transient === true });
    const { transport } = transportFor(s.url, {}, { parseError });
    expect(E.isRight(await call(transport))).toBe(true);
    expect(s.requests).toHaveLength(2);
    expect(leftOf(await call(transport))).toMatchObject({ _tag: 'Server', status: 503, retryable: false });
    expect(s.requests).toHaveLength(3);
  });

  it('counts a 404 answering a DELETE retry as deleted', async () => {
    const s = await server((req, res, i) => {
      if (i === 0) req.socket.destroy();
      else json(res, 404, { message: 'gone' });
    });
    const { transport } = transportFor(s.url);
    const result = await transport.run('delete', {}, (op) => op.request({ method: 'DELETE', path: '/things/1', response: 'ignore' }))();
    expect(E.isRight(result)).toBe(true);
    expect(s.requests).toHaveLength(2);
  });
});

describe('transport: non-idempotent POST', () => {
  it('does not retry a POST on 500 and marks outcomeUnknown', async () => {
    const s = await server((_req, res) => json(res, 500, {}));
    const { transport } = transportFor(s.url);
    const error = leftOf(await call(transport, { method: 'POST', body: { name: 'x' } }));
    expect(error).toMatchObject({ _tag: 'Server', outcomeUnknown: true, retryable: false });
    expect(s.requests).toHaveLength(1);
  });

  it('does not retry a POST on a connection reset and marks outcomeUnknown', async () => {
    const s = await server((req) => req.socket.destroy());
    const { transport } = transportFor(s.url);
    const error = leftOf(await call(transport, { method: 'POST', body: { name: 'x' } }));
    expect(error).toMatchObject({ _tag: 'Network', outcomeUnknown: true });
    expect(s.requests).toHaveLength(1);
  });

  it('marks a POST answered 2xx with an unreadable body outcomeUnknown: the write happened', async () => {
    const s = await server((_req, res) => {
      res.writeHead(201, { 'content-type': 'application/json' });
      res.end('{"id": ');
    });
    const { transport } = transportFor(s.url);
    const error = leftOf(await call(transport, { method: 'POST', body: { name: 'x' } }));
    expect(error).toMatchObject({ _tag: 'Decode', status: 201, outcomeUnknown: true, retryable: false });
    expect(error.message).toContain('list and reconcile');
    expect(s.requests).toHaveLength(1);
  });

  it('marks a POST answered with a redirect outcomeUnknown (a 303 says it acted), a GET not', async () => {
    const s = await server((_req, res) => {
      res.writeHead(303, { location: 'http://127.0.0.1:1/result' });
      res.end();
    });
    const { transport } = transportFor(s.url);
    expect(leftOf(await call(transport, { method: 'POST', body: {} }))).toMatchObject({ _tag: 'Network', code: 'REDIRECT', outcomeUnknown: true });
    expect(leftOf(await call(transport)).outcomeUnknown).toBeUndefined();
    expect(s.requests).toHaveLength(2);
  });

  it('retries a POST on 429, where the vendor certainly did not act', async () => {
    const s = await server((_req, res, i) => (i === 0 ? json(res, 429, {}, { 'retry-after': '0' }) : json(res, 201, { id: '1' })));
    const { transport } = transportFor(s.url);
    expect(E.isRight(await call(transport, { method: 'POST', body: {} }))).toBe(true);
    expect(s.requests).toHaveLength(2);
  });

  it('retries a POST when the connection is refused', async () => {
    const port = await closedPort();
    const clock = recordingClock();
    const { transport } = transportFor(`http://127.0.0.1:${port}`, { clock });
    const error = leftOf(await call(transport, { method: 'POST', body: {} }));
    expect(error).toMatchObject({ _tag: 'Network', code: 'ECONNREFUSED' });
    expect(error.outcomeUnknown).toBeUndefined();
    expect(clock.sleeps).toHaveLength(3);
  });

  it('retries a POST action the adapter marks idempotent', async () => {
    const s = await server((_req, res, i) => (i === 0 ? json(res, 502, {}) : json(res, 200, {})));
    const { transport } = transportFor(s.url);
    expect(E.isRight(await call(transport, { method: 'POST', path: '/things/1/disable', idempotent: true }))).toBe(true);
    expect(s.requests).toHaveLength(2);
  });
});

describe('transport: deadlines and cancellation', () => {
  it('gives Timeout when a body trickles past the deadline, and hangs up', async () => {
    let trickling!: () => void;
    const midBody = new Promise<void>((resolve) => (trickling = resolve));
    let hungUp!: () => void;
    const closed = new Promise<void>((resolve) => (hungUp = resolve));
    const s = await server((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"a":');
      let chunks = 0;
      // Bytes keep coming, so no idle timeout could end this: only the deadline does.
      const timer = setInterval(() => {
        res.write(' ');
        if (++chunks === 3) trickling();
      }, 20);
      res.on('close', () => {
        clearInterval(timer);
        hungUp();
      });
    });
    const clock = manualClock();
    const { transport } = transportFor(s.url, { clock, timeoutMs: 200 });
    const pending = call(transport);
    await midBody;
    clock.advance(200);
    const error = leftOf(await pending);
    expect(error).toMatchObject({ _tag: 'Timeout', timeoutMs: 200 });
    await closed;
    expect(s.requests).toHaveLength(1);
  });

  it('marks a timed-out POST outcomeUnknown', async () => {
    const s = await server(() => undefined);
    const { transport } = transportFor(s.url, { timeoutMs: 100 });
    const error = leftOf(await call(transport, { method: 'POST', body: {} }));
    expect(error).toMatchObject({ _tag: 'Timeout', outcomeUnknown: true });
  });

  it('an abort before sending gives Cancelled and sends nothing', async () => {
    const s = await server((_req, res) => json(res, 200, {}));
    const { transport } = transportFor(s.url);
    const controller = new AbortController();
    controller.abort();
    const error = leftOf(await call(transport, {}, { signal: controller.signal }));
    expect(error._tag).toBe('Cancelled');
    expect(s.requests).toHaveLength(0);
  });

  it('an abort mid-request gives Cancelled with no further request', async () => {
    const controller = new AbortController();
    // The request reached the vendor, which is still working on it, when the caller gives up.
    const s = await server(() => controller.abort());
    const { transport, events } = transportFor(s.url);
    const error = leftOf(await call(transport, {}, { signal: controller.signal }));
    expect(error._tag).toBe('Cancelled');
    expect(events.map((e) => e.type)).toEqual(['request']);
    expect(s.requests).toHaveLength(1);
  });

  it('an abort during backoff gives Cancelled with no further request', async () => {
    const s = await server((_req, res) => json(res, 503, {}));
    const clock = manualClock();
    const { transport, events } = transportFor(s.url, { clock, retry: { baseMs: 10_000, capMs: 10_000 }, random: () => 0.99, timeoutMs: 30_000 });
    const controller = new AbortController();
    const pending = call(transport, {}, { signal: controller.signal });
    await clock.slept(1);
    controller.abort();
    const error = leftOf(await pending);
    expect(error._tag).toBe('Cancelled');
    expect(events.filter((e) => e.type === 'request')).toHaveLength(1);
    expect(s.requests).toHaveLength(1);
  });

  it('close() cancels what is in flight and refuses later calls', async () => {
    let arrived!: () => void;
    const reached = new Promise<void>((resolve) => (arrived = resolve));
    const s = await server(() => arrived());
    const { transport } = testTransport(s.url);
    const pending = call(transport);
    await reached;
    await transport.close();
    expect(leftOf(await pending)._tag).toBe('Cancelled');
    expect(leftOf(await call(transport))._tag).toBe('Cancelled');
  });
});

describe('transport: broken connections and bodies', () => {
  it('a reset gives Network (after retrying an idempotent request)', async () => {
    const s = await server((req) => req.socket.destroy());
    const { transport } = transportFor(s.url);
    const error = leftOf(await call(transport));
    expect(error).toMatchObject({ _tag: 'Network', code: 'ECONNRESET' });
    expect(s.requests).toHaveLength(4);
  });

  it('a refused port gives Network', async () => {
    const port = await closedPort();
    const { transport } = transportFor(`http://127.0.0.1:${port}`);
    expect(leftOf(await call(transport))).toMatchObject({ _tag: 'Network', code: 'ECONNREFUSED' });
  });

  it('a body dropped mid-way gives Network, and a retry recovers', async () => {
    const s = await server((_req, res, i) => {
      if (i === 0) {
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': '100' });
        res.write('{"partial":');
        setTimeout(() => res.socket?.destroy(), 10);
      } else json(res, 200, { whole: true });
    });
    const { transport, events } = transportFor(s.url);
    const result = await call(transport);
    expect(result).toEqual(E.right(expect.objectContaining({ data: { whole: true } })));
    expect(events.find((e) => e.type === 'retry')).toBeDefined();
  });

  it('a body dropped mid-way on every attempt gives Network', async () => {
    const s = await server((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': '100' });
      res.write('{"partial":');
      setTimeout(() => res.socket?.destroy(), 10);
    });
    const { transport } = transportFor(s.url);
    expect(leftOf(await call(transport))._tag).toBe('Network');
  });

  it('truncated JSON with a matching length gives Decode', async () => {
    const s = await server((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"id": "1", "name": ');
    });
    const { transport } = transportFor(s.url);
    expect(leftOf(await call(transport))).toMatchObject({ _tag: 'Decode', status: 200 });
  });

  it('an empty 200 gives Decode', async () => {
    const s = await server((_req, res) => {
      res.writeHead(200);
      res.end();
    });
    const { transport } = transportFor(s.url);
    expect(leftOf(await call(transport))._tag).toBe('Decode');
  });

  it('an HTML error page from a proxy gives Server (5xx) or Decode (200)', async () => {
    const html = '<html><body><h1>502 Bad Gateway</h1></body></html>';
    const s = await server((_req, res, i) => {
      res.writeHead(i < 4 ? 502 : 200, { 'content-type': 'text/html' });
      res.end(html);
    });
    const { transport } = transportFor(s.url);
    const error = leftOf(await call(transport));
    expect(error).toMatchObject({ _tag: 'Server', status: 502 });
    expect(error.message).toContain('not JSON');
    expect(leftOf(await call(transport))._tag).toBe('Decode');
  });

  it('a body of the wrong shape gives Decode with readable paths', async () => {
    const s = await server((_req, res) => json(res, 200, { items: [{ id: 1 }] }));
    const { transport } = transportFor(s.url);
    const error = leftOf(await call(transport, { response: t.type({ items: t.array(t.type({ id: t.string })) }) }));
    expect(error).toMatchObject({ _tag: 'Decode', issues: [{ path: 'items[0].id', message: 'expected string, got a number' }] });
  });

  it('refuses an answer larger than the limit', async () => {
    const s = await server((_req, res) => json(res, 200, { big: 'x'.repeat(5000) }));
    const { transport } = transportFor(s.url, { maxResponseBytes: 1000 });
    expect(leftOf(await call(transport))._tag).toBe('Decode');
  });
});

describe('transport: redirects', () => {
  it('does not follow a 302 to another origin, which never sees the credential', async () => {
    const other = await server((_req, res) => json(res, 200, {}));
    const s = await server((_req, res) => {
      res.writeHead(302, { location: `${other.url}/steal` });
      res.end();
    });
    const { transport } = transportFor(s.url);
    const error = leftOf(await call(transport));
    expect(error).toMatchObject({ _tag: 'Network', code: 'REDIRECT', status: 302 });
    expect(error.message).toContain(other.url);
    expect(other.requests).toHaveLength(0);
  });

  it('follows a redirect the adapter allows, without the credential', async () => {
    const other = await server((_req, res) => json(res, 200, { exported: true }));
    const s = await server((_req, res) => {
      res.writeHead(302, { location: `${other.url}/download?sig=abc` });
      res.end();
    });
    const { transport } = transportFor(s.url, {}, { allowRedirect: ({ to }) => to.pathname === '/download' });
    const result = await call(transport);
    expect(result).toEqual(E.right(expect.objectContaining({ data: { exported: true } })));
    expect(other.requests).toHaveLength(1);
    expect(other.requests[0]?.headers['authorization']).toBeUndefined();
  });
});

describe('transport: limiter', () => {
  it('bounds concurrency', async () => {
    // The server holds every answer until the test lets it go, so "in flight" does not depend on timing.
    const held: Array<() => void> = [];
    let onArrival = (): void => undefined;
    const s = await server((_req, res) => {
      held.push(() => json(res, 200, {}));
      onArrival();
    });
    const { transport, events } = transportFor(s.url, { limiter: { maxConcurrent: 3, maxPerInterval: Infinity, intervalMs: 1000 } });
    const sent = () => events.filter((e) => e.type === 'request').length;
    const results = Array.from({ length: 12 }, () => call(transport));
    for (let batch = 1; batch <= 4; batch++) {
      await new Promise<void>((resolve) => {
        onArrival = () => held.length === 3 && resolve();
        onArrival();
      });
      // Three unanswered at the server: no fourth request leaves.
      await flush();
      expect(sent()).toBe(batch * 3);
      for (const answer of held.splice(0)) answer();
    }
    expect((await Promise.all(results)).every(E.isRight)).toBe(true);
    expect(s.requests).toHaveLength(12);
  });

  it('bounds the rate over a sliding window', async () => {
    const clock = manualClock();
    const arrivals: number[] = [];
    const s = await server((_req, res) => {
      arrivals.push(clock.now());
      json(res, 200, {});
    });
    const { transport, events } = transportFor(s.url, { clock, limiter: { maxConcurrent: 10, maxPerInterval: 4, intervalMs: 200 } });
    const sent = () => events.filter((e) => e.type === 'request').length;
    const results = Array.from({ length: 8 }, () => call(transport));
    await Promise.all(results.slice(0, 4));
    // Each of the first four holds the window until 200 ms after its answer.
    clock.advance(199);
    await flush();
    expect(sent()).toBe(4);
    clock.advance(1);
    expect((await Promise.all(results)).every(E.isRight)).toBe(true);
    expect(arrivals).toEqual([0, 0, 0, 0, 200, 200, 200, 200]);
  });
});

describe('transport: escape hatch', () => {
  it('http() carries the credential to the base origin and throws TokenBridgeError, never an axios error', async () => {
    const s = await server((_req, res) => json(res, 404, { message: 'nope' }));
    const { transport } = transportFor(s.url);
    const caught: unknown = await transport
      .http()
      .get('/custom')
      .catch((e: unknown) => e);
    expect(s.requests[0]?.headers['authorization']).toBe(`Bearer ${SENTINEL_CREDENTIAL}`);
    expect(TokenBridgeError.isInstance(caught)).toBe(true);
    expect((caught as TokenBridgeError).error).toMatchObject({ _tag: 'NotFound', operation: 'http', status: 404 });
    expect((caught as { config?: unknown }).config).toBeUndefined();
    produced.push(caught, util.inspect(caught, { depth: Infinity }), String((caught as Error).stack));
  });

  it('an http() answer printed or serialised shows no credential', async () => {
    const s = await server((_req, res) => json(res, 200, { ok: true }));
    const { transport } = transportFor(s.url);
    const response = await transport.http().get('/custom');
    expect(s.requests[0]?.headers['authorization']).toBe(`Bearer ${SENTINEL_CREDENTIAL}`);
    expect(response.data).toEqual({ ok: true });
    expect(util.inspect(response, { depth: Infinity })).not.toContain(SENTINEL_CREDENTIAL);
    expect(JSON.stringify(response.config)).not.toContain(SENTINEL_CREDENTIAL);
    expect(response.request).toBeDefined();
    // A second call through the same instance still authenticates.
    await transport.http().get('/again');
    expect(s.requests[1]?.headers['authorization']).toBe(`Bearer ${SENTINEL_CREDENTIAL}`);
  });

  it('http() does not send the credential to another origin', async () => {
    const other = await server((_req, res) => json(res, 200, {}));
    const s = await server((_req, res) => json(res, 200, {}));
    const { transport } = transportFor(s.url);
    await transport.http().get(`${other.url}/elsewhere`);
    expect(other.requests[0]?.headers['authorization']).toBeUndefined();
  });

  it('http() does not follow redirects with the credential', async () => {
    const other = await server((_req, res) => json(res, 200, {}));
    const s = await server((_req, res) => {
      res.writeHead(301, { location: `${other.url}/x` });
      res.end();
    });
    const { transport } = transportFor(s.url);
    const caught: unknown = await transport
      .http()
      .get('/moved')
      .catch((e: unknown) => e);
    expect(TokenBridgeError.isInstance(caught)).toBe(true);
    expect(other.requests).toHaveLength(0);
    produced.push(caught);
  });
});

describe('transport: events', () => {
  it('carry only the allow-listed fields', async () => {
    const s = await server((_req, res, i) => (i === 0 ? json(res, 503, {}) : json(res, 200, {}, { 'x-request-id': 'req-1' })));
    const { transport, events } = transportFor(s.url, {}, { requestIdHeader: 'X-Request-Id' });
    await call(transport, { path: '/things/{id}', params: { id: 'secret-looking-id' }, query: { q: 'x' } });
    const allowed = new Set(['type', 'provider', 'operation', 'method', 'path', 'attempt', 'status', 'durationMs', 'requestId', 'vendorCode', 'delayMs', 'reason', 'tag']);
    for (const event of events) for (const key of Object.keys(event)) expect(allowed.has(key)).toBe(true);
    expect(events.every((e) => e.path === '/things/{id}')).toBe(true);
    expect(events.at(-1)).toMatchObject({ type: 'response', status: 200, requestId: 'req-1', attempt: 2 });
  });

  it('a throwing hook does not break the call', async () => {
    const s = await server((_req, res) => json(res, 200, {}));
    const { transport } = transportFor(s.url, {
      hooks: {
        onRequest: () => {
          throw new Error('logger down');
        },
      },
    });
    expect(E.isRight(await call(transport))).toBe(true);
  });
});

describe('transport: vendor error parsing', () => {
  it('uses the adapter parser for tag, code, message and issues, scrubbing the credential', async () => {
    const s = await server((_req, res) => json(res, 422, { code: 'BAD', detail: `token ${SENTINEL_CREDENTIAL} rejected`, field: 'name' }));
    const { transport } = transportFor(s.url, {}, {
      parseError: ({ body }) => {
        const b = body as { code: string; detail: string; field: string };
        return { code: b.code, message: b.detail, issues: [{ path: b.field, message: 'bad' }] };
      },
    });
    const error = leftOf(await call(transport));
    expect(error).toMatchObject({ _tag: 'Validation', vendorCode: 'BAD', issues: [{ path: 'name', message: 'bad' }] });
    expect(error.message).toBe('token [REDACTED] rejected');
  });
});
