/**
 * SoftwareOne Marketplace with its own package: create (the owning account is
 * derived from the credential), get, update with a delta PUT, disable and
 * enable, list with an RQL name filter, and delete.
 *
 *   npx tsx --conditions=tokenbridge-source examples/softwareone.ts
 */
import { toPromise } from '@tokenbridge/core';
import { softwareone } from '@tokenbridge/softwareone';
import { describeSecret, section } from './support/log';
import { type Target, runDirectly } from './support/targets';

/** Runs the example against `target`. */
export async function softwareOneExample(target: Target): Promise<void> {
  const log = section(`SoftwareOne (${target.simulated ? 'simulator' : target.baseUrl})`);
  const provider = toPromise(softwareone({ apiToken: target.credential, baseUrl: target.baseUrl }));
  try {
    const created = await provider.create({ name: 'tokenbridge example', description: 'made by the tokenbridge example' });
    log(`create: ${created.id} in account ${created.extra.account?.id}, secret ${describeSecret(created.secret)}`);

    const read = await provider.get(created.id);
    log(`get:    ${read.id} "${read.name}", status ${read.status}, revision ${read.version}`);

    const updated = await provider.update(read.id, { description: 'changed by the example', status: 'disabled' });
    log(`update: description "${updated.description}", status ${updated.status} (a delta PUT, then POST .../disable)`);
    log(`update: status ${(await provider.update(read.id, { status: 'active' })).status} again (POST .../enable)`);

    const page = await provider.list({ nameContains: 'tokenbridge example', orderBy: 'name', pageSize: 10 });
    log(`list:   ${page.items.map((t) => `${t.id} "${t.name}"`).join(', ')}`);

    await provider.delete(created.id);
    log(`delete: ${created.id} deleted`);
  } finally {
    await provider.close();
  }
}

runDirectly(module, (targets) => softwareOneExample(targets.softwareone));
