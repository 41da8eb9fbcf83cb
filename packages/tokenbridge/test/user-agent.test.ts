import { readFileSync } from 'node:fs';
import { VENDORS as REGISTRY } from 'tokenbridge';
import { ok } from './reliability/support/results';
import { VENDORS, type VendorUnderTest, startVendor } from './reliability/support/vendors';

/**
 * Issue 16 item 12, for every registered vendor: each request reaching the
 * vendor's simulator names core, the vendor's adapter package and Node with
 * their versions (`tokenbridge-core/0.1.0 tokenbridge-datocms/0.1.0
 * node/20.19.2`), and the caller can put its product first or replace it.
 */

/** A package's User-Agent product as the README documents it: `@scope/name` 1.2.3 is `scope-name/1.2.3`. */
function product(packageName: string): string {
  const manifest = JSON.parse(readFileSync(require.resolve(`${packageName}/package.json`), 'utf8')) as { name: string; version: string };
  expect(manifest.name).toBe(packageName);
  return `${packageName.replace(/^@/, '').replace('/', '-')}/${manifest.version}`;
}

describe.each(VENDORS)('%s', (vendor) => {
  let v: VendorUnderTest;
  beforeAll(async () => {
    v = await startVendor(vendor);
  });
  afterAll(async () => {
    await v.close();
  });
  const expected = (): string => `${product('@tokenbridge/core')} ${product(REGISTRY[vendor].packageName)} node/${process.versions.node}`;
  const agents = (): Array<string | undefined> => v.requests.all().map((r) => r.headers['user-agent']);

  it('every request names core, the adapter and Node', async () => {
    v.requests.clear();
    await ok(v.provider.list({ pageSize: 5 }));
    const id = v.seed('ua-probe');
    await ok(v.provider.get(id));
    expect(agents().length).toBeGreaterThanOrEqual(2);
    expect(new Set(agents())).toEqual(new Set([expected()]));
  });

  it('the userAgent option goes first; a User-Agent header replaces it', async () => {
    v.requests.clear();
    await ok(v.another({ userAgent: 'release-bot/1.2' }).list({ pageSize: 5 }));
    const prefixed = agents();
    v.requests.clear();
    await ok(v.another({ headers: { 'User-Agent': 'replaced/9' } }).list({ pageSize: 5 }));
    expect(new Set(prefixed)).toEqual(new Set([`release-bot/1.2 ${expected()}`]));
    expect(new Set(agents())).toEqual(new Set(['replaced/9']));
  });
});
