import * as t from 'io-ts';
import * as E from 'fp-ts/Either';
import * as TE from 'fp-ts/TaskEither';
import { pipe } from 'fp-ts/function';
import {
  Secret,
  UNLIMITED,
  createTransport,
  defineProvider,
  listAll,
  strict,
  toPromise,
  TokenBridgeError,
  TokenErrors,
  type Capabilities,
  type ProviderTypes,
  type Token,
  encodeCursor,
  decodeCursor,
} from '@tokenbridge/core';
import { type TestServer, json, startServer } from './support/server';

interface TestTypes extends ProviderTypes {
  extra: { colour: string | null };
  createExtra: { colour?: string };
  patchExtra: { colour?: string };
  deleteOptions: { force?: boolean };
}

const capabilities: Capabilities = {
  operations: ['create', 'get', 'update', 'delete', 'list'],
  create: { fields: ['name'], extra: ['colour'] },
  update: { fields: ['name'], extra: ['colour'], style: 'patch', optimisticLocking: false },
  delete: { options: ['force'] },
  list: { paging: 'server', maxPageSize: 2, filters: { nameContains: 'server', status: 'none' }, orderBy: { name: 'none', createdAt: 'none' } },
  secretOnCreate: 'always',
  secretOnRead: 'never',
  limits: { nameMaxLength: 10 },
};

const Wire = t.type({ id: t.string, name: t.string });
const toToken = (w: t.TypeOf<typeof Wire>): Token<TestTypes['extra']> => ({
  provider: 'test',
  id: w.id,
  name: w.name,
  description: null,
  status: 'active',
  createdAt: null,
  updatedAt: null,
  expiresAt: null,
  lastUsedAt: null,
  version: null,
  extra: { colour: null },
  raw: w,
});

let server: TestServer;
beforeEach(async () => {
  server = await startServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname === '/tokens' && req.method === 'GET') {
      const page = Number(url.searchParams.get('page') ?? '0');
      const all = [1, 2, 3, 4, 5].map((n) => ({ id: String(n), name: `t${n}` }));
      json(res, 200, { items: all.slice(page * 2, page * 2 + 2), more: page * 2 + 2 < all.length });
    } else json(res, 200, { id: '1', name: 't1' });
  });
});
afterEach(() => server.close());

function make() {
  const transport = createTransport({
    provider: 'test',
    baseUrl: server.url,
    credential: new Secret('cred-cred-cred'),
    auth: { header: 'x-key' },
    defaultLimiter: UNLIMITED,
  });
  const Cursor = t.type({ page: t.number });
  return defineProvider<TestTypes>({
    transport,
    capabilities,
    now: () => Date.now(),
    codecs: {
      createExtra: strict(t.partial({ colour: t.string })),
      patchExtra: strict(t.partial({ colour: t.string })),
      deleteOptions: strict(t.partial({ force: t.boolean })),
    },
    operations: {
      create: (input, op) => pipe(op.request({ method: 'POST', path: '/tokens', body: input, response: Wire }), TE.map((r) => toToken(r.data))),
      get: (id, op) => pipe(op.request({ method: 'GET', path: '/tokens/{id}', params: { id }, response: Wire }), TE.map((r) => toToken(r.data))),
      update: (target, _patch, op) =>
        pipe(op.request({ method: 'PUT', path: '/tokens/{id}', params: { id: target.id }, body: {}, response: Wire }), TE.map((r) => toToken(r.data))),
      delete: (target, _options, op) => pipe(op.request({ method: 'DELETE', path: '/tokens/{id}', params: { id: target.id }, response: 'ignore' }), TE.map(() => undefined)),
      list: (query, op) => {
        const cursor = query.cursor === undefined ? E.right({ page: 0 }) : decodeCursor(op, Cursor, query.cursor);
        return pipe(
          TE.fromEither(cursor),
          TE.chain((c) =>
            pipe(
              op.request({ method: 'GET', path: '/tokens', query: { page: c.page }, response: t.type({ items: t.array(Wire), more: t.boolean }) }),
              TE.map((r) => ({ items: r.data.items.map(toToken), nextCursor: r.data.more ? encodeCursor({ page: c.page + 1 }) : null })),
            ),
          ),
        );
      },
    },
  });
}

async function left(task: TE.TaskEither<unknown, unknown>) {
  const result = await task();
  if (E.isRight(result)) throw new Error('expected a failure');
  return result.left as { _tag: string; feature?: string; issues?: Array<{ path: string }> };
}

describe('defineProvider pre-flight checks', () => {
  it('an undeclared operation is Unsupported with nothing sent', async () => {
    const p = make();
    expect(await left(p.regenerate('1'))).toMatchObject({ _tag: 'Unsupported', feature: 'regenerate' });
    expect(server.requests).toHaveLength(0);
    await p.close();
  });

  it.each([
    ['create with description', (p: ReturnType<typeof make>) => p.create({ name: 'a', description: 'd' }), 'description'],
    ['create with expiresAt', (p: ReturnType<typeof make>) => p.create({ name: 'a', expiresAt: new Date(Date.now() + 1e6) }), 'expiresAt'],
    ['update with status', (p: ReturnType<typeof make>) => p.update('1', { status: 'disabled' }), 'status'],
    ['update with ifVersion', (p: ReturnType<typeof make>) => p.update('1', { ifVersion: '3' }), 'ifVersion'],
    ['list by status', (p: ReturnType<typeof make>) => p.list({ status: 'active' }), 'status'],
    ['list ordered by name', (p: ReturnType<typeof make>) => p.list({ orderBy: 'name' }), 'orderBy name'],
  ])('%s is Unsupported with nothing sent', async (_name, run, feature) => {
    const p = make();
    expect(await left(run(p))).toMatchObject({ _tag: 'Unsupported', feature });
    expect(server.requests).toHaveLength(0);
    await p.close();
  });

  it.each([
    ['an empty id', (p: ReturnType<typeof make>) => p.get(''), 'id'],
    ['an id with a slash', (p: ReturnType<typeof make>) => p.get('a/b'), 'id'],
    ['an id with ../', (p: ReturnType<typeof make>) => p.get('../admin'), 'id'],
    ['an id with ?', (p: ReturnType<typeof make>) => p.get('a?b=1'), 'id'],
    ['an id with #', (p: ReturnType<typeof make>) => p.get('a#b'), 'id'],
    ['an id with whitespace', (p: ReturnType<typeof make>) => p.get('a b'), 'id'],
    ['an id with a control character', (p: ReturnType<typeof make>) => p.get('a\u0000b'), 'id'],
    ['a number as id', (p: ReturnType<typeof make>) => p.get(5 as unknown as string), 'id'],
    ['a blank name', (p: ReturnType<typeof make>) => p.create({ name: '   ' }), 'name'],
    ['an over-long name', (p: ReturnType<typeof make>) => p.create({ name: 'x'.repeat(11) }), 'name'],
    ['a wrong type', (p: ReturnType<typeof make>) => p.create({ name: 42 } as unknown as { name: string }), 'name'],
    ['an unknown field', (p: ReturnType<typeof make>) => p.create({ name: 'a', colour: 'x' } as unknown as { name: string }), 'colour'],
    ['an unknown extra field', (p: ReturnType<typeof make>) => p.create({ name: 'a', extra: { size: 1 } as unknown as { colour: string } }), 'extra.size'],
    ['a wrong extra type', (p: ReturnType<typeof make>) => p.update('1', { extra: { colour: 1 as unknown as string } }), 'extra.colour'],
    ['a bad delete option', (p: ReturnType<typeof make>) => p.delete('1', { force: 'yes' as unknown as boolean }), 'force'],
    ['a foreign cursor', (p: ReturnType<typeof make>) => p.list({ cursor: 'garbage' }), 'cursor'],
    ['a token of another provider', (p: ReturnType<typeof make>) => p.update({ ...toToken({ id: '1', name: 'a' }), provider: 'kodexa' }, { name: 'b' }), 'token.provider'],
    ['options that are no object', (p: ReturnType<typeof make>) => p.get('1', 'fast' as never), 'options'],
    ['delete options that are no object', (p: ReturnType<typeof make>) => p.delete('1', 5 as never), 'options'],
    ['a signal that is no AbortSignal', (p: ReturnType<typeof make>) => p.get('1', { signal: 'stop' as never }), 'options.signal'],
    ['a timeout that is no positive number', (p: ReturnType<typeof make>) => p.list({}, { timeoutMs: '5s' as never }), 'options.timeoutMs'],
    ['a negative timeout', (p: ReturnType<typeof make>) => p.get('1', { timeoutMs: -1 }), 'options.timeoutMs'],
    ['a header value that is no string', (p: ReturnType<typeof make>) => p.get('1', { headers: { 'x-trace': 5 as never } }), 'options.headers.x-trace'],
    ['a header value with a line break', (p: ReturnType<typeof make>) => p.create({ name: 'a' }, { headers: { 'x-trace': 'a\r\nx-injected: 1' } }), 'options.headers.x-trace'],
    ['a header name that is no token', (p: ReturnType<typeof make>) => p.get('1', { headers: { 'bad name': 'v' } }), 'options.headers'],
  ])('%s is Validation with nothing sent', async (_name, run, path) => {
    const p = make();
    const error = await left(run(p));
    expect(error._tag).toBe('Validation');
    expect(error.issues?.map((i) => i.path)).toContain(path);
    expect(server.requests).toHaveLength(0);
    await p.close();
  });

  it('valid calls go through', async () => {
    const p = make();
    expect(E.isRight(await p.get('1')())).toBe(true);
    expect(E.isRight(await p.create({ name: 'ok', extra: { colour: 'red' } })())).toBe(true);
    expect(E.isRight(await p.delete('1', { force: true, timeoutMs: 1000 })())).toBe(true);
    expect(server.requests.map((r) => `${r.method} ${r.url}`)).toEqual(['GET /tokens/1', 'POST /tokens', 'DELETE /tokens/1']);
    await p.close();
  });
});

describe('listAll and the Promise facade', () => {
  it('listAll streams every page', async () => {
    const p = make();
    const names: string[] = [];
    for await (const token of listAll(p)) names.push(token.name);
    expect(names).toEqual(['t1', 't2', 't3', 't4', 't5']);
    expect(server.requests).toHaveLength(3);
    await p.close();
  });

  it('breaking out of listAll stops fetching', async () => {
    const p = make();
    for await (const token of listAll(p)) if (token.id === '1') break;
    expect(server.requests.length).toBeLessThanOrEqual(2);
    await p.close();
  });

  it('toPromise returns values and throws TokenBridgeError', async () => {
    const p = toPromise(make());
    await expect(p.get('1')).resolves.toMatchObject({ id: '1', name: 't1' });
    const caught: unknown = await p.regenerate('1').catch((e: unknown) => e);
    expect(TokenBridgeError.isInstance(caught)).toBe(true);
    expect((caught as TokenBridgeError).tag).toBe('Unsupported');
    const all: string[] = [];
    for await (const token of p.listAll()) all.push(token.id);
    expect(all).toHaveLength(5);
    await p.close();
  });
});

describe('secrets the vendor returned', () => {
  it('are scrubbed from later error text that echoes them', async () => {
    const echoed = 'echoed-token-value-8c1d2e3f';
    const s = await startServer((req, res) =>
      req.method === 'POST' ? json(res, 201, { id: '9', name: 'n', token: echoed }) : json(res, 400, { message: `token ${echoed} is malformed` }),
    );
    const transport = createTransport({
      provider: 'test',
      baseUrl: s.url,
      credential: new Secret('cred-cred-cred'),
      auth: { header: 'x-key' },
      defaultLimiter: UNLIMITED,
      parseError: ({ body }) => ({ message: (body as { message: string }).message }),
    });
    const WithToken = t.type({ id: t.string, name: t.string, token: t.string });
    const none = strict(t.partial({}));
    const p = defineProvider({
      transport,
      capabilities,
      now: Date.now,
      codecs: { createExtra: none, patchExtra: none, deleteOptions: none },
      operations: {
        create: (_input, op) =>
          pipe(
            op.request({ method: 'POST', path: '/tokens', body: {}, response: WithToken }),
            TE.map((r) => ({ ...toToken(r.data), secret: new Secret(r.data.token), raw: { id: r.data.id } })),
          ),
        get: (id, op) => pipe(op.request({ method: 'GET', path: '/tokens/{id}', params: { id }, response: Wire }), TE.map((r) => toToken(r.data))),
        update: () => TE.left(TokenErrors.server({ provider: 'test', operation: 'update' }, 'unused')),
        delete: () => TE.right(undefined),
        list: () => TE.right({ items: [], nextCursor: null }),
      },
    });
    expect(E.isRight(await p.create({ name: 'n' })())).toBe(true);
    const error = await left(p.get('9'));
    expect(JSON.stringify(error)).not.toContain(echoed);
    expect((error as { message?: string }).message).toBe('token [REDACTED] is malformed');
    await p.close();
    await s.close();
  });
});
