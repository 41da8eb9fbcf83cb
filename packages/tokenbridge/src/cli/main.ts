import { createInterface } from 'node:readline/promises';
import { runCli } from './run';

/**
 * A closed pipe (`tokenbridge list --json | head -1`) ends the command
 * quietly: nobody reads what is left to print. Any other stream error is a
 * real failure.
 */
function endQuietlyOnClosedPipe(stream: NodeJS.WriteStream): void {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    process.exit(0);
  });
}

/** The `tokenbridge` binary: the real process streams and environment. */
async function main(): Promise<void> {
  endQuietlyOnClosedPipe(process.stdout);
  endQuietlyOnClosedPipe(process.stderr);
  const interactive = process.stdin.isTTY === true && process.stderr.isTTY === true;
  const code = await runCli(process.argv.slice(2), {
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    ...(interactive
      ? {
          confirm: async (question: string) => {
            const rl = createInterface({ input: process.stdin, output: process.stderr });
            try {
              return /^y(es)?$/i.test((await rl.question(question)).trim());
            } finally {
              rl.close();
            }
          },
        }
      : {}),
  });
  process.exitCode = code;
}

void main();
