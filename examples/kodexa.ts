/**
 * Kodexa with its own package: create, get, update (given the token read, one
 * PUT), list and delete an access token.
 *
 *   npx tsx --conditions=tokenbridge-source examples/kodexa.ts
 */
import { toPromise } from '@tokenbridge/core';
import { kodexa } from '@tokenbridge/kodexa';
import { describeSecret, section } from './support/log';
import { type Target, runDirectly } from './support/targets';

const DAY_MS = 86_400_000;

/** Runs the example against `target`. */
export async function kodexaExample(target: Target): Promise<void> {
  const log = section(`Kodexa (${target.simulated ? 'simulator' : target.baseUrl})`);
  const provider = toPromise(kodexa({ apiKey: target.credential, baseUrl: target.baseUrl }));
  try {
    const created = await provider.create({ name: 'tokenbridge example', expiresAt: new Date(Date.now() + 30 * DAY_MS) });
    log(`create: ${created.id} "${created.name}", expires ${created.expiresAt?.toISOString()}, secret ${describeSecret(created.secret)}`);

    const read = await provider.get(created.id);
    log(`get:    ${read.id} version ${read.version}, status ${read.status}`);

    const renamed = await provider.update(read, { name: 'tokenbridge example (renamed)' });
    log(`update: "${renamed.name}", version ${read.version} -> ${renamed.version}`);

    const names: string[] = [];
    for await (const token of provider.listAll({ nameContains: 'tokenbridge example', orderBy: 'createdAt' })) names.push(token.name);
    log(`list:   ${names.length} matching token(s): ${names.join(', ')}`);

    await provider.delete(created.id);
    log(`delete: ${created.id} deleted`);
  } finally {
    await provider.close();
  }
}

runDirectly(module, (targets) => kodexaExample(targets.kodexa));
