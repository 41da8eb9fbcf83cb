import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as E from 'fp-ts/Either';
import {
  type AnyTokenProvider,
  type Declaration,
  type Plan,
  Secret,
  StalePlanError,
  createTokenManager,
  decodeDeclaration,
  decodePlan,
  markName,
  parseMarkedName,
  systemClock,
} from '@tokenbridge/core';
import { fileJournal, sinkResolver } from '@tokenbridge/rotation';
import { type Simulator, startSimulator } from './support/simulators';
import { VENDORS, type Vendor, declaredCase, providerOf, tokenToRotate } from './support/vendors';

/**
 * Declarations over real HTTP, on every vendor's simulator: plan → apply →
 * plan, drift made by hand, a rotation due by age with its grace period,
 * undeclared tokens and prune, and a saved plan gone stale. The simulator and
 * the manager share one clock, moved by the test.
 */

const DAY = 86_400_000;
const HOUR = 3_600_000;
/** Any start will do: the simulator, the adapter and the manager all read the test's clock. */
const T0 = Date.parse('2030-01-01T00:00:00Z');

function declaration(value: unknown): Declaration {
  const decoded = decodeDeclaration(value);
  if (E.isLeft(decoded)) throw decoded.left;
  return decoded.right;
}

/** The value of `KEY=` in a dotenv file. */
async function dotenvValue(file: string, key: string): Promise<string | undefined> {
  return new RegExp(`^${key}=(.*)$`, 'm').exec(await fs.readFile(file, 'utf8'))?.[1];
}

describe.each(VENDORS)('%s', (vendor: Vendor) => {
  let now = T0;
  let sim: Simulator;
  let provider: AnyTokenProvider;
  let dir: string;
  beforeAll(async () => {
    sim = await startSimulator(vendor, { now: () => now });
    provider = providerOf(vendor, sim.url, sim.credential, { ...systemClock, now: () => now });
    dir = await fs.mkdtemp(path.join(os.tmpdir(), `tb-declare-${vendor}-`));
  });
  afterAll(async () => {
    await provider.close();
    await sim.close();
    await fs.rm(dir, { recursive: true, force: true });
  });

  /** A manager over the simulator with a file journal and the built-in sinks; `name` keeps each test's files apart. */
  function setup(name: string) {
    const env = path.join(dir, `${name}.env`);
    const manager = createTokenManager({ providers: { [vendor]: provider }, journal: fileJournal({ path: path.join(dir, `${name}.jsonl`) }), resolveSink: sinkResolver(), now: () => now });
    const declare = (top: Readonly<Record<string, unknown>> = {}) =>
      declaration({ tokens: [{ provider: vendor, name, ...declaredCase(vendor, sim.facts, now).entry, deliver: [`dotenv:${env}:TOKEN`] }], ...top });
    const live = () => sim.live().filter((t) => parseMarkedName(t.name).base === name);
    return { manager, env, declare, live };
  }

  it('plan → apply → plan: the token is created with its fields, its secret delivered and working; then no changes', async () => {
    now = T0;
    const { manager, env, declare, live } = setup('ci deploy');
    const plan = await manager.plan(declare());
    expect(plan).toMatchObject({ status: 'changes', actions: [{ kind: 'create', name: 'ci deploy', fingerprint: [] }] });
    const result = await manager.apply(plan);
    expect(result).toMatchObject({ status: 'applied', actions: [{ outcome: 'done', delivered: [expect.stringContaining('TOKEN')] }] });
    expect(live().map((t) => t.id)).toEqual([result.actions[0]?.tokenId]);
    const secret = await dotenvValue(env, 'TOKEN');
    expect(await provider.rotation?.verifyCredential(new Secret(secret ?? ''))()).toEqual(E.right({ status: 'verified' }));
    for (const text of [JSON.stringify(plan), JSON.stringify(result)]) expect(text).not.toContain(secret);
    expect(await manager.plan(declare())).toMatchObject({ status: 'no-changes', actions: [], entries: [{ state: 'ok', tokenId: result.actions[0]?.tokenId }] });
  });

  it('drift made by hand: plan shows each field old → new, apply puts it right in place, then no changes', async () => {
    now = T0;
    const { manager, declare } = setup('drifted');
    const created = await manager.apply(await manager.plan(declare()));
    const id = created.actions[0]?.tokenId ?? '';
    const drift = declaredCase(vendor, sim.facts, now);
    const edited = await provider.update(id, drift.drift)();
    if (E.isLeft(edited)) throw new Error(edited.left.message);
    const got = await provider.get(id)();
    const createdAt = E.isRight(got) ? (got.right.createdAt?.getTime() ?? now) : now;

    const plan = await manager.plan(declare());
    expect(plan.entries[0]).toMatchObject({ state: 'update', tokenId: id });
    expect(plan.actions).toEqual([expect.objectContaining({ kind: 'update', tokenId: id, changes: drift.changes(createdAt) })]);
    expect(await manager.apply(plan)).toMatchObject({ status: 'applied', actions: [{ outcome: 'done', tokenId: id }] });
    expect(await manager.plan(declare())).toMatchObject({ status: 'no-changes', actions: [] });
  });

  it('a rotation due by age: the replacement is delivered, the old token kept through its grace period and then revoked; no changes in between', async () => {
    now = T0;
    const { manager, env, declare, live } = setup('rotated');
    const first = await manager.apply(await manager.plan(declare()));
    const oldId = first.actions[0]?.tokenId ?? '';
    const oldSecret = await dotenvValue(env, 'TOKEN');
    now += 21 * DAY;
    const plan = await manager.plan(declare());
    expect(plan.actions).toEqual([expect.objectContaining({ kind: 'rotate', tokenId: oldId, reason: { kind: 'age', ageMs: 21 * DAY, everyMs: 20 * DAY } })]);
    const rotated = await manager.apply(plan);
    const newId = rotated.actions[0]?.tokenId ?? '';
    expect(newId).not.toBe(oldId);
    const newSecret = await dotenvValue(env, 'TOKEN');
    expect(newSecret).not.toBe(oldSecret);
    expect(await provider.rotation?.verifyCredential(new Secret(newSecret ?? ''))()).toEqual(E.right({ status: 'verified' }));
    const grace = (declaredCase(vendor, sim.facts, now).entry['rotate'] as { grace?: string }).grace;
    if (grace) {
      expect(rotated.actions[0]?.pending).toMatchObject({ tokenId: oldId, dueAt: new Date(now + HOUR) });
      expect(live().map((t) => t.id).sort()).toEqual([oldId, newId].sort());
      // The old token is retiring, not a duplicate.
      expect(await manager.plan(declare())).toMatchObject({ status: 'no-changes', entries: [{ state: 'ok', tokenId: newId }] });
      now += HOUR;
      expect((await manager.resume()).items).toEqual([expect.objectContaining({ outcome: 'finished', revokedId: oldId })]);
    }
    expect(live().map((t) => t.id)).toEqual([newId]);
    expect(await manager.plan(declare())).toMatchObject({ status: 'no-changes', actions: [] });
  });

  it('undeclared tokens are reported and never touched; with prune, only the one tokenbridge made is deleted', async () => {
    now = T0;
    const { manager, declare } = setup('kept');
    const make = async (name: string): Promise<string> => {
      const created = await provider.create({ ...tokenToRotate(vendor, sim.facts, now), name })();
      if (E.isLeft(created)) throw new Error(created.left.message);
      return created.right.id;
    };
    const byHand = await make('made by hand');
    const ours = await make(markName('left over', '0mpufzeo0xtsg', 100));
    const report = (plan: Plan, id: string) => plan.unmanaged.find((u) => u.tokenId === id);

    const plan = await manager.plan(declare());
    expect(report(plan, byHand)).toMatchObject({ createdByTokenbridge: false, pruned: false });
    expect(report(plan, ours)).toMatchObject({ createdByTokenbridge: true, pruned: false });
    expect(plan.actions.map((a) => a.kind)).toEqual(['create']);

    const pruning = await manager.plan(declare({ prune: [vendor] }));
    const deleted = pruning.actions.flatMap((a) => (a.kind === 'delete' ? [a.tokenId] : []));
    expect(deleted).toContain(ours);
    // Only tokens tokenbridge made (earlier tests' too, on this simulator) — never one made by hand, the vendor's built-in ones or the credential's own.
    expect(pruning.unmanaged.filter((u) => u.pruned).map((u) => u.tokenId)).toEqual(deleted);
    for (const u of pruning.unmanaged) expect([u.name, u.pruned]).toEqual([u.name, parseMarkedName(u.name).rotationId !== undefined]);
    expect(pruning.unmanaged.length).toBeGreaterThan(deleted.length);
    expect((await manager.apply(pruning)).status).toBe('applied');
    const ids = sim.live().map((t) => t.id);
    expect(ids).toContain(byHand);
    expect(ids).not.toContain(ours);
  });

  it('a saved plan gone stale is refused, naming what changed, and writes nothing', async () => {
    now = T0;
    const { manager, declare } = setup('stale');
    const created = await manager.apply(await manager.plan(declare()));
    const id = created.actions[0]?.tokenId ?? '';
    now += 21 * DAY;
    const saved = decodePlan(JSON.parse(JSON.stringify(await manager.plan(declare()))));
    if (E.isLeft(saved)) throw new Error(saved.left.message);
    expect(saved.right.actions).toEqual([expect.objectContaining({ kind: 'rotate', tokenId: id })]);
    // Changed by hand after the plan was saved.
    const edited = await provider.update(id, declaredCase(vendor, sim.facts, now).drift)();
    if (E.isLeft(edited)) throw new Error(edited.left.message);
    const before = sim.requests().length;
    const caught = await manager.apply(saved.right).catch((e: unknown) => e);
    expect(caught).toBeInstanceOf(StalePlanError);
    const [change] = (caught as StalePlanError).changes;
    expect(change).toMatchObject({ action: 0, kind: 'rotate', what: 'changed', tokenId: id });
    const fields = declaredCase(vendor, sim.facts, now).changes(T0).map((c) => (c.field.startsWith('extra.') ? 'extra' : c.field));
    expect(change?.fields?.map((f) => f.field)).toEqual(expect.arrayContaining(fields));
    expect(sim.requests().slice(before).filter((r) => r.method !== 'GET')).toEqual([]);
    expect(sim.live().map((t) => t.id)).toContain(id);
  });
});

describe('a provider that cannot be read', () => {
  it('is reported with its error; the other providers are planned and applied', async () => {
    const sim = await startSimulator('kodexa');
    const good = providerOf('kodexa', sim.url, sim.credential);
    const wrongKey = providerOf('kodexa', sim.url, 'not-the-key');
    try {
      const manager = createTokenManager({ providers: { good, broken: wrongKey } });
      const decl = declaration({ tokens: [{ provider: 'broken', name: 'unreachable' }, { provider: 'good', name: 'reachable' }] });
      const plan = await manager.plan(decl);
      expect(plan.status).toBe('error');
      expect(plan.providers).toEqual([
        { key: 'broken', provider: 'kodexa', prune: false, error: expect.objectContaining({ _tag: 'Unauthorized', status: 401 }) },
        { key: 'good', provider: 'kodexa', prune: false, error: null },
      ]);
      expect(plan.entries.map((e) => [e.providerKey, e.state])).toEqual([
        ['broken', 'unreadable'],
        ['good', 'create'],
      ]);
      expect(JSON.stringify(plan)).not.toContain('not-the-key');
      expect(await manager.apply(plan)).toMatchObject({ status: 'applied', actions: [{ outcome: 'done' }] });
      expect(sim.live().map((t) => parseMarkedName(t.name).base)).toContain('reachable');
    } finally {
      await Promise.all([good.close(), wrongKey.close()]);
      await sim.close();
    }
  });
});
