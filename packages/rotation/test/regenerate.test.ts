import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { inspect } from 'node:util';
import * as E from 'fp-ts/Either';
import * as TE from 'fp-ts/TaskEither';
import {
  type JournalEntry,
  type JournalStep,
  type RotationJournal,
  RotationIoError,
  Secret,
  type SecretSink,
  createTokenManager,
  memoryJournal,
  rotationStates,
} from '@tokenbridge/core';
import { commandSink, dotenvSink } from '@tokenbridge/rotation';
import { simulatedVendor } from './support/simulators';
import { VENDORS, regenerates, tokenToRotate } from './support/vendors';

/** The vendors whose adapter regenerates a secret in place, from the adapters' own capabilities. */
const REGENERATING = VENDORS.filter(regenerates);

/** A journal whose first append of `step` fails: the process "dies" there, with everything before it on record. */
function dyingAt(journal: RotationJournal, step: JournalStep): RotationJournal {
  let died = false;
  return {
    ...journal,
    append: (entry) => {
      if (died || entry.step !== step) return died ? TE.left({ _tag: 'JournalError', reason: 'io', message: 'gone', retryable: false }) : journal.append(entry);
      died = true;
      return TE.left({ _tag: 'JournalError', reason: 'io', message: 'the process died here', retryable: false });
    },
  };
}

/** A command sink that fails (exit 3) after reading the secret: a real child process. */
const refusing = (): SecretSink => commandSink({ argv: [process.execPath, '-e', 'process.stdin.resume(); process.stdin.on("end", () => process.exit(3))'] });

describe.each(REGENERATING)("%s: strategy 'regenerate' never loses the new secret", (vendor) => {
  const rig = simulatedVendor(vendor);
  let dir: string;
  beforeEach(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'tb-regenerate-'));
  });
  afterEach(() => fs.rm(dir, { recursive: true, force: true }));

  const works = async (secret: string): Promise<boolean> => E.isRight(await (rig.provider.rotation?.verifyCredential(new Secret(secret)) ?? TE.left(null))());
  const dotenvValue = async (file: string): Promise<string | undefined> => /^TOKEN=(.*)$/m.exec(await fs.readFile(file, 'utf8'))?.[1];
  async function seed(name: string): Promise<{ id: string; secret: string }> {
    const created = await rig.provider.create({ ...tokenToRotate(vendor, rig.sim.facts, Date.now()), name })();
    if (E.isLeft(created)) throw new Error(created.left.message);
    return { id: created.right.id, secret: created.right.secret?.reveal() ?? '' };
  }

  it('a sink failing after the regenerate: the typed error hands the working secret back, once; the sinks before it have it; the journal never', async () => {
    const old = await seed('regenerate refused sink');
    const journal = memoryJournal();
    const manager = createTokenManager({ providers: { p: rig.provider }, journal });
    const env = path.join(dir, '.env');
    const error: unknown = await manager.rotate({ provider: 'p', id: old.id }, { strategy: 'regenerate', deliver: [dotenvSink({ path: env, key: 'TOKEN' }), refusing()] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RotationIoError);
    const io = error as RotationIoError;
    expect(io.stage).toBe('deliver');
    const secret = io.replacement?.secret?.reveal() ?? '';
    expect(await works(secret)).toBe(true);
    expect(await works(old.secret)).toBe(false);
    expect(await dotenvValue(env)).toBe(secret);
    // Only there: not in the error's JSON or message, not in the journal.
    expect(JSON.stringify(io)).not.toContain(secret);
    expect(inspect(io, { depth: 10 })).not.toContain(secret);
    expect(io.message).not.toContain(secret);
    expect(JSON.stringify(journal.entries)).not.toContain(secret);
    // The journal says it was regenerated and not delivered everywhere; the rotation is closed, so resume does not regenerate it away.
    expect(journal.entries.map((e) => e.step)).toEqual(['planned', 'created', 'verified', 'delivered', 'failed', 'unwound']);
    expect((await manager.resume()).items).toEqual([]);
    expect(await works(secret)).toBe(true);
  });

  it('a crash after the regenerate answered, before any sink: resume regenerates again and delivers a working secret', async () => {
    const old = await seed('regenerate crash');
    const journal = memoryJournal();
    const env = path.join(dir, '.env');
    const out = path.join(dir, 'cmd-secret');
    const sinks = [dotenvSink({ path: env, key: 'TOKEN' }), commandSink({ argv: ['tee', out] })];
    const crashed = createTokenManager({ providers: { p: rig.provider }, journal: dyingAt(journal, 'verified') });
    await expect(crashed.rotate({ provider: 'p', id: old.id }, { strategy: 'regenerate', deliver: sinks })).rejects.toBeInstanceOf(RotationIoError);
    // What the journal holds tells resume the old secret is dead: regenerated, not delivered.
    expect(rotationStates(journal.entries)).toEqual([expect.objectContaining({ phase: 'created', replacementId: old.id, open: true })]);
    expect(await works(old.secret)).toBe(false);

    const resumed = createTokenManager({ providers: { p: rig.provider }, journal, resolveSink: (spec) => sinks.find((s) => s.spec === spec) });
    const { items } = await resumed.resume();
    expect(items).toEqual([expect.objectContaining({ outcome: 'restarted', replacementId: old.id })]);
    expect(items[0]?.secret).toBeUndefined();
    const delivered = (await dotenvValue(env)) ?? '';
    expect(await fs.readFile(out, 'utf8')).toBe(delivered);
    expect(await works(delivered)).toBe(true);
    expect(await resumed.rotations()).toEqual([]);
    expect(JSON.stringify(journal.entries)).not.toContain(delivered);
  });

  it('a crash, then a sink refusing the secret regenerated on resume: the resume item hands it back, once', async () => {
    const old = await seed('regenerate crash refused');
    const journal = memoryJournal();
    const env = path.join(dir, '.env');
    const sinks = [dotenvSink({ path: env, key: 'TOKEN' }), refusing()];
    const crashed = createTokenManager({ providers: { p: rig.provider }, journal: dyingAt(journal, 'verified') });
    await expect(crashed.rotate({ provider: 'p', id: old.id }, { strategy: 'regenerate', deliver: sinks })).rejects.toBeInstanceOf(RotationIoError);
    const resumed = createTokenManager({ providers: { p: rig.provider }, journal, resolveSink: (spec) => sinks.find((s) => s.spec === spec) });
    const { items } = await resumed.resume();
    expect(items.map((i) => [i.outcome, i.error?._tag])).toEqual([['error', 'SinkError']]);
    const secret = items[0]?.secret?.reveal() ?? '';
    expect(await works(secret)).toBe(true);
    expect(await dotenvValue(env)).toBe(secret);
    expect(JSON.stringify(items)).not.toContain(secret);
    expect(JSON.stringify(journal.entries as JournalEntry[])).not.toContain(secret);
    // Closed: a later resume leaves the handed-back secret alone.
    expect((await resumed.resume()).items).toEqual([]);
    expect(await works(secret)).toBe(true);
  });

  it('a crash after the regenerate with no sink to deliver to: resume says the secret was regenerated and lost, never that the old one was kept', async () => {
    const old = await seed('regenerate crash no sink');
    const journal = memoryJournal();
    const crashed = createTokenManager({ providers: { p: rig.provider }, journal: dyingAt(journal, 'verified') });
    await expect(crashed.rotate({ provider: 'p', id: old.id }, { strategy: 'regenerate' })).rejects.toBeInstanceOf(RotationIoError);
    const { items } = await createTokenManager({ providers: { p: rig.provider }, journal }).resume();
    expect(items).toEqual([expect.objectContaining({ outcome: 'unwound', error: expect.objectContaining({ _tag: 'Validation' }) })]);
    expect(items[0]?.error?.message).toContain(`the secret of ${old.id} was regenerated and never delivered: rotate it again`);
    expect(items[0]?.error?.message).not.toContain('old token kept');
  });
});
