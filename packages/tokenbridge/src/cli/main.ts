import { createInterface } from 'node:readline/promises';
import { runCli } from './run';

/** The `tokenbridge` binary: the real process streams and environment. */
async function main(): Promise<void> {
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
