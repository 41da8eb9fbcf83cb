import { execFileSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as E from 'fp-ts/Either';
import type { JournalEntry, JournalLease } from '@tokenbridge/core';
import { fileJournal } from '@tokenbridge/rotation';

let dir: string;
beforeEach(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'tb-journal-'));
});
afterEach(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

const entry = (step: 'created' | 'done', n: number): JournalEntry =>
  step === 'created' ? { rotationId: 'lx2k3m9a0abcd', at: new Date(n).toISOString(), step, replacementId: `r${n}` } : { rotationId: 'lx2k3m9a0abcd', at: new Date(n).toISOString(), step };

async function right<A>(task: () => Promise<E.Either<unknown, A>>): Promise<A> {
  const result = await task();
  if (E.isLeft(result)) throw new Error(`expected success, got ${JSON.stringify(result.left)}`);
  return result.right;
}

describe('fileJournal', () => {
  it('appends JSON lines to a private file in a private directory, and reads them back in order', async () => {
    const journal = fileJournal({ path: path.join(dir, '.tokenbridge', 'journal.jsonl') });
    await right(journal.append(entry('created', 1)));
    await right(journal.append(entry('done', 2)));
    expect(await right(journal.read())).toEqual([entry('created', 1), entry('done', 2)]);
    expect((await fs.stat(journal.path)).mode & 0o777).toBe(0o600);
    expect((await fs.stat(path.dirname(journal.path))).mode & 0o777).toBe(0o700);
    expect((await fs.readFile(journal.path, 'utf8')).split('\n')).toHaveLength(3);
  });

  it('a missing journal reads as empty', async () => {
    expect(await right(fileJournal({ path: path.join(dir, 'none.jsonl') }).read())).toEqual([]);
  });

  it('a last line cut short by a crash is ignored, and the next entry starts a line of its own', async () => {
    const file = path.join(dir, 'journal.jsonl');
    await fs.writeFile(file, `${JSON.stringify(entry('created', 1))}\n{"rotationId":"lx2k3m9a0ab`, { mode: 0o600 });
    const journal = fileJournal({ path: file });
    expect(await right(journal.read())).toEqual([entry('created', 1)]);
    await right(journal.append(entry('done', 2)));
    const lines = (await fs.readFile(file, 'utf8')).split('\n');
    expect(lines[2]).toBe(JSON.stringify(entry('done', 2)));
    // The torn line is now in the middle: it reads as damage, named by line.
    expect(await journal.read()()).toEqual(E.left(expect.objectContaining({ _tag: 'JournalError', reason: 'corrupt', line: 2 })));
  });

  it('refuses a symlinked journal and one others may write', async () => {
    const real = path.join(dir, 'real.jsonl');
    await fs.writeFile(real, '', { mode: 0o600 });
    const link = path.join(dir, 'link.jsonl');
    await fs.symlink(real, link);
    expect(await fileJournal({ path: link }).append(entry('done', 1))()).toEqual(E.left(expect.objectContaining({ reason: 'unsafe-target' })));
    await fs.chmod(real, 0o666);
    expect(await fileJournal({ path: real }).read()()).toEqual(E.left(expect.objectContaining({ reason: 'unsafe-target' })));
    expect(await fs.readFile(real, 'utf8')).toBe('');
  });

  it('the lock: callers in one process take turns; a live holder elsewhere is `locked`; a dead holder is taken over', async () => {
    const file = path.join(dir, 'journal.jsonl');
    const journal = fileJournal({ path: file });
    const first = await right(journal.lock());
    const order: string[] = [];
    const second = journal.lock()().then((lease) => {
      order.push('second');
      return lease;
    });
    await new Promise((resolve) => setTimeout(resolve, 20));
    order.push('first releases');
    await first.release();
    const lease = await second;
    expect(order).toEqual(['first releases', 'second']);
    // Another holder (here: another journal object, standing for another process) is refused at once.
    expect(await fileJournal({ path: file }).lock()()).toEqual(E.left(expect.objectContaining({ reason: 'locked', retryable: true })));
    await (E.isRight(lease) ? lease.right : ({} as JournalLease)).release();

    // A lock left by a process that has exited is stale.
    const deadPid = Number(execFileSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']).toString());
    await fs.writeFile(`${file}.lock`, JSON.stringify({ pid: deadPid, host: os.hostname() }), { mode: 0o600 });
    const taken = await right(fileJournal({ path: file }).lock());
    expect(JSON.parse(await fs.readFile(`${file}.lock`, 'utf8'))).toMatchObject({ pid: process.pid });
    await taken.release();
    await expect(fs.access(`${file}.lock`)).rejects.toThrow();
  });
});
