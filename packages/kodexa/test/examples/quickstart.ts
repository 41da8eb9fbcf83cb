import { TokenBridgeError, toPromise } from '@tokenbridge/core';
import { kodexa } from '@tokenbridge/kodexa';
import { startKodexaSimulator } from '@tokenbridge/testing';

/** Creates, renames, lists and deletes a token on a local Kodexa simulator (no credentials needed). */
export async function main(): Promise<void> {
  // For a real instance: kodexa({ apiKey: process.env.KODEXA_API_KEY ?? '', baseUrl: 'https://platform.kodexa.ai' })
  const simulator = await startKodexaSimulator();
  const tokens = toPromise(kodexa({ apiKey: simulator.credential, baseUrl: simulator.url }));
  try {
    const created = await tokens.create({ name: 'ci-deploy', expiresAt: new Date(Date.now() + 30 * 86_400_000) });
    // created.secret prints as [REDACTED]; created.secret?.reveal() is the new API key, shown once.
    console.log(`created ${created.name} (${created.id}), secret returned: ${created.secret !== undefined}`);

    // Kodexa's PUT replaces the whole token: this reads it, changes the name, and PUTs it back with its changeSequence.
    const renamed = await tokens.update(created.id, { name: 'ci-deploy (prod)' });
    console.log(`renamed to ${renamed.name}, version ${created.version} -> ${renamed.version}`);

    for await (const token of tokens.listAll({ nameContains: 'ci-deploy', orderBy: 'name' })) {
      console.log(`listed ${token.name}: ${token.status}, expires ${token.expiresAt?.toISOString() ?? 'never'}`);
    }

    try {
      await tokens.update(renamed.id, { name: 'too late', ifVersion: created.version ?? '' });
    } catch (error) {
      if (TokenBridgeError.isInstance(error) && error.tag === 'Conflict') console.log(`stale ifVersion refused: ${error.error.message}`);
      else throw error;
    }

    await tokens.delete(renamed.id);
    console.log('deleted');
  } finally {
    await tokens.close();
    await simulator.close();
  }
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
