/**
 * The unified import: one manager over all four vendors. Streams the whole
 * inventory, finds tokens expiring within 30 days and audits them.
 *
 *   npx tsx --conditions=tokenbridge-source examples/all-vendors.ts
 */
import { cloudflare, createTokenManager, datocms, kodexa, softwareone } from 'tokenbridge';
import { section } from './support/log';
import { type Targets, runDirectly } from './support/targets';

const DAY_MS = 86_400_000;

/** One manager over the four vendors, each under a name of our choosing. */
export function allVendorsManager(targets: Targets) {
  return createTokenManager({
    providers: {
      kodexa: kodexa({ apiKey: targets.kodexa.credential, baseUrl: targets.kodexa.baseUrl }),
      softwareone: softwareone({ apiToken: targets.softwareone.credential, baseUrl: targets.softwareone.baseUrl }),
      datocms: datocms({
        apiToken: targets.datocms.credential,
        baseUrl: targets.datocms.baseUrl,
        ...(targets.datocms.settings['environment'] ? { environment: targets.datocms.settings['environment'] } : {}),
      }),
      cloudflare: cloudflare({
        apiToken: targets.cloudflare.credential,
        baseUrl: targets.cloudflare.baseUrl,
        ...(targets.cloudflare.settings['accountId'] ? { accountId: targets.cloudflare.settings['accountId'] } : {}),
      }),
    },
  });
}

/** Runs the example against `targets`. */
export async function allVendorsExample(targets: Targets): Promise<void> {
  const log = section('All vendors through one manager (import from "tokenbridge")');
  const manager = allVendorsManager(targets);
  const made: Array<{ provider: 'kodexa'; id: string }> = [];
  try {
    const soon = await manager.promise('kodexa').create({ name: 'tokenbridge example expiring', expiresAt: new Date(Date.now() + 5 * DAY_MS) });
    made.push({ provider: 'kodexa', id: soon.id });
    log(`create: kodexa ${soon.id} expiring in 5 days`);

    const counts = new Map<string, number>();
    for await (const item of manager.inventory()) {
      if ('error' in item) log(`inventory: ${item.providerKey} failed: ${item.error._tag}: ${item.error.message}`);
      else counts.set(item.providerKey, (counts.get(item.providerKey) ?? 0) + 1);
    }
    log(`inventory: ${[...counts].map(([k, n]) => `${k} ${n}`).join(', ')}`);

    const expiring = await manager.expiring({ within: '30d' });
    for (const item of expiring.items) log(`expiring: ${item.providerKey} ${item.token.id} "${item.token.name}" in ${Math.round(item.expiresInMs / DAY_MS)} day(s)`);

    const audit = await manager.audit({ unusedFor: '90d', expiringWithin: '30d' });
    for (const finding of audit.items) log(`audit: ${finding.providerKey} ${finding.token.id} "${finding.token.name}": ${finding.reasons.map((r) => r.message).join('; ')}`);
  } finally {
    for (const ref of made) await manager.promise(ref.provider).delete(ref.id);
    await manager.close();
  }
}

runDirectly(module, allVendorsExample);
