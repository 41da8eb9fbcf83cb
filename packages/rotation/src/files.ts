import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';

/**
 * File handling shared by the file sinks and the journal: refusing targets
 * others could tamper with, and replacing a file so that a crash leaves the
 * old content or the new, never a mix.
 */

/** Mode of a file created here: the owner alone reads and writes it. */
export const PRIVATE_MODE = 0o600;

/** Why a target is refused, or its mode when it exists and is safe (`undefined` when it does not exist). */
export type TargetCheck = { readonly ok: true; readonly mode: number | undefined } | { readonly ok: false; readonly why: string };

/**
 * Looks at `target` without following a symlink: a symlink, anything but a
 * regular file, or a file that group or others may write is refused.
 */
export async function checkTarget(target: string): Promise<TargetCheck> {
  let stat;
  try {
    stat = await fs.lstat(target);
  } catch (error) {
    if (codeOf(error) === 'ENOENT') return { ok: true, mode: undefined };
    throw error;
  }
  if (stat.isSymbolicLink()) return { ok: false, why: 'is a symbolic link' };
  if (!stat.isFile()) return { ok: false, why: 'is not a regular file' };
  // Windows reports no group/other bits worth trusting.
  if (process.platform !== 'win32' && (stat.mode & 0o022) !== 0) return { ok: false, why: 'is writable by group or others' };
  return { ok: true, mode: stat.mode & 0o777 };
}

/** The file's text, or `undefined` when it does not exist. */
export async function readIfExists(target: string): Promise<string | undefined> {
  try {
    return await fs.readFile(target, 'utf8');
  } catch (error) {
    if (codeOf(error) === 'ENOENT') return undefined;
    throw error;
  }
}

/**
 * Replaces `target` with `data`: written to a temporary file in the same
 * directory with `mode`, flushed to disk, renamed over the target (atomic on
 * one file system), and the directory flushed so the rename itself survives a
 * power loss. A failure removes the temporary file and leaves the target as it was.
 */
export async function writeAtomically(target: string, data: string, mode: number): Promise<void> {
  const dir = path.dirname(target);
  const temporary = path.join(dir, `.${path.basename(target)}.${randomBytes(6).toString('hex')}.tmp`);
  const handle = await fs.open(temporary, 'wx', mode);
  try {
    try {
      // The process umask may have narrowed the mode asked for at open.
      await handle.chmod(mode);
      await handle.writeFile(data, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    await fs.rename(temporary, target);
  } catch (error) {
    await fs.rm(temporary, { force: true });
    throw error;
  }
  await syncDirectory(dir);
}

/** Flushes a directory's entries to disk (where the platform can: not on Windows). */
export async function syncDirectory(dir: string): Promise<void> {
  let handle;
  try {
    handle = await fs.open(dir, 'r');
    await handle.sync();
  } catch (error) {
    if (!['EISDIR', 'EINVAL', 'EPERM', 'EBADF'].includes(codeOf(error) ?? '')) throw error;
  } finally {
    await handle?.close();
  }
}

/** The system error code of a Node error, if it has one. */
export function codeOf(error: unknown): string | undefined {
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  return typeof code === 'string' ? code : undefined;
}
