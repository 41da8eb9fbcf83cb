import axios from 'axios';
import { ok } from './support/results';
import { type CaptureServer, startCaptureServer } from './support/capture-server';
import { LeakSweep } from './support/sentinels';
import { type VendorUnderTest, startVendor } from './support/vendors';

/**
 * Item 3 of "hostile inputs, round 2": a redirect the vendor documents
 * (SoftwareOne's large-list download) is followed with only the headers the
 * library itself set — never the credential, never the caller's extra
 * headers (cookies, proxy credentials), whether they came from the factory,
 * the call, or the caller's own axios instance (its defaults and
 * interceptors) — as a browser drops them on a cross-origin redirect. The
 * vendor's own origin still gets them.
 */

const sweep = new LeakSweep();
// What a followed redirect may carry: the library's Accept, and what Node and axios add to any request.
const LIBRARY_HEADERS = new Set(['accept', 'user-agent', 'accept-encoding', 'host', 'connection']);
const CALLER_VALUES = ['sentinel-cookie-1f2e3d', 'Basic c2VudGluZWwtcHJveHk=', 'sentinel-call-header-4c5b', 'sentinel-instance-default-6a7b', 'sentinel-interceptor-8c9d'];

let v: VendorUnderTest;
let capture: CaptureServer;
beforeAll(async () => {
  v = await startVendor('softwareone');
  capture = await startCaptureServer();
});
afterAll(async () => {
  sweep.record(v.events);
  await Promise.all([v.close(), capture.close()]);
});

/** Lists once through a redirect to the capture server; returns what reached the vendor and what reached the other origin. */
async function listThroughRedirect(provider: ReturnType<VendorUnderTest['another']>, callHeaders: Record<string, string> = {}) {
  v.requests.clear();
  const before = capture.received.length;
  v.faults.add({ method: 'GET', path: v.paths.collection, phase: 'before', kind: 'redirect', location: `${capture.url}/download/tokens.json` });
  await ok(provider.list({ pageSize: 5 }, { headers: callHeaders }), sweep);
  const followed = capture.received.slice(before);
  expect(followed).toHaveLength(1);
  return { atVendor: v.requests.all()[0]?.headers ?? {}, followed: followed[0]?.headers ?? {} };
}

it('headers from the factory and the call reach the vendor, and do not follow the redirect', async () => {
  const provider = v.another({ headers: { Cookie: `session=${CALLER_VALUES[0]}`, 'Proxy-Authorization': CALLER_VALUES[1] ?? '', 'X-Team': 'platform' } });
  const { atVendor, followed } = await listThroughRedirect(provider, { 'X-Call-Trace': CALLER_VALUES[2] ?? '' });
  // The simulator's log shows the cookie redacted, as it does every credential-like header: it was there.
  expect(atVendor).toMatchObject({ cookie: '[REDACTED]', 'x-team': 'platform', 'x-call-trace': CALLER_VALUES[2] });
  expect(Object.keys(followed).filter((name) => !LIBRARY_HEADERS.has(name))).toEqual([]);
  expect(followed['accept']).toBe('application/json');
  expect(JSON.stringify(followed)).not.toMatch(new RegExp([v.credential, ...CALLER_VALUES].map((s) => s.replace(/[+=]/g, '.')).join('|')));
});

it("the caller's own axios instance: its default headers and interceptors do not follow the redirect either", async () => {
  // Basic auth on the instance too: axios would turn it into an Authorization header.
  const own = axios.create({ auth: { username: 'sentinel-user', password: 'sentinel-basic-password' } });
  own.defaults.headers.common['X-Instance-Default'] = CALLER_VALUES[3] ?? '';
  own.interceptors.request.use((config) => {
    config.headers.set('X-From-Interceptor', CALLER_VALUES[4] ?? '');
    return config;
  });
  const provider = v.another({ axios: own });
  const { atVendor, followed } = await listThroughRedirect(provider);
  expect(atVendor).toMatchObject({ 'x-instance-default': CALLER_VALUES[3], 'x-from-interceptor': CALLER_VALUES[4] });
  expect(Object.keys(followed).filter((name) => !LIBRARY_HEADERS.has(name))).toEqual([]);
  expect(JSON.stringify(followed)).not.toContain(v.credential);
  expect(followed['authorization']).toBeUndefined();
});

it('no secret shows in anything produced above', () => {
  expect(sweep.size).toBeGreaterThan(0);
  expect(sweep.leaks()).toEqual([]);
});
