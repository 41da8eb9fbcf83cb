/**
 * How a test child stops dead at a chosen point, for the crash tests: it says
 * so on stdout (`CRASH-POINT`) and waits for the test's SIGKILL.
 */
import * as E from 'fp-ts/Either';
import type { RotationJournal } from 'tokenbridge';

/** Stops this process where it stands: says so, then waits to be killed. */
export function freeze(): Promise<never> {
  process.stdout.write('CRASH-POINT\n');
  setInterval(() => undefined, 60_000);
  return new Promise<never>(() => undefined);
}

/** `journal`, freezing right after it stores the `n`th entry of a step (`<step>` or `<step>#<n>`). */
export function crashing(journal: RotationJournal, at: string | undefined): RotationJournal {
  if (!at || at === 'create-answered') return journal;
  const [step, nth] = at.split('#');
  let seen = 0;
  return {
    ...journal,
    append: (entry) => async () => {
      const written = await journal.append(entry)();
      if (E.isRight(written) && entry.step === step && ++seen === Number(nth ?? 1)) await freeze();
      return written;
    },
  };
}

/** The environment variable `name`; a child cannot run without it. */
export function env(name: string): string {
  const value = process.env[name];
  if (value === undefined) throw new Error(`${name} is not set`);
  return value;
}

/** Runs a child's `main`, reporting a failure on stderr (never its details beyond name and message) with exit status 1. */
export function runMain(main: () => Promise<void>): void {
  main().catch((error: unknown) => {
    process.stderr.write(`child failed: ${error instanceof Error ? `${error.name}: ${error.message}` : 'unexpected'}\n`);
    process.exitCode = 1;
  });
}
