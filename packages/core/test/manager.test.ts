import * as E from 'fp-ts/Either';
import * as TE from 'fp-ts/TaskEither';
import {
  RotationError,
  Secret,
  TokenBridgeError,
  TokenErrors,
  auditReasons,
  clientPage,
  createTokenManager,
  parseDuration,
  replacementExpiry,
  type AnyTokenProvider,
  type Capabilities,
  type Token,
  type TokenError,
} from '@tokenbridge/core';

const DAY = 86_400_000;
const NOW = Date.parse('2026-06-01T00:00:00Z');

/**
 * An in-memory provider (not an adapter: the manager's logic is what is under
 * test here) that records every call and can be told to fail one operation.
 */
function memoryProvider(id: string, options: { tokens?: Array<Partial<Token<object>>>; caps?: Partial<Capabilities>; failOn?: string; verify?: 'ok' | 'narrow' | 'reject' } = {}) {
  const calls: string[] = [];
  const tokens = new Map<string, Token<object>>();
  let next = 1;
  const make = (partial: Partial<Token<object>>): Token<object> => {
    const token: Token<object> = {
      provider: id,
      id: partial.id ?? String(next++),
      name: 'token',
      description: null,
      status: 'active',
      createdAt: new Date(NOW - 10 * DAY),
      updatedAt: null,
      expiresAt: null,
      lastUsedAt: null,
      version: null,
      extra: {},
      raw: {},
      ...partial,
    };
    tokens.set(token.id, token);
    return token;
  };
  for (const t of options.tokens ?? []) make(t);
  const ctx = (operation: 'create' | 'get' | 'update' | 'delete' | 'list' | 'regenerate') => ({ provider: id, operation });
  const fail = (op: 'create' | 'get' | 'update' | 'delete' | 'list' | 'regenerate'): TokenError | undefined =>
    options.failOn === op ? TokenErrors.server(ctx(op), `${op} failed`) : undefined;
  const result = <A>(op: 'create' | 'get' | 'update' | 'delete' | 'list' | 'regenerate', value: () => E.Either<TokenError, A>) =>
    TE.fromIOEither(() => {
      calls.push(op);
      const failure = fail(op);
      return failure ? E.left(failure) : value();
    });
  const capabilities: Capabilities = {
    operations: ['create', 'get', 'update', 'delete', 'list', 'regenerate'],
    create: { fields: ['name', 'description', 'expiresAt'], extra: [] },
    update: { fields: ['name', 'status'], extra: [], style: 'patch', optimisticLocking: false },
    delete: { options: [] },
    list: { paging: 'client', maxPageSize: 100, filters: { nameContains: 'client', status: 'client' }, orderBy: { name: 'client', createdAt: 'client' } },
    secretOnCreate: 'always',
    secretOnRead: 'never',
    limits: { nameMaxLength: 100 },
    ...options.caps,
  };
  const found = (key: string, op: 'get' | 'update' | 'delete' | 'regenerate') => {
    const token = tokens.get(key);
    return token ? E.right(token) : E.left<TokenError, Token<object>>(TokenErrors.notFound(ctx(op), 'no such token'));
  };
  const provider: AnyTokenProvider = {
    specificationVersion: 'v1',
    provider: id,
    capabilities,
    create: (input) =>
      result('create', () =>
        E.right({ ...make({ name: input.name, description: input.description ?? null, expiresAt: input.expiresAt ?? null, createdAt: new Date(NOW) }), secret: new Secret(`secret-${next}`) }),
      ),
    get: (key) => result('get', () => found(key, 'get')),
    update: (target, patch) =>
      result('update', () => {
        const key = typeof target === 'string' ? target : target.id;
        return E.map((t: Token<object>) => make({ ...t, ...(patch.status ? { status: patch.status } : {}), ...(patch.name ? { name: patch.name } : {}) }))(found(key, 'update'));
      }),
    delete: (target) =>
      result('delete', () => {
        const key = typeof target === 'string' ? target : target.id;
        return E.map(() => void tokens.delete(key))(found(key, 'delete'));
      }),
    regenerate: (target) =>
      result('regenerate', () => E.map((t: Token<object>) => ({ ...t, secret: new Secret(`regenerated-${next++}`) }))(found(typeof target === 'string' ? target : target.id, 'regenerate'))),
    list: (query = {}) => result('list', () => clientPage(ctx('list'), [...tokens.values()], query)),
    rotation: {
      replacementInput: (token) => ({ name: token.name, ...(token.description ? { description: token.description } : {}) }),
      verifyCredential: () =>
        TE.fromIOEither(() => {
          calls.push('verify');
          if (options.verify === 'reject') return E.left(TokenErrors.unauthorized({ provider: id, operation: 'rotate' }, 'rejected'));
          return E.right(options.verify === 'narrow' ? { status: 'unverified' as const, reason: 'reads nothing' } : { status: 'verified' as const });
        }),
    },
    http: () => {
      throw new Error('not used');
    },
    close: async () => {
      calls.push('close');
    },
  };
  const writes = () => calls.filter((c) => c === 'create' || c === 'update' || c === 'delete' || c === 'regenerate');
  return { provider, calls, tokens, writes };
}

describe('createTokenManager', () => {
  it('keeps several providers of one vendor under names the caller chooses', () => {
    const a = memoryProvider('datocms');
    const b = memoryProvider('datocms');
    const manager = createTokenManager({ providers: { 'dato-prod': a.provider, 'dato-staging': b.provider } });
    expect(manager.names).toEqual(['dato-prod', 'dato-staging']);
    expect(manager.provider('dato-staging')).toBe(b.provider);
    expect(() => manager.provider('nope' as 'dato-prod')).toThrow(TokenBridgeError);
  });

  it('inventory streams every provider; a failing one yields its error and the others go on', async () => {
    const good1 = memoryProvider('kodexa', { tokens: [{ name: 'a' }, { name: 'b' }] });
    const bad = memoryProvider('softwareone', { failOn: 'list' });
    const good2 = memoryProvider('datocms', { tokens: [{ name: 'c' }] });
    const manager = createTokenManager({ providers: { k: good1.provider, s: bad.provider, d: good2.provider }, concurrency: 2 });
    const seen: string[] = [];
    for await (const item of manager.inventory()) seen.push('error' in item ? `${item.providerKey}:error:${item.error._tag}` : `${item.providerKey}:${item.token.name}`);
    expect(seen.sort()).toEqual(['d:c', 'k:a', 'k:b', 's:error:Server']);
  });

  it('inventory lists at most `concurrency` providers at once', async () => {
    let active = 0;
    let peak = 0;
    const slow = (name: string) => {
      const m = memoryProvider(name, { tokens: [{ name }] });
      const list = m.provider.list.bind(m.provider);
      m.provider.list = (q, o) => async () => {
        active += 1;
        peak = Math.max(peak, active);
        await new Promise((r) => setImmediate(r));
        active -= 1;
        return list(q, o)();
      };
      return m.provider;
    };
    const manager = createTokenManager({ providers: { a: slow('a'), b: slow('b'), c: slow('c'), d: slow('d') }, concurrency: 2 });
    let count = 0;
    for await (const item of manager.inventory()) if ('token' in item) count += 1;
    expect(count).toBe(4);
    expect(peak).toBe(2);
  });

  it('expiring finds tokens within the window, soonest first', async () => {
    const m = memoryProvider('kodexa', {
      tokens: [
        { name: 'later', expiresAt: new Date(NOW + 20 * DAY) },
        { name: 'soon', expiresAt: new Date(NOW + 2 * DAY) },
        { name: 'gone', expiresAt: new Date(NOW - DAY) },
        { name: 'far', expiresAt: new Date(NOW + 90 * DAY) },
        { name: 'never' },
      ],
    });
    const manager = createTokenManager({ providers: { k: m.provider }, now: () => NOW });
    const report = await manager.expiring({ within: '30d' });
    expect(report.items.map((i) => i.token.name)).toEqual(['gone', 'soon', 'later']);
    expect(report.items[0]?.expiresInMs).toBe(-DAY);
  });

  it('audit flags expired, expiring, never-used and unused tokens with reasons', async () => {
    const m = memoryProvider('softwareone', {
      tokens: [
        { name: 'expired', expiresAt: new Date(NOW - DAY), lastUsedAt: new Date(NOW - DAY) },
        { name: 'expiring', expiresAt: new Date(NOW + 3 * DAY), lastUsedAt: new Date(NOW) },
        { name: 'stale', lastUsedAt: new Date(NOW - 200 * DAY) },
        { name: 'fine', lastUsedAt: new Date(NOW - DAY) },
      ],
    });
    const manager = createTokenManager({ providers: { s: m.provider }, now: () => NOW });
    const report = await manager.audit({ unusedFor: '90d', expiringWithin: '7d' });
    const byName = Object.fromEntries(report.items.map((f) => [f.token.name, f.reasons.map((r) => r.code)]));
    expect(byName).toEqual({ expired: ['expired'], expiring: ['expiring'], stale: ['unused'] });
  });

  it('closes every provider', async () => {
    const a = memoryProvider('kodexa');
    const b = memoryProvider('datocms');
    await createTokenManager({ providers: { a: a.provider, b: b.provider } }).close();
    expect(a.calls).toContain('close');
    expect(b.calls).toContain('close');
  });
});

describe('rotate', () => {
  const old = { id: 'old', name: 'ci deploy', description: 'deploys', createdAt: new Date(NOW - 10 * DAY), expiresAt: new Date(NOW + 20 * DAY) };

  it('replace: creates a same-lifetime copy, verifies it, returns the secret once, then revokes as asked', async () => {
    const m = memoryProvider('kodexa', { tokens: [old] });
    const manager = createTokenManager({ providers: { k: m.provider }, now: () => NOW });
    const result = await manager.rotate({ provider: 'k', id: 'old' }, { strategy: 'replace', revokeOld: 'delete' });
    expect(result).toMatchObject({ strategy: 'replace', revoked: 'deleted', verification: { status: 'verified' }, dryRun: false });
    expect(result.replacement).toMatchObject({ name: 'ci deploy', description: 'deploys' });
    // The old token lived 30 days, so the replacement expires 30 days from now.
    expect(result.replacement?.expiresAt?.getTime()).toBe(NOW + 30 * DAY);
    expect(result.secret?.reveal()).toMatch(/^secret-/);
    expect(m.calls).toEqual(['get', 'create', 'verify', 'delete']);
    expect(m.tokens.has('old')).toBe(false);
  });

  it('keeps the old token by default', async () => {
    const m = memoryProvider('kodexa', { tokens: [old] });
    const result = await createTokenManager({ providers: { k: m.provider } }).rotate({ provider: 'k', id: 'old' }, { strategy: 'replace' });
    expect(result.revoked).toBe('none');
    expect(m.tokens.has('old')).toBe(true);
  });

  it('a narrow token that reads nothing is reported unverified, not a failure', async () => {
    const m = memoryProvider('kodexa', { tokens: [old], verify: 'narrow' });
    const result = await createTokenManager({ providers: { k: m.provider } }).rotate({ provider: 'k', id: 'old' }, { strategy: 'replace', revokeOld: 'disable' });
    expect(result.verification).toEqual({ status: 'unverified', reason: 'reads nothing' });
    expect(result.revoked).toBe('disabled');
  });

  it('revokes nothing when the create fails', async () => {
    const m = memoryProvider('kodexa', { tokens: [old], failOn: 'create' });
    const caught = await createTokenManager({ providers: { k: m.provider } })
      .rotate({ provider: 'k', id: 'old' }, { strategy: 'replace', revokeOld: 'delete' })
      .catch((e: unknown) => e);
    expect(caught).toBeInstanceOf(RotationError);
    expect(caught).toMatchObject({ stage: 'create', error: { _tag: 'Server' } });
    expect(m.calls).not.toContain('delete');
    expect(m.tokens.has('old')).toBe(true);
  });

  it('revokes nothing when the new secret is rejected, and hands back the replacement', async () => {
    const m = memoryProvider('kodexa', { tokens: [old], verify: 'reject' });
    const caught = (await createTokenManager({ providers: { k: m.provider } })
      .rotate({ provider: 'k', id: 'old' }, { strategy: 'replace', revokeOld: 'delete' })
      .catch((e: unknown) => e)) as RotationError;
    expect(caught.stage).toBe('verify');
    expect(caught.replacement?.secret).toBeInstanceOf(Secret);
    expect(m.calls).not.toContain('delete');
  });

  it('a dry run reads but writes nothing', async () => {
    const m = memoryProvider('kodexa', { tokens: [old] });
    const result = await createTokenManager({ providers: { k: m.provider }, now: () => NOW }).rotate(
      { provider: 'k', id: 'old' },
      { strategy: 'replace', revokeOld: 'delete', dryRun: true },
    );
    expect(result.dryRun).toBe(true);
    expect(result.steps.join('\n')).toContain('delete the old token old');
    expect(m.writes()).toEqual([]);
  });

  it('checks capabilities before writing anything', async () => {
    const m = memoryProvider('kodexa', { tokens: [old], caps: { update: { fields: ['name'], extra: [], style: 'replace', optimisticLocking: true } } });
    const caught = await createTokenManager({ providers: { k: m.provider } })
      .rotate({ provider: 'k', id: 'old' }, { strategy: 'replace', revokeOld: 'disable' })
      .catch((e: unknown) => e);
    expect(caught).toMatchObject({ stage: 'check', error: { _tag: 'Unsupported', feature: 'status' } });
    expect(m.calls).toEqual([]);
  });

  it('regenerate uses the vendor action and refuses revokeOld', async () => {
    const m = memoryProvider('datocms', { tokens: [old] });
    const manager = createTokenManager({ providers: { d: m.provider } });
    const result = await manager.rotate({ provider: 'd', id: 'old' });
    expect(result).toMatchObject({ strategy: 'regenerate', revoked: 'none', verification: { status: 'verified' } });
    expect(result.secret?.reveal()).toMatch(/^regenerated-/);
    await expect(manager.rotate({ provider: 'd', id: 'old' }, { strategy: 'regenerate', revokeOld: 'delete' })).rejects.toMatchObject({ stage: 'check' });
  });
});

describe('pure helpers', () => {
  it('replacementExpiry keeps the lifetime, not the date', () => {
    expect(replacementExpiry({ expiresAt: new Date(NOW + 5 * DAY), createdAt: new Date(NOW - 5 * DAY) } as Token<object>, NOW)?.getTime()).toBe(NOW + 10 * DAY);
    expect(replacementExpiry({ expiresAt: null, createdAt: null } as Token<object>, NOW)).toBeUndefined();
  });

  it('parseDuration reads units and rejects garbage', () => {
    expect(parseDuration('30d', 'within')).toBe(30 * DAY);
    expect(parseDuration('12h', 'x')).toBe(12 * 3_600_000);
    expect(parseDuration(500, 'x')).toBe(500);
    expect(() => parseDuration('soon', 'within')).toThrow(/within is not a duration/);
  });

  it('auditReasons spares a token too young to have been used', () => {
    const young = { status: 'active', expiresAt: null, createdAt: new Date(NOW - DAY) } as unknown as Token<object>;
    expect(auditReasons(young, { kind: 'never' }, { unusedForMs: 90 * DAY }, NOW)).toEqual([]);
    expect(auditReasons(young, { kind: 'never' }, {}, NOW).map((r) => r.code)).toEqual(['never-used']);
  });
});
