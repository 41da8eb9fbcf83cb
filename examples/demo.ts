/**
 * The demo (`npm run demo`): starts a simulator per registered vendor in this
 * process, seeds them, runs every example against them, then a session of
 * the `tokenbridge` command line. No credentials needed.
 */
import { VENDORS, VENDOR_IDS, type VendorId } from 'tokenbridge';
import { runCli } from 'tokenbridge/cli';
import { allVendorsExample } from './all-vendors';
import { cloudflareExample } from './cloudflare';
import { datoCmsExample } from './datocms';
import { kodexaExample } from './kodexa';
import { rotationExample } from './rotation';
import { rotationDeliveryExample } from './rotation-delivery';
import { softwareOneExample } from './softwareone';
import { type Target, type Targets, cliEnvironment, resolveTargets } from './support/targets';
import { tokensAsCodeSession } from './tokens-as-code';

/** Each registered vendor's own example (a vendor without one does not compile). */
const VENDOR_EXAMPLES: Readonly<Record<VendorId, (target: Target) => Promise<void>>> = {
  kodexa: kodexaExample,
  softwareone: softwareOneExample,
  datocms: datoCmsExample,
  cloudflare: cloudflareExample,
};

const DAY_MS = 86_400_000;

/** Runs one `tokenbridge …` command in-process, printing it and what it printed. */
async function tokenbridge(targets: Targets, args: string[]): Promise<string> {
  let stdout = '';
  process.stdout.write(`\n$ tokenbridge ${args.join(' ')}\n`);
  const code = await runCli(args, {
    env: cliEnvironment(targets),
    stdout: {
      write: (text: string) => {
        stdout += text;
        return process.stdout.write(text);
      },
    },
    stderr: process.stderr,
  });
  if (code !== 0) throw new Error(`tokenbridge ${args[0]} exited with ${code}`);
  return stdout;
}

async function seed(targets: Targets): Promise<void> {
  // A few long-lived tokens so the inventory, expiring and audit views have something to show.
  const env = cliEnvironment(targets);
  const quiet = { write: () => true };
  for (const args of [
    ['create', 'kodexa', '--name', 'nightly import', '--expires', '20d'],
    ['create', 'kodexa', '--name', 'partner sync', '--expires', `${new Date(Date.now() + 200 * DAY_MS).toISOString()}`],
    ['create', 'softwareone', '--name', 'billing export', '--description', 'monthly invoices'],
  ]) {
    if ((await runCli(args, { env, stdout: quiet, stderr: process.stderr })) !== 0) throw new Error(`seeding failed: ${args.join(' ')}`);
  }
}

async function cliSession(targets: Targets): Promise<void> {
  console.log('\n== The tokenbridge command line');
  await tokenbridge(targets, ['providers']);
  await tokenbridge(targets, ['list']);
  const created = JSON.parse(await tokenbridge(targets, ['create', 'softwareone', '--name', 'cli demo', '--json'])) as { token: { id: string } };
  const id = created.token.id;
  // --verbose: one line per HTTP exchange on stderr (method, path, status, time, attempt), never a secret.
  await tokenbridge(targets, ['get', 'softwareone', id, '--verbose']);
  await tokenbridge(targets, ['update', 'softwareone', id, '--name', 'cli demo renamed', '--status', 'disabled']);
  await tokenbridge(targets, ['rotate', 'softwareone', id, '--revoke-old', 'delete', '--dry-run']);
  await tokenbridge(targets, ['rotate', 'softwareone', id, '--revoke-old', 'delete']);
  await tokenbridge(targets, ['expiring', '--within', '30d']);
  await tokenbridge(targets, ['audit', '--unused-for', '90d', '--expiring-within', '30d']);
  const listed = (JSON.parse(await tokenbridge(targets, ['list', 'softwareone', '--name', 'cli demo', '--json'])) as { items: Array<{ id: string }> }).items;
  for (const token of listed) await tokenbridge(targets, ['delete', 'softwareone', token.id, '--yes']);
  // A vendor field from the command line: Cloudflare's policies (JSON, or @file), condition and not-before.
  const policy = JSON.stringify({ effect: 'allow', resources: { 'com.cloudflare.api.account.zone.*': '*' }, permission_groups: [{ id: 'c8fed203ed3043cba015a93ad1616f1f' }] });
  const cf = JSON.parse(await tokenbridge(targets, ['create', 'cloudflare', '--name', 'cli zone reader', '--expires', '90d', '--policy', policy, '--condition', '{"request_ip":{"in":["127.0.0.0/8"]}}', '--json'])) as { token: { id: string } };
  await tokenbridge(targets, ['update', 'cloudflare', cf.token.id, '--status', 'disabled']);
  await tokenbridge(targets, ['get', 'cloudflare', cf.token.id]);
  await tokenbridge(targets, ['delete', 'cloudflare', cf.token.id, '--yes']);
}

async function main(): Promise<void> {
  const targets = await resolveTargets({});
  try {
    console.log(`tokenbridge demo: ${VENDOR_IDS.length} vendors (${VENDOR_IDS.map((id) => VENDORS[id].displayName).join(', ')})`);
    for (const id of VENDOR_IDS) console.log(`  ${id.padEnd(12)}${targets[id].baseUrl}${targets[id].simulated ? ' (simulator)' : ''}`);
    await seed(targets);
    for (const id of VENDOR_IDS) await VENDOR_EXAMPLES[id](targets[id]);
    await allVendorsExample(targets);
    await rotationExample(targets);
    await rotationDeliveryExample(targets);
    await cliSession(targets);
    // Tokens as code (issue 18): plan → apply → plan from the command line; its own step, in tokens-as-code.ts.
    await tokensAsCodeSession(targets);
    console.log(`\nDemo finished: create, get, update, list, rotate and delete ran on all ${VENDOR_IDS.length} vendors; a rotation was delivered, interrupted and resumed.`);
  } finally {
    await targets.close();
  }
}

main().catch((error: unknown) => {
  console.error(`demo failed: ${error instanceof Error ? error.message : 'unexpected failure'}`);
  process.exitCode = 1;
});
