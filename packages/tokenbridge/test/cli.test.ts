import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { AllSimulators } from '@tokenbridge/testing';
import { VENDOR_IDS } from 'tokenbridge';
import type { CliRun as Run } from './reliability/support/cli';
import { simulatedCli } from './support/simulated-cli';
import { CLI_MAIN, FROM_SOURCES, PACKAGE, ROOT, spawnFromSources } from './support/spawn-cli';

/**
 * The command line against the three simulators in this process: run
 * in-process (`runCli`, what the binary calls with the real streams and
 * environment), and once as a spawned process from the sources, through the
 * loader the demo uses, so no test needs a build.
 */

const { sims: simulators, env, run } = simulatedCli();
let sims: AllSimulators;
beforeEach(() => {
  sims = simulators();
});

function cli(args: readonly string[], overrides: Record<string, string> = {}): Promise<Run> {
  return run(args, env(overrides));
}

/** Every secret the simulators hold right now. */
function knownSecrets(): string[] {
  const secrets = VENDOR_IDS.map((id) => sims[id].credential);
  for (const token of sims.datocms.store.list()) if (token.attributes.token) secrets.push(token.attributes.token);
  return secrets;
}

function expectNoSecrets(run: Run, allowed: readonly string[] = []): void {
  for (const secret of knownSecrets()) {
    if (allowed.includes(secret)) continue;
    expect(run.stdout).not.toContain(secret);
    expect(run.stderr).not.toContain(secret);
  }
}

const writes = (sim: { requests: { all(): Array<{ method: string }> } }) => sim.requests.all().filter((r) => r.method !== 'GET');

describe('the tokenbridge binary, as a process', () => {
  it("reads argv and the environment, prints to stdout and stderr, and exits with the command's code", async () => {
    // One run shows all of it: two providers list, one refuses its credential.
    const refused = 'idt:TKN-0000-0000:not-the-credential-7c1e';
    const run = await spawnFromSources([CLI_MAIN, 'list', '--json'], env({ TOKENBRIDGE_SOFTWAREONE_API_TOKEN: refused }));
    expect(run.code).toBe(1);
    const { items, errors } = JSON.parse(run.stdout) as { items: Array<{ providerKey: string }>; errors: Array<{ providerKey: string; tag: string }> };
    // The simulators that start with tokens: DatoCMS's built-in ones and Cloudflare's own.
    expect(new Set(items.map((t) => t.providerKey))).toEqual(new Set(['datocms', 'cloudflare']));
    expect(errors).toMatchObject([{ providerKey: 'softwareone', tag: 'Unauthorized' }]);
    expect(`${run.stdout}${run.stderr}`).not.toContain(refused);
    expectNoSecrets(run);
  });

  it('ends quietly when its stdout is closed (tokenbridge list --json | head -1)', async () => {
    const child = spawn(process.execPath, [...FROM_SOURCES, CLI_MAIN, 'list', '--json'], {
      cwd: ROOT,
      env: { PATH: process.env['PATH'] ?? '', ...env() },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    // The reader goes away before the command prints, as head does after its first line.
    child.stdout.destroy();
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const code = await new Promise<number | null>((resolve) => child.once('close', (exitCode) => resolve(exitCode)));
    expect(stderr).toBe('');
    expect(code).toBe(0);
    // It did get as far as printing: the providers were listed.
    expect(sims.datocms.requests.all().length).toBeGreaterThan(0);
  });

  it('is that main, compiled: the bin loads dist/cli/main.js, which the build makes from src/cli/main.ts', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(PACKAGE, 'package.json'), 'utf8')) as { bin: Record<string, string> };
    expect(pkg.bin).toEqual({ tokenbridge: './bin/tokenbridge.js' });
    const bin = fs.readFileSync(path.join(PACKAGE, 'bin', 'tokenbridge.js'), 'utf8');
    expect(bin.startsWith('#!/usr/bin/env node\n')).toBe(true);
    expect(bin).toContain("require('../dist/cli/main.js');");
    const tsconfig = JSON.parse(fs.readFileSync(path.join(PACKAGE, 'tsconfig.json'), 'utf8')) as { compilerOptions: { rootDir: string; outDir: string } };
    expect(tsconfig.compilerOptions).toMatchObject({ rootDir: 'src', outDir: 'dist' });
  });
});

describe('tokenbridge CLI', () => {
  it('providers --json lists what the environment configures', async () => {
    const run = await cli(['providers', '--json']);
    expect(run.code).toBe(0);
    const parsed = JSON.parse(run.stdout) as { items: Array<{ key: string; vendor: string; origin: string }> };
    expect(parsed.items.map((p) => p.key)).toEqual([...VENDOR_IDS].sort());
    expect(new Set(parsed.items.map((p) => p.origin))).toEqual(new Set(['environment']));
    expectNoSecrets(run);
  });

  it('list --json across every provider, with no secret printed', async () => {
    const run = await cli(['list', '--json']);
    expect(run.code).toBe(0);
    const tokens = (JSON.parse(run.stdout) as { items: Array<{ providerKey: string; id: string; hasSecret: boolean }> }).items;
    expect(new Set(tokens.map((t) => t.providerKey))).toEqual(new Set(['datocms', 'softwareone', 'cloudflare']));
    // DatoCMS sends the secret on reads; it is still never printed.
    expect(tokens.some((t) => t.providerKey === 'datocms' && t.hasSecret)).toBe(true);
    expectNoSecrets(run);
  });

  it('create prints the secret once; get, update and list never do', async () => {
    const created = await cli(['create', 'datocms', '--name', 'ci deploy', '--role', sims.datocms.roleId, '--cma', '--json']);
    expect(created.code).toBe(0);
    const { token, secret } = JSON.parse(created.stdout) as { token: { id: string; name: string }; secret: string };
    expect(secret).toMatch(/^[0-9a-f]{30}$/);
    expect(created.stdout.split(secret).length - 1).toBe(1);
    expect(token.name).toBe('ci deploy');

    const got = await cli(['get', 'datocms', token.id, '--json']);
    expect(got.code).toBe(0);
    expect(JSON.parse(got.stdout)).toMatchObject({ id: token.id, name: 'ci deploy', hasSecret: true });
    expect(got.stdout).not.toContain(secret);

    const updated = await cli(['update', 'datocms', token.id, '--name', 'ci deploy 2']);
    expect(updated.code).toBe(0);
    expect(updated.stdout).toContain('ci deploy 2');
    expect(updated.stdout).not.toContain(secret);

    const listed = await cli(['list', 'datocms']);
    expect(listed.code).toBe(0);
    expect(listed.stdout).toContain('ci deploy 2');
    expectNoSecrets(listed);
  });

  it('create on kodexa and softwareone prints the secret in the table output', async () => {
    const kodexa = await cli(['create', 'kodexa', '--name', 'nightly', '--expires', '30d']);
    expect(kodexa.code).toBe(0);
    expect(kodexa.stdout).toMatch(/Secret \(shown once, store it now\): \S+/);
    const s1 = await cli(['create', 'softwareone', '--name', 'billing export']);
    expect(s1.code).toBe(0);
    expect(s1.stdout).toMatch(/Secret \(shown once, store it now\): idt:TKN-/);
  });

  it('exit codes tell usage, not-found, auth and other failures apart', async () => {
    expect((await cli(['get', 'datocms', '999999'])).code).toBe(3);
    expect((await cli(['get', 'datocms', 'a/b'])).code).toBe(2);
    expect((await cli(['get', 'nowhere', '1'])).code).toBe(2);
    expect((await cli(['frobnicate'])).code).toBe(2);
    expect((await cli(['get', 'datocms'])).code).toBe(2);
    expect((await cli(['create', 'kodexa', '--name', 'x', '--role', '1'])).code).toBe(2);
    const badAuth = await cli(['list', 'datocms'], { TOKENBRIDGE_DATOCMS_API_TOKEN: 'f'.repeat(30) });
    expect(badAuth.code).toBe(4);
    expect(badAuth.stderr).toContain('Unauthorized');
    expect(badAuth.stderr).not.toContain('f'.repeat(30));
    sims.softwareone.faults.add({ method: 'GET', phase: 'before', kind: 'status', status: 500, body: {}, times: 10 });
    expect((await cli(['list', 'softwareone'])).code).toBe(1);
    expect((await cli(['--help'])).code).toBe(0);
  });

  it('a bad configuration is a usage error naming the variable, not its value', async () => {
    const run = await cli(['list'], { TOKENBRIDGE_KODEXA_URL: 'nope-sentinel-value' });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('TOKENBRIDGE_KODEXA_URL');
    expect(run.stderr).not.toContain('nope-sentinel-value');
  });

  it('delete needs --yes without a terminal, and then deletes', async () => {
    const created = JSON.parse((await cli(['create', 'softwareone', '--name', 'short lived', '--json'])).stdout) as { token: { id: string } };
    const refused = await cli(['delete', 'softwareone', created.token.id]);
    expect(refused.code).toBe(2);
    expect(sims.softwareone.store.get(created.token.id)?.status).toBe('Active');
    const deleted = await cli(['delete', 'softwareone', created.token.id, '--yes']);
    expect(deleted.code).toBe(0);
    expect((await cli(['get', 'softwareone', created.token.id])).code).toBe(3);
  });

  it('rotate --dry-run writes nothing', async () => {
    const id = (JSON.parse((await cli(['create', 'kodexa', '--name', 'to rotate', '--json'])).stdout) as { token: { id: string } }).token.id;
    sims.kodexa.requests.clear();
    const run = await cli(['rotate', 'kodexa', id, '--revoke-old', 'delete', '--dry-run', '--json']);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ dryRun: true, strategy: 'replace', secret: null, revoked: 'none' });
    expect(writes(sims.kodexa)).toEqual([]);
  });

  it('rotate replaces, verifies, prints the new secret once and revokes as asked', async () => {
    const id = (JSON.parse((await cli(['create', 'softwareone', '--name', 'to rotate', '--json'])).stdout) as { token: { id: string } }).token.id;
    const run = await cli(['rotate', 'softwareone', id, '--revoke-old', 'disable', '--json']);
    expect(run.code).toBe(0);
    const result = JSON.parse(run.stdout) as { secret: string; replacement: { id: string }; revoked: string; verification: { status: string } };
    expect(result).toMatchObject({ revoked: 'disabled', verification: { status: 'verified' } });
    expect(run.stdout.split(result.secret).length - 1).toBe(1);
    expect(sims.softwareone.store.get(id)?.status).toBe('Disabled');
    expect(sims.softwareone.store.get(result.replacement.id)?.status).toBe('Active');
  });

  it('rotate never revokes the old token when creating the new one fails', async () => {
    const id = (JSON.parse((await cli(['create', 'kodexa', '--name', 'keep me', '--json'])).stdout) as { token: { id: string } }).token.id;
    sims.kodexa.faults.add({ method: 'POST', path: '/api/access-tokens', phase: 'before', kind: 'status', status: 500, body: { title: 'boom' } });
    const run = await cli(['rotate', 'kodexa', id, '--revoke-old', 'delete']);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('rotation stopped at create');
    expect(sims.kodexa.store.get(id)).toBeDefined();
    expect(sims.kodexa.requests.all().filter((r) => r.method === 'DELETE')).toEqual([]);
  });

  it('rotate with regenerate on DatoCMS prints the new secret once', async () => {
    const created = JSON.parse((await cli(['create', 'datocms', '--name', 'regen me', '--role', sims.datocms.roleId, '--cma', '--json'])).stdout) as {
      token: { id: string };
      secret: string;
    };
    const run = await cli(['rotate', 'datocms', created.token.id]);
    expect(run.code).toBe(0);
    const secret = /Secret \(shown once, store it now\): (\S+)/.exec(run.stdout)?.[1];
    expect(secret).toMatch(/^[0-9a-f]{30}$/);
    expect(secret).not.toBe(created.secret);
    expect(sims.datocms.store.get(created.token.id)?.attributes.token).toBe(secret);
  });

  it('expiring and audit --json report across providers', async () => {
    await cli(['create', 'kodexa', '--name', 'soon', '--expires', '2d']);
    const expiring = await cli(['expiring', '--within', '7d', '--json']);
    expect(expiring.code).toBe(0);
    expect((JSON.parse(expiring.stdout) as { items: Array<{ name: string }> }).items.map((i) => i.name)).toContain('soon');
    const audit = await cli(['audit', '--expiring-within', '7d', '--json']);
    expect(audit.code).toBe(0);
    const findings = (JSON.parse(audit.stdout) as { items: Array<{ name: string; reasons: Array<{ code: string }> }> }).items;
    expect(findings.find((f) => f.name === 'soon')?.reasons.map((r) => r.code)).toContain('expiring');
    expectNoSecrets(audit);
    expect((await cli(['expiring', '--within', 'soon'])).code).toBe(2);
  });
});

describe('per-vendor packages', () => {
  it('@tokenbridge/datocms loads no code of the other vendors', async () => {
    const loaded = await spawnFromSources(['-e', "require('@tokenbridge/datocms'); console.log(JSON.stringify(Object.keys(require.cache)))"], {});
    expect(loaded.code).toBe(0);
    const files = JSON.parse(loaded.stdout) as string[];
    // From the sources: the adapter and core are there, no other vendor's package.
    expect(files.some((file) => file.includes(path.join('packages', 'datocms', 'src')))).toBe(true);
    expect(files.some((file) => file.includes(path.join('packages', 'core', 'src')))).toBe(true);
    expect(files.filter((file) => /kodexa|softwareone/.test(file))).toEqual([]);
  });

  it('tokenbridge loads no Redis client unless a Redis is configured (tokenbridge/redis, TOKENBRIDGE_REDIS_URL)', async () => {
    const loaded = await spawnFromSources(['-e', "require('tokenbridge'); console.log(JSON.stringify(Object.keys(require.cache)))"], {});
    expect(loaded.code).toBe(0);
    const files = JSON.parse(loaded.stdout) as string[];
    expect(files.some((file) => file.includes(path.join('packages', 'tokenbridge', 'src')))).toBe(true);
    expect(files.filter((file) => /ioredis|packages[\\/]redis/.test(file))).toEqual([]);
  });
});
