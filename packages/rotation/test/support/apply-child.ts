/**
 * The process the apply crash tests kill: it plans and applies a declaration
 * against a simulator the test started, with a file journal and the built-in
 * sinks, and stops dead (printing `CRASH-POINT`, waiting for SIGKILL) right
 * after the journal stores the entry TB_CRASH_AT names (`<step>` or
 * `<step>#<n>`). Configured by environment: TB_VENDOR, TB_URL, TB_CREDENTIAL,
 * TB_JOURNAL, TB_NOW (the clock, epoch ms), TB_DECLARATION (the declaration
 * as JSON, its provider named `p`). Bundled once per test file, run with plain `node`.
 */
import * as E from 'fp-ts/Either';
import { createTokenManager, decodeDeclaration, fileJournal, sinkResolver, systemClock } from 'tokenbridge';
import { crashing, env, runMain } from './crash';
import { type Vendor, providerOf } from './vendors';

async function main(): Promise<void> {
  const now = Number(env('TB_NOW'));
  const clock = { ...systemClock, now: () => now };
  const manager = createTokenManager({
    providers: { p: providerOf(env('TB_VENDOR') as Vendor, env('TB_URL'), env('TB_CREDENTIAL'), clock) },
    journal: crashing(fileJournal({ path: env('TB_JOURNAL') }), process.env['TB_CRASH_AT']),
    resolveSink: sinkResolver(),
    now: clock.now,
  });
  try {
    const declaration = decodeDeclaration(JSON.parse(env('TB_DECLARATION')));
    if (E.isLeft(declaration)) throw declaration.left;
    const result = await manager.apply(await manager.plan(declaration.right));
    process.stdout.write(`RESULT ${JSON.stringify(result.status)}\n`);
  } finally {
    await manager.close();
  }
}

runMain(main);
