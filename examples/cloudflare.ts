/**
 * Cloudflare with its own package: create (policies, an IP condition, an
 * expiry), get, update (a full-replacement PUT of every field as read),
 * regenerate (the vendor's roll), verify the new value, list, and delete.
 * With TOKENBRIDGE_CLOUDFLARE_ACCOUNT_ID set, the account's tokens instead of the user's.
 *
 *   npx tsx --conditions=tokenbridge-source examples/cloudflare.ts
 */
import { runOrThrow, toPromise } from '@tokenbridge/core';
import { cloudflare } from '@tokenbridge/cloudflare';
import { describeSecret, section } from './support/log';
import { type Target, runDirectly } from './support/targets';

/** Zone Read on every zone of the account: a policy both user and account tokens may hold. */
const ZONE_READ = { effect: 'allow' as const, resources: { 'com.cloudflare.api.account.zone.*': '*' }, permission_groups: [{ id: 'c8fed203ed3043cba015a93ad1616f1f' }] };

/** Runs the example against `target`. */
export async function cloudflareExample(target: Target): Promise<void> {
  const log = section(`Cloudflare (${target.simulated ? 'simulator' : target.baseUrl})`);
  const accountId = target.settings['accountId'];
  const fp = cloudflare({ apiToken: target.credential, baseUrl: target.baseUrl, ...(accountId ? { accountId } : {}) });
  const provider = toPromise(fp);
  try {
    const created = await provider.create({
      name: 'tokenbridge example',
      expiresAt: new Date(Date.now() + 30 * 86_400_000),
      extra: { policies: [ZONE_READ], condition: { request_ip: { in: ['127.0.0.0/8', '::1/128'] } } },
    });
    log(`create: ${created.id}, ${created.extra.policies.length} policy, expires ${created.expiresAt?.toISOString().slice(0, 10)}, secret ${describeSecret(created.secret)}`);

    const read = await provider.get(created.id);
    log(`get:    ${read.id} "${read.name}" ${read.status} (Cloudflare never returns the value on reads)`);

    const rolled = await provider.regenerate(created.id);
    log(`regenerate: new secret ${describeSecret(rolled.secret)} (PUT …/value; the old value stops working at once)`);

    const verified = rolled.secret && fp.rotation ? await runOrThrow(fp.rotation.verifyCredential(rolled.secret)) : undefined;
    log(`verify: the new value is ${verified?.status ?? 'not checked'} (GET …/tokens/verify with it)`);

    const updated = await provider.update(created.id, { name: 'tokenbridge example (paused)', status: 'disabled' });
    log(`update: "${updated.name}" ${updated.status}; policies and condition sent back as read (one GET, one PUT)`);

    const listed = await provider.list({ nameContains: 'tokenbridge example' });
    log(`list:   ${listed.items.length} token(s) named like it (every page read, 50 a page)`);

    await provider.delete(created.id);
    log(`delete: ${created.id} deleted`);
  } finally {
    await provider.close();
  }
}

runDirectly(module, (targets) => cloudflareExample(targets.cloudflare));
