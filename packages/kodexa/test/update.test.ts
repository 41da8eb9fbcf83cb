import { afterEach, describe, expect, it } from '@jest/globals';
import type { ConflictError } from '@tokenbridge/core';
import { type Harness, fails, harness, methods, ok } from './support';

const ITEM = /^\/api\/access-tokens\/[^/]+$/;
const inDays = (days: number): Date => new Date(Math.floor((Date.now() + days * 86_400_000) / 1000) * 1000);

let h: Harness;
afterEach(async () => {
  await h.close();
});

/** The PUT bodies the simulator received, in order. */
function putBodies(): Array<Record<string, unknown>> {
  return h.sim.requests.filter({ method: 'PUT', path: ITEM }).map((r) => r.body as Record<string, unknown>);
}

/** Runs `write` once, from inside the provider's next PUT, before that PUT leaves (a writer racing the read-modify-write). */
function raceNextPut(write: () => Promise<void>, times = 1): void {
  let left = times;
  h.provider.http().interceptors.request.use(async (config) => {
    if (config.method?.toUpperCase() === 'PUT' && left > 0) {
      left -= 1;
      await write();
    }
    return config;
  });
}

describe('update: the read-modify-write', () => {
  it('sends, for a one-field patch, the stored object with only that field changed and the changeSequence read', async () => {
    h = await harness();
    const seeded = h.sim.store.seed({ name: 'before', expiresAt: inDays(10).toISOString(), changeSequence: 7 });
    h.sim.requests.clear();

    const updated = await ok(h.provider.update(seeded.id, { name: 'after' }));

    expect(methods(h.sim)).toEqual(['GET', 'PUT']);
    // Everything goes back exactly as read, the embedded user included: the PUT replaces the whole object.
    expect(putBodies()).toEqual([{ ...seeded, name: 'after', changeSequence: 7 }]);
    expect(updated).toMatchObject({ name: 'after', version: '8' });
    expect(h.sim.store.get(seeded.id)).toMatchObject({ name: 'after', changeSequence: 8, expiresAt: seeded.expiresAt });
  });

  it('sends back fields it does not know, as the server sent them', async () => {
    h = await harness();
    const seeded = h.sim.store.seed({ name: 'legacy' });
    const withUnknown = { ...seeded, organization: { slug: 'acme' }, legacyFlag: true };
    h.sim.faults.add({ method: 'GET', path: ITEM, phase: 'before', kind: 'status', status: 200, body: withUnknown });

    await ok(h.provider.update(seeded.id, { name: 'renamed' }));

    expect(putBodies()[0]).toMatchObject({ organization: { slug: 'acme' }, legacyFlag: true, name: 'renamed' });
  });

  it('clears the expiry with null', async () => {
    h = await harness();
    const seeded = h.sim.store.seed({ name: 'expiring', expiresAt: inDays(3).toISOString() });

    const updated = await ok(h.provider.update(seeded.id, { expiresAt: null }));

    expect(putBodies()[0]).toMatchObject({ expiresAt: null });
    expect(updated.expiresAt).toBeNull();
    expect(h.sim.store.get(seeded.id)?.expiresAt).toBeNull();
  });

  it('sends no PUT for an expiry equal to the stored one, however it is written', async () => {
    h = await harness();
    const at = inDays(5);
    const seeded = h.sim.store.seed({ name: 'same', expiresAt: at.toISOString().replace('.000Z', 'Z') });
    h.sim.requests.clear();

    await ok(h.provider.update(seeded.id, { expiresAt: new Date(at.getTime()), name: 'same' }));

    expect(methods(h.sim)).toEqual(['GET']);
  });

  it('survives a concurrent writer between its GET and PUT without losing either change', async () => {
    h = await harness();
    const seeded = h.sim.store.seed({ name: 'shared' });
    const expiry = inDays(30);
    const other = h.other();
    raceNextPut(async () => {
      await ok(other.update(seeded.id, { expiresAt: expiry }));
    });
    h.sim.requests.clear();

    const updated = await ok(h.provider.update(seeded.id, { name: 'mine' }));

    // Ours: GET, PUT (stale: 409); theirs in between; ours again: GET, PUT.
    expect(methods(h.sim)).toEqual(['GET', 'GET', 'PUT', 'PUT', 'GET', 'PUT']);
    expect(putBodies().map((b) => [b['name'], b['changeSequence']])).toEqual([
      ['shared', 1],
      ['mine', 1],
      ['mine', 2],
    ]);
    expect(updated).toMatchObject({ name: 'mine', expiresAt: expiry, version: '3' });
    expect(h.sim.store.get(seeded.id)).toMatchObject({ name: 'mine', changeSequence: 3 });
    expect(new Date(h.sim.store.get(seeded.id)?.expiresAt ?? 0).getTime()).toBe(expiry.getTime());
  });

  it('sends nothing more when a retried PUT finds its first attempt landed', async () => {
    h = await harness();
    const seeded = h.sim.store.seed({ name: 'flaky' });
    // The first PUT is applied, but its answer is lost; the transport's retry then meets a stale changeSequence.
    h.sim.faults.add({ method: 'PUT', path: ITEM, phase: 'after', kind: 'status', status: 503, body: {} });
    h.sim.requests.clear();

    const updated = await ok(h.provider.update(seeded.id, { name: 'landed' }));

    expect(methods(h.sim)).toEqual(['GET', 'PUT', 'PUT', 'GET']);
    expect(updated).toMatchObject({ name: 'landed', version: '2' });
    expect(h.sim.store.get(seeded.id)).toMatchObject({ name: 'landed', changeSequence: 2 });
  });

  it('with ifVersion, also recognises its own landed PUT behind a stale answer', async () => {
    h = await harness();
    const seeded = h.sim.store.seed({ name: 'flaky' });
    h.sim.faults.add({ method: 'PUT', path: ITEM, phase: 'after', kind: 'status', status: 503, body: {} });

    const updated = await ok(h.provider.update(seeded.id, { name: 'landed', ifVersion: '1' }));

    expect(updated).toMatchObject({ name: 'landed', version: '2' });
  });

  it('gives up with Conflict after a bounded number of PUTs when the token keeps changing', async () => {
    h = await harness();
    const seeded = h.sim.store.seed({ name: 'busy' });
    const other = h.other();
    let day = 1;
    raceNextPut(async () => {
      await ok(other.update(seeded.id, { expiresAt: inDays(day++) }));
    }, 10);

    const error = await fails(h.provider.update(seeded.id, { name: 'never' }));

    expect(error).toMatchObject({ _tag: 'Conflict', operation: 'update', status: 409, currentVersion: '4' });
    expect(error.message).toContain('3 attempts');
    expect(putBodies().filter((b) => b['name'] === 'never')).toHaveLength(3);
    expect(h.sim.store.get(seeded.id)?.name).toBe('busy');
  });

  it('surfaces a 409 that is not about staleness at once, without repeating the PUT', async () => {
    h = await harness();
    const seeded = h.sim.store.seed({ name: 'taken' });
    h.sim.faults.add({ method: 'PUT', path: ITEM, phase: 'before', kind: 'status', status: 409, body: { detail: 'name already in use' } });
    h.sim.requests.clear();

    const error = await fails(h.provider.update(seeded.id, { name: 'duplicate' }));

    expect(error).toMatchObject({ _tag: 'Conflict', message: 'name already in use', currentVersion: '1' });
    expect(methods(h.sim)).toEqual(['GET', 'PUT', 'GET']);
  });

  it('reads the token back when the PUT answers 2xx with an empty body', async () => {
    h = await harness();
    const seeded = h.sim.store.seed({ name: 'quiet' });
    h.sim.faults.add({ method: 'PUT', path: ITEM, phase: 'after', kind: 'status', status: 200, body: '' });
    h.sim.requests.clear();

    const updated = await ok(h.provider.update(seeded.id, { name: 'read back' }));

    expect(methods(h.sim)).toEqual(['GET', 'PUT', 'GET']);
    expect(updated).toMatchObject({ name: 'read back', version: '2' });
  });
});

describe('update: ifVersion', () => {
  it('a stale ifVersion is a Conflict and no PUT is sent', async () => {
    h = await harness();
    const seeded = h.sim.store.seed({ name: 'locked', changeSequence: 5 });
    h.sim.requests.clear();

    const error = await fails(h.provider.update(seeded.id, { name: 'loser', ifVersion: '4' }));

    expect(error).toMatchObject({ _tag: 'Conflict', currentVersion: '5', retryable: false });
    expect(methods(h.sim)).toEqual(['GET']);
    expect(h.sim.store.get(seeded.id)).toMatchObject({ name: 'locked', changeSequence: 5 });
  });

  it('a current ifVersion writes', async () => {
    h = await harness();
    const seeded = h.sim.store.seed({ name: 'locked', changeSequence: 5 });

    expect(await ok(h.provider.update(seeded.id, { name: 'winner', ifVersion: '5' }))).toMatchObject({ name: 'winner', version: '6' });
  });

  it('a token read earlier and moved on since: the PUT is refused and the result is a Conflict', async () => {
    h = await harness();
    const seeded = h.sim.store.seed({ name: 'base' });
    const read = await ok(h.provider.get(seeded.id));
    await ok(h.other().update(seeded.id, { name: 'theirs' }));
    h.sim.requests.clear();

    const error = await fails(h.provider.update(read, { name: 'mine', ifVersion: read.version ?? '' }));

    expect(error).toMatchObject({ _tag: 'Conflict', status: 409, currentVersion: '2' });
    expect(methods(h.sim)).toEqual(['PUT', 'GET']);
    expect(h.sim.store.get(seeded.id)).toMatchObject({ name: 'theirs', changeSequence: 2 });
  });

  it('a token read earlier at another version than ifVersion is not used: the server state decides', async () => {
    h = await harness();
    const seeded = h.sim.store.seed({ name: 'base' });
    const read = await ok(h.provider.get(seeded.id));
    await ok(h.other().update(seeded.id, { name: 'theirs' }));
    h.sim.requests.clear();

    expect(await ok(h.provider.update(read, { name: 'mine', ifVersion: '2' }))).toMatchObject({ name: 'mine', version: '3' });
    expect(methods(h.sim)).toEqual(['GET', 'PUT']);
  });
});

describe('update: from a token read earlier', () => {
  it('sends only the PUT, based on the token', async () => {
    h = await harness();
    const seeded = h.sim.store.seed({ name: 'base' });
    const read = await ok(h.provider.get(seeded.id));
    h.sim.requests.clear();

    expect(await ok(h.provider.update(read, { name: 'one trip' }))).toMatchObject({ name: 'one trip', version: '2' });
    expect(methods(h.sim)).toEqual(['PUT']);
  });

  it('re-reads only on a stale answer, and keeps the other writer change', async () => {
    h = await harness();
    const seeded = h.sim.store.seed({ name: 'base' });
    const read = await ok(h.provider.get(seeded.id));
    const expiry = inDays(9);
    await ok(h.other().update(seeded.id, { expiresAt: expiry }));
    h.sim.requests.clear();

    const updated = await ok(h.provider.update(read, { name: 'rebased' }));

    expect(methods(h.sim)).toEqual(['PUT', 'GET', 'PUT']);
    expect(updated).toMatchObject({ name: 'rebased', expiresAt: expiry, version: '3' });
  });

  it('falls back to a GET when the token does not carry a Kodexa payload', async () => {
    h = await harness();
    const seeded = h.sim.store.seed({ name: 'base' });
    const read = await ok(h.provider.get(seeded.id));
    h.sim.requests.clear();

    await ok(h.provider.update({ ...read, raw: { something: 'else' } }, { name: 'fetched' }));

    expect(methods(h.sim)).toEqual(['GET', 'PUT']);
  });

  it('an unchanged patch sends nothing at all', async () => {
    h = await harness();
    const seeded = h.sim.store.seed({ name: 'base' });
    const read = await ok(h.provider.get(seeded.id));
    h.sim.requests.clear();

    expect(await ok(h.provider.update(read, { name: 'base' }))).toMatchObject({ id: seeded.id, name: 'base' });
    expect(h.sim.requests.all()).toHaveLength(0);
  });

  it('is only as safe as the server check: a server that ignores changeSequence loses the other change', async () => {
    h = await harness({ readings: { changeSequence: 'ignored' } });
    const seeded = h.sim.store.seed({ name: 'base' });
    const read = await ok(h.provider.get(seeded.id));
    await ok(h.other().update(seeded.id, { expiresAt: inDays(9) }));

    await ok(h.provider.update(read, { name: 'overwrites' }));

    // The stale base carried no expiry, and the server took it: the README warns about exactly this.
    expect(h.sim.store.get(seeded.id)).toMatchObject({ name: 'overwrites', expiresAt: null });
  });
});

describe('update: errors', () => {
  it('gives NotFound for an unknown id, sending no PUT', async () => {
    h = await harness();
    const error = await fails(h.provider.update('0d3f6c1e-8f55-4a55-9d6c-6f1b9b1f0c11', { name: 'x' }));
    expect(error).toMatchObject({ _tag: 'NotFound', operation: 'update' });
    expect(methods(h.sim)).toEqual(['GET']);
  });

  it('names the field path when the PUT answer does not decode', async () => {
    h = await harness();
    const seeded = h.sim.store.seed({ name: 'base' });
    const { id: _id, ...withoutId } = seeded;
    h.sim.faults.add({ method: 'PUT', path: ITEM, phase: 'after', kind: 'status', status: 200, body: withoutId });

    const error = await fails(h.provider.update(seeded.id, { name: 'renamed' }));

    expect(error).toMatchObject({ _tag: 'Decode', issues: [expect.objectContaining({ path: 'id' })] });
  });

  it('keeps conflicts typed: currentVersion is a string', async () => {
    h = await harness();
    const seeded = h.sim.store.seed({ name: 'locked', changeSequence: 2 });
    const error = (await fails(h.provider.update(seeded.id, { name: 'x', ifVersion: '1' }))) as ConflictError;
    expect(typeof error.currentVersion).toBe('string');
  });
});
