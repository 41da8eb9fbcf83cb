import {
  ADOPTED_ID,
  RotationError,
  RotationIoError,
  createTokenManager,
  markName,
  memoryJournal,
  parseMarkedName,
  rotationStates,
  type JournalEntry,
} from '@tokenbridge/core';
import { freezingJournal, recordingSink, until } from './support/journal';
import { DAY, NOW, memoryProvider } from './support/memory-provider';

const HOUR = 3_600_000;

const old = { id: 'old', name: 'ci deploy', createdAt: new Date(NOW - 10 * DAY), expiresAt: new Date(NOW + 20 * DAY) };
const steps = (entries: readonly JournalEntry[], rotationId?: string) => entries.filter((e) => rotationId === undefined || e.rotationId === rotationId).map((e) => e.step);

describe('rotation markers', () => {
  it('replace a previous marker instead of adding one, and fit the name limit', () => {
    const once = markName('ci deploy', 'lx2k3m9a0abcd', 100);
    expect(once).toBe('ci deploy tb-lx2k3m9a0abcd');
    expect(markName(once, 'lx2k3m9a1wxyz', 100)).toBe('ci deploy tb-lx2k3m9a1wxyz');
    expect(markName('x'.repeat(300), 'lx2k3m9a0abcd', 255)).toHaveLength(255);
    expect(parseMarkedName(markName('ci', 'lx2k3m9a1wxyz', 100, 'lx2k3m9a0abcd'))).toEqual({ base: 'ci', rotationId: 'lx2k3m9a1wxyz', credentialId: 'lx2k3m9a0abcd' });
    expect(parseMarkedName('plain name')).toEqual({ base: 'plain name' });
  });
});

describe('a journaled rotation', () => {
  it('records every step before the next, marks the replacement, delivers in order, then revokes', async () => {
    const m = memoryProvider('kodexa', { tokens: [old] });
    const journal = memoryJournal();
    const a = recordingSink('a:one');
    const b = recordingSink('b:two');
    const manager = createTokenManager({ providers: { k: m.provider }, journal, now: () => NOW, random: () => 0.5 });
    const result = await manager.rotate({ provider: 'k', id: 'old' }, { strategy: 'replace', revokeOld: 'delete', deliver: [a.sink, b.sink] });
    expect(steps(journal.entries)).toEqual(['planned', 'created', 'verified', 'delivered', 'delivered', 'revoked', 'done']);
    expect(journal.entries.filter((e) => e.step === 'delivered').map((e) => (e.step === 'delivered' ? e.sink : ''))).toEqual(['a:one', 'b:two']);
    expect(result.rotationId).toBe(journal.entries[0]?.rotationId);
    expect(parseMarkedName(result.replacement?.name ?? '')).toEqual({ base: 'ci deploy', rotationId: result.rotationId });
    const secret = m.secrets.get(result.replacement?.id ?? '');
    expect(a.received).toEqual([secret]);
    expect(b.received).toEqual([secret]);
    // Delivered to sinks, so not handed around again.
    expect(result.secret).toBeUndefined();
    expect(m.tokens.has('old')).toBe(false);
    expect(JSON.stringify(journal.entries)).not.toContain(secret);
  });

  it('a failing sink stops the rotation: the replacement is revoked, the old token untouched', async () => {
    const m = memoryProvider('kodexa', { tokens: [old] });
    const journal = memoryJournal();
    const first = recordingSink('a:one');
    const manager = createTokenManager({ providers: { k: m.provider }, journal, now: () => NOW });
    const caught = await manager.rotate({ provider: 'k', id: 'old' }, { strategy: 'replace', revokeOld: 'delete', deliver: [first.sink, recordingSink('b:two', true).sink] }).catch((e: unknown) => e);
    expect(caught).toBeInstanceOf(RotationIoError);
    expect(caught).toMatchObject({ stage: 'deliver', failure: { _tag: 'SinkError', sink: 'b:two', reason: 'io' } });
    expect(steps(journal.entries)).toEqual(['planned', 'created', 'verified', 'delivered', 'failed', 'unwound']);
    expect(m.live().map((t) => t.id)).toEqual(['old']);
    expect(await manager.rotations()).toEqual([]);
  });

  it('a create whose outcome is unknown looks for the replacement by its marker and takes it back', async () => {
    const m = memoryProvider('kodexa', { tokens: [old], createLost: 'made' });
    const journal = memoryJournal();
    const manager = createTokenManager({ providers: { k: m.provider }, journal, now: () => NOW });
    const caught = await manager.rotate({ provider: 'k', id: 'old' }, { strategy: 'replace', revokeOld: 'delete', deliver: [recordingSink('a:one').sink] }).catch((e: unknown) => e);
    expect(caught).toBeInstanceOf(RotationError);
    expect(caught).toMatchObject({ stage: 'create', error: { outcomeUnknown: true } });
    expect(m.calls.filter((c) => c === 'create')).toHaveLength(1);
    expect(m.calls).toContain('list');
    expect(m.live().map((t) => t.id)).toEqual(['old']);
    const unwound = journal.entries.find((e) => e.step === 'unwound');
    expect(unwound).toMatchObject({ replacementId: expect.any(String) });
  });

  it('refuses to rotate a token whose earlier rotation is unfinished', async () => {
    let now = NOW;
    const m = memoryProvider('kodexa', { tokens: [old] });
    const manager = createTokenManager({ providers: { k: m.provider }, now: () => now });
    const first = await manager.rotate({ provider: 'k', id: 'old' }, { strategy: 'replace', revokeOld: { after: '24h' }, deliver: [recordingSink('a:one').sink] });
    expect(first.pending).toMatchObject({ tokenId: 'old', how: 'delete', dueAt: new Date(NOW + 24 * HOUR) });
    await expect(manager.rotate({ provider: 'k', id: 'old' }, { strategy: 'replace', deliver: [recordingSink('a:two').sink] })).rejects.toMatchObject({
      stage: 'check',
      error: { _tag: 'Conflict' },
    });
    now += 24 * HOUR;
    await manager.resume();
    await expect(manager.rotations()).resolves.toEqual([]);
  });

  it('checks every option before writing: grace with regenerate, whenUnusedFor without usage data, a sink listed twice, a bad duration', async () => {
    const m = memoryProvider('kodexa', { tokens: [old] });
    const manager = createTokenManager({ providers: { k: m.provider }, now: () => NOW });
    const sink = recordingSink('a:one').sink;
    const attempts = [
      { strategy: 'regenerate' as const, revokeOld: { after: '1h' } },
      { strategy: 'replace' as const, revokeOld: { whenUnusedFor: '1h' } },
      { strategy: 'replace' as const, deliver: [sink, sink] },
      { strategy: 'replace' as const, revokeOld: { after: 'soon' } },
      { strategy: 'dual' as const, revokeOld: { after: '1h' } },
    ];
    for (const options of attempts) await expect(manager.rotate({ provider: 'k', id: 'old' }, options)).rejects.toMatchObject({ stage: 'check' });
    expect(m.writes()).toEqual([]);
  });
});

describe('grace periods', () => {
  it('{ after }: the journal holds the due time; resume revokes exactly when it is due', async () => {
    let now = NOW;
    const m = memoryProvider('kodexa', { tokens: [old] });
    const journal = memoryJournal();
    const manager = createTokenManager({ providers: { k: m.provider }, journal, now: () => now });
    const result = await manager.rotate({ provider: 'k', id: 'old' }, { strategy: 'replace', revokeOld: { after: '24h', how: 'disable' }, deliver: [recordingSink('a:one').sink] });
    expect(result.revoked).toBe('none');
    expect(journal.entries.at(-1)).toMatchObject({ step: 'grace', dueAt: new Date(NOW + 24 * HOUR).toISOString() });
    now = NOW + 24 * HOUR - 1;
    expect((await manager.resume()).items).toEqual([expect.objectContaining({ outcome: 'waiting' })]);
    expect(m.tokens.get('old')?.status).toBe('active');
    now = NOW + 24 * HOUR;
    expect((await manager.resume()).items).toEqual([expect.objectContaining({ outcome: 'finished', revokedId: 'old' })]);
    expect(m.tokens.get('old')?.status).toBe('disabled');
    expect((await manager.resume()).items).toEqual([]);
  });

  it('{ whenUnusedFor }: revokes once the vendor reports the old token unused for that long', async () => {
    let now = NOW;
    const m = memoryProvider('softwareone', { tokens: [{ ...old, lastUsedAt: new Date(NOW - 60_000) }], reportsUsage: true });
    const manager = createTokenManager({ providers: { s: m.provider }, now: () => now });
    const result = await manager.rotate({ provider: 's', id: 'old' }, { strategy: 'replace', revokeOld: { whenUnusedFor: '1h' }, deliver: [recordingSink('a:one').sink] });
    expect(result.pending).toMatchObject({ tokenId: 'old', whenUnusedForMs: HOUR });
    now = NOW + 30 * 60_000;
    // Still in use half an hour later.
    m.tokens.set('old', { ...(m.tokens.get('old') as NonNullable<ReturnType<typeof m.tokens.get>>), lastUsedAt: new Date(now - 1000) });
    now += 59 * 60_000;
    expect((await manager.resume()).items[0]?.outcome).toBe('waiting');
    expect(m.tokens.has('old')).toBe(true);
    now += 2 * 60_000;
    expect((await manager.resume()).items[0]?.outcome).toBe('finished');
    expect(m.tokens.has('old')).toBe(false);
  });
});

describe('resume after a crash', () => {
  /** Rotates until the journal freezes after `step`, then resumes with a fresh manager over what the journal holds. */
  async function crashAndResume(step: JournalEntry['step'], nth = 1, before = false) {
    const m = memoryProvider('kodexa', { tokens: [old] });
    const frozen = freezingJournal(step, nth, before);
    const a = recordingSink('a:one');
    const b = recordingSink('b:two');
    const crashed = createTokenManager({ providers: { k: m.provider }, journal: frozen.journal, now: () => NOW });
    void crashed.rotate({ provider: 'k', id: 'old' }, { strategy: 'replace', revokeOld: 'delete', deliver: [a.sink, b.sink] });
    await until(frozen.isFrozen);
    const journal = memoryJournal(frozen.entries);
    const sinks = new Map([a, b].map((s) => [s.sink.spec, s.sink]));
    const resumed = createTokenManager({ providers: { k: m.provider }, journal, now: () => NOW, resolveSink: (spec) => sinks.get(spec) });
    const report = await resumed.resume();
    return { m, journal, report, a, b, manager: resumed };
  }

  const marked = (m: ReturnType<typeof memoryProvider>) => m.live().filter((t) => parseMarkedName(t.name).rotationId !== undefined);

  it.each([
    ['planned', 1],
    ['created', 1],
    ['verified', 1],
    ['delivered', 1],
  ] as const)('before delivery (after %s): the orphan is revoked and the rotation starts again; one live replacement, in both sinks', async (step, nth) => {
    const { m, journal, report, a, b } = await crashAndResume(step, nth);
    expect(report.items).toEqual([expect.objectContaining({ outcome: 'restarted' })]);
    expect(marked(m)).toHaveLength(1);
    const secret = m.secrets.get(marked(m)[0]?.id ?? '');
    expect(a.last()).toBe(secret);
    expect(b.last()).toBe(secret);
    expect(m.tokens.has('old')).toBe(false);
    const [first, second] = rotationStates(journal.entries);
    expect(first).toMatchObject({ phase: 'restarted', unwound: true, restartedAs: second?.rotationId });
    expect(second).toMatchObject({ phase: 'done', open: false, plan: { restartOf: first?.rotationId } });
    // One create per rotation id: the orphan's and the restart's.
    expect(m.calls.filter((c) => c === 'create').length).toBe(step === 'planned' ? 1 : 2);
  });

  it('a create answered but not yet journaled is found by its marker', async () => {
    const { m, report, journal } = await crashAndResume('created', 1, true);
    expect(report.items[0]?.outcome).toBe('restarted');
    const [first] = rotationStates(journal.entries);
    expect(steps(journal.entries, first?.rotationId)).toEqual(['planned', 'unwound', 'restarted']);
    // The orphan, found by the marker alone, is what was unwound.
    const unwound = journal.entries.find((e) => e.step === 'unwound');
    expect(unwound && unwound.step === 'unwound' ? m.tokens.has(unwound.replacementId ?? '') : true).toBe(false);
    expect(unwound).toMatchObject({ replacementId: expect.any(String) });
    expect(m.calls.filter((c) => c === 'create')).toHaveLength(2);
    expect(marked(m)).toHaveLength(1);
  });

  it('after delivery (after the last sink): carries on to the revoke, creating nothing', async () => {
    const { m, report } = await crashAndResume('delivered', 2);
    expect(report.items).toEqual([expect.objectContaining({ outcome: 'finished', revokedId: 'old' })]);
    expect(m.calls.filter((c) => c === 'create')).toHaveLength(1);
    expect(marked(m)).toHaveLength(1);
  });

  it('a sink that cannot be rebuilt: the orphan is revoked, the old token kept, the rotation closed as failed', async () => {
    const m = memoryProvider('kodexa', { tokens: [old] });
    const frozen = freezingJournal('created');
    void createTokenManager({ providers: { k: m.provider }, journal: frozen.journal, now: () => NOW }).rotate({ provider: 'k', id: 'old' }, { strategy: 'replace', deliver: [recordingSink('a:one').sink] });
    await until(frozen.isFrozen);
    const resumed = createTokenManager({ providers: { k: m.provider }, journal: memoryJournal(frozen.entries), now: () => NOW });
    const report = await resumed.resume();
    expect(report.items).toEqual([expect.objectContaining({ outcome: 'unwound', error: expect.objectContaining({ _tag: 'Validation' }) })]);
    expect(m.live().map((t) => t.id)).toEqual(['old']);
    expect(await resumed.rotations()).toEqual([]);
  });
});

describe("strategy 'regenerate', journaled", () => {
  it('delivers the regenerated secret; a crash before delivery regenerates again on resume', async () => {
    const m = memoryProvider('datocms', { tokens: [old] });
    const frozen = freezingJournal('verified');
    const sink = recordingSink('a:one');
    void createTokenManager({ providers: { d: m.provider }, journal: frozen.journal, now: () => NOW }).rotate({ provider: 'd', id: 'old' }, { strategy: 'regenerate', deliver: [sink.sink] });
    await until(frozen.isFrozen);
    expect(sink.received).toEqual([]);
    const resumed = createTokenManager({ providers: { d: m.provider }, journal: memoryJournal(frozen.entries), now: () => NOW, resolveSink: () => sink.sink });
    expect((await resumed.resume()).items).toEqual([expect.objectContaining({ outcome: 'restarted' })]);
    expect(m.calls.filter((c) => c === 'regenerate')).toHaveLength(2);
    // Same token, its latest secret delivered; nothing deleted.
    expect(sink.received).toEqual([m.secrets.get('old')]);
    expect(m.calls).not.toContain('delete');
  });
});

describe("strategy 'dual'", () => {
  it('keeps two live tokens per credential; each rotation replaces the older, after the new one is delivered', async () => {
    let now = NOW;
    const m = memoryProvider('kodexa', { tokens: [old] });
    const sink = recordingSink('a:one');
    const manager = createTokenManager({ providers: { k: m.provider }, now: () => now });
    const first = await manager.rotate({ provider: 'k', id: 'old' }, { strategy: 'dual', deliver: [sink.sink] });
    // The existing token joined the credential (renamed) and nothing was revoked: the pair is complete.
    expect(first.revoked).toBe('none');
    const credentialId = parseMarkedName(first.replacement?.name ?? '').credentialId;
    expect(parseMarkedName(m.tokens.get('old')?.name ?? '')).toEqual({ base: 'ci deploy', credentialId, rotationId: ADOPTED_ID });
    expect(m.live()).toHaveLength(2);

    now += DAY;
    const second = await manager.rotate({ provider: 'k', id: first.replacement?.id ?? '' }, { strategy: 'dual', deliver: [sink.sink] });
    expect(second).toMatchObject({ revoked: 'deleted', revokedId: 'old' });
    expect(m.live().map((t) => t.id).sort()).toEqual([first.replacement?.id, second.replacement?.id].sort());

    now += DAY;
    // Either member names the credential; the older one (the first replacement) goes.
    const third = await manager.rotate({ provider: 'k', id: first.replacement?.id ?? '' }, { strategy: 'dual', deliver: [sink.sink] });
    expect(third.revokedId).toBe(first.replacement?.id);
    expect(m.live().map((t) => t.id).sort()).toEqual([second.replacement?.id, third.replacement?.id].sort());
    for (const t of m.live()) expect(parseMarkedName(t.name)).toMatchObject({ base: 'ci deploy', credentialId });
    expect(sink.last()).toBe(m.secrets.get(third.replacement?.id ?? ''));
  });
});
