import { inspect } from 'node:util';
import { createTokenManager, TokenBridgeError } from '@tokenbridge/core';
import { datoCmsUpdateExample, REDACTED } from '@tokenbridge/testing';
import { datocms, DATOCMS_CAPABILITIES } from '@tokenbridge/datocms';
import { closeAll, fails, ok, providerFor, simulator, WRONG_API_TOKEN } from './support';

afterEach(closeAll);

describe('headers', () => {
  it('every request carries Bearer auth, Accept and X-Api-Version; bodies the JSON:API content type, bodiless requests none', async () => {
    const sim = await simulator();
    const { provider } = providerFor(sim);
    const created = await ok(provider.create({ name: 'headers', extra: { roleId: sim.roleId } }));
    await ok(provider.get(created.id));
    await ok(provider.list());
    await ok(provider.update(created.id, { name: 'headers 2' }));
    await ok(provider.regenerate(created.id));
    await ok(provider.delete(created.id));
    const log = sim.requests.all();
    expect(log.map((r) => r.method)).toEqual(['POST', 'GET', 'GET', 'GET', 'PUT', 'POST', 'DELETE']);
    for (const request of log) {
      expect(request.headers).toMatchObject({
        authorization: REDACTED,
        accept: 'application/json',
        'x-api-version': '3',
      });
      expect(request.headers['content-type']).toBe(request.body === undefined ? undefined : 'application/vnd.api+json');
      expect(request.headers['x-environment']).toBeUndefined();
    }
    expect(log.filter((r) => r.body !== undefined).map((r) => r.method)).toEqual(['POST', 'PUT']);
  });

  it('the credential goes as a Bearer token', async () => {
    const sim = await simulator();
    // The log redacts the value; the simulator accepting it shows the format.
    expect((await ok(providerFor(sim).provider.list())).items.length).toBeGreaterThan(0);
    expect(await fails(providerFor(sim, { apiToken: WRONG_API_TOKEN }).provider.list())).toMatchObject({ _tag: 'Unauthorized' });
  });

  it('X-Environment is sent when an environment is set', async () => {
    const sim = await simulator();
    await ok(providerFor(sim, { environment: 'sandbox-2' }).provider.list());
    expect(sim.requests.all()[0]?.headers['x-environment']).toBe('sandbox-2');
  });

  it('the factory rejects a missing credential and a malformed environment, naming the option but not the value', () => {
    expect(() => datocms({ apiToken: '' })).toThrow(/apiToken/);
    expect(() => datocms({ apiToken: undefined as unknown as string })).toThrow(/apiToken is required/);
    try {
      datocms({ apiToken: 'abc', environment: 'a\r\nX-Evil: 1' });
      throw new Error('expected a throw');
    } catch (e) {
      expect(TokenBridgeError.isInstance(e) && e.error).toMatchObject({ _tag: 'Validation', issues: [{ path: 'environment' }] });
      expect(String(e)).not.toContain('X-Evil');
    }
  });

  it('declares the capabilities it implements', () => {
    expect(datocms({ apiToken: 'x'.repeat(30) }).capabilities).toBe(DATOCMS_CAPABILITIES);
  });
});

describe('create', () => {
  it('sends the name, the three flags (false unless given) and the role; returns the secret', async () => {
    const sim = await simulator();
    const { provider } = providerFor(sim);
    const token = await ok(provider.create({ name: 'new', extra: { roleId: sim.roleId, canAccessCda: true } }));
    expect(sim.requests.all()[0]?.body).toStrictEqual({
      data: {
        type: 'access_token',
        attributes: { name: 'new', can_access_cda: true, can_access_cda_preview: false, can_access_cma: false },
        relationships: { role: { data: { type: 'role', id: sim.roleId } } },
      },
    });
    expect(token.secret?.reveal()).toBe(sim.store.secretOf(token.id));
    expect(token.extra).toMatchObject({ roleId: sim.roleId, canAccessCda: true, canAccessCdaPreview: false, canAccessCma: false, hardcodedType: null });
  });

  it('without a role it is Validation on extra.roleId and sends nothing', async () => {
    const sim = await simulator();
    const { provider } = providerFor(sim);
    expect(await fails(provider.create({ name: 'no role' }))).toMatchObject({ _tag: 'Validation', issues: [{ path: 'extra.roleId' }] });
    expect(await fails(provider.create({ name: 'no role', extra: {} as { roleId: string } }))).toMatchObject({
      _tag: 'Validation',
      issues: [{ path: 'extra.roleId' }],
    });
    expect(sim.requests.all()).toHaveLength(0);
  });

  it('a 429 is retried (the vendor did not act), a 503 is not (it may have)', async () => {
    const sim = await simulator();
    const { provider } = providerFor(sim);
    sim.faults.add({ method: 'POST', path: '/access_tokens', phase: 'before', kind: 'status', status: 429, headers: { 'x-ratelimit-reset': '0' }, body: {} });
    await ok(provider.create({ name: 'after 429', extra: { roleId: sim.roleId } }));
    expect(sim.requests.filter({ method: 'POST' })).toHaveLength(2);
    sim.requests.clear();
    sim.faults.add({ method: 'POST', path: '/access_tokens', phase: 'after', kind: 'status', status: 503, body: {} });
    expect(await fails(provider.create({ name: 'after 503', extra: { roleId: sim.roleId } }))).toMatchObject({ _tag: 'Server', outcomeUnknown: true, retryable: false });
    expect(sim.requests.filter({ method: 'POST' })).toHaveLength(1);
  });
});

describe('reads', () => {
  it('get and list carry the secret (secretOnRead), never in raw or extra', async () => {
    const sim = await simulator();
    const { provider } = providerFor(sim);
    const created = await ok(provider.create({ name: 'read me', extra: { roleId: sim.roleId } }));
    const secret = created.secret?.reveal() ?? '';
    const read = await ok(provider.get(created.id));
    const listed = (await ok(provider.list({ nameContains: 'read me' }))).items;
    expect(listed.map((t) => t.id)).toEqual([created.id]);
    for (const token of [read, ...listed]) {
      expect(token.secret?.reveal()).toBe(secret);
      expect(inspect(token.raw, { depth: Infinity }) + JSON.stringify(token.extra) + JSON.stringify(token)).not.toContain(secret);
    }
  });

  it('list returns the built-in tokens too, and pages on the client from one GET per page', async () => {
    const sim = await simulator();
    const { provider } = providerFor(sim);
    sim.store.generate(5, 'gen-');
    const all = (await ok(provider.list({ orderBy: 'name' }))).items;
    expect(all.map((t) => t.name)).toEqual(['Full-access API token', 'gen-1', 'gen-2', 'gen-3', 'gen-4', 'gen-5', 'Read-only API token']);
    expect(all.filter((t) => t.extra.hardcodedType !== null).map((t) => t.id).sort()).toEqual([sim.fullAccessTokenId, sim.readOnlyTokenId].sort());
    sim.requests.clear();
    const first = await ok(provider.list({ nameContains: 'GEN-', pageSize: 2, order: 'desc', orderBy: 'name' }));
    expect(first.items.map((t) => t.name)).toEqual(['gen-5', 'gen-4']);
    const second = await ok(provider.list({ cursor: first.nextCursor ?? '' }));
    expect(second.items.map((t) => t.name)).toEqual(['gen-3', 'gen-2']);
    expect(sim.requests.all().map((r) => `${r.method} ${r.path}?${r.query}`)).toEqual(['GET /access_tokens?', 'GET /access_tokens?']);
  });

  it('ordering by creation time is Unsupported (the vendor has no timestamps), sending nothing', async () => {
    const sim = await simulator();
    expect(await fails(providerFor(sim).provider.list({ orderBy: 'createdAt' }))).toMatchObject({ _tag: 'Unsupported' });
    expect(sim.requests.all()).toHaveLength(0);
  });
});

describe('update (read-modify-write)', () => {
  it('a name-only patch sends a PUT carrying all required attributes with the old values and the role', async () => {
    const sim = await simulator();
    const { provider } = providerFor(sim);
    const seeded = sim.store.seed({ attributes: { name: 'before', can_access_cda: false, can_access_cda_preview: true, can_access_cma: true } });
    const updated = await ok(provider.update(seeded.id, { name: 'after' }));
    const log = sim.requests.all();
    expect(log.map((r) => `${r.method} ${r.path}`)).toEqual([`GET /access_tokens/${seeded.id}`, `PUT /access_tokens/${seeded.id}`]);
    expect(log[1]?.body).toStrictEqual({
      data: {
        type: 'access_token',
        id: seeded.id,
        attributes: { name: 'after', can_access_cda: false, can_access_cda_preview: true, can_access_cma: true },
        relationships: { role: { data: { type: 'role', id: sim.roleId } } },
      },
    });
    expect(updated).toMatchObject({ name: 'after', extra: { canAccessCda: false, canAccessCdaPreview: true, canAccessCma: true, roleId: sim.roleId } });
  });

  it("the PUT body deep-equals seed page 004's example for the same values", async () => {
    const sim = await simulator();
    const { provider } = providerFor(sim);
    const seeded = sim.store.seed({ attributes: { name: 'old name', can_access_cda: false, can_access_cda_preview: false, can_access_cma: false } });
    await ok(provider.update(seeded.id, { name: 'Read-only API token', extra: { canAccessCda: true, canAccessCdaPreview: true, canAccessCma: true } }));
    expect(sim.requests.filter({ method: 'PUT' })[0]?.body).toStrictEqual(datoCmsUpdateExample(seeded.id, sim.roleId));
  });

  it('a patched role and flags go into the PUT; the rest keeps its value', async () => {
    const sim = await simulator();
    const { provider } = providerFor(sim);
    const other = sim.store.seedRole({ name: 'Editors', can_manage_access_tokens: false });
    const seeded = sim.store.seed({ attributes: { name: 'keep', can_access_cda: true, can_access_cda_preview: false, can_access_cma: false } });
    await ok(provider.update(seeded.id, { extra: { roleId: other.id, canAccessCma: true } }));
    expect(sim.store.get(seeded.id)).toMatchObject({
      attributes: { name: 'keep', can_access_cda: true, can_access_cda_preview: false, can_access_cma: true },
      relationships: { role: { data: { type: 'role', id: other.id } } },
    });
  });

  it('a token whose role is null is sent without relationships', async () => {
    const sim = await simulator();
    const { provider } = providerFor(sim);
    const seeded = sim.store.seed({ attributes: { name: 'role-less' }, relationships: { role: { data: null } } });
    await ok(provider.update(seeded.id, { name: 'still role-less' }));
    const body = sim.requests.filter({ method: 'PUT' })[0]?.body as { data: Record<string, unknown> };
    expect(Object.keys(body.data).sort()).toEqual(['attributes', 'id', 'type']);
    expect(sim.store.get(seeded.id)?.relationships.role.data).toBeNull();
  });

  it('given a Token read earlier, it sends only the PUT', async () => {
    const sim = await simulator();
    const { provider } = providerFor(sim);
    const created = await ok(provider.create({ name: 'base', extra: { roleId: sim.roleId, canAccessCda: true } }));
    sim.requests.clear();
    await ok(provider.update(created, { name: 'from base' }));
    expect(sim.requests.all().map((r) => r.method)).toEqual(['PUT']);
    expect(sim.store.get(created.id)?.attributes).toMatchObject({ name: 'from base', can_access_cda: true });
  });

  it('a patch equal to the current state sends no PUT', async () => {
    const sim = await simulator();
    const { provider } = providerFor(sim);
    const created = await ok(provider.create({ name: 'same', extra: { roleId: sim.roleId, canAccessCma: true } }));
    sim.requests.clear();
    const same = await ok(provider.update(created.id, { name: 'same', extra: { roleId: sim.roleId, canAccessCma: true, canAccessCda: false } }));
    expect(same.name).toBe('same');
    expect(sim.requests.all().map((r) => r.method)).toEqual(['GET']);
    await ok(provider.update(created, {}));
    expect(sim.requests.all()).toHaveLength(1);
  });

  it("a built-in token's update is refused with Forbidden, nothing sent but the GET", async () => {
    const sim = await simulator();
    const { provider } = providerFor(sim);
    expect(await fails(provider.update(sim.readOnlyTokenId, { name: 'renamed' }))).toMatchObject({
      _tag: 'Forbidden',
      vendorCode: 'NON_EDITABLE_ACCESS_TOKEN',
      operation: 'update',
      retryable: false,
    });
    expect(sim.requests.all().map((r) => `${r.method} ${r.path}`)).toEqual([`GET /access_tokens/${sim.readOnlyTokenId}`]);
    expect(sim.store.get(sim.readOnlyTokenId)?.attributes.name).toBe('Read-only API token');
  });

  it("the vendor's own refusal of a built-in token (a stale base) is Forbidden too", async () => {
    const sim = await simulator();
    const { provider } = providerFor(sim);
    const builtIn = await ok(provider.get(sim.readOnlyTokenId));
    // A base that claims to be API-made gets past our check; the vendor's 401 NON_EDITABLE_ACCESS_TOKEN stops it.
    const forged = { ...builtIn, extra: { ...builtIn.extra, hardcodedType: null } };
    expect(await fails(provider.update(forged, { name: 'renamed' }))).toMatchObject({ _tag: 'Forbidden', status: 401, vendorCode: 'NON_EDITABLE_ACCESS_TOKEN' });
  });

  it('a missing token is NotFound from the GET, with no PUT', async () => {
    const sim = await simulator();
    expect(await fails(providerFor(sim).provider.update('424242', { name: 'x' }))).toMatchObject({ _tag: 'NotFound', operation: 'update' });
    expect(sim.requests.filter({ method: 'PUT' })).toHaveLength(0);
  });

  it('description, expiry, status and ifVersion are Unsupported, sending nothing', async () => {
    const sim = await simulator();
    const { provider } = providerFor(sim);
    for (const patch of [{ description: 'd' }, { expiresAt: null }, { status: 'disabled' as const }, { name: 'x', ifVersion: '1' }]) {
      expect(await fails(provider.update('1', patch))).toMatchObject({ _tag: 'Unsupported' });
    }
    expect(await fails(provider.create({ name: 'x', expiresAt: new Date(Date.now() + 86_400_000), extra: { roleId: sim.roleId } }))).toMatchObject({
      _tag: 'Unsupported',
      feature: 'expiresAt',
    });
    expect(sim.requests.all()).toHaveLength(0);
  });
});

describe('regenerate', () => {
  it('posts regenerate_token and returns the new secret; the old one stops working', async () => {
    const sim = await simulator();
    const { provider } = providerFor(sim);
    const created = await ok(provider.create({ name: 'rotate me', extra: { roleId: sim.roleId, canAccessCma: true } }));
    sim.requests.clear();
    const regenerated = await ok(provider.regenerate(created.id));
    expect(sim.requests.all().map((r) => `${r.method} ${r.path}`)).toEqual([`POST /access_tokens/${created.id}/regenerate_token`]);
    expect(regenerated.secret?.reveal()).toBe(sim.store.secretOf(created.id));
    expect(regenerated.secret?.reveal()).not.toBe(created.secret?.reveal());
    const oldSecret = created.secret?.reveal() ?? '';
    expect(await fails(providerFor(sim, { apiToken: oldSecret }).provider.list())).toMatchObject({ _tag: 'Unauthorized' });
  });

  it('works on a built-in token', async () => {
    const sim = await simulator();
    const { provider } = providerFor(sim);
    const before = sim.store.secretOf(sim.readOnlyTokenId);
    const regenerated = await ok(provider.regenerate(sim.readOnlyTokenId));
    expect(regenerated.extra.hardcodedType).toBe('readonly');
    expect(regenerated.secret?.reveal()).not.toBe(before);
  });

  it('is not repeated after a 5xx (it may have happened)', async () => {
    const sim = await simulator();
    const { provider } = providerFor(sim);
    const created = sim.store.seed({ attributes: { name: 'x' } });
    sim.faults.add({ method: 'POST', phase: 'after', kind: 'status', status: 502, body: {} });
    expect(await fails(provider.regenerate(created.id))).toMatchObject({ _tag: 'Server', outcomeUnknown: true });
    expect(sim.requests.all()).toHaveLength(1);
  });
});

describe('delete', () => {
  it('transfers what the token owns to the destination given', async () => {
    const sim = await simulator();
    const { provider } = providerFor(sim);
    const owner = sim.store.seed({ attributes: { name: 'owner' }, ownsResources: 3 });
    const heir = sim.store.seed({ attributes: { name: 'heir' } });
    expect(await fails(provider.delete(owner.id))).toMatchObject({ _tag: 'Validation', vendorCode: 'DESTINATION_USER_REQUIRED' });
    sim.requests.clear();
    await ok(provider.delete(owner.id, { transferTo: { type: 'access_token', id: heir.id } }));
    expect(sim.requests.all().map((r) => `${r.method} ${r.path}?${r.query}`)).toEqual([
      `DELETE /access_tokens/${owner.id}?destination_user_type=access_token&destination_user_id=${heir.id}`,
    ]);
    expect(sim.store.get(owner.id)).toBeUndefined();
    expect(sim.store.ownedResources({ type: 'access_token', id: heir.id })).toBe(3);
  });

  it('rejects bad delete options with Validation, sending nothing', async () => {
    const sim = await simulator();
    const { provider } = providerFor(sim);
    expect(await fails(provider.delete('5', { transferTo: { type: 'robot' as 'user', id: '1' } }))).toMatchObject({ _tag: 'Validation' });
    expect(await fails(provider.delete('5', { force: true } as object))).toMatchObject({ _tag: 'Validation' });
    expect(sim.requests.all()).toHaveLength(0);
  });

  it("deleting the provider's own token is Forbidden (CANNOT_DESTROY_CURRENT_USER)", async () => {
    const sim = await simulator();
    expect(await fails(providerFor(sim).provider.delete(sim.fullAccessTokenId))).toMatchObject({
      _tag: 'Forbidden',
      vendorCode: 'CANNOT_DESTROY_CURRENT_USER',
    });
  });
});

describe('rotation support', () => {
  it('copies name, role and flags; the old token hands what it owns to the replacement', async () => {
    const sim = await simulator();
    const { provider } = providerFor(sim);
    const old = await ok(provider.create({ name: 'svc', extra: { roleId: sim.roleId, canAccessCda: true, canAccessCma: true } }));
    const input = provider.rotation?.replacementInput(old);
    expect(input).toEqual({ name: 'svc', extra: { roleId: sim.roleId, canAccessCda: true, canAccessCdaPreview: false, canAccessCma: true } });
    expect(provider.rotation?.deleteOptionsFor?.(old, { ...old, id: '77' })).toEqual({ transferTo: { type: 'access_token', id: '77' } });
  });

  it('the token manager rotates by replacement and deletes the old token with the transfer', async () => {
    const sim = await simulator();
    const { provider } = providerFor(sim);
    const old = sim.store.seed({ attributes: { name: 'svc', can_access_cma: true }, ownsResources: 2 });
    const manager = createTokenManager({ providers: { dato: provider } });
    const result = await manager.rotate({ provider: 'dato', id: old.id }, { strategy: 'replace', revokeOld: 'delete' });
    const replacementId = result.replacement?.id ?? '';
    expect(result).toMatchObject({ revoked: 'deleted', verification: { status: 'verified' } });
    expect(result.secret?.reveal()).toBe(sim.store.secretOf(replacementId));
    expect(sim.store.get(old.id)).toBeUndefined();
    expect(sim.store.ownedResources({ type: 'access_token', id: replacementId })).toBe(2);
    expect(sim.store.get(replacementId)?.attributes).toMatchObject({ name: 'svc', can_access_cma: true });
  });

  it('a role-less token cannot be copied: the create fails with Validation on extra.roleId, sending nothing', async () => {
    const sim = await simulator();
    const { provider } = providerFor(sim);
    const roleLess = await ok(provider.get(sim.store.seed({ attributes: { name: 'x' }, relationships: { role: { data: null } } }).id));
    sim.requests.clear();
    const input = provider.rotation?.replacementInput(roleLess) ?? { name: '' };
    expect(await fails(provider.create(input))).toMatchObject({ _tag: 'Validation', issues: [{ path: 'extra.roleId' }] });
    expect(sim.requests.all()).toHaveLength(0);
  });

  it('verifyCredential reads GET /site: verified, unverified without CMA access, Unauthorized when rejected', async () => {
    const sim = await simulator();
    const { provider } = providerFor(sim);
    const cma = await ok(provider.create({ name: 'cma', extra: { roleId: sim.roleId, canAccessCma: true } }));
    const cdaOnly = await ok(provider.create({ name: 'cda', extra: { roleId: sim.roleId, canAccessCda: true } }));
    const verify = provider.rotation?.verifyCredential;
    if (!verify || !cma.secret || !cdaOnly.secret) throw new Error('expected rotation support and secrets');
    sim.requests.clear();
    expect(await ok(verify(cma.secret))).toEqual({ status: 'verified' });
    expect(sim.requests.all().map((r) => `${r.method} ${r.path}`)).toEqual(['GET /site']);
    expect(await ok(verify(cdaOnly.secret))).toMatchObject({ status: 'unverified' });
    await ok(provider.regenerate(cma.id));
    expect(await fails(verify(cma.secret))).toMatchObject({ _tag: 'Unauthorized' });
  });

  it("usageOf reads the vendor's last-access buckets", async () => {
    const sim = await simulator();
    const { provider } = providerFor(sim);
    const unused = await ok(provider.create({ name: 'unused', extra: { roleId: sim.roleId } }));
    const now = new Date();
    expect(provider.usageOf?.(unused, now)).toEqual({ kind: 'never' });
    // The provider's own (built-in) token was used just now.
    const own = await ok(provider.get(sim.fullAccessTokenId));
    expect(provider.usageOf?.(own, now)).toEqual({ kind: 'used', latest: now, precision: 'approximate' });
  });
});

describe('paths', () => {
  it('ids are URL-encoded into the path', async () => {
    const sim = await simulator();
    await fails(providerFor(sim).provider.get('a:b'));
    expect(sim.requests.all()[0]?.path).toBe('/access_tokens/a%3Ab');
  });
});
