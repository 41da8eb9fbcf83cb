import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { inspect } from 'node:util';
import { Secret, TokenBridgeError, type TransportEvent, listAll } from '@tokenbridge/core';
import { type SoftwareOneSimulator, type SoftwareOneSimulatorOptions, fails, startSoftwareOneSimulator, succeeds as ok } from '@tokenbridge/testing';
import { type SoftwareOneOptions, softwareone } from '../src';

const ITEM = /^\/public\/v1\/accounts\/api-tokens\/[^/]+$/;
const COLLECTION = '/public/v1/accounts/api-tokens';

let sim: SoftwareOneSimulator;
let closers: Array<() => Promise<void>> = [];
// Every result, error and event of the test, swept for the credential and secrets afterwards.
let produced: unknown[] = [];
let secrets: string[] = [];

async function startSim(options: SoftwareOneSimulatorOptions = {}): Promise<SoftwareOneSimulator> {
  const started = await startSoftwareOneSimulator(options);
  closers.push(() => started.close());
  return started;
}

function make(options: Partial<SoftwareOneOptions> = {}, target: SoftwareOneSimulator = sim) {
  const events: TransportEvent[] = [];
  produced.push(events);
  const provider = softwareone({
    apiToken: target.credential,
    baseUrl: target.url,
    retry: { baseMs: 1, capMs: 5 },
    hooks: { onRequest: (e) => events.push(e), onResponse: (e) => events.push(e), onRetry: (e) => events.push(e), onError: (e) => events.push(e) },
    ...options,
  });
  closers.push(() => provider.close());
  return provider;
}


const writes = () => sim.requests.all().filter((r) => r.method !== 'GET');

beforeEach(async () => {
  produced = [];
  secrets = [];
  sim = await startSim();
});

afterEach(async () => {
  try {
    const printed = produced.map((x) => `${JSON.stringify(x)}\n${inspect(x, { depth: Infinity })}`).join('\n');
    for (const value of [sim.credential, ...secrets]) expect(printed.includes(value)).toBe(false);
  } finally {
    await Promise.all(closers.splice(0).map((close) => close()));
  }
});

async function created(p: ReturnType<typeof make>, name: string, extra: object = { moduleIds: ['MOD-2048'] }) {
  const token = await ok(p.create({ name, extra }));
  if (token.secret) secrets.push(token.secret.reveal());
  return token;
}

describe('factory', () => {
  it('names a missing or blank apiToken without a request', () => {
    expect(() => softwareone({} as SoftwareOneOptions)).toThrow(/apiToken is required/);
    expect(() => softwareone({ apiToken: ' ' })).toThrow(TokenBridgeError);
    expect(() => softwareone({ apiToken: 'idt:TKN-0000-0001:x', baseUrl: 'ftp://example.com' })).toThrow(/http or https/);
  });

  it('sends the credential as a bearer token', async () => {
    const p = make();
    await ok(p.list({ pageSize: 1 }));
    // The simulator redacts it in its log; it answered 200 only because the bearer token was right.
    expect(sim.requests.all()[0]?.headers['authorization']).toBe('[REDACTED]');
  });
});

describe('create', () => {
  it('POSTs the account, name, description, icon, modules and extensions, and returns the secret', async () => {
    const p = make();
    const token = await ok(
      p.create({ name: 'Full token', description: 'd', extra: { accountId: sim.accountId, moduleIds: ['MOD-1756', 'MOD-3141'], icon: '/i.png', extensions: ['EXT-1'] } }),
    );
    secrets.push(token.secret?.reveal() ?? '');
    const post = sim.requests.filter({ method: 'POST' });
    expect(post.map((r) => r.body)).toEqual([
      {
        account: { id: sim.accountId },
        name: 'Full token',
        description: 'd',
        icon: '/i.png',
        modules: [{ id: 'MOD-1756' }, { id: 'MOD-3141' }],
        extensions: [{ id: 'EXT-1' }],
      },
    ]);
    expect(token.secret?.reveal()).toBe(sim.store.secretOf(token.id));
    expect(token.version).toBe('1');
    expect(token.status).toBe('active');
    expect(token.extra).toEqual({
      vendorStatus: 'Active',
      account: { id: sim.accountId, name: 'Demo Client Account', type: 'Client' },
      modules: [
        { id: 'MOD-1756', name: 'Access Management' },
        { id: 'MOD-3141', name: 'Procurement' },
      ],
      icon: '/i.png',
      extensions: [{ id: 'EXT-1' }],
    });
    expect(JSON.stringify(token.raw)).not.toContain(token.secret?.reveal());
    // Given an account, nothing is read first.
    expect(sim.requests.filter({ method: 'GET' })).toHaveLength(0);
  });

  it("derives the account from the credential's own token once, then reuses it", async () => {
    const p = make();
    await created(p, 'First');
    await created(p, 'Second');
    const log = sim.requests.all().map((r) => `${r.method} ${r.path}`);
    expect(log).toEqual([`GET ${COLLECTION}/${sim.tokenId}`, `POST ${COLLECTION}`, `POST ${COLLECTION}`]);
    expect(sim.requests.filter({ method: 'POST' }).map((r) => (r.body as { account: unknown }).account)).toEqual([
      { id: sim.accountId },
      { id: sim.accountId },
    ]);
  });

  it('asks for extra.accountId, sending nothing, when the credential is not a token secret', async () => {
    const p = make({ apiToken: 'some-other-kind-of-key' });
    const error = await fails(p.create({ name: 'No account' }));
    expect(error).toMatchObject({ _tag: 'Validation', issues: [expect.objectContaining({ path: 'extra.accountId' })] });
    expect(sim.requests.all()).toHaveLength(0);
  });

  it('rejects malformed module and account ids with Validation before any request', async () => {
    const p = make();
    expect(await fails(p.create({ name: 'x', extra: { moduleIds: ['MOD-1756-1452'] } }))).toMatchObject({
      _tag: 'Validation',
      issues: [expect.objectContaining({ path: 'extra.moduleIds[0]' })],
    });
    expect(await fails(p.create({ name: 'x', extra: { accountId: 'ACC-12' } }))).toMatchObject({
      _tag: 'Validation',
      issues: [expect.objectContaining({ path: 'extra.accountId' })],
    });
    expect(await fails(p.create({ name: 'x', expiresAt: new Date(Date.now() + 1e6) }))).toMatchObject({ _tag: 'Unsupported', feature: 'expiresAt' });
    expect(sim.requests.all()).toHaveLength(0);
  });

  it("maps the vendor's 400 problem to Validation with field paths and the trace id", async () => {
    const p = make();
    const error = await fails(p.create({ name: 'Not allowed: !', extra: { accountId: sim.accountId } }));
    expect(error).toMatchObject({ _tag: 'Validation', status: 400, issues: [expect.objectContaining({ path: 'name' })] });
    expect(error.requestId).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-00$/);
    expect(error.message).toContain('name:');
  });

  it('never retries a create that may have reached the vendor', async () => {
    const p = make();
    sim.faults.add({ method: 'POST', path: COLLECTION, phase: 'after', kind: 'status', status: 503, body: {} });
    const error = await fails(p.create({ name: 'Once', extra: { accountId: sim.accountId } }));
    expect(error).toMatchObject({ _tag: 'Server', outcomeUnknown: true, retryable: false });
    expect(sim.requests.filter({ method: 'POST' })).toHaveLength(1);
  });
});

describe('get', () => {
  it('asks for the audit and maps it, lastAccessAt and revision', async () => {
    const p = make();
    const token = await created(p, 'Readable');
    const read = await ok(p.get(token.id));
    expect(sim.requests.filter({ method: 'GET', path: ITEM }).at(-1)?.query).toBe('select=+audit');
    const stored = sim.store.get(token.id)!;
    expect(read.createdAt?.toISOString()).toBe(stored.audit?.created.at);
    expect(read.updatedAt?.toISOString()).toBe(stored.audit?.updated.at);
    expect(read.version).toBe('1');
    expect(read.expiresAt).toBeNull();
    // The default reading returns the secret on reads too.
    expect(read.secret?.reveal()).toBe(sim.store.secretOf(token.id));
    // The own token was just used, so it has a lastAccessAt.
    expect((await ok(p.get(sim.tokenId))).lastUsedAt).toBeInstanceOf(Date);
  });

  it('moves a secret returned on reads into Token.secret, out of raw', async () => {
    const readingSim = await startSim({ readings: { tokenOnRead: 'every-answer' } });
    const p = make({}, readingSim);
    const own = await ok(p.get(readingSim.tokenId));
    expect(own.secret?.reveal()).toBe(readingSim.credential);
    expect(inspect(own.raw, { depth: Infinity })).not.toContain(readingSim.credential);
    expect(JSON.stringify(own)).not.toContain(readingSim.credential);
  });
});

describe('update', () => {
  it('a one-field patch sends a PUT whose body has only that field', async () => {
    const p = make();
    const token = await created(p, 'One field', { moduleIds: ['MOD-2048'], icon: '/a.png' });
    sim.requests.clear();
    const updated = await ok(p.update(token.id, { description: 'only this' }));
    // The PUT is a delta: by id it goes alone, with no read first.
    expect(sim.requests.all().map((r) => `${r.method} ${JSON.stringify(r.body)}`)).toEqual(['PUT {"description":"only this"}']);
    expect(updated.description).toBe('only this');
    expect(updated.version).toBe('2');
    // The write answer carries no audit, so the result has no timestamps (a read has them).
    expect(updated.createdAt).toBeNull();
    expect(sim.store.get(token.id)).toMatchObject({ name: 'One field', icon: '/a.png', modules: [expect.objectContaining({ id: 'MOD-2048' })] });
  });

  it('sends modules as the full desired list, [] to remove all, and null to clear description or icon', async () => {
    const p = make();
    const token = await ok(p.create({ name: 'Fields', description: 'd', extra: { moduleIds: ['MOD-2048'], icon: '/a.png' } }));
    secrets.push(token.secret!.reveal());
    sim.requests.clear();
    await ok(p.update(token.id, { extra: { moduleIds: ['MOD-1756', 'MOD-2048'] } }));
    await ok(p.update(token.id, { description: null, extra: { icon: null } }));
    await ok(p.update(token.id, { extra: { moduleIds: [] } }));
    expect(sim.requests.filter({ method: 'PUT' }).map((r) => r.body)).toEqual([
      { modules: [{ id: 'MOD-1756' }, { id: 'MOD-2048' }] },
      { description: null, icon: null },
      { modules: [] },
    ]);
    const stored = sim.store.get(token.id)!;
    expect(stored.description).toBeUndefined();
    expect(stored.icon).toBeUndefined();
    expect(stored.modules).toBeUndefined();
  });

  it('by id sends every patch field; given a token, drops the fields it already holds; an empty patch only reads', async () => {
    const p = make();
    const token = await created(p, 'Same', { moduleIds: ['MOD-2048'] });
    const read = await ok(p.get(token.id));
    sim.requests.clear();
    await ok(p.update(token.id, {}));
    await ok(p.update(read, { name: 'Same', description: null, extra: { moduleIds: ['MOD-2048'], icon: null } }));
    await ok(p.update(read, { name: 'Renamed', extra: { moduleIds: ['MOD-2048'] } }));
    await ok(p.update(token.id, { name: 'Renamed', extra: { moduleIds: ['MOD-2048'] } }));
    expect(sim.requests.all().map((r) => `${r.method} ${JSON.stringify(r.body)}`)).toEqual([
      'GET undefined',
      'PUT {"name":"Renamed"}',
      'PUT {"name":"Renamed","modules":[{"id":"MOD-2048"}]}',
    ]);
  });

  it('given a token read earlier, diffs against it and sends only the PUT', async () => {
    const p = make();
    const token = await created(p, 'Base');
    const read = await ok(p.get(token.id));
    sim.requests.clear();
    expect(await ok(p.update(read, {}))).toBe(read);
    await ok(p.update(read, { name: 'Base 2' }));
    expect(sim.requests.all().map((r) => `${r.method} ${JSON.stringify(r.body)}`)).toEqual(['PUT {"name":"Base 2"}']);
    // A status the token already has sends nothing; another goes straight to the action.
    sim.requests.clear();
    await ok(p.update(read, { status: 'active' }));
    await ok(p.update(read, { status: 'disabled' }));
    expect(sim.requests.all().map((r) => `${r.method} ${r.path}`)).toEqual([`POST ${COLLECTION}/${token.id}/disable`]);
  });

  it('a status patch calls disable, then enable, and the store shows each state', async () => {
    const p = make();
    const token = await created(p, 'Toggle');
    sim.requests.clear();
    const disabled = await ok(p.update(token.id, { status: 'disabled' }));
    expect(disabled).toMatchObject({ status: 'disabled', extra: expect.objectContaining({ vendorStatus: 'Disabled' }) });
    expect(sim.store.get(token.id)?.status).toBe('Disabled');
    const enabled = await ok(p.update(token.id, { status: 'active' }));
    expect(enabled.status).toBe('active');
    expect(sim.store.get(token.id)?.status).toBe('Active');
    expect(writes().map((r) => `${r.method} ${r.path}`)).toEqual([
      `POST ${COLLECTION}/${token.id}/disable`,
      `POST ${COLLECTION}/${token.id}/enable`,
    ]);
    expect(writes().every((r) => r.body === undefined)).toBe(true);
  });

  it('sends the PUT before the status action when a patch has both', async () => {
    const p = make();
    const token = await created(p, 'Both');
    sim.requests.clear();
    const result = await ok(p.update(token.id, { name: 'Both renamed', status: 'disabled' }));
    expect(writes().map((r) => `${r.method} ${r.path}`)).toEqual([`PUT ${COLLECTION}/${token.id}`, `POST ${COLLECTION}/${token.id}/disable`]);
    expect(result).toMatchObject({ name: 'Both renamed', status: 'disabled' });
    expect(sim.store.get(token.id)).toMatchObject({ name: 'Both renamed', status: 'Disabled' });
  });

  it('enabling an already active token is success: the refusal is confirmed by a read, and nothing changes', async () => {
    const p = make();
    const token = await created(p, 'Already');
    const revision = sim.store.get(token.id)?.revision;
    sim.requests.clear();
    expect((await ok(p.update(token.id, { status: 'active' }))).status).toBe('active');
    expect(sim.requests.all().map((r) => `${r.method} ${r.path}`)).toEqual([`POST ${COLLECTION}/${token.id}/enable`, `GET ${COLLECTION}/${token.id}`]);
    expect(sim.store.get(token.id)).toMatchObject({ status: 'Active', revision });
  });

  it("treats the vendor's already-in-state refusal as success once a read confirms the state", async () => {
    const p = make();
    const token = await created(p, 'Raced');
    // Someone else disabled it between our read and our action: the store changes, the answer is a 409.
    sim.faults.add({ method: 'POST', path: `${COLLECTION}/${token.id}/disable`, phase: 'after', kind: 'status', status: 409, body: { title: 'Conflict', status: 409 } });
    expect((await ok(p.update(token.id, { status: 'disabled' }))).status).toBe('disabled');
    expect(sim.store.get(token.id)?.status).toBe('Disabled');
  });

  it('keeps a conflict the read does not explain', async () => {
    const p = make();
    const token = await created(p, 'Refused');
    sim.faults.add({ method: 'POST', path: `${COLLECTION}/${token.id}/disable`, phase: 'before', kind: 'status', status: 409, body: { title: 'Conflict', status: 409, detail: 'locked' } });
    expect(await fails(p.update(token.id, { status: 'disabled' }))).toMatchObject({ _tag: 'Conflict', message: 'locked' });
    expect(sim.store.get(token.id)?.status).toBe('Active');
  });

  it('retries the status action (it is idempotent), and says the PUT landed when the action still fails', async () => {
    const p = make();
    const token = await created(p, 'Half done');
    sim.faults.add({ method: 'POST', path: `${COLLECTION}/${token.id}/disable`, phase: 'before', kind: 'status', status: 503, body: {}, times: 10 });
    const error = await fails(p.update(token.id, { name: 'Half done 2', status: 'disabled' }));
    expect(error).toMatchObject({ _tag: 'Server', status: 503 });
    expect(error.message).toMatch(/PUT of name was saved, but POST …\/disable failed/);
    expect(sim.requests.filter({ method: 'POST', path: `${COLLECTION}/${token.id}/disable` })).toHaveLength(4);
    expect(sim.store.get(token.id)).toMatchObject({ name: 'Half done 2', status: 'Active' });
  });

  it('refuses ifVersion and expiresAt as Unsupported without a request', async () => {
    const p = make();
    const token = await created(p, 'Versioned');
    sim.requests.clear();
    expect(await fails(p.update(token.id, { name: 'x', ifVersion: '1' }))).toMatchObject({ _tag: 'Unsupported', feature: 'ifVersion' });
    expect(await fails(p.update(token.id, { expiresAt: null }))).toMatchObject({ _tag: 'Unsupported', feature: 'expiresAt' });
    expect(await fails(p.regenerate(token.id))).toMatchObject({ _tag: 'Unsupported', feature: 'regenerate' });
    expect(sim.requests.all()).toHaveLength(0);
  });
});

describe('delete', () => {
  it('sends DELETE and the token is soft-deleted', async () => {
    const p = make();
    const token = await created(p, 'Doomed');
    sim.requests.clear();
    await ok(p.delete(token.id));
    expect(sim.requests.all().map((r) => `${r.method} ${r.path}`)).toEqual([`DELETE ${COLLECTION}/${token.id}`]);
    expect(sim.store.get(token.id)?.status).toBe('Deleted');
  });
});

describe('list', () => {
  it('sends a well-formed RQL filter for quotes, spaces and *, matching literally, and pages through more than one page', async () => {
    const p = make();
    const needle = '"fast" * v2';
    const matching = ['Build "fast" * v2 a', 'build "FAST" * V2 b', 'Deploy "fast" * v2 c'].map((name) => sim.store.seed({ name }).id);
    // Would match if * were a wildcard or the quotes were dropped.
    for (const name of ['Build "fast" x v2', 'Build fast * v2', 'Build "fast" ** v2x']) sim.store.seed({ name });
    sim.requests.clear();
    const ids: string[] = [];
    for await (const token of listAll(p, { nameContains: needle, pageSize: 2, orderBy: 'name' })) ids.push(token.id);
    expect(ids.sort()).toEqual([...matching].sort());
    const queries = sim.requests.filter({ method: 'GET', path: COLLECTION }).map((r) => r.query);
    expect(queries).toEqual([
      `limit=2&offset=0&order=name,id&select=+audit&ilike(name,%27*%22fast%22%20%5C*%20v2*%27)`,
      `limit=2&offset=2&order=name,id&select=+audit&ilike(name,%27*%22fast%22%20%5C*%20v2*%27)`,
    ]);
  });

  it('narrows on the client when the name holds both quote characters', async () => {
    const p = make();
    const hit = sim.store.seed({ name: `it's "x"` }).id;
    // Matched by the widened server pattern ("*it's *x**"), dropped on the client.
    sim.store.seed({ name: `it's yxy` });
    const page = await ok(p.list({ nameContains: `IT'S "X"` }));
    expect(page.items.map((t) => t.id)).toEqual([hit]);
    expect(sim.requests.all().at(-1)?.query).toContain(`ilike(name,%22*IT%27S%20*X**%22)`);
  });

  it('translates status filters and ordering, and answers expired without a request', async () => {
    const p = make();
    const off = sim.store.seed({ name: 'Stat off', status: 'Disabled' }).id;
    const on = sim.store.seed({ name: 'Stat on' }).id;
    sim.requests.clear();
    expect((await ok(p.list({ nameContains: 'stat ', status: 'disabled' }))).items.map((t) => t.id)).toEqual([off]);
    expect((await ok(p.list({ nameContains: 'stat ', status: 'active', orderBy: 'createdAt', order: 'desc' }))).items.map((t) => t.id)).toEqual([on]);
    expect((await ok(p.list({ status: 'unknown' }))).items).toEqual([]);
    expect(sim.requests.all().map((r) => decodeURIComponent(r.query))).toEqual([
      `limit=100&offset=0&order=id&select=+audit&and(ilike(name,"*stat *"),in(status,(Disabled,Deleted)))`,
      `limit=100&offset=0&order=-audit.created.at,-id&select=+audit&and(ilike(name,"*stat *"),eq(status,Active))`,
      `limit=100&offset=0&order=id&select=+audit&out(status,(Active,Disabled,Deleted))`,
    ]);
    sim.requests.clear();
    expect(await ok(p.list({ status: 'expired' }))).toEqual({ items: [], nextCursor: null });
    expect(sim.requests.all()).toHaveLength(0);
  });

  it('follows the documented large-result redirect without the credential', async () => {
    const seen: IncomingHttpHeaders[] = [];
    const download = await startDownloadServer(seen, { $meta: { pagination: { offset: 0, limit: 100, total: 1 } }, data: [{ id: 'TKN-1111-2222', name: 'From download', status: 'Active' }] });
    const p = make();
    sim.faults.add({ method: 'GET', path: COLLECTION, phase: 'before', kind: 'redirect', location: `${download.url}/export.json` });
    const page = await ok(p.list({}));
    expect(page.items.map((t) => t.name)).toEqual(['From download']);
    expect(seen).toHaveLength(1);
    expect(seen[0]?.authorization).toBeUndefined();
  });

  it('does not follow a redirect anywhere else', async () => {
    const p = make();
    const token = await created(p, 'Moved');
    sim.faults.add({ method: 'GET', path: ITEM, phase: 'before', kind: 'redirect', location: 'https://elsewhere.example/x' });
    expect(await fails(p.get(token.id))).toMatchObject({ _tag: 'Network', code: 'REDIRECT' });
  });
});

describe('rotation', () => {
  it('reproduces name, description and vendor attributes for the replacement', async () => {
    const p = make();
    const token = await ok(p.create({ name: 'Old', description: 'd', extra: { moduleIds: ['MOD-1756'], icon: '/i.png', extensions: ['EXT-1'] } }));
    secrets.push(token.secret!.reveal());
    const input = p.rotation!.replacementInput(token);
    expect(input).toEqual({ name: 'Old', description: 'd', extra: { accountId: sim.accountId, moduleIds: ['MOD-1756'], icon: '/i.png', extensions: ['EXT-1'] } });
    const replacement = await ok(p.create(input));
    secrets.push(replacement.secret!.reveal());
    expect(replacement.extra).toEqual({ ...token.extra });
  });

  it('verifies a new secret by reading its own token with it', async () => {
    const p = make();
    const token = await created(p, 'Fresh');
    sim.requests.clear();
    expect(await ok(p.rotation!.verifyCredential(token.secret!))).toEqual({ status: 'verified' });
    expect(sim.requests.all().map((r) => `${r.method} ${r.path}`)).toEqual([`GET ${COLLECTION}/${token.id}`]);
    sim.faults.add({ method: 'GET', path: ITEM, phase: 'before', kind: 'status', status: 403, body: { title: 'Forbidden', status: 403 } });
    expect(await ok(p.rotation!.verifyCredential(token.secret!))).toMatchObject({ status: 'unverified' });
    await ok(p.update(token.id, { status: 'disabled' }));
    expect(await fails(p.rotation!.verifyCredential(token.secret!))).toMatchObject({ _tag: 'Unauthorized', operation: 'rotate' });
    expect(await fails(p.rotation!.verifyCredential(new Secret('not-a-token')))).toMatchObject({ _tag: 'Validation' });
  });
});

describe('secrets', () => {
  it('keeps a secret echoed in an error body out of the error', async () => {
    const p = make();
    const token = await created(p, 'Echoed');
    const value = token.secret!.reveal();
    sim.faults.add({ method: 'GET', path: ITEM, phase: 'before', kind: 'status', status: 400, body: { title: 'Bad', status: 400, detail: `bad token ${value} and ${sim.credential}` } });
    const error = await fails(p.get(token.id));
    expect(error.message).toBe('bad token [REDACTED] and [REDACTED]');
  });
});

interface DownloadServer {
  readonly url: string;
}

async function startDownloadServer(seen: IncomingHttpHeaders[], body: unknown): Promise<DownloadServer> {
  const server: Server = createServer((req, res) => {
    seen.push(req.headers);
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  closers.push(
    () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  );
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}
