import { fails, ok } from './support/results';
import { LeakSweep } from './support/sentinels';
import { RETRIES, type VendorUnderTest, startVendor } from './support/vendors';

/**
 * SoftwareOne's one write that takes two vendor calls: an update changing
 * fields and status is `PUT …/{id}` (the fields), then `POST …/{id}/disable`.
 * What a failure between them leaves, and how the caller gets to the state
 * asked for.
 */

const sweep = new LeakSweep();
const PATCH = { name: 'two-step', status: 'disabled' } as const;

let v: VendorUnderTest;
let id: string;
beforeEach(async () => {
  v = await startVendor('softwareone');
  id = v.seed('one-step');
  v.requests.clear();
});
afterEach(async () => {
  sweep.record(v.events);
  await v.close();
});

const disablePath = (): string => `${v.paths.item(id)}/disable`;
const writes = (): string[] => v.requests.all().filter((r) => r.method !== 'GET').map((r) => `${r.method} ${r.path.slice(v.paths.collection.length)}`);

it('the PUT landed and the disable failed for good: fields changed, status unchanged, and the error says so', async () => {
  v.faults.add({ method: 'POST', path: disablePath(), phase: 'before', kind: 'status', status: 503, times: RETRIES + 1 });
  const error = await fails(v.provider.update(id, PATCH), sweep);
  expect(error).toMatchObject({ _tag: 'Server', operation: 'update' });
  expect(error.message).toMatch(/^the PUT of name was saved, but POST …\/disable failed: /);
  expect(v.stored(id)).toMatchObject({ name: 'two-step', status: 'Active' });
  expect(writes()).toEqual([`PUT /${id}`, ...Array<string>(RETRIES + 1).fill(`POST /${id}/disable`)]);
});

it('the same update again converges: by id the delta PUT repeats harmlessly, given a fresh read only the disable goes', async () => {
  v.faults.add({ method: 'POST', path: disablePath(), phase: 'before', kind: 'reset', times: RETRIES + 1 });
  await fails(v.provider.update(id, PATCH), sweep);
  v.requests.clear();
  expect(await ok(v.provider.update(id, PATCH), sweep)).toMatchObject({ name: 'two-step', status: 'disabled' });
  expect(writes()).toEqual([`PUT /${id}`, `POST /${id}/disable`]);
  expect(v.stored(id)).toMatchObject({ name: 'two-step', status: 'Disabled' });
});

it('after the failure, an update given a fresh read sends only the missing disable', async () => {
  v.faults.add({ method: 'POST', path: disablePath(), phase: 'before', kind: 'reset', times: RETRIES + 1 });
  await fails(v.provider.update(id, PATCH), sweep);
  const fresh = await ok(v.provider.get(id), sweep);
  v.requests.clear();
  expect(await ok(v.provider.update(fresh, PATCH), sweep)).toMatchObject({ name: 'two-step', status: 'disabled' });
  expect(writes()).toEqual([`POST /${id}/disable`]);
  expect(v.stored(id)).toMatchObject({ name: 'two-step', status: 'Disabled' });
});

it('a disable whose answer was lost is retried; the vendor refusing it as already done counts as done', async () => {
  v.faults.add({ method: 'POST', path: disablePath(), phase: 'after', kind: 'status', status: 502 });
  expect(await ok(v.provider.update(id, PATCH), sweep)).toMatchObject({ name: 'two-step', status: 'disabled' });
  expect(v.stored(id)).toMatchObject({ name: 'two-step', status: 'Disabled' });
  expect(writes()).toEqual([`PUT /${id}`, `POST /${id}/disable`, `POST /${id}/disable`]);
});

it('the PUT failed before the vendor acted: nothing changed and no disable was sent', async () => {
  v.faults.add({ method: 'PUT', path: v.paths.item(id), phase: 'before', kind: 'status', status: 500, times: RETRIES + 1 });
  const before = v.snapshot();
  expect(await fails(v.provider.update(id, PATCH), sweep)).toMatchObject({ _tag: 'Server' });
  expect(v.snapshot()).toBe(before);
  expect(writes()).toEqual(Array<string>(RETRIES + 1).fill(`PUT /${id}`));
});

it('no secret shows in any error or event produced above', () => {
  expect(sweep.size).toBeGreaterThan(0);
  expect(sweep.leaks()).toEqual([]);
});
