import * as E from 'fp-ts/Either';
import type { SinkError } from '@tokenbridge/core';
import { ioError, sinkError } from './errors';
import { PRIVATE_MODE, checkTarget, readIfExists, writeAtomically } from './files';

/**
 * Reads `target` (undefined when missing), asks `edit` for the new text, and
 * writes it atomically, refusing unsafe targets. Shared by the file sinks.
 */
export async function editFile(spec: string, target: string, edit: (text: string | undefined) => string | SinkError): Promise<E.Either<SinkError, void>> {
  let check;
  try {
    check = await checkTarget(target);
  } catch (error) {
    return E.left(ioError(spec, 'inspect', target, error));
  }
  if (!check.ok) return E.left(sinkError(spec, 'unsafe-target', `refused: ${target} ${check.why}`));
  let text;
  try {
    text = await readIfExists(target);
  } catch (error) {
    return E.left(ioError(spec, 'read', target, error));
  }
  const edited = edit(text);
  if (typeof edited !== 'string') return E.left(edited);
  try {
    await writeAtomically(target, edited, check.mode ?? PRIVATE_MODE);
  } catch (error) {
    return E.left(ioError(spec, 'write', target, error));
  }
  return E.right(undefined);
}
