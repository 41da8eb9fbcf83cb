import {
  loadFixture,
  SOFTWAREONE_DEMO_ACCOUNT,
  SOFTWAREONE_DEMO_TOKEN,
  softwareOneUpdateExample,
  startSoftwareOneSimulator,
  type SoftwareOneApiToken,
  type SoftwareOneSimulator,
} from '../src';
import { SCALE_TEST_TIMEOUT_MS, call, manualClock, shapeOf } from './helpers';

const clock = manualClock();
let sim: SoftwareOneSimulator;
const bearer = (secret: string) => ({ authorization: `Bearer ${secret}` });
const auth = bearer(SOFTWAREONE_DEMO_TOKEN);
const jsonAuth = { ...auth, 'content-type': 'application/json' };

beforeAll(async () => {
  sim = await startSoftwareOneSimulator({ now: clock.now });
});
afterAll(() => sim.close());
beforeEach(() => sim.reset());

const tokens = (suffix = '') => `${sim.url}/public/v1/accounts/api-tokens${suffix}`;
const create = (body: Record<string, unknown>) =>
  call(tokens(), {
    method: 'POST',
    headers: jsonAuth,
    body: JSON.stringify({ account: { id: SOFTWAREONE_DEMO_ACCOUNT.id }, ...body }),
  });
const put = (id: string, body: unknown) => call(tokens(`/${id}`), { method: 'PUT', headers: jsonAuth, body: JSON.stringify(body) });
const post = (suffix: string) => call(tokens(suffix), { method: 'POST', headers: auth });

describe('authentication and the caller', () => {
  it("lets a client find its account by reading its own token's id", async () => {
    expect(sim.tokenId).toBe('TKN-0000-0001');
    const own = await call(tokens(`/${sim.tokenId}`), { headers: auth });
    expect(own.status).toBe(200);
    expect(own.body.account).toEqual(SOFTWAREONE_DEMO_ACCOUNT);
    expect(own.body.account).toMatchObject({ type: 'Client', status: 'Active' });
    expect(own.body.modules.map((module: { id: string }) => module.id)).toEqual(sim.moduleIds);
    // The default reading returns the secret on reads too (SOFTWAREONE_READINGS.tokenOnRead).
    expect(own.body.token).toBe(SOFTWAREONE_DEMO_TOKEN);
  });

  it('answers 401 with an RFC 7807 body to a missing or unknown bearer token', async () => {
    for (const headers of [{}, bearer('idt:TKN-9999-9999:nope'), { authorization: SOFTWAREONE_DEMO_TOKEN }]) {
      const reply = await call(tokens(), { headers });
      expect(reply.status).toBe(401);
      expect(reply.headers.get('content-type')).toBe('application/problem+json');
      expect(reply.body).toMatchObject({ title: 'Unauthorized', status: 401 });
      expect(reply.body.traceId).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-00$/);
    }
  });

  it("accepts a new token's secret, records lastAccessAt, and refuses it once disabled or deleted", async () => {
    const created = (await create({ name: 'worker' })).body as SoftwareOneApiToken;
    const secret = created.token!;
    expect(secret).toMatch(new RegExp(`^idt:${created.id}:.+$`));
    clock.advance(5000);
    expect((await call(tokens(`/${created.id}`), { headers: bearer(secret) })).status).toBe(200);
    expect(sim.store.get(created.id)?.lastAccessAt).toBe(new Date(clock.now()).toISOString());
    await post(`/${created.id}/disable`);
    expect((await call(tokens(), { headers: bearer(secret) })).status).toBe(401);
    await post(`/${created.id}/enable`);
    expect((await call(tokens(), { headers: bearer(secret) })).status).toBe(200);
    await call(tokens(`/${created.id}`), { method: 'DELETE', headers: auth });
    expect((await call(tokens(), { headers: bearer(secret) })).status).toBe(401);
  });

  it('refuses a credential that is not an idt: secret', async () => {
    await expect(startSoftwareOneSimulator({ credential: 'plain-secret' })).rejects.toThrow(/idt:TKN-NNNN-NNNN/);
    await expect(startSoftwareOneSimulator({ credential: 'plain-secret' })).rejects.not.toThrow(/plain-secret/);
  });
});

describe('create', () => {
  it('answers 201 with the full token: Active, revision 1, the secret, audit omitted', async () => {
    const reply = await create({
      name: 'CI token',
      description: 'for CI',
      icon: '/icons/ci.png',
      modules: [{ id: sim.moduleIds[0] }],
    });
    expect(reply.status).toBe(201);
    expect(reply.body).toMatchObject({
      name: 'CI token',
      description: 'for CI',
      icon: '/icons/ci.png',
      status: 'Active',
      revision: 1,
      account: SOFTWAREONE_DEMO_ACCOUNT,
      modules: [{ id: sim.moduleIds[0], name: 'Access Management' }],
      $meta: { omitted: ['audit'] },
    });
    expect(reply.body.id).toMatch(/^TKN-\d{4}-\d{4}$/);
    expect(reply.body.audit).toBeUndefined();
    expect(sim.store.get(reply.body.id)?.audit?.created.by).toEqual({ id: sim.tokenId, name: 'Demo API token' });
  });

  it('omits null and empty fields instead of sending null', async () => {
    const reply = await create({ name: 'bare' });
    for (const field of ['description', 'icon', 'lastAccessAt', 'modules', 'extensions']) {
      expect(reply.body).not.toHaveProperty(field);
    }
  });

  it.each([
    ['a missing name', {}, 'name'],
    ['a blank name', { name: '  ' }, 'name'],
    ['a name over 200 characters', { name: 'x'.repeat(201) }, 'name'],
    ['a name with a forbidden character', { name: 'ci/cd' }, 'name'],
    ['an unknown module', { name: 'x', modules: [{ id: 'MOD-0000' }] }, 'modules[0].id'],
    ['an unknown key', { name: 'x', status: 'Disabled' }, 'status'],
    ['an unknown account', { name: 'x', account: { id: 'ACC-0000-0000' } }, 'account.id'],
  ])('answers 400 with an errors map to %s', async (_case, body, field) => {
    const reply = await create(body);
    expect(reply.status).toBe(400);
    expect(reply.body).toMatchObject({ title: 'Bad Request', status: 400 });
    expect(reply.body.errors[field]).toEqual([expect.any(String)]);
    expect(sim.store.size).toBe(1);
  });

  it("accepts letters of any script, digits, space and - . ' \"", async () => {
    expect((await create({ name: `Zoë's "prod" token-2.0 ß` })).status).toBe(201);
  });

  it('answers 415 to a non-JSON body', async () => {
    const reply = await call(tokens(), { method: 'POST', headers: { ...auth, 'content-type': 'text/plain' }, body: 'x' });
    expect(reply.status).toBe(415);
  });
});

describe('get', () => {
  it('omits audit unless select=+audit', async () => {
    const id = (await create({ name: 'x' })).body.id;
    const plain = await call(tokens(`/${id}`), { headers: auth });
    expect(plain.body.audit).toBeUndefined();
    expect(plain.body.$meta).toEqual({ omitted: ['audit'] });
    const audited = await call(tokens(`/${id}?select=+audit`), { headers: auth });
    expect(audited.body.audit).toEqual({
      created: { at: new Date(clock.now()).toISOString(), by: { id: sim.tokenId, name: 'Demo API token' } },
      updated: { at: new Date(clock.now()).toISOString(), by: { id: sim.tokenId, name: 'Demo API token' } },
    });
    expect(audited.body.$meta).toBeUndefined();
  });

  it('returns the secret in every answer by default, and only on create under the create-only reading', async () => {
    const id = (await create({ name: 'x' })).body.id;
    expect((await call(tokens(`/${id}`), { headers: auth })).body.token).toBe(sim.store.secretOf(id));
    expect((await call(tokens(), { headers: auth })).body.data.every((t: SoftwareOneApiToken) => t.token === sim.store.secretOf(t.id))).toBe(true);
    const createOnly = await startSoftwareOneSimulator({ readings: { tokenOnRead: 'create-only' } });
    try {
      const headers = { ...auth, 'content-type': 'application/json' };
      const made = await call(`${createOnly.url}/public/v1/accounts/api-tokens`, { method: 'POST', headers, body: JSON.stringify({ account: { id: createOnly.accountId }, name: 'y' }) });
      expect(made.body.token).toBe(createOnly.store.secretOf(made.body.id));
      const own = await call(`${createOnly.url}/public/v1/accounts/api-tokens/${createOnly.tokenId}`, { headers: auth });
      expect(own.body.token).toBeUndefined();
      expect((await call(`${createOnly.url}/public/v1/accounts/api-tokens`, { headers: auth })).body.data.every((t: SoftwareOneApiToken) => t.token === undefined)).toBe(true);
    } finally {
      await createOnly.close();
    }
  });

  it('answers 404 to an unknown id', async () => {
    const reply = await call(tokens('/TKN-9999-9999'), { headers: auth });
    expect(reply.status).toBe(404);
    expect(reply.body.status).toBe(404);
  });
});

describe('update (PUT is a delta)', () => {
  let id: string;
  beforeEach(async () => {
    id = (await create({ name: 'orig', description: 'desc', icon: '/i.png', modules: [{ id: sim.moduleIds[0] }] })).body.id;
  });

  it('changes only the supplied fields and bumps the revision', async () => {
    clock.advance(1000);
    const reply = await put(id, { name: 'renamed' });
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({ name: 'renamed', description: 'desc', icon: '/i.png', revision: 2 });
    expect(reply.body.modules).toHaveLength(1);
    expect(sim.store.get(id)?.audit?.updated.at).toBe(new Date(clock.now()).toISOString());
  });

  it('clears description and icon on explicit null', async () => {
    const reply = await put(id, { description: null, icon: null });
    expect(reply.body).not.toHaveProperty('description');
    expect(reply.body).not.toHaveProperty('icon');
  });

  it('replaces the whole module set', async () => {
    const reply = await put(id, { modules: [{ id: sim.moduleIds[1] }, { id: sim.moduleIds[2] }] });
    expect(reply.body.modules.map((module: { id: string }) => module.id)).toEqual([sim.moduleIds[1], sim.moduleIds[2]]);
    expect((await put(id, { modules: [] })).body).not.toHaveProperty('modules');
  });

  it('leaves the revision alone when nothing changes', async () => {
    expect((await put(id, {})).body.revision).toBe(1);
    expect((await put(id, { name: 'orig' })).body.revision).toBe(1);
  });

  it.each([['modules', null], ['id', 'TKN-0000-0002'], ['account', { id: 'ACC-9999-9999' }], ['status', 'Disabled'], ['token', 'x'], ['revision', 5], ['audit', {}], ['$meta', {}]])(
    'answers 400 to %s = %j',
    async (key, value) => {
      const reply = await put(id, { [key]: value });
      expect(reply.status).toBe(400);
      expect(reply.body.errors).toHaveProperty(key);
      expect(sim.store.get(id)?.revision).toBe(1);
    },
  );

  it('answers 404 to an unknown or deleted token', async () => {
    expect((await put('TKN-9999-9999', { name: 'x' })).status).toBe(404);
    await call(tokens(`/${id}`), { method: 'DELETE', headers: auth });
    expect((await put(id, { name: 'x' })).status).toBe(404);
  });
});

describe('enable, disable, delete', () => {
  it('moves Active → Disabled → Active, with 400 on a repeated transition (the default reading)', async () => {
    const id = (await create({ name: 'x' })).body.id;
    const disabled = await post(`/${id}/disable`);
    expect(disabled.status).toBe(200);
    expect(disabled.body).toMatchObject({ status: 'Disabled', revision: 2 });
    const again = await post(`/${id}/disable`);
    expect(again.status).toBe(400);
    expect(again.body.title).toBe('Bad Request');
    expect((await post(`/${id}/enable`)).body.status).toBe('Active');
    expect((await post(`/${id}/enable`)).status).toBe(400);
    expect((await post('/TKN-9999-9999/enable')).status).toBe(404);
  });

  it('soft-deletes: 204 empty, then hidden from get, list, delete and actions', async () => {
    const id = (await create({ name: 'x' })).body.id;
    const reply = await call(tokens(`/${id}`), { method: 'DELETE', headers: auth });
    expect(reply.status).toBe(204);
    expect(reply.text).toBe('');
    expect(sim.store.get(id)?.status).toBe('Deleted');
    expect((await call(tokens(`/${id}`), { headers: auth })).status).toBe(404);
    expect((await call(tokens(`/${id}`), { method: 'DELETE', headers: auth })).status).toBe(404);
    expect((await post(`/${id}/enable`)).status).toBe(404);
    const listed = await call(tokens(), { headers: auth });
    expect(listed.body.data.map((token: SoftwareOneApiToken) => token.id)).toEqual([sim.tokenId]);
  });
});

describe('list and RQL', () => {
  beforeEach(() => {
    sim.store.seed({ name: 'CI deploy', description: 'ci' });
    sim.store.seed({ name: 'ci nightly', status: 'Disabled' });
    sim.store.seed({ name: 'Billing export' });
    sim.store.seed({ name: 'star*name' });
    sim.store.seed({ name: 'gone', status: 'Deleted' });
  });

  const names = async (query: string) => {
    const reply = await call(tokens(`?${query}`), { headers: auth });
    expect(reply.status).toBe(200);
    return reply.body.data.map((token: SoftwareOneApiToken) => token.name);
  };

  it('answers with the $meta/data envelope, audit reported as omitted', async () => {
    const reply = await call(tokens('?limit=2&offset=1'), { headers: auth });
    expect(reply.body.$meta).toEqual({ pagination: { offset: 1, limit: 2, total: 5 }, omitted: ['audit'] });
    expect(reply.body.data.map((token: SoftwareOneApiToken) => token.name)).toEqual(['CI deploy', 'ci nightly']);
    expect(reply.body.data[0]).not.toHaveProperty('$meta');
  });

  it('defaults limit to 1000 and caps an explicit limit at 100; limit=0 gives only the total', async () => {
    expect((await call(tokens(), { headers: auth })).body.$meta.pagination).toEqual({ offset: 0, limit: 1000, total: 5 });
    expect((await call(tokens('?limit=500'), { headers: auth })).body.$meta.pagination.limit).toBe(100);
    const zero = await call(tokens('?limit=0'), { headers: auth });
    expect(zero.body).toMatchObject({ data: [], $meta: { pagination: { total: 5 } } });
  });

  it('filters with eq, ne, and, or and ilike (* wildcard, \\* literal)', async () => {
    expect(await names('and(eq(status,Active),ilike(name,*ci*))')).toEqual(['CI deploy']);
    expect(await names('or(eq(name,gone),eq(status,Disabled))')).toEqual(['ci nightly']);
    expect(await names('ne(status,Active)')).toEqual(['ci nightly']);
    expect(await names('ilike(name,*\\**)')).toEqual(['star*name']);
    expect(await names('ilike(name,star*)')).toEqual(['star*name']);
    expect(await names('eq(description,ci)')).toEqual(['CI deploy']);
    expect(await names(`eq(account.id,${SOFTWAREONE_DEMO_ACCOUNT.id})&limit=2`)).toHaveLength(2);
  });

  it('also takes not, like, in, out and null()', async () => {
    expect(await names('not(eq(status,Active))')).toEqual(['ci nightly']);
    expect(await names('like(name,ci*)')).toEqual(['ci nightly']);
    expect(await names('in(status,(Disabled,Deleted))')).toEqual(['ci nightly']);
    expect(await names('and(out(status,(Disabled)),ilike(name,*e*))')).toEqual(['Demo API token', 'CI deploy', 'Billing export', 'star*name']);
    expect(await names('and(eq(description,null()),eq(status,Active))')).toEqual(['Billing export', 'star*name']);
  });

  it('reads quoted values in either quote, with backslash escapes', async () => {
    sim.store.seed({ name: 'say "hi"' });
    sim.store.seed({ name: "it's" });
    expect(await names('eq(name,"say \\"hi\\"")')).toEqual(['say "hi"']);
    expect(await names("eq(name,'it\\'s')")).toEqual(["it's"]);
    expect(await names(encodeURIComponent('eq(name,"CI deploy")'))).toEqual(['CI deploy']);
    expect(await names(`eq(id,"${sim.tokenId}")`)).toEqual(['Demo API token']);
  });

  it('takes the field=value shortcut but refuses rql=…', async () => {
    expect(await names('status=Disabled')).toEqual(['ci nightly']);
    const reply = await call(tokens(`?rql=${encodeURIComponent('eq(status,Active)')}`), { headers: auth });
    expect(reply.status).toBe(400);
    expect(reply.body.detail).toBe('Invalid equals shortcut');
  });

  it('answers 400 "Unknown expression group" to unknown functions and malformed expressions', async () => {
    for (const query of ['frobnicate(name,x)', 'eq(name,x', 'and()', 'eq(name)', 'eq(name,x)extra']) {
      const reply = await call(tokens(`?${query}`), { headers: auth });
      expect(reply.status).toBe(400);
      expect(reply.body.detail).toBe('Unknown expression group');
    }
    expect((await call(tokens('?eq(secretSauce,x)'), { headers: auth })).status).toBe(400);
  });

  it('orders by a comma list, - for descending', async () => {
    expect(await names('order=-name')).toEqual(['star*name', 'ci nightly', 'Demo API token', 'CI deploy', 'Billing export']);
    expect(await names('order=status,name&limit=3')).toEqual(['Billing export', 'CI deploy', 'Demo API token']);
    expect((await call(tokens('?order=lastAccessAt'), { headers: auth })).status).toBe(400);
  });

  it('adds audit with select=+audit', async () => {
    const reply = await call(tokens('?select=+audit&limit=1'), { headers: auth });
    expect(reply.body.data[0].audit.created.by).toEqual({ id: 'USR-0000-0001', name: 'Demo User' });
    expect(reply.body.$meta).not.toHaveProperty('omitted');
  });
});

describe('errors in list form', () => {
  it('can be emitted through a status fault, for clients that must decode both forms', async () => {
    const listForm = {
      type: 'https://tools.ietf.org/html/rfc9110#section-15.5.1',
      title: 'Bad Request',
      status: 400,
      traceId: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-00',
      errors: [{ message: 'Name is required.', properties: ['name'], id: 'VAL-001' }],
    };
    sim.faults.add({ method: 'POST', path: '/public/v1/accounts/api-tokens', phase: 'before', kind: 'status', status: 400, body: listForm, headers: { 'content-type': 'application/problem+json' } });
    const reply = await create({ name: 'x' });
    expect(reply.status).toBe(400);
    expect(reply.headers.get('content-type')).toBe('application/problem+json');
    expect(reply.body).toEqual(listForm);
    expect(sim.store.size).toBe(1);
  });
});

describe('reference page examples', () => {
  it('answers the update example (placeholders made valid) with the documented shape', async () => {
    const id = (await create({ name: 'x' })).body.id;
    const reply = await put(id, softwareOneUpdateExample(sim.moduleIds[0]!, 'From the page'));
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({ name: 'From the page', modules: [{ id: sim.moduleIds[0] }], revision: 2 });
    // The page shows every field; a live answer leaves out audit (unless selected) and an unset
    // lastAccessAt, and adds the v5 revision, which the page predates.
    const page = loadFixture('softwareone-put-response').body;
    const documented = Object.keys(page).filter((key) => !['audit', 'lastAccessAt'].includes(key));
    expect(Object.keys(reply.body).sort()).toEqual([...documented, 'revision'].sort());
    expect(Object.keys(page.account)).toEqual(expect.arrayContaining(Object.keys(reply.body.account)));
    const audited = await call(tokens(`/${id}?select=+audit`), { headers: auth });
    expect(shapeOf(audited.body.audit.created)).toEqual({ at: 'string', by: { id: 'string', name: 'string' } });
  });
});

describe('scale', () => {
  it('filters, orders and pages 100,000 tokens', async () => {
    sim.store.generate(100_000, 'bulk-');
    const page = await call(tokens('?order=-name&limit=100&offset=100'), { headers: auth });
    expect(page.body.$meta.pagination.total).toBe(100_001);
    expect(page.body.data[0].name).toBe('bulk-099900');
    for (let offset = 0; offset < 500; offset += 100) {
      const next = await call(tokens(`?order=-name&limit=100&offset=${offset}`), { headers: auth });
      expect(next.body.data).toHaveLength(100);
    }
    const filtered = await call(tokens('?and(eq(status,Active),ilike(name,*99999))'), { headers: auth });
    expect(filtered.body.data.map((token: SoftwareOneApiToken) => token.name)).toEqual(['bulk-099999']);
  }, SCALE_TEST_TIMEOUT_MS);
});
