import {
  CLOUDFLARE_DEMO_ACCOUNT_ID,
  CLOUDFLARE_DEMO_API_TOKEN,
  CLOUDFLARE_RATE_LIMIT,
  InvalidInputError,
  REDACTED,
  startCloudflareSimulator,
  type CloudflareSimulator,
  type CloudflareSimulatorOptions,
} from '../src';
import { call, manualClock, type JsonReply } from './helpers';

const API_TOKENS_READ = '0cc3a61731504c89b99ec1be78b77aa0';
const API_TOKENS_WRITE = '686d18d5ac6c441c867cbf6771e58a0a';
const ZONE_READ = 'c8fed203ed3043cba015a93ad1616f1f';
const DNS_READ = '82e64a83756745bbbb1c9c2701bf816b';
const ACCOUNT_SETTINGS_READ = 'c1fde68c7bcc44588cbb6ddbc16d6480';

const clock = manualClock();
let sim: CloudflareSimulator;
const extra: CloudflareSimulator[] = [];

beforeAll(async () => {
  sim = await startCloudflareSimulator({ rateLimit: false, now: clock.now });
});
afterAll(async () => {
  await Promise.all([sim, ...extra].map((each) => each.close()));
});
beforeEach(() => sim.reset());

/** Another simulator for the test, closed after all tests. */
async function another(options: CloudflareSimulatorOptions): Promise<CloudflareSimulator> {
  const started = await startCloudflareSimulator({ rateLimit: false, now: clock.now, ...options });
  extra.push(started);
  return started;
}

const bearer = (secret: string) => ({ authorization: `Bearer ${secret}`, 'content-type': 'application/json' });
const api = (on: CloudflareSimulator, path: string, init: { method?: string; body?: unknown; secret?: string } = {}) =>
  call(`${on.url}${path}`, {
    method: init.method ?? 'GET',
    headers: bearer(init.secret ?? on.credential),
    ...(init.body !== undefined && { body: typeof init.body === 'string' ? init.body : JSON.stringify(init.body) }),
  });
const policy = (groups: string[] = [ZONE_READ], effect = 'allow') => ({
  effect,
  resources: { 'com.cloudflare.api.account.zone.*': '*' },
  permission_groups: groups.map((id) => ({ id })),
});
const createUserToken = (body: Record<string, unknown>, on = sim) =>
  api(on, '/user/tokens', { method: 'POST', body: { policies: [policy()], ...body } });
/** Cloudflare's date-time form: UTC, whole seconds, `Z`. */
const cloudflareTime = (ms: number) => new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
const firstError = (reply: JsonReply) => reply.body.errors[0] as { code: number; message: string };
const expectFailure = (reply: JsonReply, status: number, code: number) => {
  expect(reply.status).toBe(status);
  expect(reply.body).toMatchObject({ success: false, messages: [], result: null });
  expect(firstError(reply).code).toBe(code);
};

describe('a fresh simulator', () => {
  it('serves the API under /client/v4 and verifies its credential, a user token that may manage tokens', async () => {
    expect(sim.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/client\/v4$/);
    expect(sim.credential).toBe(CLOUDFLARE_DEMO_API_TOKEN);
    const reply = await api(sim, '/user/tokens/verify');
    expect(reply.status).toBe(200);
    expect(reply.body).toEqual({
      result: { id: sim.tokenId, status: 'active' },
      success: true,
      errors: [],
      messages: [{ code: 10000, message: 'This API Token is valid and active', type: null }],
    });
    expect(reply.headers.get('content-type')).toBe('application/json');
    expect(reply.headers.get('cf-ray')).toMatch(/\S+/);
    const own = sim.store.get(sim.tokenId)!;
    expect(own.policies.flatMap((each) => each.permission_groups.map((group) => group.name))).toEqual([
      'API Tokens Write',
      'Account API Tokens Write',
    ]);
  });

  it('defaults to the published rate limit', async () => {
    const fresh = await another({ rateLimit: undefined });
    expect(fresh.rateLimit.get()).toEqual(CLOUDFLARE_RATE_LIMIT);
    expect(CLOUDFLARE_RATE_LIMIT).toEqual({ limit: 1200, windowMs: 300_000 });
  });
});

describe('authentication', () => {
  it('answers 400 9106 without a credential and 400 6003/6111 for a malformed Authorization header', async () => {
    expectFailure(await call(`${sim.url}/user/tokens`), 400, 9106);
    const basic = await call(`${sim.url}/user/tokens`, { headers: { authorization: 'Basic abc' } });
    expectFailure(basic, 400, 6003);
    expect(firstError(basic)).toMatchObject({ error_chain: [{ code: 6111, message: 'Invalid format for Authorization header' }] });
  });

  it('refuses an unknown value: 401 1000 on verify, 403 10000 elsewhere', async () => {
    expectFailure(await api(sim, '/user/tokens/verify', { secret: 'cfut_unknown' }), 401, 1000);
    expectFailure(await api(sim, '/user/tokens', { secret: 'cfut_unknown' }), 403, 10000);
  });
});

describe('user tokens', () => {
  it('creates a token, returning its scannable value once; reads never carry it', async () => {
    const created = await createUserToken({ name: 'ci deploy', policies: [policy([ZONE_READ, DNS_READ])] });
    expect(created.status).toBe(200);
    const token = created.body.result;
    expect(token).toMatchObject({
      name: 'ci deploy',
      status: 'active',
      issued_on: cloudflareTime(clock.now()),
      modified_on: cloudflareTime(clock.now()),
      condition: {},
      policies: [
        {
          id: expect.stringMatching(/^[0-9a-f]{32}$/),
          effect: 'allow',
          resources: { 'com.cloudflare.api.account.zone.*': '*' },
          permission_groups: [
            { id: ZONE_READ, name: 'Zone Read' },
            { id: DNS_READ, name: 'DNS Read' },
          ],
        },
      ],
    });
    expect(token.id).toMatch(/^[0-9a-f]{32}$/);
    expect(token.value).toMatch(/^cfut_[A-Za-z0-9]{40}[0-9a-f]{8}$/);
    const read = await api(sim, `/user/tokens/${token.id}`);
    const { value: _value, ...withoutValue } = token;
    expect(read.body.result).toEqual(withoutValue);
    const listed = await api(sim, '/user/tokens');
    expect(listed.text).not.toContain(token.value);
    expect(read.text).not.toContain(token.value);
    const verify = await api(sim, '/user/tokens/verify', { secret: token.value });
    expect(verify.body.result).toEqual({ id: token.id, status: 'active' });
  });

  it('refuses invalid bodies with 400 and every broken rule, creating nothing', async () => {
    const before = sim.store.size;
    const missing = await api(sim, '/user/tokens', { method: 'POST', body: {} });
    expectFailure(missing, 400, 1001);
    expect(missing.body.errors.map((each: { message: string }) => each.message)).toEqual([
      'name is required.',
      'policies is required and must list at least one policy.',
    ]);
    const reused = await createUserToken({ name: 'x', policies: [{ ...policy(), id: 'f267e341f3dd4697bd3b9f71dd96247f' }] });
    expect(firstError(reused)).toEqual({ code: 1001, message: 'Reusing existing policies is not supported by token creation' });
    const unknownGroup = await createUserToken({ name: 'x', policies: [policy(['ffffffffffffffffffffffffffffffff'])] });
    expect(firstError(unknownGroup).message).toBe('Permission group ffffffffffffffffffffffffffffffff is not valid for this token.');
    for (const body of [
      { name: 'x'.repeat(121) },
      { name: 'x', expires_on: 'tomorrow' },
      { name: 'x', not_before: '2030-01-02T00:00:00Z', expires_on: '2030-01-01T00:00:00Z' },
      { name: 'x', condition: { request_ip: { in: ['10.0.0.1'] } } },
      { name: 'x', policies: [{ ...policy(), effect: 'maybe' }] },
      { name: 'x', policies: [{ ...policy(), resources: {} }] },
    ]) {
      expectFailure(await createUserToken(body), 400, 1001);
    }
    expectFailure(await api(sim, '/user/tokens', { method: 'POST', body: '{"name":' }), 400, 6007);
    expect(sim.store.size).toBe(before);
  });

  it('pages with page, per_page and direction, answering a page past the end with an empty result', async () => {
    sim.store.generate(11, 'gen-');
    const first = await api(sim, '/user/tokens?per_page=5');
    expect(first.body.result.map((token: { name: string }) => token.name)).toEqual([
      'Simulator demo token',
      'gen-01',
      'gen-02',
      'gen-03',
      'gen-04',
    ]);
    expect(first.body.result_info).toEqual({ page: 1, per_page: 5, count: 5, total_count: 12, total_pages: 3 });
    const last = await api(sim, '/user/tokens?per_page=5&page=3');
    expect(last.body.result_info).toMatchObject({ page: 3, count: 2 });
    const past = await api(sim, '/user/tokens?per_page=5&page=4');
    expect(past.status).toBe(200);
    expect(past.body.result).toEqual([]);
    const desc = await api(sim, '/user/tokens?per_page=5&direction=desc');
    expect(desc.body.result[0].name).toBe('gen-11');
    expect((await api(sim, '/user/tokens')).body.result_info.per_page).toBe(20);
  });

  it('refuses paging parameters out of range, or clamps them under that reading', async () => {
    for (const query of ['per_page=51', 'per_page=4', 'page=0', 'page=x', 'direction=up', 'include_expired=yes']) {
      expectFailure(await api(sim, `/user/tokens?${query}`), 400, 1001);
    }
    const clamping = await another({ readings: { pageParamsOutOfRange: 'clamp' } });
    expect((await api(clamping, '/user/tokens?per_page=500')).body.result_info.per_page).toBe(50);
    expect((await api(clamping, '/user/tokens?per_page=1&page=0')).body.result_info).toMatchObject({ page: 1, per_page: 5 });
  });

  it('reads a token past its expires_on as expired, and lists it only when asked (or always, under that reading)', async () => {
    const created = (await createUserToken({ name: 'short', expires_on: '2025-01-15T11:00:00Z' })).body.result;
    clock.advance(60 * 60 * 1000);
    expect((await api(sim, `/user/tokens/${created.id}`)).body.result.status).toBe('expired');
    const names = (reply: JsonReply) => reply.body.result.map((token: { name: string }) => token.name);
    expect(names(await api(sim, '/user/tokens'))).toEqual(['Simulator demo token']);
    expect(names(await api(sim, '/user/tokens?include_expired=true'))).toEqual(['Simulator demo token', 'short']);
    const always = await another({ readings: { listExpired: 'always' }, tokens: [{ name: 'old', expires_on: '2020-01-01T00:00:00Z' }] });
    expect(names(await api(always, '/user/tokens'))).toEqual(['Simulator demo token', 'old']);
  });

  it('replaces the whole token on PUT: omitted optional fields are cleared, or kept under that reading', async () => {
    const body = {
      name: 'full',
      expires_on: '2030-01-01T00:00:00Z',
      not_before: '2025-01-01T00:00:00Z',
      condition: { request_ip: { in: ['127.0.0.0/8'], not_in: ['10.0.0.0/8'] } },
    };
    const created = (await createUserToken(body)).body.result;
    expect(created).toMatchObject({ ...body, not_before: '2025-01-01T00:00:00Z' });
    clock.advance(1000);
    const put = await api(sim, `/user/tokens/${created.id}`, { method: 'PUT', body: { name: 'renamed', policies: created.policies } });
    expect(put.status).toBe(200);
    expect(put.body.result).toMatchObject({ name: 'renamed', status: 'active', condition: {}, policies: created.policies });
    expect(put.body.result.expires_on).toBeUndefined();
    expect(put.body.result.not_before).toBeUndefined();
    expect(put.body.result.modified_on).not.toBe(created.modified_on);

    const keeping = await another({ readings: { putOmitted: 'keep' } });
    const kept = (await createUserToken(body, keeping)).body.result;
    const keptPut = await api(keeping, `/user/tokens/${kept.id}`, { method: 'PUT', body: { name: 'renamed', policies: [policy()] } });
    expect(keptPut.body.result).toMatchObject({ expires_on: body.expires_on, condition: body.condition });
    expect(keptPut.body.result.policies[0].id).not.toBe(kept.policies[0].id);
  });

  it('refuses a PUT without name or policies and leaves the token as it was', async () => {
    const created = (await createUserToken({ name: 'stay' })).body.result;
    expectFailure(await api(sim, `/user/tokens/${created.id}`, { method: 'PUT', body: { name: 'only a name' } }), 400, 1001);
    expectFailure(await api(sim, `/user/tokens/${created.id}`, { method: 'PUT', body: { name: 'x', policies: [policy()], status: 'expired' } }), 400, 1001);
    const { value: _value, ...stored } = created;
    expect(sim.store.get(created.id)).toEqual(stored);
    expectFailure(await api(sim, '/user/tokens/ffffffffffffffffffffffffffffffff', { method: 'PUT', body: { name: 'x', policies: [policy()] } }), 404, 1000);
  });

  it('disables a token by PUT; a disabled token no longer authenticates', async () => {
    const created = (await createUserToken({ name: 'to disable', policies: [policy([API_TOKENS_READ])] })).body.result;
    const disabled = await api(sim, `/user/tokens/${created.id}`, { method: 'PUT', body: { name: 'to disable', policies: created.policies, status: 'disabled' } });
    expect(disabled.body.result.status).toBe('disabled');
    expectFailure(await api(sim, '/user/tokens/verify', { secret: created.value }), 401, 1000);
    expectFailure(await api(sim, '/user/tokens', { secret: created.value }), 403, 10000);
  });

  it('rolls the value: the answer is the new value as a bare string and the old one stops working', async () => {
    const created = (await createUserToken({ name: 'roll me' })).body.result;
    const rolled = await api(sim, `/user/tokens/${created.id}/value`, { method: 'PUT' });
    expect(rolled.status).toBe(200);
    expect(rolled.body.result).toMatch(/^cfut_[A-Za-z0-9]{40}[0-9a-f]{8}$/);
    expectFailure(await api(sim, '/user/tokens/verify', { secret: created.value }), 401, 1000);
    expect((await api(sim, '/user/tokens/verify', { secret: rolled.body.result })).body.result.id).toBe(created.id);
    const again = await api(sim, `/user/tokens/${created.id}/value`, { method: 'PUT', body: {} });
    expect(again.body.result).not.toBe(rolled.body.result);
    expect((await api(sim, `/user/tokens/${created.id}`)).body.result.policies).toEqual(created.policies);
    expectFailure(await api(sim, '/user/tokens/ffffffffffffffffffffffffffffffff/value', { method: 'PUT' }), 404, 1000);
  });

  it('deletes a token, answering its id; its value stops working', async () => {
    const created = (await createUserToken({ name: 'bye' })).body.result;
    const deleted = await api(sim, `/user/tokens/${created.id}`, { method: 'DELETE' });
    expect(deleted.body).toMatchObject({ success: true, result: { id: created.id } });
    expectFailure(await api(sim, `/user/tokens/${created.id}`), 404, 1000);
    expectFailure(await api(sim, `/user/tokens/${created.id}`, { method: 'DELETE' }), 404, 1000);
    expectFailure(await api(sim, '/user/tokens/verify', { secret: created.value }), 401, 1000);
  });

  it('records last use on the calling token', async () => {
    const created = (await createUserToken({ name: 'used', policies: [policy([API_TOKENS_READ])] })).body.result;
    expect(created.last_used_on).toBeUndefined();
    clock.advance(5000);
    await api(sim, '/user/tokens', { secret: created.value });
    expect(sim.store.get(created.id)!.last_used_on).toBe(cloudflareTime(clock.now()));
  });
});

describe('verify', () => {
  it('rejects tokens before not_before, and disabled or expired ones unless the reading reports their status', async () => {
    const reporting = await another({ readings: { verifyInactive: 'report-status' } });
    for (const on of [sim, reporting]) {
      const later = (await createUserToken({ name: 'later', not_before: '2099-01-01T00:00:00Z' }, on)).body.result;
      expectFailure(await api(on, '/user/tokens/verify', { secret: later.value }), 401, 1000);
    }
    const expiresOn = new Date(clock.now() + 1000).toISOString();
    const soon = (await createUserToken({ name: 'soon', expires_on: expiresOn }, reporting)).body.result;
    const soonByDefault = (await createUserToken({ name: 'soon', expires_on: expiresOn })).body.result;
    clock.advance(1000);
    const expired = await api(reporting, '/user/tokens/verify', { secret: soon.value });
    expect(expired.status).toBe(200);
    expect(expired.body.result).toEqual({ id: soon.id, status: 'expired', expires_on: cloudflareTime(Date.parse(expiresOn)) });
    expect(expired.body.messages).toEqual([]);
    expectFailure(await api(reporting, '/user/tokens', { secret: soon.value }), 403, 10000);
    expectFailure(await api(sim, '/user/tokens/verify', { secret: soonByDefault.value }), 401, 1000);

    const off = (await createUserToken({ name: 'off' }, reporting)).body.result;
    await api(reporting, `/user/tokens/${off.id}`, { method: 'PUT', body: { name: 'off', policies: off.policies, status: 'disabled' } });
    expect((await api(reporting, '/user/tokens/verify', { secret: off.value })).body.result).toEqual({ id: off.id, status: 'disabled' });
  });
});

describe('IP conditions', () => {
  it('refuses a token used from outside its ranges with 403 9109', async () => {
    const outside = (await createUserToken({ name: 'ranges', condition: { request_ip: { in: ['10.0.0.0/8'] } } })).body.result;
    const reply = await api(sim, '/user/tokens/verify', { secret: outside.value });
    expectFailure(reply, 403, 9109);
    expect(firstError(reply).message).toBe('Cannot use the access token from location: 127.0.0.1');
    const excluded = (await createUserToken({ name: 'x', condition: { request_ip: { not_in: ['127.0.0.1/32'] } } })).body.result;
    expectFailure(await api(sim, '/user/tokens/verify', { secret: excluded.value }), 403, 9109);
    const inside = (await createUserToken({ name: 'x', condition: { 'request.ip': { in: ['127.0.0.0/8', '2001:db8::/32'] } } })).body.result;
    expect(inside.condition).toEqual({ request_ip: { in: ['127.0.0.0/8', '2001:db8::/32'] } });
    expect((await api(sim, '/user/tokens/verify', { secret: inside.value })).status).toBe(200);
    const elsewhere = await another({ clientIp: '10.1.2.3', tokens: [{ name: 'office', value: 'cfut_office', condition: { request_ip: { in: ['10.0.0.0/8'] } } }] });
    expect((await api(elsewhere, '/user/tokens/verify', { secret: 'cfut_office' })).status).toBe(200);
  });
});

describe('permissions', () => {
  it('needs API Tokens Read to read and Write to write; a deny policy wins', async () => {
    const zoneOnly = (await createUserToken({ name: 'zone only' })).body.result;
    expectFailure(await api(sim, '/user/tokens', { secret: zoneOnly.value }), 403, 9109);
    const reader = (await createUserToken({ name: 'reader', policies: [policy([API_TOKENS_READ])] })).body.result;
    expect((await api(sim, '/user/tokens', { secret: reader.value })).status).toBe(200);
    expect((await api(sim, '/user/tokens/permission_groups', { secret: reader.value })).status).toBe(200);
    const write = await api(sim, '/user/tokens', { method: 'POST', secret: reader.value, body: { name: 'x', policies: [policy()] } });
    expectFailure(write, 403, 9109);
    const denied = (await createUserToken({ name: 'denied', policies: [policy([API_TOKENS_WRITE]), policy([API_TOKENS_WRITE], 'deny')] })).body.result;
    expectFailure(await api(sim, '/user/tokens', { secret: denied.value }), 403, 9109);
    // Verify needs no permission.
    expect((await api(sim, '/user/tokens/verify', { secret: zoneOnly.value })).status).toBe(200);
  });
});

describe('account tokens', () => {
  const accountPath = (suffix = '') => `/accounts/${CLOUDFLARE_DEMO_ACCOUNT_ID}/tokens${suffix}`;
  const accountPolicy = { effect: 'allow', resources: { [`com.cloudflare.api.account.${CLOUDFLARE_DEMO_ACCOUNT_ID}`]: '*' }, permission_groups: [{ id: ACCOUNT_SETTINGS_READ }] };

  it('lives under /accounts/{id}/tokens with its own values, list and verify', async () => {
    const created = await api(sim, accountPath(), { method: 'POST', body: { name: 'service', policies: [accountPolicy] } });
    expect(created.status).toBe(200);
    const token = created.body.result;
    expect(token.value).toMatch(/^cfat_[A-Za-z0-9]{40}[0-9a-f]{8}$/);
    expect(token.creator_email_at_creation).toBe('user@example.com');
    expect(sim.store.ownerOf(token.id)).toBe('account');
    expect((await api(sim, accountPath())).body.result.map((each: { id: string }) => each.id)).toEqual([token.id]);
    expect((await api(sim, '/user/tokens')).body.result.map((each: { id: string }) => each.id)).toEqual([sim.tokenId]);
    expectFailure(await api(sim, `/user/tokens/${token.id}`), 404, 1000);
    expect((await api(sim, accountPath('/verify'), { secret: token.value })).body.result).toEqual({ id: token.id, status: 'active' });
    expectFailure(await api(sim, '/user/tokens/verify', { secret: token.value }), 401, 1000);
    expectFailure(await api(sim, accountPath('/verify')), 401, 1000);
    expectFailure(await api(sim, '/user/tokens', { secret: token.value }), 403, 9109);
    const rolled = await api(sim, accountPath(`/${token.id}/value`), { method: 'PUT' });
    expect(rolled.body.result).toMatch(/^cfat_/);
    expect((await api(sim, accountPath(`/${token.id}`), { method: 'DELETE' })).body.result).toEqual({ id: token.id });
  });

  it('refuses user-scoped permission groups, unknown accounts (403 9109) and malformed account ids (400 7003)', async () => {
    const userScoped = await api(sim, accountPath(), { method: 'POST', body: { name: 'x', policies: [policy([API_TOKENS_READ])] } });
    expectFailure(userScoped, 400, 1001);
    expectFailure(await api(sim, '/accounts/ffffffffffffffffffffffffffffffff/tokens'), 403, 9109);
    const malformed = await api(sim, '/accounts/nope/tokens');
    expectFailure(malformed, 400, 7003);
    expect(firstError(malformed).message).toBe('Could not route to /client/v4/accounts/nope/tokens, perhaps your object identifier is invalid?');
  });
});

describe('permission groups', () => {
  it('lists every group for user tokens and all but user-scoped ones for account tokens, filtered by name or scope', async () => {
    const user = (await api(sim, '/user/tokens/permission_groups')).body.result as Array<{ id: string; name: string; scopes: string[] }>;
    expect(user.find((group) => group.id === API_TOKENS_WRITE)).toMatchObject({ name: 'API Tokens Write', scopes: ['com.cloudflare.api.user'] });
    const account = (await api(sim, `/accounts/${CLOUDFLARE_DEMO_ACCOUNT_ID}/tokens/permission_groups`)).body.result as typeof user;
    expect(account.length).toBe(user.length - 2);
    expect(account.some((group) => group.scopes.includes('com.cloudflare.api.user'))).toBe(false);
    const byName = await api(sim, `/user/tokens/permission_groups?name=${encodeURIComponent('DNS Read')}`);
    expect(byName.body.result).toEqual([{ id: DNS_READ, name: 'DNS Read', scopes: ['com.cloudflare.api.account.zone'], category: 'dns_and_zones', is_selectable: true }]);
    const byScope = await api(sim, `/user/tokens/permission_groups?scope=${encodeURIComponent('com.cloudflare.edge.r2.bucket')}`);
    expect(byScope.body.result).toHaveLength(2);
  });
});

describe('routing', () => {
  it('answers unknown routes with 400 7000 and wrong methods with 405', async () => {
    expectFailure(await api(sim, '/zones'), 400, 7000);
    expectFailure(await call(`${sim.origin}/user/tokens`, { headers: bearer(sim.credential) }), 400, 7000);
    expectFailure(await api(sim, `/user/tokens/${sim.tokenId}`, { method: 'PATCH', body: {} }), 405, 7001);
    expectFailure(await api(sim, '/user/tokens/verify', { method: 'POST' }), 405, 7001);
  });
});

describe('quotas', () => {
  it('refuses a create beyond the token quota, counting the caller own token', async () => {
    const small = await another({ tokenQuota: { user: 2, account: 1 } });
    expect((await createUserToken({ name: 'one' }, small)).status).toBe(200);
    const over = await createUserToken({ name: 'two' }, small);
    expectFailure(over, 400, 1001);
    expect(firstError(over).message).toBe('You have reached the maximum of 2 API tokens.');
    const unlimited = await another({ tokenQuota: false, tokens: Array.from({ length: 50 }, (_, i) => ({ name: `t${i}` })) });
    expect((await createUserToken({ name: 'fifty-second' }, unlimited)).status).toBe(200);
  });
});

describe('policy order', () => {
  it('answers policies and groups as sent, or sorted by id under that reading', async () => {
    const sorted = await another({ readings: { policyOrder: 'sorted' } });
    const groups = [ZONE_READ, DNS_READ];
    const asSent = (await createUserToken({ name: 'x', policies: [policy(groups)] })).body.result;
    expect(asSent.policies[0].permission_groups.map((group: { id: string }) => group.id)).toEqual(groups);
    const reordered = (await createUserToken({ name: 'x', policies: [policy(groups), policy([DNS_READ])] }, sorted)).body.result;
    const both = reordered.policies.find((each: { permission_groups: unknown[] }) => each.permission_groups.length === 2);
    expect(both.permission_groups.map((group: { id: string }) => group.id)).toEqual([...groups].sort());
    const ids = reordered.policies.map((each: { id: string }) => each.id);
    expect(ids).toEqual([...ids].sort());
  });
});

describe('rate limit', () => {
  const limited = (readings: CloudflareSimulatorOptions['readings'] = {}) =>
    another({ rateLimit: { limit: 3, windowMs: 60_000 }, readings });

  it('sends Ratelimit headers, then 429 code 971 with Retry-After, and locks out for a whole window', async () => {
    const on = await limited();
    const first = await api(on, '/user/tokens/verify');
    expect(first.headers.get('ratelimit')).toBe('"default";r=2;t=60');
    expect(first.headers.get('ratelimit-policy')).toBe('"default";q=3;w=60');
    clock.advance(30_000);
    await api(on, '/user/tokens/verify');
    await api(on, '/user/tokens/verify');
    const refused = await api(on, '/user/tokens/verify');
    expectFailure(refused, 429, 971);
    expect(firstError(refused).message).toBe('Please wait and consider throttling your request speed');
    expect(refused.headers.get('retry-after')).toBe('60');
    expect(refused.headers.get('ratelimit')).toBe('"default";r=0;t=60');
    // The first request left the window 30 s later, but the lockout lasts the whole window.
    clock.advance(59_000);
    expect((await api(on, '/user/tokens/verify')).headers.get('retry-after')).toBe('1');
    clock.advance(1_000);
    expect((await api(on, '/user/tokens/verify')).status).toBe(200);
    expect(on.requests.all()).toHaveLength(6);
  });

  it('after a lockout waited out without calls, accepts a full window again', async () => {
    const on = await limited();
    for (let i = 0; i < 4; i += 1) await api(on, '/user/tokens/verify');
    clock.advance(60_000);
    const statuses: number[] = [];
    for (let i = 0; i < 4; i += 1) statuses.push((await api(on, '/user/tokens/verify')).status);
    expect(statuses).toEqual([200, 200, 200, 429]);
  });

  it('under the sliding-window reading, refuses only until the oldest request leaves the window', async () => {
    const on = await limited({ rateLimitOverrun: 'sliding-window' });
    await api(on, '/user/tokens/verify');
    clock.advance(30_000);
    await api(on, '/user/tokens/verify');
    await api(on, '/user/tokens/verify');
    expect((await api(on, '/user/tokens/verify')).headers.get('retry-after')).toBe('30');
    clock.advance(30_000);
    expect((await api(on, '/user/tokens/verify')).status).toBe(200);
  });

  it('sends the x-ratelimit headers, or none, under those readings', async () => {
    const older = await limited({ rateLimitHeaders: 'x-ratelimit' });
    const reply = await api(older, '/user/tokens/verify');
    expect(reply.headers.get('x-ratelimit-limit')).toBe('3');
    expect(reply.headers.get('x-ratelimit-remaining')).toBe('2');
    expect(Date.parse(reply.headers.get('x-ratelimit-reset')!)).toBe(Math.floor(clock.now() / 1000) * 1000 + 60_000);
    expect(reply.headers.get('ratelimit')).toBeNull();
    const silent = await limited({ rateLimitHeaders: 'none' });
    for (let i = 0; i < 3; i += 1) expect((await api(silent, '/user/tokens/verify')).headers.get('ratelimit')).toBeNull();
    const refused = await api(silent, '/user/tokens/verify');
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('60');
    expect(refused.headers.get('x-ratelimit-limit')).toBeNull();
  });

  it('ends a lockout when the limit is changed or turned off, and on reset', async () => {
    const on = await limited();
    for (let i = 0; i < 4; i += 1) await api(on, '/user/tokens/verify');
    on.rateLimit.set(false);
    expect((await api(on, '/user/tokens/verify')).status).toBe(200);
    on.rateLimit.set({ limit: 1, windowMs: 60_000 });
    await api(on, '/user/tokens/verify');
    expect((await api(on, '/user/tokens/verify')).status).toBe(429);
    on.reset();
    expect((await api(on, '/user/tokens/verify')).status).toBe(200);
  });
});

describe('machinery', () => {
  it('injects faults, logs requests with the credential redacted, and offers the control API at its origin', async () => {
    sim.faults.add({ method: 'GET', path: '/client/v4/user/tokens', phase: 'before', kind: 'status', status: 503, body: 'down' });
    expect((await api(sim, '/user/tokens')).status).toBe(503);
    expect((await api(sim, '/user/tokens')).status).toBe(200);
    const logged = sim.requests.filter({ path: '/client/v4/user/tokens' });
    expect(logged).toHaveLength(2);
    expect(logged[0]!.headers['authorization']).toBe(REDACTED);
    const info = await call(`${sim.origin}/__sim/info`);
    expect(info.body).toMatchObject({ vendor: 'cloudflare', url: sim.origin, apiUrl: sim.url, accountId: sim.accountId, tokenId: sim.tokenId });
    const seeded = await call(`${sim.origin}/__sim/tokens`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'seeded', owner: 'account', value: 'cfat_known' }),
    });
    expect(seeded.body).toMatchObject({ token: { name: 'seeded' }, secret: 'cfat_known' });
    expect((await api(sim, `/accounts/${sim.accountId}/tokens/verify`, { secret: 'cfat_known' })).status).toBe(200);
  });

  it('follows its credential when the caller rolls its own token', async () => {
    const rolled = await api(sim, `/user/tokens/${sim.tokenId}/value`, { method: 'PUT' });
    expect(sim.credential).toBe(rolled.body.result);
    sim.reset();
    expect(sim.credential).toBe(CLOUDFLARE_DEMO_API_TOKEN);
  });

  it('refuses bad options and seeds with InvalidInputError', async () => {
    await expect(startCloudflareSimulator({ readings: { verifyInactive: 'maybe' as 'reject' } })).rejects.toThrow(InvalidInputError);
    await expect(startCloudflareSimulator({ readings: { nope: 'x' } as never })).rejects.toThrow('readings.nope is not a reading of this simulator');
    await expect(startCloudflareSimulator({ clientIp: 'localhost' })).rejects.toThrow(InvalidInputError);
    expect(() => sim.store.seed({ name: 'x', id: 'short' })).toThrow('seed.id must be 32 lower-case hex characters');
    expect(() => sim.store.seed({ name: 'x', value: CLOUDFLARE_DEMO_API_TOKEN })).toThrow(/already taken/);
    expect(() => sim.store.seed({ name: '' })).toThrow(/name is required/);
  });
});
