import * as E from 'fp-ts/Either';
import { type AnyTokenProvider, type ResumedRotation, RotationError, Secret, createTokenManager, memoryJournal, systemClock } from '@tokenbridge/core';
import { callbackSink } from '@tokenbridge/rotation';
import { type Simulator, startSimulator } from './support/simulators';
import { VENDORS, providerOf, tokenToRotate, unusedShownAt } from './support/vendors';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
/** A Wednesday, 10:00 UTC: the day buckets of vendors that have them are not about to turn. */
const T0 = Date.UTC(2026, 0, 7, 10);

/**
 * `revokeOld: { whenUnusedFor, maxWait }` on every vendor, over real HTTP on
 * one injected clock shared by the simulator and the manager: the old token
 * is revoked once the vendor's own last-use evidence shows no use for the
 * duration (its granularity read at the latest), at `maxWait` after delivery
 * whatever it shows, and never on a vendor that reports no last use.
 */
describe.each(VENDORS)('%s', (vendor) => {
  const shownAt = unusedShownAt(vendor);
  let now = T0;
  let sim: Simulator;
  let provider: AnyTokenProvider;
  beforeAll(async () => {
    sim = await startSimulator(vendor, { now: () => now });
    provider = providerOf(vendor, sim.url, sim.credential, { ...systemClock, now: () => now });
  });
  afterAll(async () => {
    await provider.close();
    await sim.close();
  });
  beforeEach(() => {
    now = T0;
  });

  const manager = () => createTokenManager({ providers: { p: provider }, journal: memoryJournal(), now: () => now });
  const sink = callbackSink('memory', () => undefined);
  const live = (id: string): boolean => sim.live().some((t) => t.id === id);
  async function seed(name: string): Promise<{ id: string; secret: Secret }> {
    const created = await provider.create({ ...tokenToRotate(vendor, sim.facts, now), name })();
    if (E.isLeft(created)) throw new Error(created.left.message);
    return { id: created.right.id, secret: created.right.secret ?? new Secret('') };
  }
  /** A consumer that has not switched: a request with the old token's secret, at the current time. */
  async function use(secret: Secret): Promise<void> {
    expect(E.isRight(await (provider.rotation as NonNullable<AnyTokenProvider['rotation']>).verifyCredential(secret)())).toBe(true);
  }
  const outcome = async (m: ReturnType<typeof manager>, at: number): Promise<ResumedRotation['outcome'] | undefined> => {
    now = at;
    return (await m.resume()).items[0]?.outcome;
  };

  if (shownAt === null) {
    it('a vendor without last-use data: a typed error before anything is read or written', async () => {
      const old = await seed('unused none');
      const before = sim.requests().length;
      const error: unknown = await manager()
        .rotate({ provider: 'p', id: old.id }, { strategy: 'replace', revokeOld: { whenUnusedFor: '1h' }, deliver: [sink] })
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(RotationError);
      expect(error).toMatchObject({ stage: 'check', error: { _tag: 'Unsupported', feature: 'whenUnusedFor' } });
      expect(sim.requests()).toHaveLength(before);
    });
    return;
  }

  it('never used: revoked as soon as the replacement is delivered', async () => {
    const old = await seed('unused never');
    const result = await manager().rotate({ provider: 'p', id: old.id }, { strategy: 'replace', revokeOld: { whenUnusedFor: '1h' }, deliver: [sink] });
    expect(result).toMatchObject({ revoked: 'deleted', revokedId: old.id });
    expect(live(old.id)).toBe(false);
  });

  it("used: kept until the vendor's evidence shows an hour without use, counted from the latest use it can mean", async () => {
    const old = await seed('unused later');
    await use(old.secret);
    const m = manager();
    const result = await m.rotate({ provider: 'p', id: old.id }, { strategy: 'replace', revokeOld: { whenUnusedFor: '1h', maxWait: '7d' }, deliver: [sink] });
    expect(result.pending).toEqual({ tokenId: old.id, how: 'delete', whenUnusedForMs: HOUR, dueAt: new Date(T0 + 7 * DAY) });
    // A consumer still on the old token half an hour later moves the point on.
    now = T0 + 30 * MINUTE;
    await use(old.secret);
    const due = shownAt(T0 + 30 * MINUTE, HOUR);
    expect(await outcome(m, T0 + 59 * MINUTE)).toBe('waiting');
    expect(await outcome(m, due - 1)).toBe('waiting');
    expect(live(old.id)).toBe(true);
    expect(await outcome(m, due)).toBe('finished');
    expect(live(old.id)).toBe(false);
  });

  it('maxWait: a token that never stops being used is revoked at maxWait after delivery, whatever the vendor shows', async () => {
    const old = await seed('unused forever');
    await use(old.secret);
    const m = manager();
    await m.rotate({ provider: 'p', id: old.id }, { strategy: 'replace', revokeOld: { whenUnusedFor: '1h', maxWait: '2d' }, deliver: [sink] });
    for (let at = T0 + 50 * MINUTE; at < T0 + 2 * DAY; at += 50 * MINUTE) {
      now = at;
      await use(old.secret);
      expect(await outcome(m, at)).toBe('waiting');
    }
    now = T0 + 2 * DAY - 1;
    await use(old.secret);
    expect(await outcome(m, T0 + 2 * DAY - 1)).toBe('waiting');
    expect(await outcome(m, T0 + 2 * DAY)).toBe('finished');
    expect(live(old.id)).toBe(false);
  });

  it('a maxWait shorter than whenUnusedFor, or not a duration, is refused before anything is written', async () => {
    const old = await seed('unused bad bound');
    const creates = sim.creates().length;
    for (const maxWait of ['30m', 'soon']) {
      await expect(
        manager().rotate({ provider: 'p', id: old.id }, { strategy: 'replace', revokeOld: { whenUnusedFor: '1h', maxWait }, deliver: [sink] }),
      ).rejects.toMatchObject({ stage: 'check', error: { _tag: 'Validation' } });
    }
    expect(sim.creates()).toHaveLength(creates);
  });
});
