import * as E from 'fp-ts/Either';
import { type AnyTokenProvider, type Token, kodexa } from 'tokenbridge';
import { type KodexaSimulator, startKodexaSimulator, virtualClock } from '@tokenbridge/testing';
import { fails, ok } from './support/results';
import { LeakSweep, SENTINEL_CREDENTIALS } from './support/sentinels';
import { type VendorUnderTest, startVendor } from './support/vendors';

/**
 * Item 11 of "hostile inputs, round 2": concurrent updates of one token
 * through one provider instance all land. Where an update reads before it
 * writes (update style `replace`: DatoCMS, and Kodexa, whose lock the vendor
 * may not enforce), updates of one token id run one at a time; the queue is
 * released on every outcome (success, failure, cancel, timeout), and other
 * tokens are not held up.
 */

const sweep = new LeakSweep();

/** The request methods the vendor saw on `path`, in order. */
function methodsOn(requests: VendorUnderTest['requests'], path: string): string[] {
  return requests.filter({ path }).map((r) => r.method);
}

describe('datocms (read-modify-write PUTs of the whole token, no locking at the vendor)', () => {
  let v: VendorUnderTest;
  beforeAll(async () => {
    v = await startVendor('datocms');
  });
  afterAll(async () => {
    sweep.record(v.events);
    sweep.addSecrets(v.secrets());
    await v.close();
  });
  afterEach(() => v.faults.clear());

  it('three concurrent updates of different fields by id all land, one read-modify-write after the other', async () => {
    for (let trial = 0; trial < 5; trial++) {
      const id = v.seed(`concurrent ${trial}`);
      v.requests.clear();
      const results = await Promise.all([
        v.provider.update(id, { name: `renamed ${trial}` })(),
        v.provider.update(id, { extra: { canAccessCdaPreview: true } })(),
        v.provider.update(id, { extra: { canAccessCma: true } })(),
      ]);
      sweep.record(results);
      expect(results.every(E.isRight)).toBe(true);
      const token = (await ok(v.provider.get(id), sweep)) as Token<{ canAccessCdaPreview: boolean; canAccessCma: boolean }>;
      expect({ name: token.name, preview: token.extra.canAccessCdaPreview, cma: token.extra.canAccessCma }).toEqual({ name: `renamed ${trial}`, preview: true, cma: true });
      expect(methodsOn(v.requests, v.paths.item(id)).slice(0, 6)).toEqual(['GET', 'PUT', 'GET', 'PUT', 'GET', 'PUT']);
    }
  });

  it('a failed update releases the token: the next one lands', async () => {
    const id = v.seed('released after failure');
    v.faults.add({ method: 'PUT', path: v.paths.item(id), phase: 'before', kind: 'status', status: 422, body: { data: [{ id: 'e', type: 'api_error', attributes: { code: 'INVALID_FIELD', details: { field: 'name' } } }] } });
    const [failed, landed] = await Promise.all([v.provider.update(id, { name: 'refused' })(), v.provider.update(id, { extra: { canAccessCma: true } })()]);
    sweep.record(failed, landed);
    expect(failed).toMatchObject({ _tag: 'Left', left: { _tag: 'Validation' } });
    expect(landed).toMatchObject({ _tag: 'Right', right: { extra: { canAccessCma: true } } });
  });

  it('an update cancelled or timed out while waiting leaves the queue at once, sends nothing, and the next one still lands', async () => {
    const id = v.seed('released after cancel');
    // The first update's read is slow, so the others wait behind it.
    v.faults.add({ method: 'GET', path: v.paths.item(id), phase: 'before', kind: 'delay', ms: 300 });
    const controller = new AbortController();
    const first = v.provider.update(id, { name: 'first' })();
    const cancelled = v.provider.update(id, { extra: { canAccessCdaPreview: true } }, { signal: controller.signal })();
    const timedOut = v.provider.update(id, { extra: { canAccessCda: false } }, { timeoutMs: 50 })();
    const last = v.provider.update(id, { extra: { canAccessCma: true } })();
    // Once the others are queued behind the slow read (a timer only orders events here; nothing measures time).
    await new Promise((resolve) => setTimeout(resolve, 20));
    controller.abort();
    const results = await Promise.all([first, cancelled, timedOut, last]);
    sweep.record(results);
    expect(results.map((r) => (E.isLeft(r) ? r.left._tag : 'ok'))).toEqual(['ok', 'Cancelled', 'Timeout', 'ok']);
    const token = (await ok(v.provider.get(id), sweep)) as Token<{ canAccessCda: boolean; canAccessCdaPreview: boolean; canAccessCma: boolean }>;
    expect({ name: token.name, ...token.extra }).toMatchObject({ name: 'first', canAccessCda: true, canAccessCdaPreview: false, canAccessCma: true });
    // Two updates, each one read and one write: the cancelled and timed-out ones sent nothing.
    expect(methodsOn(v.requests, v.paths.item(id)).filter((m) => m === 'PUT')).toHaveLength(2);
  });

  it('updates of different tokens are not held up by each other', async () => {
    const slow = v.seed('slow token');
    const quick = v.seed('quick token');
    v.faults.add({ method: 'GET', path: v.paths.item(slow), phase: 'before', kind: 'delay', ms: 500 });
    const finished: string[] = [];
    await Promise.all([
      v.provider.update(slow, { name: 'slow renamed' })().then(() => finished.push('slow')),
      v.provider.update(quick, { name: 'quick renamed' })().then(() => finished.push('quick')),
    ]);
    expect(finished).toEqual(['quick', 'slow']);
  });
});

describe('kodexa with a server that does not enforce changeSequence', () => {
  let sim: KodexaSimulator;
  let provider: AnyTokenProvider;
  beforeAll(async () => {
    const clock = virtualClock();
    sim = await startKodexaSimulator({ credential: SENTINEL_CREDENTIALS.kodexa, now: clock.now, readings: { changeSequence: 'ignored' } });
    provider = kodexa({ apiKey: SENTINEL_CREDENTIALS.kodexa, baseUrl: sim.url, limiter: false, clock, retry: { retries: 0, baseMs: 1, capMs: 1 } });
  });
  afterAll(async () => {
    await provider.close();
    await sim.close();
  });

  it('concurrent updates of name and expiry by id both land', async () => {
    const expiresAt = new Date(Date.UTC(2098, 5, 1));
    for (let trial = 0; trial < 5; trial++) {
      const { id } = sim.store.seed({ name: `kodexa concurrent ${trial}` });
      const results = await Promise.all([provider.update(id, { name: `kodexa renamed ${trial}` })(), provider.update(id, { expiresAt })()]);
      sweep.record(results);
      expect(results.every(E.isRight)).toBe(true);
      expect(sim.store.get(id)).toMatchObject({ name: `kodexa renamed ${trial}`, expiresAt: expiresAt.toISOString().replace('.000Z', 'Z') });
    }
  });

  it('a refused update releases the token', async () => {
    const { id } = sim.store.seed({ name: 'kodexa refused' });
    sim.faults.add({ method: 'PUT', path: `/api/access-tokens/${id}`, phase: 'before', kind: 'status', status: 400, body: { message: 'no' } });
    const [refused, landed] = await Promise.all([provider.update(id, { name: 'x' })(), provider.update(id, { name: 'kodexa landed' })()]);
    sweep.record(refused, landed);
    expect(E.isLeft(refused) && refused.left._tag).toBe('Validation');
    expect(sim.store.get(id)?.name).toBe('kodexa landed');
    expect(await fails(provider.update(id, { name: '' }), sweep)).toMatchObject({ _tag: 'Validation' });
  });
});

it('no secret shows in anything produced above', () => {
  expect(sweep.size).toBeGreaterThan(0);
  expect(sweep.leaks()).toEqual([]);
});
