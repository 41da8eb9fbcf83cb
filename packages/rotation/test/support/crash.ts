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
