// The adapter against each reading of DatoCMS's ambiguous docs (DATOCMS_READINGS), transient errors, and
// what an update built from an old copy does, over HTTP.
import { inspect } from 'node:util';
import { datoCmsTransientFault, type DatoCmsSimulator } from '@tokenbridge/testing';
import { closeAll, fails, ok, providerFor, simulator } from './support';

const READER_SECRET = 'e'.repeat(30);

afterEach(closeAll);

/** A token whose role ("Editor") cannot manage API tokens, and a provider using it. */
function reader(sim: DatoCmsSimulator) {
  sim.store.seed({ attributes: { name: 'reader', can_access_cma: true, token: READER_SECRET }, relationships: { role: { data: { type: 'role', id: sim.editorRoleId } } } });
  return providerFor(sim, { apiToken: READER_SECRET }).provider;
}

describe('nonManagerReads', () => {
  it('token-null (the default): a caller that may not see token values reads tokens without a secret, and may not write', async () => {
    const sim = await simulator();
    const { provider } = providerFor(sim);
    const created = await ok(provider.create({ name: 'secret kept', extra: { roleId: sim.roleId } }));
    const value = created.secret?.reveal() ?? '';
    expect(value).toMatch(/^[0-9a-f]{30}$/);
    const p = reader(sim);
    const read = await ok(p.get(created.id));
    const listed = (await ok(p.list({ nameContains: 'secret kept' }))).items;
    expect(listed.map((t) => t.id)).toEqual([created.id]);
    for (const token of [read, ...listed]) {
      expect(token).toMatchObject({ id: created.id, name: 'secret kept' });
      expect(token.secret).toBeUndefined();
      expect(inspect(token, { depth: Infinity })).not.toContain(value);
      expect(token.raw).not.toHaveProperty('attributes.token');
    }
    expect(await fails(p.create({ name: 'nope', extra: { roleId: sim.roleId } }))).toMatchObject({ _tag: 'Forbidden', vendorCode: 'INSUFFICIENT_PERMISSIONS' });
  });

  it('refused: the same caller gets Forbidden on reads too', async () => {
    const sim = await simulator({ readings: { nonManagerReads: 'refused' } });
    const p = reader(sim);
    expect(await fails(p.get(sim.fullAccessTokenId))).toMatchObject({ _tag: 'Forbidden', vendorCode: 'INSUFFICIENT_PERMISSIONS' });
    expect(await fails(p.list({}))).toMatchObject({ _tag: 'Forbidden' });
  });
});

describe('nullRoleOnCreate', () => {
  it.each(['rejected', 'accepted'] as const)('%s: the adapter always sends a role, so create works either way', async (nullRoleOnCreate) => {
    const sim = await simulator({ readings: { nullRoleOnCreate } });
    const { provider } = providerFor(sim);
    const created = await ok(provider.create({ name: 'with role', extra: { roleId: sim.roleId } }));
    expect(created.extra.roleId).toBe(sim.roleId);
    const [post] = sim.requests.filter({ method: 'POST', path: '/access_tokens' });
    expect((post?.body as { data: { relationships: unknown } }).data.relationships).toEqual({ role: { data: { type: 'role', id: sim.roleId } } });
  });

  it('a create without a role is refused before sending, under either reading', async () => {
    const sim = await simulator({ readings: { nullRoleOnCreate: 'accepted' } });
    const { provider } = providerFor(sim);
    expect(await fails(provider.create({ name: 'no role' }))).toMatchObject({ _tag: 'Validation', issues: [{ path: 'extra.roleId' }] });
    expect(sim.requests.all()).toHaveLength(0);
  });
});

describe('transient errors', () => {
  it('a transient error on a create is surfaced once, not retried (the POST may be repeated only by the caller)', async () => {
    const sim = await simulator();
    const { provider } = providerFor(sim);
    sim.faults.add(datoCmsTransientFault({ method: 'POST', path: '/access_tokens' }));
    expect(await fails(provider.create({ name: 'locked', extra: { roleId: sim.roleId } }))).toMatchObject({ status: 409, vendorCode: 'ITEM_LOCKED' });
    expect(sim.requests.filter({ method: 'POST' })).toHaveLength(1);
  });

  it('a transient error on a read is retried within the retry budget', async () => {
    const sim = await simulator();
    const { provider } = providerFor(sim);
    sim.faults.add(datoCmsTransientFault({ method: 'GET', path: `/access_tokens/${sim.fullAccessTokenId}` }));
    expect((await ok(provider.get(sim.fullAccessTokenId))).id).toBe(sim.fullAccessTokenId);
    expect(sim.requests.filter({ method: 'GET' })).toHaveLength(2);
  });

  it('a transient error on a create is marked retryable', async () => {
    const sim = await simulator();
    const { provider } = providerFor(sim);
    sim.faults.add(datoCmsTransientFault({ method: 'POST', path: '/access_tokens' }));
    expect(await fails(provider.create({ name: 'locked', extra: { roleId: sim.roleId } }))).toMatchObject({ retryable: true });
  });
});

describe('update given a stale token', () => {
  it('re-sends all four attributes as the old copy had them, reverting a change made since; by id keeps it', async () => {
    const sim = await simulator();
    const { provider } = providerFor(sim);
    const created = await ok(provider.create({ name: 'copy', extra: { roleId: sim.roleId, canAccessCda: true } }));
    const other = providerFor(sim).provider;

    await ok(other.update(created.id, { extra: { canAccessCdaPreview: true } }));
    await ok(provider.update(created, { name: 'from the old copy' }));
    // The documented hazard: the PUT built from the old copy turned the other writer's flag back off.
    expect(sim.store.get(created.id)?.attributes).toMatchObject({ name: 'from the old copy', can_access_cda_preview: false });

    await ok(other.update(created.id, { extra: { canAccessCdaPreview: true } }));
    await ok(provider.update(created.id, { name: 'by id' }));
    expect(sim.store.get(created.id)?.attributes).toMatchObject({ name: 'by id', can_access_cda_preview: true });
  });
});
