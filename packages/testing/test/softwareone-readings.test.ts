// The SoftwareOne simulator under each of its readings (SOFTWAREONE_READINGS), and the PUT of `account`, over HTTP.
import { SOFTWAREONE_DEMO_TOKEN, startSoftwareOneSimulator, type SoftwareOneSimulator } from '../src';
import { call, closedAfterEach } from './helpers';

const auth = { authorization: `Bearer ${SOFTWAREONE_DEMO_TOKEN}` };
const jsonAuth = { ...auth, 'content-type': 'application/json' };

const simulator = closedAfterEach(startSoftwareOneSimulator);

const url = (sim: SoftwareOneSimulator, suffix = '') => `${sim.url}/public/v1/accounts/api-tokens${suffix}`;
const send = (sim: SoftwareOneSimulator, method: string, suffix: string, body?: unknown) =>
  call(url(sim, suffix), { method, headers: body === undefined ? auth : jsonAuth, ...(body !== undefined && { body: JSON.stringify(body) }) });

describe('nulls', () => {
  it('explicit: every nullable field without a value is sent as null, in tokens, lists and problems', async () => {
    const sim = await simulator({ readings: { nulls: 'explicit' } });
    const created = await send(sim, 'POST', '', { account: { id: sim.accountId }, name: 'bare' });
    expect(created.body).toMatchObject({ description: null, icon: null, lastAccessAt: null, extensions: null, account: { icon: null } });
    const read = await send(sim, 'GET', `/${created.body.id}?select=+audit`);
    expect(read.body.audit).toEqual({ created: { at: expect.any(String), by: { id: sim.tokenId, name: 'Demo API token', icon: null } }, updated: { at: null } });
    await send(sim, 'PUT', `/${created.body.id}`, { name: 'changed' });
    expect((await send(sim, 'GET', `/${created.body.id}?select=+audit`)).body.audit.updated).toEqual({ at: expect.any(String), by: expect.objectContaining({ icon: null }) });
    const listed = await send(sim, 'GET', '?limit=1');
    expect(listed.body.$meta.pagination).toEqual({ offset: 0, limit: 1, total: null });
    const missing = await send(sim, 'GET', '/TKN-9999-9999');
    expect(missing.body).toMatchObject({ status: 404, detail: expect.any(String), instance: null, errors: null, traceId: expect.any(String) });
  });

  it('omitted (the default): no field is ever sent as null', async () => {
    const sim = await simulator();
    const created = await send(sim, 'POST', '', { account: { id: sim.accountId }, name: 'bare' });
    expect(JSON.stringify(created.body)).not.toContain('null');
    expect((await send(sim, 'GET', '?limit=1')).body.$meta.pagination.total).toBe(2);
    expect(JSON.stringify((await send(sim, 'GET', '/TKN-9999-9999')).body)).not.toContain('null');
  });
});

describe('sameStateAction', () => {
  it.each([[400, 'Bad Request'], [409, 'Conflict']] as const)('%i: enable on an Active token, disable on a Disabled one', async (status, title) => {
    const sim = await simulator({ readings: { sameStateAction: status } });
    const id = (await send(sim, 'POST', '', { account: { id: sim.accountId }, name: 'x' })).body.id;
    expect((await send(sim, 'POST', `/${id}/enable`)).body).toMatchObject({ status, title });
    expect((await send(sim, 'POST', `/${id}/disable`)).status).toBe(200);
    expect((await send(sim, 'POST', `/${id}/disable`)).status).toBe(status);
    expect(sim.store.get(id)).toMatchObject({ status: 'Disabled', revision: 2 });
  });
});

describe('extensions', () => {
  it('rejected (v4): an unknown property on create and PUT; without it both work', async () => {
    const sim = await simulator({ readings: { extensions: 'rejected' } });
    const refused = await send(sim, 'POST', '', { account: { id: sim.accountId }, name: 'x', extensions: [{ id: 'EXT-1' }] });
    expect(refused.status).toBe(400);
    expect(refused.body.errors).toEqual({ extensions: ["The property 'extensions' is not allowed."] });
    const made = await send(sim, 'POST', '', { account: { id: sim.accountId }, name: 'x' });
    expect(made.status).toBe(201);
    expect((await send(sim, 'PUT', `/${made.body.id}`, { extensions: [] })).status).toBe(400);
    expect((await send(sim, 'PUT', `/${made.body.id}`, { name: 'y' })).status).toBe(200);
  });

  it('accepted (the default, v5): stored as sent', async () => {
    const sim = await simulator();
    const made = await send(sim, 'POST', '', { account: { id: sim.accountId }, name: 'x', extensions: [{ id: 'EXT-1' }] });
    expect(made.body.extensions).toEqual([{ id: 'EXT-1' }]);
  });
});

describe('account in a PUT', () => {
  it("accepts the token's own account, whole or by id, as the vendor's client tests do; refuses another", async () => {
    const sim = await simulator();
    const made = (await send(sim, 'POST', '', { account: { id: sim.accountId }, name: 'x' })).body;
    expect((await send(sim, 'PUT', `/${made.id}`, { account: made.account, name: 'whole account' })).status).toBe(200);
    expect((await send(sim, 'PUT', `/${made.id}`, { account: { id: sim.accountId }, name: 'by id' })).body.name).toBe('by id');
    const moved = await send(sim, 'PUT', `/${made.id}`, { account: { id: 'ACC-9999-9999' } });
    expect(moved.status).toBe(400);
    expect(moved.body.errors).toHaveProperty('account');
    expect(sim.store.get(made.id)?.account.id).toBe(sim.accountId);
  });
});
