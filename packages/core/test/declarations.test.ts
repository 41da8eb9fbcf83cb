import * as E from 'fp-ts/Either';
import * as TE from 'fp-ts/TaskEither';
import {
  type Declaration,
  DeclarationC,
  type RotationJournal,
  StalePlanError,
  createTokenManager,
  decodeDeclaration,
  decodePlan,
  markName,
  memoryJournal,
  parseMarkedName,
} from '@tokenbridge/core';
import { freezingJournal, recordingSink, until } from './support/journal';
import { DAY, NOW, memoryProvider } from './support/memory-provider';

/**
 * Declarations over in-memory providers: the planner's and apply's logic
 * (journal-aware matching, each kind of action, prune, safety). The same
 * flows over real HTTP, on every vendor's simulator, are in
 * packages/rotation/test/declaration*.test.ts.
 */

const HOUR = 3_600_000;

function declaration(value: unknown): Declaration {
  const decoded = decodeDeclaration(value);
  if (E.isLeft(decoded)) throw decoded.left;
  return decoded.right;
}

const caps = { update: { fields: ['name', 'description', 'expiresAt', 'status'] as const, extra: ['role'], style: 'patch' as const, optimisticLocking: false } };

describe('the declaration codec', () => {
  it('DeclarationC fails with one line per mistake naming entry and field, and encodes back to what it decodes', () => {
    const failed = DeclarationC.decode({ tokens: [{ provider: 'k', name: 'ci', rotate: { every: 'often' } }] });
    expect(E.isLeft(failed) && failed.left.map((e) => e.message)).toEqual(['tokens[0] ("ci" on k) rotate.every: expected a duration: milliseconds, or a number with a unit (ms, s, m, h, d, w) such as 30d']);
    const decl = declaration({
      tokens: [{ provider: 'k', name: 'ci', description: null, extra: { role: 'x' }, expires: '2031-01-02', rotate: { every: '30d', strategy: 'replace', grace: '1h', before: '2d' }, deliver: ['a:b'] }],
      prune: ['k'],
    });
    expect(decl.tokens[0]).toEqual({ provider: 'k', name: 'ci', description: null, extra: { role: 'x' }, expires: { kind: 'at', at: '2031-01-02T00:00:00.000Z' }, rotate: { everyMs: 30 * DAY, strategy: 'replace', graceMs: HOUR, beforeMs: 2 * DAY }, deliver: ['a:b'] });
    expect(DeclarationC.decode(DeclarationC.encode(decl))).toEqual(E.right(decl));
    expect(declaration({ tokens: [{ provider: 'k', name: 'a', expires: 'never' }, { provider: 'k', name: 'b', expires: 90 * DAY }] }).tokens.map((t) => t.expires)).toEqual([{ kind: 'never' }, { kind: 'after', ms: 90 * DAY }]);
  });
});

describe('plan and apply', () => {
  it('create, deliver, and plan again: no changes; the plan is plain JSON without a secret', async () => {
    const m = memoryProvider('kodexa', { caps });
    const sink = recordingSink('memory:a');
    const journal = memoryJournal();
    const manager = createTokenManager({ providers: { k: m.provider }, journal, now: () => NOW, resolveSink: (spec) => (spec === 'memory:a' ? sink.sink : undefined) });
    const decl = declaration({ tokens: [{ provider: 'k', name: 'ci deploy', description: 'deploys', expires: '30d', extra: { role: 'admin' }, deliver: ['memory:a'] }] });

    const plan = await manager.plan(decl);
    expect(plan.status).toBe('changes');
    expect(plan.actions).toEqual([expect.objectContaining({ kind: 'create', providerKey: 'k', entry: 0, name: 'ci deploy', fingerprint: [], deliver: ['memory:a'] })]);
    expect(decodePlan(JSON.parse(JSON.stringify(plan)))).toEqual(E.right(plan));

    const result = await manager.apply(plan);
    expect(result.status).toBe('applied');
    const created = m.tokens.get(result.actions[0]?.tokenId ?? '');
    expect(parseMarkedName(created?.name ?? '')).toMatchObject({ base: 'ci deploy' });
    expect(created).toMatchObject({ description: 'deploys', expiresAt: new Date(NOW + 30 * DAY), extra: { role: 'admin' } });
    expect(sink.received).toEqual([m.secrets.get(created?.id ?? '')]);
    expect(journal.entries.map((e) => e.step)).toEqual(['planned', 'created', 'verified', 'delivered', 'done']);
    for (const text of [JSON.stringify(plan), JSON.stringify(result), JSON.stringify(journal.entries)]) expect(text).not.toContain(sink.received[0]);

    const again = await manager.plan(decl);
    expect(again).toMatchObject({ status: 'no-changes', actions: [], entries: [expect.objectContaining({ state: 'ok', tokenId: created?.id })] });
  });

  it('each kind of drift: an update shows old → new; a field the vendor cannot update in place needs a replacement', async () => {
    const old = { id: 'old', name: 'ci deploy', description: 'before', extra: { role: 'viewer', region: 'eu' }, expiresAt: new Date(NOW + 5 * DAY), createdAt: new Date(NOW - DAY) };
    const updatable = memoryProvider('kodexa', { tokens: [old], caps });
    const fixed = memoryProvider('other', { tokens: [old], caps: { update: { ...caps.update, extra: [] } } });
    const manager = createTokenManager({ providers: { u: updatable.provider, f: fixed.provider }, now: () => NOW });
    const entry = { name: 'ci deploy', description: 'after', expires: '30d', extra: { role: 'admin' } };
    const plan = await manager.plan(declaration({ tokens: [{ provider: 'u', ...entry }, { provider: 'f', ...entry }] }));
    const changes = [
      { field: 'description', from: 'before', to: 'after', inPlace: true },
      { field: 'expiresAt', from: new Date(NOW + 5 * DAY).toISOString(), to: new Date(NOW - DAY + 30 * DAY).toISOString(), inPlace: true },
      { field: 'extra.role', from: 'viewer', to: 'admin', inPlace: true },
    ];
    expect(plan.actions[0]).toMatchObject({ kind: 'update', tokenId: 'old', changes });
    expect(plan.actions[1]).toMatchObject({ kind: 'replace', tokenId: 'old', strategy: 'replace', revoke: { kind: 'now', how: 'delete' }, changes: [changes[0], changes[1], { ...changes[2], inPlace: false }] });
    expect(plan.entries.map((e) => e.state)).toEqual(['update', 'replace']);

    const result = await manager.apply(plan);
    expect(result.status).toBe('applied');
    expect(updatable.tokens.get('old')).toMatchObject({ description: 'after', extra: { role: 'admin', region: 'eu' } });
    // The replacement takes the declared fields over a copy of the old token's (region kept), and the old one goes.
    const [replacement] = fixed.live();
    expect(replacement).toMatchObject({ description: 'after', extra: { role: 'admin', region: 'eu' }, expiresAt: new Date(NOW + 30 * DAY) });
    expect(fixed.tokens.has('old')).toBe(false);
    expect((await manager.plan(declaration({ tokens: [{ provider: 'u', ...entry }, { provider: 'f', ...entry }] }))).status).toBe('no-changes');
  });

  it('rotation by age, by expiry window, and of unknown age; a grace period keeps the old token without making a duplicate', async () => {
    let now = NOW;
    const m = memoryProvider('kodexa', { caps, now: () => now, tokens: [{ id: 'aged', name: 'aged', createdAt: new Date(NOW - 31 * DAY) }, { id: 'soon', name: 'soon', createdAt: new Date(NOW - 25 * DAY), expiresAt: new Date(NOW + 2 * DAY) }, { id: 'dateless', name: 'dateless', createdAt: null }] });
    const manager = createTokenManager({ providers: { k: m.provider }, now: () => now });
    const decl = declaration({
      tokens: [
        { provider: 'k', name: 'aged', rotate: { every: '30d', grace: '24h' } },
        { provider: 'k', name: 'soon', rotate: { every: '30d', before: '7d' } },
        { provider: 'k', name: 'dateless', rotate: { every: '30d' } },
      ],
    });
    const plan = await manager.plan(decl);
    expect(plan.actions.map((a) => (a.kind === 'rotate' ? [a.tokenId, a.reason.kind] : a.kind))).toEqual([
      ['aged', 'age'],
      ['soon', 'expiring'],
      ['dateless', 'age-unknown'],
    ]);
    expect(plan.actions[0]).toMatchObject({ revoke: { kind: 'after', how: 'delete', ms: 24 * HOUR } });
    const result = await manager.apply(plan);
    expect(result.actions.map((a) => a.outcome)).toEqual(['done', 'done', 'done']);
    expect(result.actions[0]?.pending).toMatchObject({ tokenId: 'aged', dueAt: new Date(NOW + 24 * HOUR) });
    // Two live tokens named "aged" during the grace period: the journal knows the old one is retiring.
    expect(m.live().filter((t) => parseMarkedName(t.name).base === 'aged')).toHaveLength(2);
    const during = await manager.plan(decl);
    expect(during.status).toBe('no-changes');
    expect(during.entries[0]).toMatchObject({ state: 'ok', tokenId: result.actions[0]?.tokenId });
    now += 24 * HOUR;
    await manager.resume();
    expect(m.tokens.has('aged')).toBe(false);
    expect((await manager.plan(decl)).status).toBe('no-changes');
  });

  it('a dual credential is one entry: its two live tokens are a pair, not duplicates; two unrelated tokens of one name are duplicates, reported and left alone', async () => {
    const m = memoryProvider('kodexa', { caps, tokens: [{ id: 'a', name: 'twice' }, { id: 'b', name: markName('twice', 'lx2k3m9a0abcd', 100) }] });
    const manager = createTokenManager({ providers: { k: m.provider }, now: () => NOW });
    const dual = await manager.rotate({ provider: 'k', id: (await m.provider.create({ name: 'paired' })().then((r) => (E.isRight(r) ? r.right.id : ''))) }, { strategy: 'dual' });
    const plan = await manager.plan(declaration({ tokens: [{ provider: 'k', name: 'twice' }, { provider: 'k', name: 'paired', rotate: { every: '30d', strategy: 'dual' } }] }));
    expect(plan.entries[0]).toMatchObject({ state: 'duplicate', related: ['a', 'b'], tokenId: null });
    expect(plan.entries[1]).toMatchObject({ state: 'ok', tokenId: dual.replacement?.id });
    expect(plan).toMatchObject({ status: 'error', actions: [] });
  });

  it('a failing provider is reported; the other providers are planned and applied', async () => {
    const broken = memoryProvider('softwareone', { failOn: 'list' });
    const fine = memoryProvider('kodexa', { caps });
    const manager = createTokenManager({ providers: { broken: broken.provider, fine: fine.provider }, now: () => NOW });
    const plan = await manager.plan(declaration({ tokens: [{ provider: 'broken', name: 'x' }, { provider: 'fine', name: 'y' }] }));
    expect(plan.status).toBe('error');
    expect(plan.providers).toEqual([
      { key: 'broken', provider: 'softwareone', prune: false, error: expect.objectContaining({ _tag: 'Server', message: 'list failed' }) },
      { key: 'fine', provider: 'kodexa', prune: false, error: null },
    ]);
    expect(plan.entries.map((e) => e.state)).toEqual(['unreadable', 'create']);
    const result = await manager.apply(plan);
    expect(result.status).toBe('applied');
    expect(fine.live().map((t) => parseMarkedName(t.name).base)).toEqual(['y']);
    // No sink declared: the secret is handed back once, in the result, and prints redacted.
    const secret = fine.secrets.get(result.actions[0]?.tokenId ?? '');
    expect(result.actions[0]?.secret?.reveal()).toBe(secret);
    expect(JSON.stringify(result)).not.toContain(secret);
  });
});

describe('prune', () => {
  const tokens = [
    { id: 'kept', name: 'declared' },
    { id: 'by-hand', name: 'made by hand' },
    { id: 'ours', name: markName('left over', 'lx2k3m9a0abcd', 100) },
  ];

  it('reports undeclared tokens and never touches them without prune', async () => {
    const m = memoryProvider('kodexa', { caps, tokens });
    const manager = createTokenManager({ providers: { k: m.provider }, now: () => NOW });
    const plan = await manager.plan(declaration({ tokens: [{ provider: 'k', name: 'declared' }] }));
    expect(plan.unmanaged).toEqual([
      { providerKey: 'k', tokenId: 'by-hand', name: 'made by hand', status: 'active', createdByTokenbridge: false, pruned: false },
      { providerKey: 'k', tokenId: 'ours', name: tokens[2]?.name, status: 'active', createdByTokenbridge: true, pruned: false },
    ]);
    expect(plan).toMatchObject({ status: 'no-changes', actions: [] });
  });

  it('with prune, deletes (journaled) only the undeclared tokens tokenbridge made', async () => {
    const m = memoryProvider('kodexa', { caps, tokens });
    const journal = memoryJournal();
    const manager = createTokenManager({ providers: { k: m.provider }, journal, now: () => NOW });
    const plan = await manager.plan(declaration({ tokens: [{ provider: 'k', name: 'declared' }], prune: ['k'] }));
    expect(plan.actions).toEqual([expect.objectContaining({ kind: 'delete', tokenId: 'ours', entry: null })]);
    expect(plan.unmanaged.map((u) => [u.tokenId, u.pruned])).toEqual([
      ['by-hand', false],
      ['ours', true],
    ]);
    expect((await manager.apply(plan)).status).toBe('applied');
    expect([...m.tokens.keys()].sort()).toEqual(['by-hand', 'kept']);
    expect(journal.entries.map((e) => e.step)).toEqual(['planned', 'revoked', 'done']);
    expect(journal.entries[0]).toMatchObject({ strategy: 'prune', oldId: 'ours' });
  });
});

describe('safety', () => {
  it('a saved plan gone stale is refused, naming what changed; nothing is written', async () => {
    const m = memoryProvider('kodexa', { caps, tokens: [{ id: 't1', name: 'ci', description: 'a' }] });
    const manager = createTokenManager({ providers: { k: m.provider }, now: () => NOW });
    const decl = declaration({ tokens: [{ provider: 'k', name: 'ci', description: 'b' }, { provider: 'k', name: 'new one' }] });
    const saved = decodePlan(JSON.parse(JSON.stringify(await manager.plan(decl))));
    if (E.isLeft(saved)) throw new Error(saved.left.message);
    await m.provider.update('t1', { description: 'changed by hand' })();
    await m.provider.create({ name: 'new one' })();
    const writes = m.writes().length;
    const caught = await manager.apply(saved.right).catch((e: unknown) => e);
    expect(caught).toBeInstanceOf(StalePlanError);
    expect((caught as StalePlanError).error).toMatchObject({ _tag: 'Conflict', operation: 'apply' });
    expect((caught as StalePlanError).changes).toEqual([
      { action: 0, kind: 'update', providerKey: 'k', name: 'ci', what: 'changed', tokenId: 't1', fields: [{ field: 'description', planned: 'a', now: 'changed by hand' }] },
      { action: 1, kind: 'create', providerKey: 'k', name: 'new one', what: 'appeared', tokenId: expect.any(String) },
    ]);
    expect(m.writes()).toHaveLength(writes);
  });

  it('a created token whose secret cannot be delivered is taken back', async () => {
    const m = memoryProvider('kodexa', { caps });
    const sink = recordingSink('memory:broken', true);
    const manager = createTokenManager({ providers: { k: m.provider }, now: () => NOW, resolveSink: () => sink.sink });
    const result = await manager.apply(await manager.plan(declaration({ tokens: [{ provider: 'k', name: 'ci', deliver: ['memory:broken'] }] })));
    expect(result).toMatchObject({ status: 'failed', actions: [{ outcome: 'failed', error: { _tag: 'SinkError', sink: 'memory:broken' } }] });
    expect(m.live()).toEqual([]);
  });

  it('an apply that crashed mid-create: plan shows it unfinished, apply refuses, resume finishes it, then nothing is left to do', async () => {
    const m = memoryProvider('kodexa', { caps });
    const sink = recordingSink('memory:a');
    const frozen = freezingJournal('created');
    const decl = declaration({ tokens: [{ provider: 'k', name: 'ci', deliver: ['memory:a'] }] });
    const crashed = createTokenManager({ providers: { k: m.provider }, journal: frozen.journal, now: () => NOW, resolveSink: () => sink.sink });
    void crashed.apply(await crashed.plan(decl));
    await until(frozen.isFrozen);

    const manager = createTokenManager({ providers: { k: m.provider }, journal: memoryJournal(frozen.entries), now: () => NOW, resolveSink: () => sink.sink });
    const plan = await manager.plan(decl);
    expect(plan).toMatchObject({ status: 'error', actions: [], entries: [{ state: 'unfinished', related: [frozen.entries[0]?.rotationId] }] });
    await expect(manager.apply(plan)).rejects.toMatchObject({ changes: [expect.objectContaining({ what: 'unfinished', rotationId: frozen.entries[0]?.rotationId })] });
    expect((await manager.resume()).items).toEqual([expect.objectContaining({ outcome: 'restarted', oldId: null })]);
    expect(m.live()).toHaveLength(1);
    expect(sink.received).toEqual([m.secrets.get(m.live()[0]?.id ?? '')]);
    expect((await manager.plan(decl)).status).toBe('no-changes');
  });

  it('apply refuses to run while another holder has the journal locked', async () => {
    const m = memoryProvider('kodexa', { caps });
    const inner = memoryJournal();
    const locked: RotationJournal = { ...inner, lock: () => TE.left({ _tag: 'JournalError', reason: 'locked', message: 'in use by process 1', retryable: true }) };
    const manager = createTokenManager({ providers: { k: m.provider }, journal: locked, now: () => NOW });
    const plan = await manager.plan(declaration({ tokens: [{ provider: 'k', name: 'ci' }] }));
    await expect(manager.apply(plan)).rejects.toMatchObject({ name: 'RotationIoError', failure: { reason: 'locked' } });
    expect(m.writes()).toEqual([]);
  });
});
