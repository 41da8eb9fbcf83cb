import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { envVariableNames } from 'tokenbridge';
import { type CliIo, runCli } from 'tokenbridge/cli';
import { VENDORS, type VendorName, type VendorUnderTest, startVendor } from './vendors';

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

/** Where a command-line sweep runs: every vendor's simulator, and a directory of its own per vendor. */
export interface CliSweepRig {
  readonly vendors: Readonly<Record<VendorName, VendorUnderTest>>;
  /** A new directory for `vendor`'s scenario. */
  dir(vendor: VendorName): string;
}

/** Starts every vendor before the calling file's tests, under a temporary directory named `prefix…`, and closes and removes them after. */
export function cliSweepRig(prefix: string): CliSweepRig {
  const vendors = {} as Record<VendorName, VendorUnderTest>;
  let root = '';
  beforeAll(async () => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
    for (const vendor of VENDORS) vendors[vendor] = await startVendor(vendor);
  });
  afterAll(async () => {
    for (const vendor of VENDORS) await vendors[vendor].close();
    fs.rmSync(root, { recursive: true, force: true });
  });
  return {
    vendors,
    dir: (vendor) => {
      const dir = path.join(root, vendor);
      fs.mkdirSync(dir);
      return dir;
    },
  };
}

/** A command sink's argv: it writes its stdin to `file`, prints it on both streams and exits with `status` (a sink that leaks, unless its output is kept away). */
export const echoingCommand = (file: string, status: number): string[] => [
  process.execPath,
  '-e',
  `const fs=require('fs');const s=fs.readFileSync(0,'utf8');fs.writeFileSync(process.argv[1],s);console.log('secret: '+s);console.error('secret: '+s);process.exitCode=${status}`,
  file,
];
