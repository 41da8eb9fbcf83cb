/**
 * DatoCMS with its own package: create (with the role of the project's
 * full-access token), get, update (read-modify-write of the full JSON:API
 * document), regenerate, list, and delete handing what the token owns to
 * another token.
 *
 *   npx tsx --conditions=tokenbridge-source examples/datocms.ts
 */
import { toPromise } from '@tokenbridge/core';
import { datocms } from '@tokenbridge/datocms';
import { describeSecret, section } from './support/log';
import { type Target, runDirectly } from './support/targets';

/** Runs the example against `target`. */
export async function datoCmsExample(target: Target): Promise<void> {
  const log = section(`DatoCMS (${target.simulated ? 'simulator' : target.baseUrl})`);
  const provider = toPromise(
    datocms({ apiToken: target.credential, baseUrl: target.baseUrl, ...(target.settings['environment'] ? { environment: target.settings['environment'] } : {}) }),
  );
  try {
    const all = await provider.list();
    const fullAccess = all.items.find((t) => t.extra.hardcodedType !== null && t.extra.canAccessCma && t.extra.roleId !== null);
    const roleId = fullAccess?.extra.roleId;
    if (!roleId || !fullAccess) throw new Error('no role found on the project\'s full-access token');
    log(`list:   ${all.items.length} token(s), built-in ones included; using role ${roleId}`);

    const created = await provider.create({ name: 'tokenbridge example', extra: { roleId, canAccessCda: true, canAccessCma: false } });
    log(`create: ${created.id}, CDA ${created.extra.canAccessCda}, CMA ${created.extra.canAccessCma}, secret ${describeSecret(created.secret)}`);

    const read = await provider.get(created.id);
    log(`get:    ${read.id} "${read.name}" (DatoCMS returns the secret on reads too; it stays in token.secret)`);

    const updated = await provider.update(read, { name: 'tokenbridge example (renamed)', extra: { canAccessCdaPreview: true } });
    log(`update: "${updated.name}", CDA preview ${updated.extra.canAccessCdaPreview} (one PUT with all four attributes and the role)`);

    const regenerated = await provider.regenerate(created.id);
    log(`regenerate: new secret ${describeSecret(regenerated.secret)}`);

    await provider.delete(created.id, { transferTo: { type: 'access_token', id: fullAccess.id } });
    log(`delete: ${created.id} deleted, anything it owned moved to token ${fullAccess.id}`);
  } finally {
    await provider.close();
  }
}

runDirectly(module, (targets) => datoCmsExample(targets.datocms));
