import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as E from 'fp-ts/Either';
import { decodeJournalEntry, lockQueue, type JournalEntry, type JournalError, type JournalLease, type RotationJournal } from '@tokenbridge/core';
import { PRIVATE_MODE, checkTarget, codeOf, syncDirectory } from './files';

/** Where the journal lives by default, relative to the working directory. */
export const DEFAULT_JOURNAL_PATH = path.join('.tokenbridge', 'journal.jsonl');

/** Options of {@link fileJournal}. */
export interface FileJournalOptions {
  /** Default `.tokenbridge/journal.jsonl`, resolved against the working directory when the journal is made. */
  readonly path?: string;
}

function journalError(reason: JournalError['reason'], message: string, details: { code?: string; line?: number } = {}): JournalError {
  return { _tag: 'JournalError', reason, message, retryable: reason === 'io' || reason === 'locked', ...details };
}

function ioFailure(action: string, target: string, error: unknown): JournalError {
  const code = codeOf(error);
  return journalError('io', `could not ${action} ${target}${code ? ` (${code})` : ''}`, code !== undefined ? { code } : {});
}

/** True when a process with this id runs on this machine. */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return codeOf(error) === 'EPERM';
  }
}

/**
 * The rotation journal as a JSON-lines file, one entry a line. Each append is
 * flushed to disk (`fsync`) before it resolves, the file and its directory
 * are created private (0600 and 0700), and a symlink or a file others may
 * write is refused. A last line cut short by a crash mid-write is ignored on
 * reading and closed off on the next append; a damaged line elsewhere is a
 * `corrupt` error naming its line.
 *
 * The lock is a `<journal>.lock` file holding the owner's process id and host:
 * a lock left by a process that died (on this host) is taken over; one held
 * by a live process, or by another host, is a `locked` error.
 */
export function fileJournal(options: FileJournalOptions = {}): RotationJournal & { readonly path: string } {
  const file = path.resolve(options.path ?? DEFAULT_JOURNAL_PATH);
  const dir = path.dirname(file);
  const lockFile = `${file}.lock`;
  const queue = lockQueue();

  async function ensureDirectory(): Promise<void> {
    try {
      await fs.access(dir);
    } catch {
      await fs.mkdir(dir, { recursive: true, mode: 0o700 });
      await syncDirectory(path.dirname(dir));
    }
  }

  async function safe(target: string): Promise<JournalError | undefined> {
    const check = await checkTarget(target);
    return check.ok ? undefined : journalError('unsafe-target', `refused: ${target} ${check.why}`);
  }

  const append = (entry: JournalEntry) => async (): Promise<E.Either<JournalError, void>> => {
    try {
      await ensureDirectory();
      const unsafe = await safe(file);
      if (unsafe) return E.left(unsafe);
      const handle = await fs.open(file, 'a+', PRIVATE_MODE);
      try {
        const { size } = await handle.stat();
        // A line cut short by a crash is closed off, so this entry starts on a line of its own.
        let lead = '';
        if (size > 0) {
          const last = Buffer.alloc(1);
          await handle.read(last, 0, 1, size - 1);
          if (last[0] !== 0x0a) lead = '\n';
        }
        await handle.appendFile(`${lead}${JSON.stringify(entry)}\n`, 'utf8');
        await handle.sync();
        if (size === 0) await syncDirectory(dir);
      } finally {
        await handle.close();
      }
      return E.right(undefined);
    } catch (error) {
      return E.left(ioFailure('append to', file, error));
    }
  };

  const read = () => async (): Promise<E.Either<JournalError, readonly JournalEntry[]>> => {
    let text: string;
    try {
      const unsafe = await safe(file);
      if (unsafe) return E.left(unsafe);
      text = await fs.readFile(file, 'utf8');
    } catch (error) {
      if (codeOf(error) === 'ENOENT') return E.right([]);
      return E.left(ioFailure('read', file, error));
    }
    const lines = text.split('\n');
    const entries: JournalEntry[] = [];
    for (const [i, line] of lines.entries()) {
      if (line.trim() === '') continue;
      let entry: JournalEntry | undefined;
      try {
        entry = decodeJournalEntry(JSON.parse(line));
      } catch {
        entry = undefined;
      }
      if (entry) entries.push(entry);
      // The last line without its newline was being written when the process died: it never happened.
      else if (!(i === lines.length - 1 && !text.endsWith('\n'))) return E.left(journalError('corrupt', `${file} line ${i + 1} is not a journal entry`, { line: i + 1 }));
    }
    return E.right(entries);
  };

  async function takeFileLock(): Promise<JournalError | undefined> {
    await ensureDirectory();
    const me = JSON.stringify({ pid: process.pid, host: os.hostname() });
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        await fs.writeFile(lockFile, me, { flag: 'wx', mode: PRIVATE_MODE });
        return undefined;
      } catch (error) {
        if (codeOf(error) !== 'EEXIST') return ioFailure('create', lockFile, error);
      }
      let owner: { pid?: unknown; host?: unknown } = {};
      try {
        owner = JSON.parse(await fs.readFile(lockFile, 'utf8')) as typeof owner;
      } catch {
        // Unreadable (cut short as it was written): treated as left by a dead process.
      }
      const pid = typeof owner.pid === 'number' ? owner.pid : undefined;
      const here = owner.host === undefined || owner.host === os.hostname();
      if (pid !== undefined && (!here || alive(pid))) {
        return journalError('locked', `${file} is in use by process ${pid}${here ? '' : ` on ${String(owner.host)}`}; if that process is gone, remove ${lockFile}`);
      }
      await fs.rm(lockFile, { force: true });
    }
    return journalError('locked', `${file} is in use: another process took its lock just now`);
  }

  const lock = () => async (): Promise<E.Either<JournalError, JournalLease>> => {
    const turn = await queue.acquire();
    let failure: JournalError | undefined;
    try {
      failure = await takeFileLock();
    } catch (error) {
      failure = ioFailure('lock', file, error);
    }
    if (failure) {
      await turn.release();
      return E.left(failure);
    }
    return E.right({
      release: async () => {
        await fs.rm(lockFile, { force: true }).catch(() => undefined);
        await turn.release();
      },
    });
  };

  return { path: file, append, read, lock };
}
