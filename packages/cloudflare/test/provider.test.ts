import { Secret, type TokenError } from '@tokenbridge/core';
import { DNS_READ_POLICY, WRONG_API_TOKEN, ZONE_READER, ZONE_READ_POLICY, closeAll, fails, ok, providerFor, simulator, virtualClock } from './support';

/**
 * The Cloudflare adapter against its simulator over real HTTP: user- and
 * account-owned tokens, the full-replacement PUT (concurrent updates of one
 * token included), the roll, verify, paging and errors.
 */

afterEach(closeAll);

const FUTURE = '2099-01-01T00:00:00Z';

describe('user- and account-owned tokens', () => {
  it('without accountId, every operation goes to /user/tokens', async () => {
    const sim = await simulator();
    const { provider } = providerFor(sim);
    const created = await ok(provider.create({ name: 'mine', extra: ZONE_READER }));
    await ok(provider.get(created.id));
    await ok(provider.update(created.id, { name: 'mine 2' }));
    await ok(provider.list());
    await ok(provider.delete(created.id));
    expect(sim.store.ownerOf(created.id)).toBeUndefined();
    expect(new Set(sim.requests.all().map((r) => r.path.replace(created.id, '{id}')))).toEqual(new Set(['/client/v4/user/tokens', '/client/v4/user/tokens/{id}']));
  });

  it('with accountId, the same operations go to /accounts/{id}/tokens and make account tokens', async () => {
    const sim = await simulator();
    const { provider } = providerFor(sim, { accountId: sim.accountId });
    const created = await ok(provider.create({ name: 'the account’s', extra: ZONE_READER }));
    expect(created.secret?.reveal()).toMatch(/^cfat_/);
    expect(sim.store.ownerOf(created.id)).toBe('account');
    expect((await ok(provider.list())).items.map((t) => t.id)).toEqual([created.id]);
    await ok(provider.delete(created.id));
    expect(sim.requests.all().every((r) => r.path.startsWith(`/client/v4/accounts/${sim.accountId}/tokens`))).toBe(true);
  });

  it('an accountId that could leave its path segment is refused at the factory, naming the option', async () => {
    const sim = await simulator();
    expect(() => providerFor(sim, { accountId: '../user' })).toThrow(/accountId is not valid/);
  });
});

describe('update: a full-replacement PUT, read-modify-write', () => {
  it('sends every writable field as read, with the patch laid over it', async () => {
    const sim = await simulator();
    const { provider } = providerFor(sim);
    const condition = { request_ip: { in: ['10.0.0.0/8'], not_in: ['10.1.0.0/16'] } };
    const created = await ok(provider.create({ name: 'full', expiresAt: new Date(FUTURE), extra: { policies: [ZONE_READ_POLICY, DNS_READ_POLICY], condition, notBefore: '2020-01-01T00:00:00Z' } }));
    sim.requests.clear();
    const updated = await ok(provider.update(created.id, { name: 'full renamed' }));
    const [get, put] = sim.requests.all();
    expect([get?.method, put?.method]).toEqual(['GET', 'PUT']);
    expect(put?.body).toEqual({
      name: 'full renamed',
      status: 'active',
      policies: created.extra.policies.map((p) => ({ id: p.id, effect: p.effect, resources: p.resources, permission_groups: p.permission_groups.map((g) => ({ id: g.id })) })),
      condition,
      expires_on: FUTURE,
      not_before: '2020-01-01T00:00:00Z',
    });
    expect(updated).toMatchObject({ name: 'full renamed', extra: { condition, notBefore: '2020-01-01T00:00:00Z' } });
    expect(updated.expiresAt?.toISOString()).toBe('2099-01-01T00:00:00.000Z');
  });

  it.each(['clear', 'keep'] as const)('clears expiry, not-before and condition whether the vendor %ss what a PUT leaves out', async (putOmitted) => {
    const sim = await simulator({ readings: { putOmitted } });
    const { provider } = providerFor(sim);
    const created = await ok(provider.create({ name: 'dated', expiresAt: new Date(FUTURE), extra: { ...ZONE_READER, condition: { request_ip: { in: ['10.0.0.0/8'] } }, notBefore: '2020-01-01T00:00:00Z' } }));
    await ok(provider.update(created.id, { expiresAt: null, extra: { notBefore: null, condition: null } }));
    expect(sim.store.get(created.id)).toMatchObject({ condition: {} });
    expect(sim.store.get(created.id)).not.toHaveProperty('expires_on');
    expect(sim.store.get(created.id)).not.toHaveProperty('not_before');
    // And a rename keeps a disabled token disabled under either reading.
    await ok(provider.update(created.id, { status: 'disabled' }));
    await ok(provider.update(created.id, { name: 'dated 2' }));
    expect(sim.store.get(created.id)).toMatchObject({ name: 'dated 2', status: 'disabled' });
  });

  it('concurrent updates of one token through one provider all land (they queue per token id)', async () => {
    const sim = await simulator();
    const { provider } = providerFor(sim);
    const created = await ok(provider.create({ name: 'busy', extra: ZONE_READER }));
    await Promise.all([
      ok(provider.update(created.id, { name: 'busy renamed' })),
      ok(provider.update(created.id, { status: 'disabled' })),
      ok(provider.update(created.id, { expiresAt: new Date(FUTURE) })),
      ok(provider.update(created.id, { extra: { notBefore: '2021-06-01T00:00:00Z' } })),
      ok(provider.update(created.id, { extra: { condition: { request_ip: { in: ['192.0.2.0/24'] } } } })),
      ok(provider.update(created.id, { extra: { policies: [DNS_READ_POLICY] } })),
    ]);
    const stored = sim.store.get(created.id);
    expect(stored).toMatchObject({ name: 'busy renamed', status: 'disabled', expires_on: FUTURE, not_before: '2021-06-01T00:00:00Z', condition: { request_ip: { in: ['192.0.2.0/24'] } } });
    expect(stored?.policies.map((p) => p.permission_groups.map((g) => g.id))).toEqual([[DNS_READ_POLICY.permission_groups[0].id]]);
  });

  it('a patch that changes nothing sends no PUT; an expired token reads expired', async () => {
    const sim = await simulator({ tokens: [{ name: 'old', expires_on: '2020-01-01T00:00:00Z' }] });
    const { provider } = providerFor(sim);
    const old = (await ok(provider.list({ status: 'expired' }))).items;
    expect(old.map((t) => t.name)).toEqual(['old']);
    sim.requests.clear();
    await ok(provider.update(old[0]!.id, { name: 'old' }));
    expect(sim.requests.all().map((r) => r.method)).toEqual(['GET']);
  });

  it('bad extra is Validation before any request: a policy id on create, an unknown key, a bad date', async () => {
    const sim = await simulator();
    const { provider } = providerFor(sim);
    const withId = { policies: [{ ...ZONE_READ_POLICY, id: 'f267e341f3dd4697bd3b9f71dd96247f' }] };
    for (const extra of [withId, { ...ZONE_READER, colour: 'red' }, { ...ZONE_READER, notBefore: 'tomorrow' }, { policies: [] }]) {
      expect(await fails(provider.create({ name: 'bad', extra } as never))).toMatchObject({ _tag: 'Validation' });
    }
    expect(sim.requests.all()).toEqual([]);
  });
});

describe('regenerate: the roll', () => {
  it('returns the new value once; the old one stops working; by id it reads first, given a token it only rolls', async () => {
    const sim = await simulator();
    const { provider } = providerFor(sim);
    const created = await ok(provider.create({ name: 'rolled', extra: ZONE_READER }));
    sim.requests.clear();
    const rolled = await ok(provider.regenerate(created.id));
    expect(sim.requests.all().map((r) => `${r.method} ${r.path.endsWith('/value') ? 'value' : 'token'}`)).toEqual(['GET token', 'PUT value']);
    expect(rolled).toMatchObject({ id: created.id, name: 'rolled' });
    expect(rolled.secret?.reveal()).toBe(sim.store.secretOf(created.id));
    expect(rolled.secret?.reveal()).not.toBe(created.secret?.reveal());
    const check = provider.rotation!;
    expect(await fails(check.verifyCredential(created.secret!))).toMatchObject({ _tag: 'Unauthorized' });
    expect(await ok(check.verifyCredential(rolled.secret!))).toEqual({ status: 'verified' });
    sim.requests.clear();
    await ok(provider.regenerate(rolled));
    expect(sim.requests.all().map((r) => r.method)).toEqual(['PUT']);
  });
});

describe('verifyCredential: GET …/tokens/verify with the secret', () => {
  it.each(['reject', 'report-status'] as const)('a disabled token is Unauthorized when verify does %s', async (verifyInactive) => {
    const sim = await simulator({ readings: { verifyInactive }, tokens: [{ name: 'off', status: 'disabled', value: 'cfut_DisabledDisabledDisabledDisabledDisabled0a1b2c3d' }] });
    const { provider } = providerFor(sim);
    const error = await fails(provider.rotation!.verifyCredential(new Secret('cfut_DisabledDisabledDisabledDisabledDisabled0a1b2c3d')));
    expect(error).toMatchObject({ _tag: 'Unauthorized' });
    expect(JSON.stringify(error)).not.toContain('DisabledDisabled');
  });

  it('a token whose IP condition shuts out this address is unverified, not refused', async () => {
    const sim = await simulator();
    const { provider } = providerFor(sim);
    const made = await ok(provider.create({ name: 'elsewhere', extra: { ...ZONE_READER, condition: { request_ip: { in: ['192.0.2.0/24'] } } } }));
    expect(await ok(provider.rotation!.verifyCredential(made.secret!))).toEqual({ status: 'unverified', reason: 'the token authenticates but its IP condition refuses this address' });
  });

  it('an account token verifies on the account path (on the user path it fails, as at the vendor)', async () => {
    const sim = await simulator();
    const account = providerFor(sim, { accountId: sim.accountId }).provider;
    const made = await ok(account.create({ name: 'acct', extra: ZONE_READER }));
    expect(await ok(account.rotation!.verifyCredential(made.secret!))).toEqual({ status: 'verified' });
    expect(sim.requests.all().at(-1)?.path).toBe(`/client/v4/accounts/${sim.accountId}/tokens/verify`);
    const user = providerFor(sim).provider;
    expect(await fails(user.rotation!.verifyCredential(made.secret!))).toMatchObject({ _tag: 'Unauthorized' });
  });
});

describe('list: every page at per_page 50, then the query on the client', () => {
  it('reads pages until a short one and pages the result with cursors', async () => {
    const sim = await simulator({ tokenQuota: false });
    sim.store.generate(120, 'bulk-');
    const { provider } = providerFor(sim);
    const first = await ok(provider.list({ nameContains: 'bulk-', orderBy: 'name', pageSize: 70 }));
    const pages = sim.requests.all().map((r) => r.query);
    expect(pages).toEqual([1, 2, 3].map((page) => `page=${page}&per_page=50&direction=asc&include_expired=true`));
    const second = await ok(provider.list({ cursor: first.nextCursor! }));
    expect(second.nextCursor).toBeNull();
    const names = [...first.items, ...second.items].map((t) => t.name);
    expect(names).toHaveLength(120);
    expect(names).toEqual([...names].sort());
  });

  it.each(['when-asked', 'always'] as const)('lists expired tokens when the vendor lists them %s', async (listExpired) => {
    const sim = await simulator({ readings: { listExpired }, tokens: [{ name: 'gone', expires_on: '2020-01-01T00:00:00Z' }] });
    const { provider } = providerFor(sim);
    expect((await ok(provider.list({ status: 'expired' }))).items.map((t) => t.name)).toEqual(['gone']);
  });

  it('a forged cursor is Validation and sends nothing', async () => {
    const sim = await simulator();
    const { provider } = providerFor(sim);
    expect(await fails(provider.list({ cursor: 'c1.bm9wZQ' }))).toMatchObject({ _tag: 'Validation' });
    expect(sim.requests.all()).toEqual([]);
  });
});

describe('errors, typed', () => {
  it('unknown id NotFound (code 1000 with 404), a refused credential Unauthorized, a broken rule Validation with the field', async () => {
    const sim = await simulator();
    const { provider } = providerFor(sim);
    expect(await fails(provider.get('0'.repeat(32)))).toMatchObject({ _tag: 'NotFound', status: 404, vendorCode: '1000' });
    const wrong = providerFor(sim, { apiToken: WRONG_API_TOKEN }).provider;
    const refused: TokenError = await fails(wrong.list());
    expect(refused).toMatchObject({ _tag: 'Unauthorized', vendorCode: '10000' });
    expect(JSON.stringify(refused)).not.toContain(WRONG_API_TOKEN);
    const unknownGroup = { policies: [{ ...ZONE_READ_POLICY, permission_groups: [{ id: 'ffffffffffffffffffffffffffffffff' }] }] };
    const invalid = await fails(provider.create({ name: 'bad group', extra: unknownGroup }));
    expect(invalid).toMatchObject({ _tag: 'Validation', status: 400, issues: [{ path: 'extra.policies' }] });
  });

  it('a 429 waits out Retry-After and goes on; past the retries it is RateLimited with the wait', async () => {
    for (const [rateLimitHeaders, rateLimitOverrun] of [['ratelimit', 'lockout'], ['x-ratelimit', 'sliding-window'], ['none', 'lockout']] as const) {
      const clock = virtualClock();
      const sim = await simulator({ now: clock.now, rateLimit: { limit: 2, windowMs: 10_000 }, readings: { rateLimitHeaders, rateLimitOverrun } });
      const { provider } = providerFor(sim, { clock, retry: { retries: 2, baseMs: 1, capMs: 5 } });
      await ok(provider.list());
      await ok(provider.list());
      await ok(provider.list());
      expect(clock.sleeps.length).toBeGreaterThan(0);
      // Without retries, the 429 itself: typed, with the vendor's wait.
      const starved = providerFor(sim, { clock, retry: { retries: 0 } }).provider;
      let limited: TokenError | undefined;
      for (let n = 0; n < 3 && limited === undefined; n++) {
        const result = await starved.list()();
        if (result._tag === 'Left') limited = result.left;
      }
      expect(limited).toMatchObject({ _tag: 'RateLimited', status: 429, vendorCode: '971' });
      expect(limited?.retryAfterMs).toBeGreaterThan(0);
    }
  });
});
