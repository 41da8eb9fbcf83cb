import type { TaskEither } from 'fp-ts/TaskEither';
import type { ProviderId } from '../model';
import type { Secret } from '../secret';

/** What a sink is told about the secret it receives. Never the secret itself. */
export interface SecretDelivery {
  readonly rotationId: string;
  /** The name the token manager knows the provider by (`'dato-prod'`). */
  readonly providerKey: string;
  readonly provider: ProviderId;
  /** The id of the token whose secret this is. */
  readonly tokenId: string;
  readonly tokenName: string;
}

/** Why a sink failed. */
export type SinkErrorReason =
  /** The target is a symlink, not a regular file, or writable by group or others. Nothing was written. */
  | 'unsafe-target'
  /** The target holds something the sink cannot edit (not a JSON object, a key path through a non-object). Nothing was written. */
  | 'invalid-target'
  /** The secret cannot be written in the target's syntax (a dotenv value with a line break and every quote). */
  | 'unencodable'
  /** Reading or writing failed (`code` holds the system error code). */
  | 'io'
  /** The command could not be started. */
  | 'spawn'
  /** The command did not finish in time and was killed. */
  | 'timeout'
  /** The command exited with a non-zero status or was killed by a signal. */
  | 'exit'
  /** A callback sink threw or rejected. */
  | 'callback';

/**
 * A sink's failure. It names the sink by its spec and never holds the secret,
 * nor anything the target printed or contained (a command's output, a file's
 * content), since either may hold it.
 */
export interface SinkError {
  readonly _tag: 'SinkError';
  /** The failing sink's {@link SecretSink.spec}. */
  readonly sink: string;
  readonly reason: SinkErrorReason;
  readonly message: string;
  /** Whether delivering again later may succeed. */
  readonly retryable: boolean;
  /** The system error code (`EACCES`, `ENOENT`). */
  readonly code?: string;
  /** A command's exit status. */
  readonly exitCode?: number;
  /** The signal that ended a command. */
  readonly signal?: string;
}

/**
 * Where a rotation delivers a new secret: a dotenv file, a JSON file, a
 * command's stdin, a callback. Implementations with file system or process
 * code live outside core (`@tokenbridge/rotation`).
 */
export interface SecretSink {
  /**
   * A stable, secret-free description of the target (`dotenv:/srv/app/.env:API_TOKEN`).
   * It is written to the rotation journal, and `resume` hands it back to the
   * manager's `resolveSink` to rebuild the sink when a rotation starts again.
   */
  readonly spec: string;
  /** Puts `secret` in place. Never rejects; a failure is a {@link SinkError}. */
  deliver(secret: Secret, delivery: SecretDelivery): TaskEither<SinkError, void>;
}

/** Rebuilds a sink from its {@link SecretSink.spec}, or `undefined` when it does not know the spec. */
export type SinkResolver = (spec: string) => SecretSink | undefined;
