import { execFile } from 'node:child_process';
import * as path from 'node:path';
import type { CliRun } from '../reliability/support/cli';

/** The repository's root. */
export const ROOT = path.join(__dirname, '..', '..', '..', '..');
/** The tokenbridge package. */
export const PACKAGE = path.join(ROOT, 'packages', 'tokenbridge');
/** The command line's entry point, as the bin runs it (compiled there; from the sources here). */
export const CLI_MAIN = path.join(PACKAGE, 'src', 'cli', 'main.ts');
/** Runs TypeScript sources with the packages resolved to theirs (`tokenbridge-source`), as `npm run demo` does. */
export const FROM_SOURCES = ['-r', require.resolve('tsx/cjs'), '--conditions=tokenbridge-source'];

/** `node <script> ...args` from the sources, as its own process in `cwd` (default the repository), with only `env` (and PATH) set. */
export function spawnFromSources(script: readonly string[], env: Record<string, string>, cwd: string = ROOT): Promise<CliRun> {
  return new Promise((resolve) => {
    execFile(process.execPath, [...FROM_SOURCES, ...script], { cwd, env: { PATH: process.env['PATH'] ?? '', ...env } }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}
