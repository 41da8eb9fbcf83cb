import { RotationError, Secret, TokenBridgeError, auditReasons, createTokenManager, parseDuration, replacementExpiry, type Token } from '@tokenbridge/core';
import { DAY, NOW, memoryProvider } from './support/memory-provider';

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
