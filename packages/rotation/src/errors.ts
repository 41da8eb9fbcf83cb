import { TokenErrors, type SinkError, type SinkErrorReason, type ValidationError } from '@tokenbridge/core';
import { codeOf } from './files';

/** Reasons worth trying again later (the target may be fixed or free by then). */
const RETRYABLE: Readonly<Record<SinkErrorReason, boolean>> = {
  'unsafe-target': false,
  'invalid-target': false,
  unencodable: false,
  io: true,
  spawn: false,
  timeout: true,
  exit: true,
  callback: false,
};

/** A sink's failure, built only from what we chose to say: never the secret, a file's content or a command's output. */
export function sinkError(sink: string, reason: SinkErrorReason, message: string, details: { code?: string; exitCode?: number; signal?: string } = {}): SinkError {
  return {
    _tag: 'SinkError',
    sink,
    reason,
    message,
    retryable: RETRYABLE[reason],
    ...(details.code !== undefined ? { code: details.code } : {}),
    ...(details.exitCode !== undefined ? { exitCode: details.exitCode } : {}),
    ...(details.signal !== undefined ? { signal: details.signal } : {}),
  };
}

/** A file operation's failure, by its system error code (its message names paths, never content, but we keep only the code). */
export function ioError(sink: string, action: string, target: string, error: unknown): SinkError {
  const code = codeOf(error);
  return sinkError(sink, 'io', `could not ${action} ${target}${code ? ` (${code})` : ''}`, code !== undefined ? { code } : {});
}

/** A sink configured wrongly: nothing was delivered anywhere. */
export function invalidSink(path: string, message: string, detail: string): ValidationError {
  return TokenErrors.validation({ provider: 'tokenbridge', operation: 'configure' }, message, [{ path, message: detail }]);
}
