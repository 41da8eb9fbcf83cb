import * as t from 'io-ts';
import * as E from 'fp-ts/Either';
import {
  type Capabilities,
  type ProviderTypes,
  type Token,
  type TransportOptions,
  Secret,
  TokenBridgeError,
  TokenErrors,
  errorInfo,
  requireString,
  strict,
} from '@tokenbridge/core';
import { type AdapterDescription, defineAdapter, noFields, tokenCodec } from '@tokenbridge/core/adapter';
import { type ManualClock, manualClock } from './support/clock';
import { type TestServer, json, startServer } from './support/server';

/** A made-up vendor: tokens under `/v1/keys`, answers wrapped in `{ key: … }`, a `colour` in extra. */

const CreateExtraC = strict(t.partial({ colour: t.string }), 'AcmeCreateExtra');
const DeleteOptionsC = strict(t.partial({ force: t.boolean }), 'AcmeDeleteOptions');

interface AcmeTypes extends ProviderTypes {
  extra: { colour: string | null; readAt: number };
  createExtra: t.TypeOf<typeof CreateExtraC>;
  patchExtra: Readonly<Record<string, never>>;
  deleteOptions: t.TypeOf<typeof DeleteOptionsC>;
}

interface AcmeOptions extends TransportOptions {
  readonly apiKey: string | Secret;
  readonly baseUrl?: string;
  readonly region?: string;
}

const capabilities: Capabilities = {
  operations: ['create', 'get', 'delete'],
  create: { fields: ['name'], extra: CreateExtraC.keys },
  update: { fields: [], extra: [], style: 'patch', optimisticLocking: false },
  delete: { options: DeleteOptionsC.keys },
  list: { paging: 'server', maxPageSize: 10, filters: { nameContains: 'none', status: 'none' }, orderBy: { name: 'none', createdAt: 'none' } },
  secretOnCreate: 'always',
  secretOnRead: 'never',
  limits: { nameMaxLength: 50 },
};

const KeyC = t.type({ id: t.string, name: t.string, colour: t.union([t.string, t.null]) });
const toToken = (key: t.TypeOf<typeof KeyC>, now: number): Token<AcmeTypes['extra']> => ({
  provider: 'acme',
  id: key.id,
  name: key.name,
  description: null,
  status: 'active',
  createdAt: null,
  updatedAt: null,
  expiresAt: null,
  lastUsedAt: null,
  version: null,
  extra: { colour: key.colour, readAt: now },
  raw: key,
});

const description: AdapterDescription<AcmeTypes, AcmeOptions> = {
  provider: 'acme',
  capabilities,
  credentialOption: 'apiKey',
  transport: { auth: { header: 'x-acme-key' }, defaultLimiter: { maxConcurrent: 5, maxPerInterval: 100, intervalMs: 1000 } },
  settings: { region: (value) => requireString('acme', 'region', value) },
  vendorHeaders: ({ region }) => ({ 'x-acme-version': '2', ...(region !== undefined ? { 'x-acme-region': region } : {}) }),
  paths: { collection: '/v1/keys', item: '/v1/keys/{id}', readQuery: { expand: 'all' } },
  codecs: { createExtra: CreateExtraC, patchExtra: noFields('AcmePatchExtra'), deleteOptions: DeleteOptionsC },
  token: tokenCodec(t.type({ key: KeyC }), (answer, now) => toToken(answer.key, now)),
  deleteQuery: ({ force }) => (force === true ? { force: 'yes' } : undefined),
  operations: (kit) => ({
    create: (input, op) => kit.sendForToken(op, { method: 'POST', path: kit.paths.collection, body: { name: input.name, colour: input.extra?.colour ?? null } }),
  }),
  rotation: {
    replacementInput: (token) => ({ name: token.name }),
    credentialCheck: {
      probe: (secret, ctx) =>
        secret.reveal().startsWith('acme_') ? E.right({ path: '/v1/me' }) : E.left(TokenErrors.validation(ctx, 'not an acme key', [{ path: 'secret', message: 'no acme_ prefix' }])),
      unverified: (error) => (error._tag === 'Forbidden' ? 'the key may not read /v1/me' : undefined),
    },
  },
};
const acme = defineAdapter<AcmeTypes, AcmeOptions>(description);

let server: TestServer;
let clock: ManualClock;
beforeEach(async () => {
  clock = manualClock(1_000);
  server = await startServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname === '/v1/me') return json(res, req.headers['x-acme-key'] === 'acme_new' ? 200 : 403, {});
    if (req.method === 'DELETE') return void res.writeHead(204).end();
    return json(res, req.method === 'POST' ? 201 : 200, { key: { id: 'k-1', name: 'ci', colour: 'red' } });
  });
});
afterEach(() => server.close());

const make = (options: Partial<AcmeOptions> = {}) =>
  acme({ apiKey: 'acme_old', baseUrl: server.url, clock, ...options } as AcmeOptions);

const thrown = (f: () => unknown): unknown => {
  try {
    f();
  } catch (error) {
    return error;
  }
  return undefined;
};

describe('defineAdapter', () => {
  it('refuses, at definition, capabilities that disagree with the codecs on the fields each accepts', () => {
    const wrong = { ...capabilities, create: { fields: ['name' as const], extra: ['colour', 'size'] }, delete: { options: [] } };
    expect(() => defineAdapter<AcmeTypes, AcmeOptions>({ ...description, capabilities: wrong })).toThrow(
      'acme: capabilities create.extra lists size, which its codec refuses; capabilities delete.options lacks force, which its codec accepts',
    );
  });

  it('checks the credential and the base URL, and parses settings, before anything else', () => {
    expect(thrown(() => acme({} as AcmeOptions))).toMatchObject({ error: { _tag: 'Validation', operation: 'configure', message: 'apiKey is required' } });
    expect(thrown(() => acme({ apiKey: 'acme_old' }))).toMatchObject({ error: { _tag: 'Validation', message: 'baseUrl is required' } });
    expect(thrown(() => make({ region: ' ' }))).toMatchObject({ error: { _tag: 'Validation', message: 'region is required' } });
    expect(thrown(() => make({ regoin: 'eu' } as Partial<AcmeOptions>))).toBeInstanceOf(TokenBridgeError);
  });

  it('reads a token with GET on the item, the read query, the credential and the vendor headers', async () => {
    const provider = make({ region: 'eu' });
    clock.advance(4_000);
    const token = await provider.get('k-1')();
    expect(token).toEqual(E.right(expect.objectContaining({ id: 'k-1', extra: { colour: 'red', readAt: 5_000 } })));
    const [seen] = server.requests;
    expect(seen).toMatchObject({ method: 'GET', url: '/v1/keys/k-1?expand=all' });
    expect(seen?.headers).toMatchObject({ 'x-acme-key': 'acme_old', 'x-acme-version': '2', 'x-acme-region': 'eu' });
    await provider.close();
  });

  it('runs the adapter own operations with the kit: create through sendForToken', async () => {
    const provider = make();
    expect(await provider.create({ name: 'ci', extra: { colour: 'red' } })()).toEqual(E.right(expect.objectContaining({ id: 'k-1', name: 'ci' })));
    expect(server.requests.map((r) => [r.method, r.url, r.body])).toEqual([['POST', '/v1/keys', '{"name":"ci","colour":"red"}']]);
    await provider.close();
  });

  it('deletes with DELETE on the item, the delete options as query, and refuses unknown options before sending', async () => {
    const provider = make();
    expect(await provider.delete('k1', { force: true })()).toEqual(E.right(undefined));
    expect(await provider.delete('k2')()).toEqual(E.right(undefined));
    expect(await provider.delete('k3', { forse: true } as never)()).toEqual(E.left(expect.objectContaining({ _tag: 'Validation' })));
    expect(server.requests.map((r) => `${r.method} ${r.url}`)).toEqual(['DELETE /v1/keys/k1?force=yes', 'DELETE /v1/keys/k2']);
    await provider.close();
  });

  it('gives no get or delete where the capabilities do not declare them', async () => {
    const provider = defineAdapter<AcmeTypes, AcmeOptions>({ ...description, capabilities: { ...capabilities, operations: ['create'] } })({
      apiKey: 'acme_old',
      baseUrl: server.url,
    });
    expect(await provider.get('k1')()).toEqual(E.left(expect.objectContaining({ _tag: 'Unsupported' })));
    expect(await provider.delete('k1')()).toEqual(E.left(expect.objectContaining({ _tag: 'Unsupported' })));
    expect(server.requests).toEqual([]);
    await provider.close();
  });

  it('verifies a new secret with a read made with it: verified, unverified on the named refusal, refused before sending', async () => {
    const provider = make();
    const rotation = provider.rotation;
    expect(await rotation?.verifyCredential(new Secret('acme_new'))()).toEqual(E.right({ status: 'verified' }));
    expect(await rotation?.verifyCredential(new Secret('acme_narrow'))()).toEqual(E.right({ status: 'unverified', reason: 'the key may not read /v1/me' }));
    expect(await rotation?.verifyCredential(new Secret('other'))()).toEqual(E.left(expect.objectContaining({ _tag: 'Validation', operation: 'rotate' })));
    expect(server.requests.map((r) => [r.url, r.headers['x-acme-key']])).toEqual([
      ['/v1/me', 'acme_new'],
      ['/v1/me', 'acme_narrow'],
    ]);
    expect(rotation?.replacementInput).toBe(description.rotation?.replacementInput);
    await provider.close();
  });

  it('takes its paths and its probe from the settings, and a probe may refuse a 2xx answer as Unauthorized', async () => {
    const regional = defineAdapter<AcmeTypes, AcmeOptions>({
      ...description,
      paths: ({ region }) => ({ collection: `/v1/${region ?? 'global'}/keys`, item: `/v1/${region ?? 'global'}/keys/{id}` }),
      rotation: {
        replacementInput: (token) => ({ name: token.name }),
        credentialCheck: {
          probe: (_secret, _ctx, { region }) =>
            E.right({ path: `/v1/${String(region)}/me`, response: t.unknown, refused: (answer) => ((answer as { key?: { name?: string } }).key?.name === 'ci' ? 'the key is ci' : undefined) }),
        },
      },
    });
    const provider = regional({ apiKey: 'acme_old', baseUrl: server.url, region: 'eu' });
    await provider.get('k-1')();
    await provider.delete('k-2')();
    expect(await provider.rotation?.verifyCredential(new Secret('acme_new'))()).toEqual(E.left(expect.objectContaining({ _tag: 'Unauthorized', message: 'the key is ci', operation: 'rotate' })));
    expect(server.requests.map((r) => `${r.method} ${r.url.split('?')[0]}`)).toEqual(['GET /v1/eu/keys/k-1', 'DELETE /v1/eu/keys/k-2', 'GET /v1/eu/me']);
    await provider.close();
  });
});

describe('errorInfo', () => {
  it('keeps the parts that are there, and summarises the issues after the text', () => {
    const issues = [{ path: 'name', message: 'taken' }];
    expect(errorInfo({ tag: 'Validation', code: 'E1', text: 'refused', issues, requestId: 'r-1', retryable: true })).toEqual({
      tag: 'Validation',
      code: 'E1',
      message: 'refused: name: taken',
      issues,
      requestId: 'r-1',
      retryable: true,
    });
    expect(errorInfo({ tag: undefined, code: undefined, text: undefined, issues: [], requestId: undefined, retryable: false })).toEqual({});
    expect(errorInfo({ issues })).toEqual({ issues });
  });
});
