/**
 * The process the crash tests kill: it rotates a token (or resumes) against a
 * simulator the test started, with a file journal, a dotenv sink and a
 * command sink, and can stop dead at a chosen step boundary, printing
 * `CRASH-POINT` and waiting for the test's SIGKILL. Configured by environment:
 * TB_VENDOR, TB_URL, TB_CREDENTIAL, TB_JOURNAL, TB_DOTENV, TB_CMD_OUT,
 * TB_NOW (the clock: epoch ms; several, comma-separated, for successive resumes,
 * each after a line on stdin, so the test can look at the vendor in between),
 * TB_MODE (`rotate` or `resume`), TB_TOKEN_ID, TB_STRATEGY (`replace` with a
 * 24 h grace period, the default, or `regenerate`), TB_CRASH_AT (`<step>` or
 * `<step>#<n>` of the journal, `create-answered` or `regenerate-answered`).
 * Bundled once per test run and run with plain `node`, so it starts fast.
 */
import * as readline from 'node:readline';
import * as E from 'fp-ts/Either';
import { type AnyTokenProvider, commandSink, createTokenManager, dotenvSink, fileJournal, sinkResolver } from 'tokenbridge';
import { crashing, env, freeze, runMain } from './crash';
import { type Vendor, providerOf } from './vendors';

function crashingCreate(provider: AnyTokenProvider, at: string | undefined): AnyTokenProvider {
  // The vendor made the token (or regenerated its secret) and answered; the process dies before the journal hears of it.
  if (at === 'create-answered') {
    return Object.assign(Object.create(provider) as AnyTokenProvider, {
      create: (...args: Parameters<AnyTokenProvider['create']>) => async () => {
        const created = await provider.create(...args)();
        if (E.isRight(created)) await freeze();
        return created;
      },
    });
  }
  if (at === 'regenerate-answered') {
    return Object.assign(Object.create(provider) as AnyTokenProvider, {
      regenerate: (...args: Parameters<AnyTokenProvider['regenerate']>) => async () => {
        const regenerated = await provider.regenerate(...args)();
        if (E.isRight(regenerated)) await freeze();
        return regenerated;
      },
    });
  }
  return provider;
}

async function main(): Promise<void> {
  const crashAt = process.env['TB_CRASH_AT'];
  const provider = crashingCreate(providerOf(env('TB_VENDOR') as Vendor, env('TB_URL'), env('TB_CREDENTIAL')), crashAt);
  const clock = env('TB_NOW').split(',').map(Number);
  let now = clock[0] as number;
  const manager = createTokenManager({
    providers: { p: provider },
    journal: crashing(fileJournal({ path: env('TB_JOURNAL') }), crashAt),
    resolveSink: sinkResolver(),
    now: () => now,
  });
  try {
    if (env('TB_MODE') === 'rotate') {
      const deliver = [dotenvSink({ path: env('TB_DOTENV'), key: 'TOKEN' }), commandSink({ argv: ['tee', env('TB_CMD_OUT')] })];
      const result = await manager.rotate(
        { provider: 'p', id: env('TB_TOKEN_ID') },
        process.env['TB_STRATEGY'] === 'regenerate' ? { strategy: 'regenerate', deliver } : { strategy: 'replace', revokeOld: { after: '24h' }, deliver },
      );
      process.stdout.write(`RESULT ${JSON.stringify({ rotationId: result.rotationId, replacementId: result.replacement?.id, pending: result.pending })}\n`);
    } else {
      const lines = readline.createInterface({ input: process.stdin })[Symbol.asyncIterator]();
      for (const [i, at] of clock.entries()) {
        if (i > 0) await lines.next();
        now = at;
        process.stdout.write(`RESULT ${JSON.stringify(await manager.resume())}\n`);
      }
      process.stdin.destroy();
    }
  } finally {
    await manager.close();
  }
}

runMain(main);
