/**
 * Rotation that finishes the job, on Kodexa: the new secret delivered to a
 * dotenv file and to a command's stdin, the old token kept through a grace
 * period, the process "dying" after the first sink, and `resume()` in a fresh
 * manager taking the orphan back, rotating again, and revoking the old token
 * when its grace period is over (the clock is moved, not waited for).
 *
 *   npx tsx --conditions=tokenbridge-source examples/rotation-delivery.ts
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as E from 'fp-ts/Either';
import { type RotationJournal, Secret, commandSink, createTokenManager, dotenvSink, fileJournal, kodexa, sinkResolver } from 'tokenbridge';
import { section } from './support/log';
import { type Targets, runDirectly } from './support/targets';

const DAY_MS = 86_400_000;

/** The journal, except that the write after the first delivery fails: as far as the journal knows, the process died there. */
function dyingAfterFirstDelivery(journal: RotationJournal): RotationJournal {
  return {
    ...journal,
    append: (entry) => async () => {
      const seen = await journal.read()();
      const delivered = E.isRight(seen) && seen.right.some((e) => e.rotationId === entry.rotationId && e.step === 'delivered');
      if (delivered) return E.left({ _tag: 'JournalError', reason: 'io', message: 'the process died here (simulated)', retryable: false });
      return journal.append(entry)();
    },
  };
}

/** Runs the example against `targets`. */
export async function rotationDeliveryExample(targets: Targets): Promise<void> {
  const log = section('Rotation: delivered, interrupted, resumed');
  const dir = await mkdtemp(join(tmpdir(), 'tokenbridge-rotation-'));
  const journalPath = join(dir, '.tokenbridge', 'journal.jsonl');
  const dotenv = join(dir, '.env');
  const received = join(dir, 'received-on-stdin');
  let now = Date.now();
  const managerWith = (journal: RotationJournal) =>
    createTokenManager({
      providers: { kodexa: kodexa({ apiKey: targets.kodexa.credential, baseUrl: targets.kodexa.baseUrl }) },
      journal,
      resolveSink: sinkResolver(),
      now: () => now,
    });
  const first = managerWith(dyingAfterFirstDelivery(fileJournal({ path: journalPath })));
  const second = managerWith(fileJournal({ path: journalPath }));
  const created: string[] = [];
  try {
    const old = await first.promise('kodexa').create({ name: 'tokenbridge delivery example', expiresAt: new Date(now + 90 * DAY_MS) });
    created.push(old.id);
    // A command sink: the secret on stdin only. For real use: ['gh', 'secret', 'set', 'KODEXA_TOKEN'].
    const command = commandSink({ argv: [process.execPath, '-e', 'process.stdin.pipe(require("fs").createWriteStream(process.argv[1]))', received] });
    const deliver = [dotenvSink({ path: dotenv, key: 'KODEXA_TOKEN' }), command];
    log(`rotating ${old.id} into ${deliver.map((s) => s.spec.split(':')[0]).join(' and ')} sinks, old token kept 24 h`);
    try {
      await first.rotate({ provider: 'kodexa', id: old.id }, { strategy: 'replace', deliver, revokeOld: { after: '24h' } });
      log('not interrupted?');
    } catch (error) {
      log(`interrupted after the first sink: ${error instanceof Error ? error.message : 'unexpected failure'}`);
    }
    log(`unfinished in the journal: ${(await second.rotations()).map((r) => `${r.rotationId} (${r.phase}, delivered to ${r.delivered.length} of ${r.plan.sinks.length})`).join(', ')}`);

    const resumed = await second.resume();
    for (const item of resumed.items) log(`resume: ${item.outcome}${item.restartedAs ? ` as ${item.restartedAs}` : ''}${item.pending?.dueAt ? `, old token due for revocation at ${item.pending.dueAt.toISOString()}` : ''}`);
    const replacementId = resumed.items[0]?.replacementId;
    if (replacementId) created.push(replacementId);
    const inDotenv = /^KODEXA_TOKEN=(.*)$/m.exec(await readFile(dotenv, 'utf8'))?.[1];
    const onStdin = await readFile(received, 'utf8');
    const works = await second.provider('kodexa').rotation?.verifyCredential(new Secret(onStdin))();
    log(`dotenv and command hold the same secret: ${inDotenv === onStdin}; it authenticates: ${works !== undefined && E.isRight(works) && works.right.status === 'verified'}`);
    const live = (await second.promise('kodexa').list({ nameContains: 'tokenbridge delivery example' })).items;
    log(`live tokens named for it: ${live.length} (the old one, in its grace period, and one replacement)`);

    now += DAY_MS;
    const later = await second.resume();
    log(`a day later, resume: ${later.items.map((i) => `${i.outcome}${i.revokedId === old.id ? ', old token revoked' : ''}`).join(', ')}`);
    const journalText = await readFile(journalPath, 'utf8');
    log(`journal: ${journalText.trim().split('\n').length} entries; holds the secret: ${journalText.includes(onStdin)}`);
  } finally {
    for (const id of created) await second.provider('kodexa').delete(id)();
    await Promise.all([first.close(), second.close()]);
    await rm(dir, { recursive: true, force: true });
  }
}

runDirectly(module, rotationDeliveryExample);
