/**
 * Rotation through the manager on each vendor: a dry run first (writes
 * nothing), then Kodexa replaced and the old token deleted, SoftwareOne
 * replaced and the old one disabled, DatoCMS regenerated with its own action
 * and also replaced (what the old token owned moves to the new one).
 *
 *   npx tsx --conditions=tokenbridge-source examples/rotation.ts
 */
import type { RotationResult } from 'tokenbridge';
import { type Log, describeSecret, section } from './support/log';
import { allVendorsManager } from './all-vendors';
import { type Targets, runDirectly } from './support/targets';

const DAY_MS = 86_400_000;

function report(log: Log, label: string, result: RotationResult): void {
  const verified = result.verification ? `${result.verification.status}${'reason' in result.verification ? ` (${result.verification.reason})` : ''}` : '-';
  log(`${label}: ${result.old.id} -> ${result.replacement?.id ?? '(dry run)'}; verification ${verified}; old token ${result.revoked === 'none' ? 'kept' : result.revoked}; secret ${describeSecret(result.secret)}`);
}

/** Runs the example against `targets`. */
export async function rotationExample(targets: Targets): Promise<void> {
  const log = section('Rotation');
  const manager = allVendorsManager(targets);
  const cleanup: Array<() => Promise<void>> = [];
  try {
    const k = await manager.promise('kodexa').create({ name: 'tokenbridge rotation example', expiresAt: new Date(Date.now() + 90 * DAY_MS) });
    const dry = await manager.rotate({ provider: 'kodexa', id: k.id }, { strategy: 'replace', revokeOld: 'delete', dryRun: true });
    log(`dry run on kodexa ${k.id}: ${dry.steps.join('; ')}`);
    const kr = await manager.rotate({ provider: 'kodexa', id: k.id }, { strategy: 'replace', revokeOld: 'delete' });
    report(log, 'kodexa replace', kr);
    const kNew = kr.replacement?.id;
    if (kNew) cleanup.push(() => manager.promise('kodexa').delete(kNew));

    const s = await manager.promise('softwareone').create({ name: 'tokenbridge rotation example' });
    const sr = await manager.rotate({ provider: 'softwareone', id: s.id }, { strategy: 'replace', revokeOld: 'disable' });
    report(log, 'softwareone replace', sr);
    for (const id of [s.id, sr.replacement?.id]) if (id) cleanup.push(() => manager.promise('softwareone').delete(id));

    const roleId = (await manager.promise('datocms').list()).items.find((t) => t.extra.roleId !== null)?.extra.roleId;
    if (!roleId) throw new Error('no DatoCMS role found');
    const d = await manager.promise('datocms').create({ name: 'tokenbridge rotation example', extra: { roleId, canAccessCma: true } });
    report(log, 'datocms regenerate', await manager.rotate({ provider: 'datocms', id: d.id }, { strategy: 'regenerate' }));
    const dr = await manager.rotate({ provider: 'datocms', id: d.id }, { strategy: 'replace', revokeOld: 'delete' });
    report(log, 'datocms replace', dr);
    const dNew = dr.replacement?.id;
    if (dNew) cleanup.push(() => manager.promise('datocms').delete(dNew));

    // Cloudflare's roll is regenerate; a replacement copies the policies, condition and not-before.
    const zoneRead = { effect: 'allow' as const, resources: { 'com.cloudflare.api.account.zone.*': '*' }, permission_groups: [{ id: 'c8fed203ed3043cba015a93ad1616f1f' }] };
    const c = await manager.promise('cloudflare').create({ name: 'tokenbridge rotation example', expiresAt: new Date(Date.now() + 90 * DAY_MS), extra: { policies: [zoneRead] } });
    report(log, 'cloudflare regenerate', await manager.rotate({ provider: 'cloudflare', id: c.id }, { strategy: 'regenerate' }));
    const cr = await manager.rotate({ provider: 'cloudflare', id: c.id }, { strategy: 'replace', revokeOld: 'delete' });
    report(log, 'cloudflare replace', cr);
    const cNew = cr.replacement?.id;
    if (cNew) cleanup.push(() => manager.promise('cloudflare').delete(cNew));
  } finally {
    for (const step of cleanup) await step();
    await manager.close();
  }
}

runDirectly(module, rotationExample);
