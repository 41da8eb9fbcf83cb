import { spawn } from 'node:child_process';
import * as path from 'node:path';
import * as E from 'fp-ts/Either';
import { REDACTED_TEXT, TokenBridgeError, systemClock, type Clock, type SecretSink, type SinkError } from '@tokenbridge/core';
import { invalidSink, sinkError } from './errors';
import { codeOf } from './files';

/** What a command printed, on one of its streams. */
export interface CommandOutput {
  readonly stream: 'stdout' | 'stderr';
  /** The text, with every occurrence of the secret replaced by `[REDACTED]`. */
  readonly text: string;
}

/** Options of {@link commandSink}. */
export interface CommandSinkOptions {
  /** The program and its arguments, run without a shell. Put no credential here: it is written to the journal. */
  readonly argv: readonly string[];
  /** Killed (with anything it started) after this long; default 30 000. */
  readonly timeoutMs?: number;
  /**
   * What happens to the command's output: dropped (default), written to this
   * process's stdout and stderr (`true`), or handed to a function. Either way
   * the secret is cut out of it first.
   */
  readonly echo?: boolean | ((output: CommandOutput) => void);
  /** The command's environment (default this process's). The secret is never put in it. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly cwd?: string;
  /** The timer of the timeout (tests inject one). */
  readonly clock?: Pick<Clock, 'setTimer'>;
}

/** The most output kept for `echo`, per stream. */
const MAX_OUTPUT = 1 << 20;

/**
 * Delivers the secret on a command's stdin (never in its arguments or
 * environment), the bridge to `gh secret set`, `vault kv put`,
 * `aws secretsmanager put-secret-value`, `kubectl`, `op`. Its exit status
 * decides: 0 is delivered, anything else (or the timeout) is a `SinkError`
 * that holds the status but never the output, which may echo the secret.
 * Throws a `TokenBridgeError` (`Validation`) for an empty argv.
 *
 * @example
 * const sink = commandSink({ argv: ['gh', 'secret', 'set', 'DATO_TOKEN'] });
 */
export function commandSink(options: CommandSinkOptions): SecretSink {
  const argv = [...(options.argv ?? [])];
  if (argv.length === 0 || argv.some((a) => typeof a !== 'string') || argv[0] === '') {
    throw new TokenBridgeError(invalidSink('argv', 'not a command', 'a non-empty array of strings: the program, then its arguments'));
  }
  const spec = `cmd:${JSON.stringify(argv)}`;
  const program = path.basename(argv[0] as string);
  const timeoutMs = options.timeoutMs ?? 30_000;
  const clock = options.clock ?? systemClock;
  const echo = options.echo === true ? (o: CommandOutput) => void (o.stream === 'stdout' ? process.stdout : process.stderr).write(o.text) : options.echo || undefined;

  return {
    spec,
    deliver: (secret) => () =>
      new Promise<E.Either<SinkError, void>>((resolve) => {
        const value = secret.reveal();
        let settled = false;
        const settle = (result: E.Either<SinkError, void>): void => {
          if (settled) return;
          settled = true;
          cancelTimer();
          resolve(result);
        };
        // Nothing of the caller's environment that carries the value goes along (the variable it came from, say).
        const env = Object.fromEntries(Object.entries(options.env ?? process.env).filter((e): e is [string, string] => e[1] !== undefined && !e[1].includes(value)));
        const detached = process.platform !== 'win32';
        let child: ReturnType<typeof spawn>;
        try {
          child = spawn(argv[0] as string, argv.slice(1), { shell: false, stdio: ['pipe', 'pipe', 'pipe'], env, windowsHide: true, detached, ...(options.cwd ? { cwd: options.cwd } : {}) });
        } catch (error) {
          resolve(E.left(sinkError(spec, 'spawn', `could not start ${program}`, codeDetail(error))));
          return;
        }
        const output: Record<CommandOutput['stream'], string> = { stdout: '', stderr: '' };
        for (const stream of ['stdout', 'stderr'] as const) {
          const readable = child[stream];
          readable?.setEncoding('utf8');
          readable?.on('data', (chunk: string) => {
            if (echo && output[stream].length < MAX_OUTPUT) output[stream] += chunk;
          });
        }
        const kill = (): void => {
          try {
            // The whole process group: whatever the command started goes too.
            if (detached && child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
            else child.kill('SIGKILL');
          } catch {
            // Already gone.
          }
        };
        const cancelTimer = clock.setTimer(() => {
          kill();
          settle(E.left(sinkError(spec, 'timeout', `${program} did not finish within ${timeoutMs} ms and was killed`)));
        }, timeoutMs);
        child.on('error', (error) => settle(E.left(sinkError(spec, 'spawn', `could not start ${program}`, codeDetail(error)))));
        // A command that exits without reading stdin breaks the pipe: its exit status still decides.
        child.stdin?.on('error', () => undefined);
        child.stdin?.end(value);
        child.on('close', (code, signal) => {
          if (echo) {
            for (const stream of ['stdout', 'stderr'] as const) if (output[stream] !== '') echo({ stream, text: output[stream].split(value).join(REDACTED_TEXT) });
          }
          if (code === 0) settle(E.right(undefined));
          else if (signal) settle(E.left(sinkError(spec, 'exit', `${program} was killed by ${signal}`, { signal })));
          else settle(E.left(sinkError(spec, 'exit', `${program} exited with status ${code}`, { exitCode: code ?? -1 })));
        });
      }),
  };
}

function codeDetail(error: unknown): { code?: string } {
  const code = codeOf(error);
  return code !== undefined ? { code } : {};
}
