// The adapter against each reading of SoftwareOne's ambiguous docs (SOFTWAREONE_READINGS), over HTTP:
// explicit nulls, the secret on reads or not, the same-state status action, and v4's refusal of `extensions`.
import { inspect } from 'node:util';
import { type TransportEvent, listAll } from '@tokenbridge/core';
import { type SoftwareOneReadings, fails, startSoftwareOneSimulator, succeeds as ok } from '@tokenbridge/testing';
import { softwareone } from '../src';

const COLLECTION = '/public/v1/accounts/api-tokens';

const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close()));
});

async function setup(readings: Partial<SoftwareOneReadings>) {
  const sim = await startSoftwareOneSimulator({ readings });
  const events: TransportEvent[] = [];
  const push = (event: TransportEvent): void => {
    events.push(event);
  };
  const provider = softwareone({ apiToken: sim.credential, baseUrl: sim.url, retry: { baseMs: 1, capMs: 5 }, hooks: { onRequest: push, onResponse: push, onRetry: push, onError: push } });
  closers.push(() => sim.close(), () => provider.close());
  return { sim, provider, events };
}

async function streamed(provider: ReturnType<typeof softwareone>, query: Parameters<typeof listAll>[1]): Promise<string[]> {
  const ids: string[] = [];
  for await (const token of listAll(provider, query)) ids.push(token.id);
  return ids;
}

describe('nulls: explicit', () => {
  it('every nullable field sent as null decodes: create, get with audit, a write answer, and a list paged without a total', async () => {
    const { sim, provider } = await setup({ nulls: 'explicit' });
    const created = await ok(provider.create({ name: 'Nulls', extra: { moduleIds: ['MOD-2048'] } }));
    expect(created).toMatchObject({ description: null, extra: { icon: null, extensions: null } });
    const read = await ok(provider.get(created.id));
    // audit.updated.at is null for a token never changed.
    expect(read).toMatchObject({ createdAt: expect.any(Date), updatedAt: null, lastUsedAt: null });
    expect((await ok(provider.update(created.id, { description: 'now set' }))).description).toBe('now set');
    for (let i = 0; i < 4; i++) await ok(provider.create({ name: `Paged ${i}`, extra: { moduleIds: ['MOD-2048'] } }));
    sim.requests.clear();
    // $meta.pagination.total is null: a full page means there may be more, an empty one ends the list.
    const ids = await streamed(provider, { nameContains: 'paged', pageSize: 2 });
    expect(ids.sort()).toEqual(sim.store.list().filter((t) => t.name.startsWith('Paged')).map((t) => t.id).sort());
    expect(sim.requests.filter({ method: 'GET', path: COLLECTION }).length).toBe(3);
  });

  it('an error whose problem fields are null is still typed', async () => {
    const { provider } = await setup({ nulls: 'explicit' });
    expect(await fails(provider.get('TKN-9999-9999'))).toMatchObject({ _tag: 'NotFound', status: 404 });
  });

  // A problem whose detail/instance/errors are null keeps the trace id it has.
  it('an error whose problem fields are null keeps its trace id', async () => {
    const { provider } = await setup({ nulls: 'explicit' });
    expect((await fails(provider.get('TKN-9999-9999'))).requestId).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-00$/);
  });
});

describe('tokenOnRead', () => {
  it.each(['every-answer', 'create-only'] as const)('%s: the secret is where the vendor sends it, never in raw or extra', async (tokenOnRead) => {
    const { sim, provider, events } = await setup({ tokenOnRead });
    const created = await ok(provider.create({ name: 'Secret', extra: { moduleIds: ['MOD-2048'] } }));
    const value = sim.store.secretOf(created.id) ?? '';
    expect(created.secret?.reveal()).toBe(value);
    const read = await ok(provider.get(created.id));
    const listed = (await ok(provider.list({ nameContains: 'secret' }))).items[0];
    const updated = await ok(provider.update(created.id, { name: 'Secret renamed' }));
    for (const token of [read, listed, updated]) {
      expect(token?.secret?.reveal()).toBe(tokenOnRead === 'every-answer' ? value : undefined);
      expect(inspect([token?.raw, token?.extra], { depth: Infinity })).not.toContain(value);
      expect(JSON.stringify(token)).not.toContain(value);
    }
    expect(inspect(events, { depth: Infinity })).not.toContain(value);
  });
});

describe('sameStateAction', () => {
  it.each([400, 409] as const)('%i: a status the token already has is success, confirmed by a read', async (sameStateAction) => {
    const { sim, provider } = await setup({ sameStateAction });
    const created = await ok(provider.create({ name: 'Same', extra: { moduleIds: ['MOD-2048'] } }));
    sim.requests.clear();
    expect((await ok(provider.update(created.id, { status: 'active' }))).status).toBe('active');
    expect(sim.requests.all().map((r) => `${r.method} ${r.path}`)).toEqual([`POST ${COLLECTION}/${created.id}/enable`, `GET ${COLLECTION}/${created.id}`]);
    await ok(provider.update(created.id, { status: 'disabled' }));
    expect((await ok(provider.update(created.id, { status: 'disabled' }))).status).toBe('disabled');
    expect(sim.store.get(created.id)).toMatchObject({ status: 'Disabled', revision: 2 });
  });

  it.each([[400, 'Validation'], [409, 'Conflict']] as const)('%i: a refusal the read does not explain is returned as %s', async (status, tag) => {
    const { sim, provider } = await setup({ sameStateAction: status });
    const created = await ok(provider.create({ name: 'Refused', extra: { moduleIds: ['MOD-2048'] } }));
    sim.faults.add({ method: 'POST', path: `${COLLECTION}/${created.id}/disable`, phase: 'before', kind: 'status', status, body: { status, title: 'Refused', detail: 'locked' } });
    expect(await fails(provider.update(created.id, { status: 'disabled' }))).toMatchObject({ _tag: tag, message: 'locked' });
  });
});

describe('extensions: rejected (the v4 DTOs)', () => {
  it('is never sent unless the caller sets it, so create and update work; set, the refusal is a typed Validation', async () => {
    const { sim, provider } = await setup({ extensions: 'rejected' });
    const created = await ok(provider.create({ name: 'No extensions', description: 'd', extra: { moduleIds: ['MOD-2048'], icon: '/i.png' } }));
    await ok(provider.update(created.id, { name: 'Still none', description: null, extra: { moduleIds: [], icon: null } }));
    for (const request of sim.requests.all().filter((r) => r.method === 'POST' || r.method === 'PUT')) expect(request.body).not.toHaveProperty('extensions');
    const refused = await fails(provider.create({ name: 'With', extra: { moduleIds: ['MOD-2048'], extensions: ['EXT-1'] } }));
    expect(refused).toMatchObject({ _tag: 'Validation', status: 400, issues: [{ path: 'extensions' }] });
  });
});
