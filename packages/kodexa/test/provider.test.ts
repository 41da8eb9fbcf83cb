import { afterEach, describe, expect, it } from '@jest/globals';
import * as E from 'fp-ts/Either';
import { type Clock, Secret, TokenBridgeError, systemClock, toPromise } from '@tokenbridge/core';
import { KODEXA_DEMO_USER_ID, REDACTED } from '@tokenbridge/testing';
import { KODEXA_CAPABILITIES, kodexa } from '@tokenbridge/kodexa';
import { type Harness, fails, harness, methods, ok, printed, shiftedClock } from './support';

const ITEM = /^\/api\/access-tokens\/[^/]+$/;
const COLLECTION = /^\/api\/access-tokens$/;
const DAY = 86_400_000;

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

function started(): Harness {
  if (h === undefined) throw new Error('no harness');
  return h;
}

describe('factory', () => {
  it('names a missing or malformed option, never its value', () => {
    const attempt = (options: unknown): TokenBridgeError => {
      try {
        kodexa(options as Parameters<typeof kodexa>[0]);
      } catch (e) {
        if (TokenBridgeError.isInstance(e)) return e;
        throw e;
      }
      throw new Error('expected a throw');
    };
    expect(attempt({ baseUrl: 'https://platform.kodexa.ai' }).error).toMatchObject({ _tag: 'Validation', operation: 'configure', issues: [{ path: 'apiKey' }] });
    expect(attempt({ apiKey: 'kdx-key-1234567890' }).error).toMatchObject({ _tag: 'Validation', issues: [{ path: 'baseUrl' }] });
    const spaced = attempt({ apiKey: ' kdx-key-1234567890 ', baseUrl: 'https://platform.kodexa.ai' });
    expect(spaced.error).toMatchObject({ _tag: 'Validation', issues: [{ path: 'apiKey', message: 'trim the value' }] });
    expect(printed(spaced)).not.toContain('kdx-key-1234567890');
    expect(attempt(undefined).error).toMatchObject({ _tag: 'Validation', issues: [{ path: 'apiKey' }] });
  });

  it('states its capabilities and works through the Promise facade, with a Secret as the key', async () => {
    h = await harness();
    const provider = toPromise(kodexa({ apiKey: new Secret(h.sim.credential), baseUrl: h.sim.url, limiter: false }));
    try {
      expect(provider.provider).toBe('kodexa');
      expect(provider.capabilities).toBe(KODEXA_CAPABILITIES);
      const token = await provider.create({ name: 'promise' });
      expect((await provider.get(token.id)).name).toBe('promise');
      await expect(provider.regenerate(token.id)).rejects.toMatchObject({ error: { _tag: 'Unsupported', feature: 'regenerate' } });
    } finally {
      await provider.close();
    }
  });

  it('sends x-api-key and X-Requested-With on every request', async () => {
    h = await harness();
    const token = await ok(h.provider.create({ name: 'headers' }));
    await ok(h.provider.get(token.id));
    await ok(h.provider.list());
    await ok(h.provider.delete(token.id));
    const logged = h.sim.requests.all();
    expect(logged).toHaveLength(4);
    for (const request of logged) {
      // The log redacts the key's value; its presence is what counts here.
      expect(request.headers).toMatchObject({ 'x-api-key': REDACTED, 'x-requested-with': 'XMLHttpRequest' });
      expect(request.headers['x-access-token']).toBeUndefined();
      expect(request.headers['authorization']).toBeUndefined();
    }
  });

  it('paces to 10 requests a second by default', async () => {
    const waits: number[] = [];
    let offset = 0;
    // Limiter waits (under a second) pass at once but are recorded and move time on; the 30 s deadline timer stays real.
    const clock: Clock = {
      now: () => systemClock.now() + offset,
      sleep: systemClock.sleep,
      setTimer: (fn, ms) => {
        if (ms >= 5000) return systemClock.setTimer(fn, ms);
        waits.push(ms);
        offset += ms;
        return systemClock.setTimer(fn, 0);
      },
    };
    h = await harness({}, { clock, limiter: undefined });
    const token = h.sim.store.seed({ name: 'paced' });
    await Promise.all(Array.from({ length: 10 }, () => ok(started().provider.get(token.id))));
    expect(waits).toEqual([]);
    await Promise.all(Array.from({ length: 11 }, () => ok(started().provider.get(token.id))));
    expect(waits.length).toBeGreaterThan(0);
    expect(Math.max(...waits)).toBeGreaterThan(500);
  });
});

describe('create', () => {
  it('POSTs only the name and expiry', async () => {
    h = await harness();
    const expiresAt = new Date(Date.now() + 30 * DAY);
    const token = await ok(h.provider.create({ name: 'ci', expiresAt }));
    expect(h.sim.requests.filter({ method: 'POST', path: COLLECTION }).map((r) => r.body)).toEqual([{ name: 'ci', expiresAt: expiresAt.toISOString() }]);
    expect(token).toMatchObject({ name: 'ci', expiresAt, status: 'active', version: '1', description: null, lastUsedAt: null });
  });

  it.each(['token', 'apiKey', 'key', 'secret'] as const)('reads the secret from %s and keeps it out of raw', async (field) => {
    h = await harness({ readings: { secretField: field } });
    const token = await ok(h.provider.create({ name: `secret in ${field}` }));
    const value = h.sim.store.secretOf(token.id);
    expect(value).toEqual(expect.any(String));
    expect(token.secret?.reveal()).toBe(value);
    expect(token.raw).not.toHaveProperty(field);
    expect(printed(token)).not.toContain(value);
    // The secret works as a key: the owner reads their own account with it.
    expect(await ok(h.provider.rotation!.verifyCredential(token.secret as Secret))).toEqual({ status: 'verified' });
  });

  it('returns the token without a secret when the answer carries none', async () => {
    h = await harness({ readings: { secretField: null } });
    const token = await ok(h.provider.create({ name: 'no secret' }));
    expect(token.secret).toBeUndefined();
    expect(KODEXA_CAPABILITIES.secretOnCreate).toBe('when-returned');
  });

  it('accepts a 200 answer as well as 201', async () => {
    h = await harness();
    const body = { id: '3f9c2b1e-0a4d-4e8f-9b6a-1c2d3e4f5a6b', name: 'legacy', changeSequence: 1, token: 'kdx-legacy-secret-value-0001' };
    h.sim.faults.add({ method: 'POST', path: COLLECTION, phase: 'before', kind: 'status', status: 200, body });
    const token = await ok(h.provider.create({ name: 'legacy' }));
    expect(token).toMatchObject({ id: body.id, name: 'legacy' });
    expect(token.secret?.reveal()).toBe(body.token);
  });

  it('is not retried once it may have reached the server', async () => {
    h = await harness();
    h.sim.faults.add({ method: 'POST', path: COLLECTION, phase: 'after', kind: 'status', status: 502, body: {} });
    const error = await fails(h.provider.create({ name: 'once' }));
    expect(error).toMatchObject({ _tag: 'Server', outcomeUnknown: true });
    expect(methods(h.sim)).toEqual(['POST']);
  });
});

describe('get', () => {
  it('maps the AccessToken: dates, version, owner in extra, the decoded payload in raw', async () => {
    h = await harness();
    const expiresAt = new Date(Date.now() + 3 * DAY).toISOString().replace(/\.\d{3}Z$/, 'Z');
    const seeded = h.sim.store.seed({ name: 'mapped', expiresAt, changeSequence: 4, createdOn: '2024-01-02T03:04:05Z', updatedOn: '2024-02-03T04:05:06Z' });
    const token = await ok(h.provider.get(seeded.id));
    expect(token).toEqual({
      provider: 'kodexa',
      id: seeded.id,
      name: 'mapped',
      description: null,
      status: 'active',
      createdAt: new Date('2024-01-02T03:04:05Z'),
      updatedAt: new Date('2024-02-03T04:05:06Z'),
      expiresAt: new Date(expiresAt),
      lastUsedAt: null,
      version: '4',
      extra: {
        userId: KODEXA_DEMO_USER_ID,
        user: { id: KODEXA_DEMO_USER_ID, email: 'demo@example.com', firstName: 'Demo', lastName: 'User', userType: 'USER', active: true },
        uuid: seeded.uuid,
      },
      raw: seeded,
    });
    expect(token.secret).toBeUndefined();
  });

  it('says expired once expiresAt has passed by the provider clock', async () => {
    h = await harness({}, { clock: shiftedClock(2 * DAY) });
    const seeded = h.sim.store.seed({ name: 'soon', expiresAt: new Date(Date.now() + DAY).toISOString() });
    expect((await ok(h.provider.get(seeded.id))).status).toBe('expired');
  });

  it('gives Decode naming the path for a missing id or a malformed date', async () => {
    h = await harness();
    const seeded = h.sim.store.seed({ name: 'broken' });
    const { id: _id, ...withoutId } = seeded;
    const answer = (body: unknown): void =>
      started().sim.faults.add({ method: 'GET', path: ITEM, phase: 'before', kind: 'status', status: 200, body });

    answer(withoutId);
    expect(await fails(h.provider.get(seeded.id))).toMatchObject({ _tag: 'Decode', retryable: false, issues: [{ path: 'id' }] });

    answer({ ...seeded, createdOn: '2024-02-30T00:00:00Z' });
    const badDate = await fails(h.provider.get(seeded.id));
    expect(badDate).toMatchObject({ _tag: 'Decode', issues: [{ path: 'createdOn' }] });
    expect(badDate.message).toContain('createdOn');

    answer({ ...seeded, user: { ...seeded.user, updatedOn: 'yesterday' } });
    expect(await fails(h.provider.get(seeded.id))).toMatchObject({ _tag: 'Decode', issues: [{ path: 'user.updatedOn' }] });
  });
});

describe('list', () => {
  const query = (entry: { query: string }): Record<string, string> => Object.fromEntries(new URLSearchParams(entry.query));
  const lists = (): Array<Record<string, string>> => started().sim.requests.filter({ method: 'GET', path: COLLECTION }).map(query);

  it('always sends page, pageSize and one explicit field:direction sort key', async () => {
    h = await harness();
    await ok(h.provider.list());
    await ok(h.provider.list({ orderBy: 'name', order: 'desc', pageSize: 7 }));
    await ok(h.provider.list({ orderBy: 'createdAt', pageSize: 500 }));
    expect(lists()).toEqual([
      { page: '1', pageSize: '100', sort: 'id:asc' },
      { page: '1', pageSize: '7', sort: 'name:desc' },
      { page: '1', pageSize: '100', sort: 'createdOn:asc' },
    ]);
  });

  it('filters names on the server with quotes and backslashes escaped', async () => {
    h = await harness();
    const wanted = h.sim.store.seed({ name: "O'Brien\\ci key" });
    h.sim.store.seed({ name: 'OBrien ci key' });
    const page = await ok(h.provider.list({ nameContains: "o'brien\\CI" }));
    expect(page.items.map((t) => t.id)).toEqual([wanted.id]);
    expect(lists()[0]?.['filter']).toBe("name~'*o\\'brien\\\\CI*'");
  });

  it('treats * in a needle literally: the server matches a superset, the client narrows it', async () => {
    h = await harness();
    const star = h.sim.store.seed({ name: 'a*b' });
    h.sim.store.seed({ name: 'a-and-b' });
    const page = await ok(h.provider.list({ nameContains: 'A*B' }));
    expect(page.items.map((t) => t.id)).toEqual([star.id]);
  });

  it('pages until last, carrying the query in the cursor', async () => {
    h = await harness();
    for (let i = 0; i < 5; i++) h.sim.store.seed({ name: `paged ${i}` });
    h.sim.store.seed({ name: 'other' });
    const names: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await ok(h.provider.list(cursor === undefined ? { nameContains: 'paged', orderBy: 'name', pageSize: 2 } : { cursor }));
      names.push(...page.items.map((t) => t.name));
      cursor = page.nextCursor ?? undefined;
      pages++;
    } while (cursor !== undefined);
    expect(pages).toBe(3);
    expect(names).toEqual(['paged 0', 'paged 1', 'paged 2', 'paged 3', 'paged 4']);
    expect(lists().map((q) => q['page'])).toEqual(['1', '2', '3']);
    for (const q of lists()) expect(q).toMatchObject({ pageSize: '2', sort: 'name:asc', filter: "name~'*paged*'" });
  });

  it('stops at totalElements or an empty page when the envelope has no last flag', async () => {
    h = await harness();
    const seeded = h.sim.store.seed({ name: 'only' });
    h.sim.faults.add({ method: 'GET', path: COLLECTION, phase: 'before', kind: 'status', status: 200, body: { content: [seeded], first: true, totalElements: 1 } });
    expect((await ok(h.provider.list())).nextCursor).toBeNull();
    h.sim.faults.add({ method: 'GET', path: COLLECTION, phase: 'before', kind: 'status', status: 200, body: { content: [], first: true } });
    expect(await ok(h.provider.list())).toEqual({ items: [], nextCursor: null });
    h.sim.faults.add({ method: 'GET', path: COLLECTION, phase: 'before', kind: 'status', status: 200, body: { content: [seeded], first: true } });
    expect((await ok(h.provider.list())).nextCursor).not.toBeNull();
  });

  it('filters by status on the client, and asks nothing for a status Kodexa never has', async () => {
    h = await harness({}, { clock: shiftedClock(2 * DAY) });
    const expired = h.sim.store.seed({ name: 'st expired', expiresAt: new Date(Date.now() + DAY).toISOString() });
    const active = h.sim.store.seed({ name: 'st active' });
    expect((await ok(h.provider.list({ nameContains: 'st ', status: 'expired' }))).items.map((t) => t.id)).toEqual([expired.id]);
    expect((await ok(h.provider.list({ nameContains: 'st ', status: 'active' }))).items.map((t) => t.id)).toEqual([active.id]);
    h.sim.requests.clear();
    expect(await ok(h.provider.list({ status: 'disabled' }))).toEqual({ items: [], nextCursor: null });
    expect(h.sim.requests.all()).toHaveLength(0);
  });

  it('names the item path when a listed token does not decode', async () => {
    h = await harness();
    const good = h.sim.store.seed({ name: 'good' });
    const body = { content: [good, { ...good, expiresAt: 'soon' }], last: true };
    h.sim.faults.add({ method: 'GET', path: COLLECTION, phase: 'before', kind: 'status', status: 200, body });
    expect(await fails(h.provider.list())).toMatchObject({ _tag: 'Decode', issues: [{ path: 'content[1].expiresAt' }] });
  });

  it('rejects a cursor whose page size it would never issue', async () => {
    h = await harness();
    const forged = `c1.${Buffer.from(JSON.stringify({ page: 2, pageSize: 1000, sort: 'id:asc' })).toString('base64url')}`;
    expect(await fails(h.provider.list({ cursor: forged }))).toMatchObject({ _tag: 'Validation', issues: [{ path: 'cursor' }] });
  });
});

describe('delete', () => {
  it('DELETEs the token and ignores the empty 200 body', async () => {
    h = await harness();
    const seeded = h.sim.store.seed({ name: 'doomed' });
    expect(await h.provider.delete(seeded.id)()).toEqual(E.right(undefined));
    expect(h.sim.store.get(seeded.id)).toBeUndefined();
    expect(methods(h.sim)).toEqual(['DELETE']);
  });

  it('accepts 204 too, and rejects options Kodexa does not have', async () => {
    h = await harness();
    const seeded = h.sim.store.seed({ name: 'doomed' });
    h.sim.faults.add({ method: 'DELETE', path: ITEM, phase: 'after', kind: 'status', status: 204 });
    await ok(h.provider.delete(seeded.id));
    expect(await fails(h.provider.delete(seeded.id, { transferTo: 'x' } as object))).toMatchObject({ _tag: 'Validation' });
  });
});

describe('rotation', () => {
  it('copies the name into the replacement', async () => {
    h = await harness();
    const token = await ok(h.provider.create({ name: 'rotated', expiresAt: new Date(Date.now() + DAY) }));
    expect(h.provider.rotation?.replacementInput(token)).toEqual({ name: 'rotated' });
  });

  it('verifies a new key with GET /api/account/me, and keeps a rejected one an Unauthorized error', async () => {
    h = await harness();
    const token = await ok(h.provider.create({ name: 'new key' }));
    h.sim.requests.clear();
    expect(await ok(h.provider.rotation!.verifyCredential(token.secret as Secret))).toEqual({ status: 'verified' });
    expect(h.sim.requests.all().map((r) => `${r.method} ${r.path}`)).toEqual(['GET /api/account/me']);

    const wrong = new Secret('kdx-not-a-real-key-000000000000');
    const error = await fails(h.provider.rotation!.verifyCredential(wrong));
    expect(error).toMatchObject({ _tag: 'Unauthorized', operation: 'rotate' });
    expect(printed(error, h.events)).not.toContain(wrong.reveal());
    expect(printed(error, h.events)).not.toContain(token.secret?.reveal());
  });

  it('calls a key that may not read its own account unverified, not wrong', async () => {
    h = await harness();
    h.sim.faults.add({ method: 'GET', path: '/api/account/me', phase: 'before', kind: 'status', status: 403, body: { detail: 'Access is denied' } });
    expect(await ok(h.provider.rotation!.verifyCredential(new Secret(h.sim.credential)))).toEqual({
      status: 'unverified',
      reason: expect.stringContaining('403'),
    });
  });
});
