// Runs every DatoCMS operation against the local simulator (no account needed):
//   npx tsx --conditions=tokenbridge-source packages/datocms/examples/simulator.ts
import { TokenBridgeError, listAll, toPromise } from '@tokenbridge/core';
import { datocms } from '@tokenbridge/datocms';
import { startDatoCmsSimulator } from '@tokenbridge/testing';

/** Creates, reads, renames, lists, regenerates and deletes a token; returns what it printed. */
export async function main(log: (line: string) => void = console.log): Promise<void> {
  const sim = await startDatoCmsSimulator();
  // Against the real API: datocms({ apiToken: process.env.DATOCMS_API_TOKEN ?? '' }).
  const dato = toPromise(datocms({ apiToken: sim.credential, baseUrl: sim.url }));
  try {
    const created = await dato.create({ name: 'CI deploys', extra: { roleId: sim.roleId, canAccessCda: true } });
    log(`created ${created.id}; secret returned: ${created.secret !== undefined}`);

    // A partial update: GET, then a PUT of all four attributes and the role.
    const renamed = await dato.update(created.id, { name: 'CI deploys (prod)', extra: { canAccessCdaPreview: true } });
    log(`renamed to "${renamed.name}", preview access ${renamed.extra.canAccessCdaPreview}`);

    for await (const token of dato.listAll({ nameContains: 'ci deploys' })) log(`listed ${token.id} ${token.name}`);

    const regenerated = await dato.regenerate(created.id);
    log(`new secret differs: ${regenerated.secret?.reveal() !== created.secret?.reveal()}`);

    try {
      await dato.update(sim.readOnlyTokenId, { name: 'nope' });
    } catch (e) {
      if (TokenBridgeError.isInstance(e)) log(`built-in token: ${e.tag} (${e.error.vendorCode})`);
    }

    await dato.delete(created.id);
    log(`deleted; ${(await collect(listAll(dato.fp, { nameContains: 'ci deploys' }))).length} left`);
  } finally {
    await dato.close();
    await sim.close();
  }
}

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(String(error));
    process.exitCode = 1;
  });
}
