// The official `cloudflare` client (a dev dependency of bench/ only, pinned),
// unchanged, driven against the Cloudflare simulator through its own token
// calls: the evidence that the simulator plays the vendor faithfully.
import Cloudflare, { AuthenticationError, InternalServerError, NotFoundError, RateLimitError } from 'cloudflare';
import { VERSION } from 'cloudflare/version';
import { startCloudflareSimulator, type CloudflareSimulator } from '@tokenbridge/testing';

const ZONE_READ = 'c8fed203ed3043cba015a93ad1616f1f';
const DNS_READ = '82e64a83756745bbbb1c9c2701bf816b';
const ACCOUNT_SETTINGS_READ = 'c1fde68c7bcc44588cbb6ddbc16d6480';

let sim: CloudflareSimulator;
const simulators: CloudflareSimulator[] = [];

/** The official client pointed at a simulator; other credentials from the environment are shut out. */
function client(on: CloudflareSimulator, apiToken = on.credential, maxRetries = 1): Cloudflare {
  return new Cloudflare({ apiToken, apiKey: null, apiEmail: null, userServiceKey: null, baseURL: on.url, maxRetries, logLevel: 'off' });
}

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const all: T[] = [];
  for await (const item of items) all.push(item);
  return all;
}

beforeAll(async () => {
  sim = await startCloudflareSimulator({ rateLimit: false });
  simulators.push(sim);
});
afterAll(async () => {
  await Promise.all(simulators.map((each) => each.close()));
});
beforeEach(() => sim.reset());

it('is the pinned 7.3.0', () => {
  expect(VERSION).toBe('7.3.0');
});

describe('user tokens through client.user.tokens', () => {
  it('verifies, creates, gets, updates, rolls, disables and deletes', async () => {
    const cf = client(sim);
    expect(await cf.user.tokens.verify()).toEqual({ id: sim.tokenId, status: 'active' });

    const created = await cf.user.tokens.create({
      name: 'official client',
      policies: [{ effect: 'allow', permission_groups: [{ id: ZONE_READ }, { id: DNS_READ }], resources: { 'com.cloudflare.api.account.zone.*': '*' } }],
      condition: { request_ip: { in: ['127.0.0.0/8'] } },
      expires_on: '2099-01-01T00:00:00Z',
    });
    expect(created.value).toMatch(/^cfut_/);
    expect(created.status).toBe('active');
    const id = created.id!;

    const got = await cf.user.tokens.get(id);
    expect(got).toMatchObject({ id, name: 'official client', expires_on: '2099-01-01T00:00:00Z', condition: { request_ip: { in: ['127.0.0.0/8'] } } });
    expect(got.policies![0]!.permission_groups.map((group) => group.name)).toEqual(['Zone Read', 'DNS Read']);
    expect(got).not.toHaveProperty('value');

    // A full replacement: everything the token keeps is sent again.
    const updated = await cf.user.tokens.update(id, {
      name: 'renamed',
      policies: got.policies!,
      condition: got.condition!,
      expires_on: got.expires_on!,
    });
    expect(updated).toMatchObject({ id, name: 'renamed', status: 'active', policies: got.policies, expires_on: '2099-01-01T00:00:00Z' });

    const rolled = await cf.user.tokens.value.update(id);
    expect(rolled).toMatch(/^cfut_/);
    expect(rolled).not.toBe(created.value);
    expect(await client(sim, rolled).user.tokens.verify()).toEqual({ id, status: 'active', expires_on: '2099-01-01T00:00:00Z' });
    await expect(client(sim, created.value!).user.tokens.verify()).rejects.toMatchObject({ status: 401, errors: [{ code: 1000 }] });

    const disabled = await cf.user.tokens.update(id, { name: 'renamed', policies: got.policies!, status: 'disabled' });
    expect(disabled.status).toBe('disabled');
    await expect(client(sim, rolled).user.tokens.verify()).rejects.toBeInstanceOf(AuthenticationError);

    expect(await cf.user.tokens.delete(id)).toEqual({ id });
    const missing = cf.user.tokens.get(id);
    await expect(missing).rejects.toBeInstanceOf(NotFoundError);
    await expect(missing).rejects.toMatchObject({ status: 404, errors: [{ code: 1000 }] });
  });

  it('lists a page and auto-paginates until an empty page', async () => {
    sim.store.generate(11, 'listed-');
    const cf = client(sim);
    const page = await cf.user.tokens.list({ per_page: 5 });
    expect(page.result).toHaveLength(5);
    expect(page.result_info).toMatchObject({ page: 1, per_page: 5 });
    expect(page.hasNextPage()).toBe(true);

    sim.requests.clear();
    const all = await collect(cf.user.tokens.list({ per_page: 5, direction: 'desc' }));
    expect(all.map((token) => token.name)).toEqual([
      ...Array.from({ length: 11 }, (_, i) => `listed-${String(11 - i).padStart(2, '0')}`),
      'Simulator demo token',
    ]);
    // Pages 1-3 hold the tokens; the client stops only after page 4 comes back empty.
    expect(sim.requests.all().map((request) => new URLSearchParams(request.query).get('page'))).toEqual([null, '2', '3', '4']);
  });

  it('lists permission groups', async () => {
    const groups = await collect(client(sim).user.tokens.permissionGroups.list());
    expect(groups.find((group) => group.id === ZONE_READ)).toMatchObject({ name: 'Zone Read', scopes: ['com.cloudflare.api.account.zone'] });
    const filtered = await collect(client(sim).user.tokens.permissionGroups.list({ name: 'DNS Read' }));
    expect(filtered.map((group) => group.id)).toEqual([DNS_READ]);
  });
});

describe('account tokens through client.accounts.tokens', () => {
  it('creates, gets, lists, updates, rolls, verifies and deletes', async () => {
    const cf = client(sim);
    const account_id = sim.accountId;
    const policies = [
      { effect: 'allow' as const, permission_groups: [{ id: ACCOUNT_SETTINGS_READ }], resources: { [`com.cloudflare.api.account.${account_id}`]: '*' } },
    ];
    const created = await cf.accounts.tokens.create({ account_id, name: 'service', policies });
    expect(created.value).toMatch(/^cfat_/);
    const id = created.id!;
    expect(await cf.accounts.tokens.get(id, { account_id })).toMatchObject({ id, name: 'service', status: 'active' });

    sim.store.generate(6, 'acct-', 'account');
    const listed = await collect(cf.accounts.tokens.list({ account_id, per_page: 5 }));
    expect(listed).toHaveLength(7);

    const got = await cf.accounts.tokens.get(id, { account_id });
    const updated = await cf.accounts.tokens.update(id, { account_id, name: 'service v2', policies: got.policies! });
    expect(updated).toMatchObject({ id, name: 'service v2', policies: got.policies });

    const rolled = await cf.accounts.tokens.value.update(id, { account_id });
    expect(rolled).toMatch(/^cfat_/);
    expect(await client(sim, rolled).accounts.tokens.verify({ account_id })).toEqual({ id, status: 'active' });
    // An account token is not valid on the user verify endpoint.
    await expect(client(sim, rolled).user.tokens.verify()).rejects.toBeInstanceOf(AuthenticationError);

    expect(await cf.accounts.tokens.delete(id, { account_id })).toEqual({ id });
    await expect(cf.accounts.tokens.get(id, { account_id })).rejects.toBeInstanceOf(NotFoundError);
  });

  it('lists permission groups both ways the client offers', async () => {
    const cf = client(sim);
    const listed = await collect(cf.accounts.tokens.permissionGroups.list({ account_id: sim.accountId }));
    const got = await cf.accounts.tokens.permissionGroups.get({ account_id: sim.accountId });
    expect(got).toEqual(listed);
    expect(listed.some((group) => group.id === ACCOUNT_SETTINGS_READ)).toBe(true);
    expect(listed.some((group) => group.scopes?.includes('com.cloudflare.api.user'))).toBe(false);
  });
});

describe('errors and retries', () => {
  it('surfaces the vendor 429 as RateLimitError with its code and Retry-After', async () => {
    const limited = await startCloudflareSimulator({ rateLimit: { limit: 1, windowMs: 60_000 } });
    simulators.push(limited);
    const cf = client(limited, limited.credential, 0);
    await cf.user.tokens.verify();
    const refused = cf.user.tokens.verify();
    await expect(refused).rejects.toBeInstanceOf(RateLimitError);
    const error = (await refused.catch((caught: unknown) => caught)) as RateLimitError;
    expect(error.errors).toEqual([{ code: 971, message: 'Please wait and consider throttling your request speed' }]);
    expect(error.headers?.get('retry-after')).toBe('60');
  });

  it('retries a create (a POST) after a 503, as the client does for every method', async () => {
    sim.faults.add({ method: 'POST', phase: 'before', kind: 'status', status: 503, body: 'busy', headers: { 'retry-after-ms': '1' } });
    const created = await client(sim).user.tokens.create({
      name: 'retried',
      policies: [{ effect: 'allow', permission_groups: [{ id: ZONE_READ }], resources: { 'com.cloudflare.api.account.zone.*': '*' } }],
    });
    expect(created.name).toBe('retried');
    const posts = sim.requests.filter({ method: 'POST' });
    expect(posts.map((request) => request.headers['x-stainless-retry-count'])).toEqual(['0', '1']);
    sim.faults.add({ method: 'GET', phase: 'before', kind: 'status', status: 503, body: 'busy', headers: { 'retry-after-ms': '1' }, times: 2 });
    await expect(client(sim).user.tokens.verify()).rejects.toBeInstanceOf(InternalServerError);
  });

  it('sends the bearer token and the client headers the notes list', async () => {
    sim.requests.clear();
    await client(sim).user.tokens.verify();
    const [request] = sim.requests.all();
    expect(request!.headers).toMatchObject({
      authorization: '[REDACTED]',
      accept: 'application/json',
      'user-agent': 'Cloudflare/JS 7.3.0',
      'api-version': expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
      'x-stainless-retry-count': '0',
    });
  });
});
