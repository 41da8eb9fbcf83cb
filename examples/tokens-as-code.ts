/**
 * Tokens as code from the command line: a config file declares one token on
 * each vendor (its fields, expiry, rotation policy and sinks); `tokenbridge
 * plan` shows what it takes (exit 5: changes pending), `tokenbridge apply
 * --yes` creates them and delivers each secret to its sink, and `plan` again
 * finds nothing to do (exit 0). The tokens are deleted afterwards.
 *
 *   npx tsx --conditions=tokenbridge-source examples/tokens-as-code.ts
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from 'tokenbridge/cli';
import { type Targets, cliEnvironment, runDirectly } from './support/targets';

/** Runs `tokenbridge [--config <file>] …` in-process; prints the command and its output when `shown`, and fails on an exit code other than `expected`. */
async function tokenbridge(targets: Targets, config: string | undefined, args: string[], expected: number, shown = true): Promise<string> {
  let stdout = '';
  if (shown) process.stdout.write(`\n$ tokenbridge ${args.join(' ')}\n`);
  const code = await runCli([...(config !== undefined ? ['--config', config] : []), ...args], {
    env: cliEnvironment(targets),
    stdout: {
      write: (text: string) => {
        stdout += text;
        return shown ? process.stdout.write(text) : true;
      },
    },
    stderr: process.stderr,
  });
  if (code !== expected) throw new Error(`tokenbridge ${args[0]} exited with ${code}, not ${expected}`);
  if (shown) process.stdout.write(`(exit ${code})\n`);
  return stdout;
}

/** Runs the session against `targets`. */
export async function tokensAsCodeSession(targets: Targets): Promise<void> {
  console.log('\n== Tokens as code: plan → apply → plan, from the tokenbridge command line');
  const dir = await mkdtemp(join(tmpdir(), 'tokenbridge-tokens-as-code-'));
  const config = join(dir, 'tokenbridge.config.json');
  try {
    // DatoCMS tokens need a role: the project's full-access token has the one to use.
    const listed = JSON.parse(await tokenbridge(targets, undefined, ['list', 'datocms', '--json'], 0, false)) as { items: Array<{ extra: { roleId?: string | null } }> };
    const roleId = listed.items.find((t) => t.extra.roleId)?.extra.roleId;
    if (!roleId) throw new Error('no DatoCMS role found');
    // The providers come from the environment here; the file declares the tokens and names a sink (paths are relative to the file).
    const declaration = {
      sinks: { 'app-env': 'dotenv:.env:KODEXA_TOKEN' },
      tokens: [
        { provider: 'kodexa', name: 'demo deploy', expires: '90d', rotate: { every: '60d', grace: '24h' }, deliver: ['@app-env'] },
        { provider: 'softwareone', name: 'demo billing export', description: 'Nightly billing export', deliver: ['dotenv:.env:SWO_TOKEN'] },
        { provider: 'datocms', name: 'demo site build', extra: { roleId, canAccessCda: true, canAccessCma: false }, rotate: { every: '30d', strategy: 'regenerate' }, deliver: ['json:secrets.json:datocms.cdaToken'] },
        {
          provider: 'cloudflare',
          name: 'demo dns reader',
          expires: '90d',
          extra: { policies: [{ effect: 'allow', resources: { 'com.cloudflare.api.account.zone.*': '*' }, permission_groups: [{ id: '82e64a83756745bbbb1c9c2701bf816b' }] }], condition: { request_ip: { in: ['127.0.0.0/8'] } } },
          rotate: { every: '30d', strategy: 'regenerate' },
          deliver: ['json:secrets.json:cloudflare.apiToken'],
        },
      ],
    };
    await writeFile(config, `${JSON.stringify(declaration, null, 2)}\n`);
    console.log(`   ${config} declares: ${declaration.tokens.map((t) => `"${t.name}" on ${t.provider}`).join(', ')}`);

    await tokenbridge(targets, config, ['plan'], 5);
    await tokenbridge(targets, config, ['apply', '--yes'], 0);
    const dotenv = await readFile(join(dir, '.env'), 'utf8');
    const json = JSON.parse(await readFile(join(dir, 'secrets.json'), 'utf8')) as Record<string, Record<string, string>>;
    const held = Object.entries(json).flatMap(([vendor, keys]) => Object.keys(keys).map((key) => `${vendor}.${key}`));
    console.log(`   .env now holds ${dotenv.split('\n').filter(Boolean).map((line) => line.split('=')[0]).join(' and ')}; secrets.json holds ${held.join(' and ')} (values not shown)`);
    const again = await tokenbridge(targets, config, ['plan', '--json'], 0, false);
    await tokenbridge(targets, config, ['plan'], 0);

    // Tidy up: the declared tokens go.
    const entries = (JSON.parse(again) as { entries: Array<{ providerKey: string; tokenId: string | null }> }).entries;
    for (const e of entries) if (e.tokenId) await tokenbridge(targets, config, ['delete', e.providerKey, e.tokenId, '--yes'], 0, false);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

runDirectly(module, tokensAsCodeSession);
