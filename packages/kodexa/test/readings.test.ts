// The adapter against each reading of Kodexa's ambiguous docs (KODEXA_READINGS), over HTTP:
// page base, the single sort key, the whole-object PUT, error forms, no secret on create, unenforced changeSequence.
import { afterEach, describe, expect, it } from '@jest/globals';
import { RotationError, createTokenManager, listAll, type TokenError } from '@tokenbridge/core';
import { type KodexaErrorForm, type KodexaReadings, kodexaErrorBody } from '@tokenbridge/testing';
import { type Harness, fails, harness, ok } from './support';

const COLLECTION = '/api/access-tokens';
const ITEM = /^\/api\/access-tokens\/[^/]+$/;

let h: Harness;
afterEach(async () => {
  await h.close();
});

const pagesAsked = (): string[] => h.sim.requests.filter({ method: 'GET', path: COLLECTION }).map((r) => new URLSearchParams(r.query).get('page') ?? '');

async function streamed(query: Parameters<typeof listAll>[1]): Promise<string[]> {
  const names: string[] = [];
  for await (const token of listAll(h.provider, query)) names.push(token.name);
  return names;
}

describe('pageBase: listAll yields every token exactly once, whichever page the server counts from', () => {
  const names = ['t0', 't1', 't2', 't3', 't4'];

  it.each<[0 | 1, string[]]>([
    [1, ['1', '2', '3']],
    // page=1 is the second page of a 0-based server: the adapter sees it in the envelope, fetches page 0, then goes on from 1.
    [0, ['1', '0', '1', '2']],
  ])('page base %i', async (pageBase, asked) => {
    h = await harness({ readings: { pageBase } });
    for (const name of names) h.sim.store.seed({ name });
    h.sim.requests.clear();
    expect(await streamed({ orderBy: 'name', pageSize: 2 })).toEqual(names);
    expect(pagesAsked()).toEqual(asked);
  });

  it.each([0, 1] as const)('page base %i, with an envelope that cannot tell: page 0 is compared with page 1', async (pageBase) => {
    h = await harness({ readings: { pageBase } });
    for (const name of names) h.sim.store.seed({ name });
    // The first answer keeps only content and a number of 1: a 0-based server's second page, or a 1-based echo.
    const real = await ok(h.provider.list({ orderBy: 'name', pageSize: 2 }));
    const page1 = h.sim.store.list().filter((t) => (pageBase === 1 ? ['t0', 't1'] : ['t2', 't3']).includes(t.name));
    expect(real.items).toHaveLength(2);
    h.sim.faults.add({ method: 'GET', path: COLLECTION, phase: 'before', kind: 'status', status: 200, body: { content: page1, number: 1 } });
    h.sim.requests.clear();
    expect(await streamed({ orderBy: 'name', pageSize: 2 })).toEqual(names);
    expect(pagesAsked().slice(0, 2)).toEqual(['1', '0']);
  });

  it('an empty list under page base 0 is one more request, and no token', async () => {
    h = await harness({ readings: { pageBase: 0 } });
    expect(await streamed({})).toEqual([]);
    expect(pagesAsked()).toEqual(['1', '0']);
  });
});

describe('sort: one documented field:direction key', () => {
  it('sends no second key, and listAll skips a token that slid across a page boundary while listing', async () => {
    h = await harness();
    for (const name of ['b', 'c', 'd', 'e']) h.sim.store.seed({ name });
    // Someone creates "a" just before page 2 is read: "c" slides from page 1 onto page 2.
    let raced = false;
    h.provider.http().interceptors.request.use((config) => {
      const url = new URL(String(config.url), h.sim.url);
      if (!raced && config.method?.toUpperCase() === 'GET' && url.pathname === COLLECTION && url.searchParams.get('page') === '2') {
        raced = true;
        h.sim.store.seed({ name: 'a' });
      }
      return config;
    });
    h.sim.requests.clear();
    const listed = await streamed({ orderBy: 'name', pageSize: 2 });
    expect(raced).toBe(true);
    // "a" came in behind the listing (offset paging cannot see it); "c" comes once.
    expect(listed).toEqual(['b', 'c', 'd', 'e']);
    for (const request of h.sim.requests.filter({ method: 'GET', path: COLLECTION })) {
      expect(new URLSearchParams(request.query).getAll('sort')).toEqual(['name:asc']);
    }
  });
});

describe('the PUT replaces the whole object', () => {
  it('sends back the embedded user and every field it does not know, so the server keeps them', async () => {
    h = await harness();
    const extraFields = { createdBy: 'admin', organization: { slug: 'acme' } };
    const seeded = h.sim.store.seed({ name: 'legacy', extraFields });
    h.sim.requests.clear();
    await ok(h.provider.update(seeded.id, { name: 'renamed' }));
    const [put] = h.sim.requests.filter({ method: 'PUT', path: ITEM });
    expect(put?.body).toEqual({ ...seeded, name: 'renamed' });
    expect((put?.body as { user?: unknown }).user).toEqual(seeded.user);
    // The simulator clears an unmodelled field a PUT leaves out: these survived.
    expect(h.sim.store.get(seeded.id)).toMatchObject({ name: 'renamed', ...extraFields });
  });
});

describe('errorBody: a typed error under each form', () => {
  const forms: readonly KodexaErrorForm[] = ['problem-details', 'exception-response', 'legacy'];
  const unknownId = '00000000-0000-4000-8000-000000000000';

  it.each(forms)('%s: NotFound, Unauthorized and Conflict with the vendor message', async (errorBody) => {
    h = await harness({ readings: { errorBody } });
    const missing = await fails(h.provider.get(unknownId));
    expect(missing).toMatchObject({ _tag: 'NotFound', message: expect.stringContaining(`AccessToken not found: ${unknownId}`) });
    const rejected = await fails(badKey().get(unknownId));
    expect(rejected).toMatchObject({ _tag: 'Unauthorized', message: expect.stringContaining('Full authentication is required') });
    const seeded = h.sim.store.seed({ name: 'locked' });
    const read = await ok(h.provider.get(seeded.id));
    await ok(h.other().update(seeded.id, { name: 'moved on' }));
    const stale = await fails(h.provider.update(read, { name: 'mine', ifVersion: read.version ?? '' }));
    expect(stale).toMatchObject({ _tag: 'Conflict', message: expect.stringContaining('changeSequence') });
    if (errorBody !== 'problem-details') expect(missing.requestId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('problem-details: a refused create is Validation, with its field issues', async () => {
    h = await harness();
    refuseNextCreate('problem-details');
    expect(await fails(h.provider.create({ name: 'refused' }))).toMatchObject({ _tag: 'Validation', status: 400, issues: [{ path: 'name', message: 'is taken' }] });
  });

  // ExceptionResponse's `errors` values are objects: the parser reads their message.
  it.each(['exception-response', 'legacy'] as const)('%s: a refused create is Validation, with its field issues', async (errorBody) => {
    h = await harness({ readings: { errorBody } });
    refuseNextCreate(errorBody);
    expect(await fails(h.provider.create({ name: 'refused' }))).toMatchObject({ _tag: 'Validation', status: 400, issues: [{ path: 'name', message: 'is taken' }] });
  });

  /** The next create is refused the way the server's form writes a validation error. */
  function refuseNextCreate(form: KodexaErrorForm): void {
    const { contentType, body } = kodexaErrorBody(form, { status: 400, detail: 'Validation failed', path: COLLECTION, errors: { name: 'is taken' } });
    h.sim.faults.add({ method: 'POST', path: COLLECTION, phase: 'before', kind: 'status', status: 400, body, headers: { 'content-type': contentType } });
  }

  function badKey(): ReturnType<Harness['other']> {
    return h.other({ apiKey: 'kdx-wrong-key-0123456789abcdef' });
  }
});

describe('secretField: a create answer without any secret field', () => {
  it('gives a token without a secret, and rotate stops before revoking anything, saying why', async () => {
    h = await harness({ readings: { secretField: null } });
    const created = await ok(h.provider.create({ name: 'no secret' }));
    expect(created.secret).toBeUndefined();
    const old = h.sim.store.seed({ name: 'to rotate' });
    const manager = createTokenManager({ providers: { k: h.provider } });

    const error = await manager.rotate({ provider: 'k', id: old.id }, { strategy: 'replace', revokeOld: 'delete' }).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(RotationError);
    const rotation = error as RotationError;
    expect(rotation.stage).toBe('verify');
    expect(rotation.error.message).toContain('the vendor returned no secret');
    expect(rotation.error.message).toContain('the old token was left alone');
    // Nothing was revoked: the old token is still there, and the replacement is handed back to clean up.
    expect(h.sim.store.get(old.id)).toBeDefined();
    expect(h.sim.requests.filter({ method: 'DELETE' })).toHaveLength(0);
    expect(rotation.replacement?.id).toEqual(expect.any(String));
    expect(h.sim.store.get(rotation.replacement?.id ?? '')).toMatchObject({ name: 'to rotate' });
  });
});

describe('changeSequence ignored: what a caller gets', () => {
  const readings: Partial<KodexaReadings> = { changeSequence: 'ignored' };

  it('by id, the last writer wins: a change made between our GET and our PUT is lost', async () => {
    h = await harness({ readings });
    const seeded = h.sim.store.seed({ name: 'shared' });
    const expiry = new Date(Math.floor((Date.now() + 9 * 86_400_000) / 1000) * 1000);
    let raced = false;
    h.provider.http().interceptors.request.use(async (config) => {
      if (!raced && config.method?.toUpperCase() === 'PUT') {
        raced = true;
        await ok(h.other().update(seeded.id, { expiresAt: expiry }));
      }
      return config;
    });

    const updated = await ok(h.provider.update(seeded.id, { name: 'mine' }));

    expect(raced).toBe(true);
    // No 409 came back, so the adapter cannot know: the other writer's expiry is gone.
    expect(updated).toMatchObject({ name: 'mine', expiresAt: null });
    expect(h.sim.store.get(seeded.id)).toMatchObject({ name: 'mine', expiresAt: null });
  });

  it('ifVersion still refuses a version already moved on when it reads, before any PUT', async () => {
    h = await harness({ readings });
    const seeded = h.sim.store.seed({ name: 'shared' });
    await ok(h.other().update(seeded.id, { name: 'moved on' }));
    h.sim.requests.clear();
    const conflict: TokenError = await fails(h.provider.update(seeded.id, { name: 'mine', ifVersion: '1' }));
    expect(conflict).toMatchObject({ _tag: 'Conflict', currentVersion: '2' });
    expect(h.sim.requests.filter({ method: 'PUT' })).toHaveLength(0);
  });
});
