import { type AllSimulators, startAllSimulators } from '@tokenbridge/testing';
import { type CliIo, runCli } from 'tokenbridge/cli';

/** The command line run in-process, for what a spawned process cannot show: a terminal and its prompts. */

let sims: AllSimulators;
beforeEach(async () => {
  sims = await startAllSimulators({ datocms: { rateLimit: false } });
});
afterEach(() => sims.close());

function io(options: { tty?: boolean; answer?: boolean } = {}): CliIo & { out: string[]; err: string[]; asked: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  const asked: string[] = [];
  return {
    out,
    err,
    asked,
    stdout: { write: (t: string) => out.push(t) },
    stderr: { write: (t: string) => err.push(t), isTTY: options.tty === true },
    env: {
      TOKENBRIDGE_KODEXA_URL: sims.kodexa.url,
      TOKENBRIDGE_KODEXA_API_KEY: sims.kodexa.credential,
      TOKENBRIDGE_DATOCMS_URL: sims.datocms.url,
      TOKENBRIDGE_DATOCMS_API_TOKEN: sims.datocms.credential,
    },
    ...(options.answer !== undefined
      ? {
          confirm: async (question: string) => {
            asked.push(question);
            return options.answer === true;
          },
        }
      : {}),
  };
}

describe('tokenbridge CLI in a terminal', () => {
  it('shows listing progress on stderr only when it is a terminal', async () => {
    const terminal = io({ tty: true });
    expect(await runCli(['list'], terminal)).toBe(0);
    expect(terminal.err.join('')).toMatch(/listing .*datocms: 2 done/);
    const piped = io();
    expect(await runCli(['audit'], piped)).toBe(0);
    expect(piped.err.join('')).toBe('');
  });

  it('asks before deleting, and deletes only on yes', async () => {
    const id = sims.datocms.readOnlyTokenId;
    const declined = io({ answer: false });
    expect(await runCli(['delete', 'datocms', id], declined)).toBe(0);
    expect(declined.asked).toEqual([`Delete token ${id} of datocms? [y/N] `]);
    expect(sims.datocms.store.get(id)).toBeDefined();
    expect(await runCli(['delete', 'datocms', id], io({ answer: true }))).toBe(0);
    expect(sims.datocms.store.get(id)).toBeUndefined();
  });
});
