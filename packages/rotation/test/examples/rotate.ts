import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTokenManager } from '@tokenbridge/core';
import { kodexa } from '@tokenbridge/kodexa';
import { commandSink, dotenvSink, fileJournal, sinkResolver } from '@tokenbridge/rotation';
import { startKodexaSimulator } from '@tokenbridge/testing';

/** Rotates a token into a dotenv file and a command, with a 24 h grace period, on a local Kodexa simulator. */
export async function main(): Promise<void> {
  const simulator = await startKodexaSimulator();
  const dir = await mkdtemp(join(tmpdir(), 'rotation-example-'));
  let now = Date.now();
  const manager = createTokenManager({
    providers: { ci: kodexa({ apiKey: simulator.credential, baseUrl: simulator.url }) },
    // Each step is written (and fsync'd) here before the next starts; never a secret.
    journal: fileJournal({ path: join(dir, '.tokenbridge', 'journal.jsonl') }),
    // How resume() rebuilds the sinks if it has to start a rotation again.
    resolveSink: sinkResolver(),
    now: () => now,
  });
  try {
    const old = await manager.promise('ci').create({ name: 'ci deploy', expiresAt: new Date(now + 30 * 86_400_000) });
    const result = await manager.rotate(
      { provider: 'ci', id: old.id },
      {
        strategy: 'replace',
        deliver: [
          dotenvSink({ path: join(dir, '.env'), key: 'KODEXA_TOKEN' }),
          // For real: commandSink({ argv: ['gh', 'secret', 'set', 'KODEXA_TOKEN'] }); the secret goes on stdin.
          commandSink({ argv: ['tee', join(dir, 'secret.txt')] }),
        ],
        revokeOld: { after: '24h' },
      },
    );
    console.log(`replacement ${result.replacement?.name}, delivered to ${result.delivered?.length} sinks`);
    console.log(`old token revoked at ${result.pending?.dueAt?.toISOString() === new Date(now + 86_400_000).toISOString() ? 'now + 24h' : '?'}`);
    const dotenv = await readFile(join(dir, '.env'), 'utf8');
    console.log(`both sinks hold the same secret: ${dotenv === `KODEXA_TOKEN=${await readFile(join(dir, 'secret.txt'), 'utf8')}\n`}`);

    // Later (a cron job, say): resume() finishes what is due and anything a crash left.
    now += 86_400_000;
    const report = await manager.resume();
    console.log(`resume: ${report.items.map((item) => `${item.outcome} (revoked ${item.revokedId === old.id ? 'the old token' : '?'})`).join(', ')}`);
  } finally {
    await manager.close();
    await simulator.close();
  }
}
