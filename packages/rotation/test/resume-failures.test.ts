import * as E from 'fp-ts/Either';
import * as TE from 'fp-ts/TaskEither';
import { type JournalEntry, type RotationJournal, createTokenManager, memoryJournal } from '@tokenbridge/core';
import { callbackSink } from '@tokenbridge/rotation';
import { simulatedVendor } from './support/simulators';
import { VENDORS, tokenToRotate } from './support/vendors';

/** A vendor refusing every revoke of a token, as a person with the wrong role would see it. */
const REFUSE_DELETES = { kind: 'status', status: 403, body: { message: 'forbidden' }, method: 'DELETE', phase: 'before', times: 1000 } as const;
/** The vendor down: a 503 on every revoke (retried, then given up). */
const DOWN_FOR_DELETES = { kind: 'status', status: 503, body: { message: 'unavailable' }, method: 'DELETE', phase: 'before', times: 1000 } as const;

/** `resume()` meeting the same failure run after run: the journal says so once, and records what changes. */
describe.each(VENDORS)('%s', (vendor) => {
  const rig = simulatedVendor(vendor);
  afterEach(() => rig.sim.faults.clear());

  it('a revoke refused on every resume is journaled once; a different failure once more; then the revoke finishes it', async () => {
    const journal = memoryJournal();
    const manager = createTokenManager({ providers: { p: rig.provider }, journal });
    const created = await rig.provider.create({ ...tokenToRotate(vendor, rig.sim.facts, Date.now()), name: 'refused revoke' })();
    if (E.isLeft(created)) throw new Error(created.left.message);
    rig.sim.faults.add(REFUSE_DELETES);
    await expect(manager.rotate({ provider: 'p', id: created.right.id }, { strategy: 'replace', revokeOld: 'delete', deliver: [callbackSink('memory', () => undefined)] })).rejects.toMatchObject({
      stage: 'revoke',
    });
    const errors = (): JournalEntry[] => journal.entries.filter((e) => e.step === 'error');
    expect(errors()).toHaveLength(1);

    for (let i = 0; i < 3; i++) {
      const report = await manager.resume();
      expect(report.items.map((item) => [item.outcome, item.error?._tag])).toEqual([['error', 'Forbidden']]);
    }
    expect(errors().map((e) => e.step === 'error' && [e.stage, e.error._tag])).toEqual([['revoke', 'Forbidden']]);

    // Another failure is news: it is journaled, once however often it repeats.
    rig.sim.faults.clear();
    rig.sim.faults.add(DOWN_FOR_DELETES);
    for (let i = 0; i < 2; i++) expect((await manager.resume()).items.map((item) => item.outcome)).toEqual(['error']);
    expect(errors().map((e) => e.step === 'error' && e.error._tag)).toEqual(['Forbidden', 'Server']);

    rig.sim.faults.clear();
    expect((await manager.resume()).items).toEqual([expect.objectContaining({ outcome: 'finished', revokedId: created.right.id })]);
    expect(await manager.rotations()).toEqual([]);
  });

  it('a rotation restarted after a crash whose sink then refuses is given up (unwound), not promised again', async () => {
    const journal = memoryJournal();
    // The process "dies" at the first delivered entry: created and verified are on record, the sink may have the secret.
    let died = false;
    const dying: RotationJournal = {
      ...journal,
      append: (entry) => (died || entry.step === 'delivered' ? ((died = true), TE.left({ _tag: 'JournalError', reason: 'io', message: 'died', retryable: false })) : journal.append(entry)),
    };
    const created = await rig.provider.create({ ...tokenToRotate(vendor, rig.sim.facts, Date.now()), name: 'restart refused' })();
    if (E.isLeft(created)) throw new Error(created.left.message);
    const ok = callbackSink('memory:ok', () => undefined);
    await expect(createTokenManager({ providers: { p: rig.provider }, journal: dying }).rotate({ provider: 'p', id: created.right.id }, { strategy: 'replace', revokeOld: 'delete', deliver: [ok] })).rejects.toMatchObject({
      stage: 'journal',
    });
    const refusing = callbackSink('memory:ok', () => {
      throw new Error('refused');
    });
    const manager = createTokenManager({ providers: { p: rig.provider }, journal, resolveSink: () => refusing });
    const { items } = await manager.resume();
    expect(items).toEqual([expect.objectContaining({ outcome: 'unwound', restartedAs: expect.any(String), error: expect.objectContaining({ _tag: 'SinkError' }) })]);
    expect(await manager.rotations()).toEqual([]);
    expect((await manager.resume()).items).toEqual([]);
    // The old token is untouched, and no replacement of either rotation is live.
    expect(rig.sim.live().filter((t) => t.name.startsWith('restart refused')).map((t) => t.id)).toEqual([created.right.id]);
  });
});
