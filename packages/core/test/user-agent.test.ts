import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import axios from 'axios';
import { TokenBridgeError } from '@tokenbridge/core';
import { type TestServer, json, startServer } from './support/server';
import { call, testTransport } from './support/transport';

/**
 * Issue 16 item 12: every request names us in its User-Agent — core, the
 * adapter's package and Node, each with its version — instead of axios's
 * default, and a caller can put its own product first or replace the header.
 * Checked on the wire, at a loopback server.
 */

// Read here independently of the code under test: core's manifest as npm packs it.
const CORE = JSON.parse(readFileSync(path.join(__dirname, '..', 'package.json'), 'utf8')) as { name: string; version: string };
const NODE = `node/${process.versions.node}`;
const ADAPTER = { name: '@acme/tokenbridge-widgets', version: '2.3.4' };

let servers: TestServer[] = [];
const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((c) => c()));
  await Promise.all(servers.map((s) => s.close()));
  servers = [];
});

async function server(): Promise<TestServer> {
  const s = await startServer((_req, res) => json(res, 200, {}));
  servers.push(s);
  return s;
}

function transportFor(...args: Parameters<typeof testTransport>) {
  const made = testTransport(...args);
  closers.push(() => made.transport.close());
  return made.transport;
}

it('names core, the adapter and Node, each with its version', async () => {
  expect(CORE.name).toBe('@tokenbridge/core');
  const s = await server();
  await call(transportFor(s.url, {}, { adapterPackage: ADAPTER }));
  expect(s.requests[0]?.headers['user-agent']).toBe(`tokenbridge-core/${CORE.version} acme-tokenbridge-widgets/2.3.4 ${NODE}`);
});

it('names core and Node alone when the adapter names no package', async () => {
  const s = await server();
  await call(transportFor(s.url));
  expect(s.requests[0]?.headers['user-agent']).toBe(`tokenbridge-core/${CORE.version} ${NODE}`);
});

it('puts the userAgent option first', async () => {
  const s = await server();
  await call(transportFor(s.url, { userAgent: 'release-bot/1.2 (+https://example.test/bot)' }, { adapterPackage: ADAPTER }));
  expect(s.requests[0]?.headers['user-agent']).toBe(`release-bot/1.2 (+https://example.test/bot) tokenbridge-core/${CORE.version} acme-tokenbridge-widgets/2.3.4 ${NODE}`);
});

it("a User-Agent in the factory's or a call's headers replaces it", async () => {
  const s = await server();
  const transport = transportFor(s.url, { headers: { 'User-Agent': 'factory-agent/1' } }, { adapterPackage: ADAPTER });
  await call(transport);
  await call(transport, {}, { headers: { 'user-agent': 'call-agent/2' } });
  expect(s.requests.map((r) => r.headers['user-agent'])).toEqual(['factory-agent/1', 'call-agent/2']);
});

it('refuses a userAgent a header cannot hold, naming the option', () => {
  for (const userAgent of ['', 'bot/1\r\nX-Injected: yes', 42]) {
    let thrown: unknown;
    try {
      testTransport('http://127.0.0.1:9', { userAgent } as never);
    } catch (e) {
      thrown = e;
    }
    expect(TokenBridgeError.isInstance(thrown)).toBe(true);
    expect((thrown as TokenBridgeError).error).toMatchObject({ _tag: 'Validation', operation: 'configure', issues: [expect.objectContaining({ path: 'userAgent' })] });
  }
});

it('the escape hatch sends it too, unless the request or the headers option sets one', async () => {
  const s = await server();
  const transport = transportFor(s.url, {}, { adapterPackage: ADAPTER });
  await transport.http().get('/custom');
  await transport.http().get('/custom', { headers: { 'User-Agent': 'own-request/3' } });
  const overridden = transportFor(s.url, { headers: { 'User-Agent': 'factory-agent/1' } });
  await overridden.http().get('/custom');
  expect(s.requests.map((r) => r.headers['user-agent'])).toEqual([
    `tokenbridge-core/${CORE.version} acme-tokenbridge-widgets/2.3.4 ${NODE}`,
    'own-request/3',
    'factory-agent/1',
  ]);
});

it("the escape hatch on the caller's own axios instance keeps the instance's User-Agent, and names us where it has none", async () => {
  const s = await server();
  const own = axios.create();
  own.defaults.headers.common['User-Agent'] = 'instance-agent/4';
  await transportFor(s.url, { axios: own }).http().get(`${s.url}/custom`);
  await transportFor(s.url, { axios: axios.create() }).http().get(`${s.url}/custom`);
  expect(s.requests.map((r) => r.headers['user-agent'])).toEqual(['instance-agent/4', `tokenbridge-core/${CORE.version} ${NODE}`]);
});

it('a redirect the adapter allows is followed with the library User-Agent, not axios', async () => {
  const other = await server();
  const s = await startServer((_req, res) => {
    res.writeHead(302, { location: `${other.url}/download` });
    res.end();
  });
  servers.push(s);
  await call(transportFor(s.url, { userAgent: 'release-bot/1.2' }, { adapterPackage: ADAPTER, allowRedirect: () => true }));
  expect(other.requests[0]?.headers['user-agent']).toBe(`release-bot/1.2 tokenbridge-core/${CORE.version} acme-tokenbridge-widgets/2.3.4 ${NODE}`);
});
