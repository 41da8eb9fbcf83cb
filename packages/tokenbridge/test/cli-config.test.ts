import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { type AllSimulators, startAllSimulators } from '@tokenbridge/testing';
import { type CliRun, cli } from './reliability/support/cli';
import { VENDOR_IDS } from 'tokenbridge';

/**
 * Issue 16, item 8: the config file. Named providers with vendor, base URL
 * and settings, credentials from an environment variable or a command (never
 * inline), found from the working directory upward or given by --config;
 * the environment scheme still works beside it; `providers` says where each
 * provider came from.
 */

let sims: AllSimulators;
let dir: string;
beforeEach(async () => {
  sims = await startAllSimulators({ datocms: { rateLimit: false } });
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tokenbridge-config-'));
});
afterEach(async () => {
  await sims.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

function write(name: string, text: string): string {
  const file = path.join(dir, name);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
  return file;
}

/** A command printing the file `name` holds: a stand-in for `op read …` or `vault kv get …`. */
function printer(secret: string): string[] {
  return [process.execPath, '-e', 'process.stdout.write(require("fs").readFileSync(process.argv[1], "utf8") + "\\n")', write('secret.txt', secret)];
}

const run = (argv: string[], env: Record<string, string>, cwd = dir): Promise<CliRun> => cli(argv, env, { cwd });

describe('a JSON config file found from the working directory upward', () => {
  it('configures named providers, beside the environment scheme', async () => {
    write(
      'tokenbridge.config.json',
      JSON.stringify({
        providers: {
          'dato-prod': { vendor: 'datocms', baseUrl: sims.datocms.url, settings: { environment: 'main' }, credential: { env: 'DATO_PROD_TOKEN' } },
          'kodexa-acme': { vendor: 'kodexa', baseUrl: sims.kodexa.url, credential: { command: printer(sims.kodexa.credential) } },
        },
      }),
    );
    const nested = path.join(dir, 'a', 'b');
    fs.mkdirSync(nested, { recursive: true });
    const env = { DATO_PROD_TOKEN: sims.datocms.credential, TOKENBRIDGE_SOFTWAREONE_URL: sims.softwareone.url, TOKENBRIDGE_SOFTWAREONE_API_TOKEN: sims.softwareone.credential };

    const listed = await run(['list', '--json'], env, nested);
    expect(listed.code).toBe(0);
    const items = (JSON.parse(listed.stdout) as { items: Array<{ providerKey: string }> }).items;
    expect(new Set(items.map((i) => i.providerKey))).toEqual(new Set(['dato-prod', 'softwareone']));
    // The DatoCMS setting went out as the vendor's header.
    expect(sims.datocms.requests.all().at(-1)?.headers['x-environment']).toBe('main');
    const created = await run(['create', 'kodexa-acme', '--name', 'from config', '--expires', '30d', '--json'], env, nested);
    expect(created.code).toBe(0);

    const shown = await run(['providers'], env, nested);
    expect(shown.code).toBe(0);
    const file = path.join(dir, 'tokenbridge.config.json');
    const rows = shown.stdout.split('\n').slice(2, -1).map((line) => line.split(/\s{2,}/));
    expect(rows).toEqual([
      ['dato-prod', 'datocms', sims.datocms.url, 'env DATO_PROD_TOKEN', file],
      ['kodexa-acme', 'kodexa', sims.kodexa.url, `command ${printer(sims.kodexa.credential).join(' ')}`, file],
      ['softwareone', 'softwareone', sims.softwareone.url, 'env TOKENBRIDGE_SOFTWAREONE_API_TOKEN', 'environment'],
    ]);
    for (const secret of [sims.datocms.credential, sims.kodexa.credential, sims.softwareone.credential]) expect(shown.stdout + listed.stdout).not.toContain(secret);
  });
});

describe('a YAML config file given by --config', () => {
  it('is read from there, whatever the working directory', async () => {
    const file = write(
      'conf/tokens.yaml',
      `# Tokens of the staging project\nproviders:\n  dato-staging:\n    vendor: datocms\n    baseUrl: ${sims.datocms.url}\n    credential:\n      command: ${JSON.stringify(printer(sims.datocms.credential))}\n`,
    );
    const result = await run(['--config', file, 'list', 'dato-staging', '--json'], {}, os.tmpdir());
    expect(result.code).toBe(0);
    expect((JSON.parse(result.stdout) as { items: unknown[] }).items.length).toBe(2);
  });
});

describe('mistakes in the config file', () => {
  const attempt = async (config: unknown, env: Record<string, string> = {}): Promise<CliRun> => {
    write('tokenbridge.config.json', JSON.stringify(config));
    return run(['list'], env);
  };
  const SECRET = 'da70c0de5eed-inline-secret-7f3a';

  it.each([
    ['a credential written inline', { 'dato': { vendor: 'datocms', credential: SECRET } }, 'providers.dato.credential holds a secret in the config file'],
    ['a credential value inline', { 'dato': { vendor: 'datocms', credential: { value: SECRET } } }, 'providers.dato.credential holds a secret in the config file'],
    ['an apiToken beside the credential', { 'dato': { vendor: 'datocms', apiToken: SECRET, credential: { env: 'X' } } }, 'providers.dato.apiToken holds a secret in the config file'],
  ])('%s is refused, never echoed', async (_name, providers, message) => {
    const result = await attempt({ providers });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(message);
    expect(result.stderr).toContain('{ "env": "VARIABLE" }');
    expect(result.stdout + result.stderr).not.toContain(SECRET);
  });

  it.each([
    ['an unknown vendor', { providers: { x: { vendor: 'github', credential: { env: 'X' } } } }, `providers.x.vendor is not a vendor tokenbridge knows; expected one of: ${VENDOR_IDS.join(', ')}`],
    ['a setting the vendor lacks', { providers: { x: { vendor: 'kodexa', baseUrl: 'https://a.kodexa.ai', settings: { environment: 'e' }, credential: { env: 'X' } } } }, 'providers.x.settings.environment is not a kodexa setting'],
    ['a missing required base URL', { providers: { x: { vendor: 'kodexa', credential: { env: 'X' } } } }, 'providers.x.baseUrl is required'],
    ['a credential of neither form', { providers: { x: { vendor: 'datocms', credential: { file: '/tmp/x' } } } }, 'providers.x.credential must be { "env": "VARIABLE" } or { "command"'],
    ['an unknown section', { provider: {} }, 'is not a valid tokenbridge config: provider: unknown field'],
    ['a variable that is not set', { providers: { x: { vendor: 'datocms', credential: { env: 'NOT_SET_ANYWHERE' } } } }, 'providers.x.credential names NOT_SET_ANYWHERE, which is not set'],
    ['a command that fails', { providers: { x: { vendor: 'datocms', credential: { command: [process.execPath, '-e', 'process.exit(3)'] } } } }, 'which failed with exit code 3 (its output is not shown)'],
    ['a command that is not there', { providers: { x: { vendor: 'datocms', credential: { command: ['tokenbridge-no-such-program'] } } } }, 'runs tokenbridge-no-such-program, which was not found'],
  ])('%s is a usage error naming the file and the field', async (_name, config, message) => {
    const result = await attempt(config);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(path.join(dir, 'tokenbridge.config.json'));
    expect(result.stderr).toContain(message);
  });

  it('a provider configured in the file and by the environment is an error', async () => {
    const result = await attempt({ providers: { datocms: { vendor: 'datocms', credential: { env: 'X' } } } }, { TOKENBRIDGE_DATOCMS_API_TOKEN: 'abc' });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('datocms is configured twice');
  });

  it('broken YAML names the file and the line, never its text', async () => {
    write('tokenbridge.config.yaml', `providers:\n  dato:\n    credential: [${SECRET}\n  other: 1\n`);
    const result = await run(['list'], {});
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`${path.join(dir, 'tokenbridge.config.yaml')} is not valid YAML`);
    expect(result.stderr).toMatch(/line \d+/);
    expect(result.stderr).not.toContain(SECRET);
  });

  it('broken JSON never shows its text', async () => {
    write('tokenbridge.config.json', `{"providers": {"dato": {"credential": ${SECRET}}}}`);
    const result = await run(['list'], {});
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('is not valid JSON');
    expect(result.stderr).not.toContain(SECRET);
  });

  it('two config files in one directory is an error', async () => {
    write('tokenbridge.config.json', '{}');
    write('tokenbridge.config.yaml', '{}');
    const result = await run(['providers'], {});
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('holds tokenbridge.config.json and tokenbridge.config.yaml; keep one');
  });
});
