import * as t from 'io-ts';
import * as E from 'fp-ts/Either';
import * as TE from 'fp-ts/TaskEither';
import {
  Limiter,
  PausedPastDeadline,
  Secret,
  TokenErrors,
  UNLIMITED,
  createTransport,
  defineProvider,
  isLoopbackHost,
  parseRemaining,
  parseResetHeader,
  parseRetryAfter,
  readFields,
  textOf,
  type Capabilities,
  type Clock,
  type ProviderTypes,
  type Token,
  type TokenError,
} from '@tokenbridge/core';
import { KeyedQueue } from '../src/keyed-queue';
import { mayHaveActed, withOutcomeUnknown } from '../src/transport/outcome';
import { Redactor } from '../src/transport/redact';
import { json, startServer } from './support/server';

/** The pure pieces behind "hostile inputs, round 2"; the reliability matrix tests them end to end. */

describe('Redactor.scrubDeep', () => {
  const redactor = new Redactor([/\bidt:TKN-\d{4}-\d{4}:\w+/]);
  redactor.addCredential('credential-0123456789');
  redactor.remember('token-value-abcdefgh');

  it('scrubs every string: fields, nested objects, array items and keys', () => {
    const error = {
      message: 'bad credential-0123456789',
      requestId: 'credential-0123456789',
      issues: [{ path: 'token-value-abcdefgh', message: 'saw idt:TKN-0000-0001:abc' }],
      nested: { ['key credential-0123456789']: ['token-value-abcdefgh'] },
    };
    expect(JSON.stringify(redactor.scrubDeep(error))).not.toMatch(/credential-0123456789|token-value-abcdefgh|idt:TKN/);
    expect(redactor.scrubDeep(error)).toMatchObject({ requestId: '[REDACTED]', issues: [{ path: '[REDACTED]', message: 'saw [REDACTED]' }] });
  });

  it('finds every remembered value, one holding another included, and forgets the oldest past 1,000', () => {
    const many = new Redactor();
    many.addCredential('shared-prefix-credential');
    many.remember('shared-prefix-credential-and-more');
    many.remember('shared-prefix-other');
    expect(many.scrub('a shared-prefix-credential-and-more b shared-prefix-credential c shared-prefix-other')).toBe('a [REDACTED] b [REDACTED] c [REDACTED]');
    for (let i = 0; i < 1000; i++) many.remember(`later-value-${i}`);
    expect(many.scrub('shared-prefix-other')).toBe('shared-prefix-other');
    expect(many.scrub('shared-prefix-credential')).toBe('[REDACTED]');
    expect(many.scrub('later-value-999')).toBe('[REDACTED]');
  });

  it('never throws, whatever it is given, and leaves non-strings alone', () => {
    const cyclic: Record<string, unknown> = { a: 'credential-0123456789' };
    cyclic['self'] = cyclic;
    const { proxy, revoke } = Proxy.revocable({}, {});
    revoke();
    for (const value of [null, undefined, 5, true, Symbol('s'), () => 1, new Date(0), cyclic, proxy, [1, [2, [3]]]]) expect(() => redactor.scrubDeep(value)).not.toThrow();
    expect(redactor.scrubDeep({ n: 5, b: false, z: null })).toEqual({ n: 5, b: false, z: null });
    expect(redactor.scrub(42 as unknown as string)).toBe(42);
  });
});

describe('the outcome rule', () => {
  const ctx = { provider: 'test', operation: 'create' } as const;
  it('only a complete 4xx answer or a connection never made says the vendor did not act', () => {
    expect(mayHaveActed(TokenErrors.validation(ctx, 'x', [], { status: 422 }))).toBe(false);
    expect(mayHaveActed(TokenErrors.rateLimited(ctx, 'x', 1, { status: 429 }))).toBe(false);
    expect(mayHaveActed(TokenErrors.network(ctx, 'x', { code: 'ECONNREFUSED' }))).toBe(false);
    for (const error of [TokenErrors.server(ctx, 'x', { status: 503 }), TokenErrors.network(ctx, 'x', { code: 'ECONNRESET' }), TokenErrors.timeout(ctx, 5), TokenErrors.decode(ctx, 'x')]) {
      expect(mayHaveActed(error)).toBe(true);
    }
  });

  it('an unknown outcome is never retryable and says to reconcile', () => {
    const error = withOutcomeUnknown(TokenErrors.timeout(ctx, 250));
    expect(error).toMatchObject({ _tag: 'Timeout', outcomeUnknown: true, retryable: false });
    expect(error.message).toContain('list and reconcile');
    expect(withOutcomeUnknown(error)).toBe(error);
  });
});

describe('rate-limit headers', () => {
  const now = Date.UTC(2025, 0, 1);
  it('reads sane values', () => {
    expect(parseRetryAfter('3', now)).toBe(3000);
    expect(parseRetryAfter(new Date(now + 5000).toUTCString(), now)).toBe(5000);
    expect(parseResetHeader('2.5', now, 'delta-seconds')).toBe(2500);
    expect(parseResetHeader(String(now / 1000 + 4), now, 'auto')).toBe(4000);
    expect(parseRemaining(' 0 ')).toBe(0);
  });

  it('ignores garbage: negative, empty, not a number, not an HTTP date, longer than a day', () => {
    for (const garbage of ['-1', '', ' ', 'soon', '1e3', '0x10', 'Tue, 99 Foo 2024', '999999999999', String(2 * 86_400)]) {
      expect(parseRetryAfter(garbage, now)).toBeUndefined();
      expect(parseResetHeader(garbage, now, 'delta-seconds')).toBeUndefined();
    }
    for (const garbage of ['-1', '', 'none', '1.5']) expect(parseRemaining(garbage)).toBeUndefined();
  });
});

describe('loopback hosts', () => {
  it.each(['localhost', '127.0.0.1', '127.255.0.9', '[::1]', '[::ffff:7f00:1]', 'LOCALHOST'])('%s is loopback', (host) => expect(isLoopbackHost(host)).toBe(true));
  it.each(['10.0.0.1', '128.0.0.1', 'localhost.example.com', '[::2]', 'example.com', '1270.0.0.1'])('%s is not', (host) => expect(isLoopbackHost(host)).toBe(false));
});

describe('Limiter pauses and deadlines', () => {
  function manualClock(): Clock {
    let now = 1_000;
    return { now: () => now, sleep: async (ms) => void (now += ms), setTimer: () => () => undefined };
  }

  it('refuses at once a caller whose deadline ends before the pause, and a waiter as soon as a pause outlasts it', async () => {
    const limiter = new Limiter({ maxConcurrent: 1, maxPerInterval: Infinity, intervalMs: 1000 }, manualClock());
    const held = await limiter.acquire();
    const waiting = limiter.acquire(undefined, 1_000 + 500);
    limiter.pause(60_000);
    await expect(waiting).rejects.toBeInstanceOf(PausedPastDeadline);
    await expect(limiter.acquire(undefined, 1_000 + 30_000)).rejects.toMatchObject({ remainingMs: 60_000 });
    held();
  });
});

describe('KeyedQueue', () => {
  it('runs one task per key at a time and releases the key whatever the task did', async () => {
    const queue = new KeyedQueue();
    const order: string[] = [];
    const task = (name: string, fail = false) => async () => {
      order.push(`start ${name}`);
      await new Promise((resolve) => setImmediate(resolve));
      order.push(`end ${name}`);
      if (fail) throw new Error(name);
      return name;
    };
    const results = await Promise.allSettled([queue.run('a', undefined, task('1', true)), queue.run('a', undefined, task('2')), queue.run('b', undefined, task('3'))]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'fulfilled', 'fulfilled']);
    expect(order.indexOf('start 2')).toBeGreaterThan(order.indexOf('end 1'));
    expect(order.indexOf('start 3')).toBeLessThan(order.indexOf('end 1'));
  });

  it('a waiter whose signal aborts leaves without running, and does not hold up the next', async () => {
    const queue = new KeyedQueue();
    let release!: () => void;
    const first = queue.run('a', undefined, () => new Promise<string>((resolve) => (release = () => resolve('first'))));
    const controller = new AbortController();
    const ran: string[] = [];
    const aborted = queue.run('a', controller.signal, async () => void ran.push('aborted'));
    const third = queue.run('a', undefined, async () => 'third');
    controller.abort();
    await expect(aborted).rejects.toBeDefined();
    release();
    expect(await first).toBe('first');
    expect(await third).toBe('third');
    expect(ran).toEqual([]);
  });
});

describe('vendor bodies read as far as they go', () => {
  it('readFields keeps the fields its codecs accept and drops the rest', () => {
    expect(readFields({ a: t.string, b: t.number }, { a: 'x', b: 'not a number', c: 1 })).toEqual({ a: 'x' });
    expect(readFields({ a: t.string }, ['a'])).toEqual({});
  });

  it('textOf finds the text in any JSON', () => {
    expect(textOf({ message: { detail: 'deep' } })).toBe('deep');
    expect(textOf([1, null, 'two'])).toBe('1; two');
    expect(textOf({ nothing: 'here' })).toBeUndefined();
  });
});

describe('the last-resort guard', () => {
  interface Types extends ProviderTypes {
    extra: Record<string, never>;
    createExtra: Record<string, never>;
    patchExtra: Record<string, never>;
    deleteOptions: Record<string, never>;
  }
  const capabilities: Capabilities = {
    operations: ['create', 'get'],
    create: { fields: ['name'], extra: [] },
    update: { fields: [], extra: [], style: 'patch', optimisticLocking: false },
    delete: { options: [] },
    list: { paging: 'client', maxPageSize: 10, filters: { nameContains: 'none', status: 'none' }, orderBy: { name: 'none', createdAt: 'none' } },
    secretOnCreate: 'never',
    secretOnRead: 'never',
    limits: { nameMaxLength: 10 },
  };
  const none = t.type({});

  it('a throw after a create was answered is a typed error of unknown outcome, not a rejection', async () => {
    const server = await startServer((_req, res) => json(res, 201, { id: '1' }));
    const transport = createTransport({ provider: 'test', baseUrl: server.url, credential: new Secret('sentinel-credential'), auth: { header: 'Authorization' }, defaultLimiter: UNLIMITED });
    const provider = defineProvider<Types>({
      transport,
      capabilities,
      codecs: { createExtra: none as never, patchExtra: none as never, deleteOptions: none as never },
      now: () => 0,
      operations: {
        create: (_input, op) =>
          TE.chain((): TE.TaskEither<TokenError, Token<Record<string, never>>> => {
            throw new TypeError('a bug after the answer');
          })(op.request({ method: 'POST', path: '/tokens', body: {}, response: t.unknown })),
        get: () => {
          throw new RangeError('a bug before any request');
        },
      },
    });
    try {
      const created = await provider.create({ name: 'x' })();
      expect(created).toMatchObject({ _tag: 'Left', left: { _tag: 'Decode', outcomeUnknown: true, retryable: false } });
      expect(E.isLeft(created) && created.left.message).toContain('TypeError');
      expect(await provider.get('1')()).toMatchObject({ _tag: 'Left', left: { _tag: 'Decode', retryable: false } });
    } finally {
      await provider.close();
      await server.close();
    }
  });
});
