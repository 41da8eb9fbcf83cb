import { type CliIo, runCli } from 'tokenbridge/cli';
import type { VendorName, VendorUnderTest } from './vendors';

/** What one command-line run printed, and its exit code. */
export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

const ENV_NAMES: Readonly<Record<VendorName, { readonly url: string; readonly credential: string }>> = {
  kodexa: { url: 'TOKENBRIDGE_KODEXA_URL', credential: 'TOKENBRIDGE_KODEXA_API_KEY' },
  softwareone: { url: 'TOKENBRIDGE_SOFTWAREONE_URL', credential: 'TOKENBRIDGE_SOFTWAREONE_API_TOKEN' },
  datocms: { url: 'TOKENBRIDGE_DATOCMS_URL', credential: 'TOKENBRIDGE_DATOCMS_API_TOKEN' },
};

/** The environment configuring the command line for `vendors`, optionally with other credentials. */
export function cliEnv(vendors: readonly VendorUnderTest[], credentials: Partial<Record<VendorName, string>> = {}): Record<string, string> {
  return Object.fromEntries(
    vendors.flatMap((v) => [
      [ENV_NAMES[v.vendor].url, v.baseUrl],
      [ENV_NAMES[v.vendor].credential, credentials[v.vendor] ?? v.credential],
    ]),
  );
}

/** Runs the command line in-process, with fast retries, capturing what it prints. */
export async function cli(argv: readonly string[], env: Record<string, string>): Promise<CliRun> {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const io: CliIo = {
    stdout: { write: (text: string) => stdout.push(text) },
    stderr: { write: (text: string) => stderr.push(text) },
    env,
    transport: { retry: { retries: 1, baseMs: 1, capMs: 2 }, limiter: false },
  };
  const code = await runCli(argv, io);
  return { code, stdout: stdout.join(''), stderr: stderr.join('') };
}
