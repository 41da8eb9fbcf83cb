import { envVariableNames } from 'tokenbridge';
import { type CliIo, runCli } from 'tokenbridge/cli';
import type { VendorName, VendorUnderTest } from './vendors';

/** What one command-line run printed, and its exit code. */
export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** The environment configuring the command line for `vendors`, optionally with other credentials. */
export function cliEnv(vendors: readonly VendorUnderTest[], credentials: Partial<Record<VendorName, string>> = {}): Record<string, string> {
  return Object.fromEntries(
    vendors.flatMap((v) => [
      [envVariableNames(v.vendor).baseUrl, v.baseUrl],
      [envVariableNames(v.vendor).credential, credentials[v.vendor] ?? v.credential],
    ]),
  );
}

/** Runs the command line in-process, with fast retries, capturing what it prints; `cwd` is where a config file is looked for, `now` its clock, `confirm` the person at the terminal (none by default). */
export async function cli(argv: readonly string[], env: Record<string, string>, options: Pick<CliIo, 'cwd' | 'now' | 'confirm'> = {}): Promise<CliRun> {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const io: CliIo = {
    stdout: { write: (text: string) => stdout.push(text) },
    stderr: { write: (text: string) => stderr.push(text) },
    env,
    ...options,
    transport: { retry: { retries: 1, baseMs: 1, capMs: 2 }, limiter: false },
  };
  const code = await runCli(argv, io);
  return { code, stdout: stdout.join(''), stderr: stderr.join('') };
}
