import * as fs from 'node:fs';
import * as path from 'node:path';
import type { AllSimulators } from '@tokenbridge/testing';
import { VENDOR_IDS } from 'tokenbridge';
import type { CliRun } from './reliability/support/cli';
import { simulatedCli } from './support/simulated-cli';

/**
 * Issue 16, items 1, 2, 4, 6 and 7: what the command line prints and how it
 * exits, in-process over real HTTP to the simulators: nothing configured is
 * an error, every multi-provider --json is { items, errors }, rows are
 * sorted, --json failures are one JSON object on stderr, --version, and
 * --verbose / TOKENBRIDGE_DEBUG=1 lines, never a secret.
 */

const { sims: simulators, env, run } = simulatedCli();
let sims: AllSimulators;
beforeEach(() => {
  sims = simulators();
});

function expectNoCredential(result: CliRun): void {
  for (const secret of VENDOR_IDS.map((id) => sims[id].credential)) expect(result.stdout + result.stderr).not.toContain(secret);
}

describe('item 1: nothing configured is an error', () => {
  it.each([['list'], ['expiring', '--within', '30d'], ['audit'], ['providers']])('%s exits 2, saying what would configure a provider', async (...argv) => {
    const result = await run(argv, {});
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('no provider is configured');
    for (const variable of ['TOKENBRIDGE_KODEXA_API_KEY + TOKENBRIDGE_KODEXA_URL', 'TOKENBRIDGE_SOFTWAREONE_API_TOKEN', 'TOKENBRIDGE_DATOCMS_API_TOKEN']) {
      expect(result.stderr).toContain(variable);
    }
    expect(result.stderr).toContain('tokenbridge.config.json');
  });

  it("names the vendor's own variables it sees but ignores, never their values", async () => {
    const result = await run(['list'], { DATOCMS_API_TOKEN: 'dato-value-4e1f', KODEXA_ACCESS_TOKEN: 'kdx-value-9a0b', UNRELATED: 'x' });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('DATOCMS_API_TOKEN is set but ignored: tokenbridge reads TOKENBRIDGE_DATOCMS_API_TOKEN');
    expect(result.stderr).toContain('KODEXA_ACCESS_TOKEN is set but ignored: tokenbridge reads TOKENBRIDGE_KODEXA_API_KEY');
    expect(result.stderr).not.toMatch(/MPT_/);
    expect(result.stderr).not.toMatch(/dato-value|kdx-value/);
  });
});

describe('item 2: one { items, errors } shape, exit 1 on partial failure', () => {
  const refused = { TOKENBRIDGE_SOFTWAREONE_API_TOKEN: 'idt:TKN-0000-0000:not-the-credential-5d2c' };

  it.each([['list'], ['expiring', '--within', '3650d'], ['audit', '--unused-for', '1d']])('%s --json carries the others\' items and the failure', async (...argv) => {
    await run(['create', 'kodexa', '--name', 'expiring soon', '--expires', '2d']);
    const result = await run([...argv, '--json'], env(refused));
    expect(result.code).toBe(1);
    const body = JSON.parse(result.stdout) as { items: Array<{ providerKey: string }>; errors: Array<Record<string, unknown>> };
    expect(Object.keys(body).sort()).toEqual(['errors', 'items']);
    expect(body.items.length).toBeGreaterThan(0);
    expect(body.items.every((item) => item.providerKey !== 'softwareone')).toBe(true);
    expect(body.errors).toEqual([expect.objectContaining({ providerKey: 'softwareone', tag: 'Unauthorized', provider: 'softwareone', operation: 'list', status: 401 })]);
    expect(result.stdout + result.stderr).not.toContain(refused.TOKENBRIDGE_SOFTWAREONE_API_TOKEN);
  });

  it('list of one provider is the same shape', async () => {
    const result = await run(['list', 'kodexa', '--json']);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({ items: expect.any(Array), errors: [] });
  });

  it('the text form prints the table and one line per failed provider', async () => {
    const result = await run(['list'], env(refused));
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/^PROVIDER/);
    expect(result.stderr).toMatch(/^error: softwareone: Unauthorized: /m);
  });
});

describe('item 4: rows sorted by provider, then name, then id', () => {
  it('in the table and in --json, whatever order the vendors answer in (names case-insensitively and numbers by value, ties by code unit)', async () => {
    for (const name of ['zeta', 'Alpha', 'beta 10', 'beta 9', 'alpha']) sims.datocms.store.seed({ attributes: { name } });
    for (const name of ['b', 'a']) sims.kodexa.store.seed({ name });
    const json = JSON.parse((await run(['list', '--json'])).stdout) as { items: Array<{ providerKey: string; name: string; id: string }> };
    const rows = json.items.map((t) => `${t.providerKey}/${t.name}`);
    expect(rows.filter((r) => r.startsWith('datocms/'))).toEqual([
      'datocms/Alpha',
      'datocms/alpha',
      'datocms/beta 9',
      'datocms/beta 10',
      'datocms/Full-access API token',
      'datocms/Read-only API token',
      'datocms/zeta',
    ]);
    expect(rows.indexOf('kodexa/a')).toBeLessThan(rows.indexOf('kodexa/b'));
    expect(rows.findIndex((r) => r.startsWith('kodexa/'))).toBeGreaterThan(rows.findIndex((r) => r.startsWith('datocms/')));
    expect(rows.findIndex((r) => r.startsWith('softwareone/'))).toBeGreaterThan(rows.findIndex((r) => r.startsWith('kodexa/')));
    const table = (await run(['list'])).stdout.split('\n').slice(2, -1).map((line) => line.split(/\s{2,}/).slice(0, 3));
    expect(table.map(([provider, , name]) => `${provider}/${name}`)).toEqual(rows);
  });
});

describe('item 6: with --json a failure is one JSON object on stderr', () => {
  it('a token that is not there', async () => {
    const result = await run(['get', 'datocms', '999999', '--json']);
    expect(result.code).toBe(3);
    expect(result.stdout).toBe('');
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(JSON.parse(result.stderr)).toMatchObject({
      tag: 'NotFound',
      message: 'token 999999 not found on datocms',
      provider: 'datocms',
      providerKey: 'datocms',
      operation: 'get',
      status: 404,
      vendorCode: 'NOT_FOUND',
    });
  });

  it('a refused credential, a usage error and a bad flag value', async () => {
    const refused = await run(['list', 'datocms', '--json'], env({ TOKENBRIDGE_DATOCMS_API_TOKEN: 'f'.repeat(30) }));
    expect(refused.code).toBe(4);
    expect(JSON.parse(refused.stderr)).toMatchObject({ tag: 'Unauthorized', provider: 'datocms', operation: 'list' });
    expect(refused.stderr).not.toContain('f'.repeat(30));
    const unknown = await run(['list', '--bogus', '--json']);
    expect(unknown.code).toBe(2);
    expect(JSON.parse(unknown.stderr)).toEqual({ tag: 'Usage', message: "unknown option '--bogus'" });
    const badValue = await run(['expiring', '--within', 'soon', '--json']);
    expect(badValue.code).toBe(2);
    expect(JSON.parse(badValue.stderr)).toMatchObject({ tag: 'Validation', message: '--within is not a duration such as 30d, 12h or 90m' });
  });

  it('a create whose outcome is unknown carries outcomeUnknown and the hint', async () => {
    sims.kodexa.faults.add({ method: 'POST', path: '/api/access-tokens', phase: 'after', kind: 'status', status: 503, times: 3 });
    const result = await run(['create', 'kodexa', '--name', 'maybe', '--json']);
    expect(result.code).toBe(1);
    const error = JSON.parse(result.stderr) as { tag: string; outcomeUnknown: boolean; hints: string[] };
    expect(error).toMatchObject({ tag: 'Server', outcomeUnknown: true, providerKey: 'kodexa', operation: 'create' });
    expect(error.hints.join('\n')).toContain('tokenbridge list kodexa --name maybe');
  });
});

describe('item 7: --version, --verbose and TOKENBRIDGE_DEBUG', () => {
  it('--version prints the package version', async () => {
    const version = (JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'package.json'), 'utf8')) as { version: string }).version;
    const result = await run(['--version'], {});
    expect(result).toEqual({ code: 0, stdout: `${version}\n`, stderr: '' });
  });

  // tokenbridge: <provider> <METHOD> <path template> -> <status or why no answer> (<ms>, attempt <n>[, retry after <reason>])
  const LINE = /^tokenbridge: (\S+) (GET|POST|PUT|DELETE) (\S+) -> (.+) \((?:\d+ ms, )?attempt (\d+)(?:, retry after (\S+))?\)$/;

  it('-v prints one line per HTTP exchange, with retries and their reason, and no secret', async () => {
    const id = sims.datocms.readOnlyTokenId;
    sims.datocms.faults.add({ method: 'GET', phase: 'before', kind: 'status', status: 503, body: {}, times: 1 });
    const result = await run(['get', 'datocms', id, '-v']);
    expect(result.code).toBe(0);
    const lines = result.stderr.trim().split('\n');
    expect(lines).toEqual([
      expect.stringMatching(/^tokenbridge: datocms GET \/access_tokens\/\{id\} -> 503 \(\d+ ms, attempt 1\)$/),
      expect.stringMatching(/^tokenbridge: datocms GET \/access_tokens\/\{id\} -> 200 \(\d+ ms, attempt 2, retry after 503\)$/),
    ]);
    expect(sims.datocms.requests.all().filter((r) => r.method === 'GET')).toHaveLength(lines.length);
    expectNoCredential(result);
  });

  it('a connection reset is a line saying no answer came', async () => {
    sims.kodexa.faults.add({ method: 'GET', phase: 'before', kind: 'reset', times: 1 });
    const result = await run(['list', 'kodexa', '--verbose']);
    expect(result.code).toBe(0);
    const [first, second] = result.stderr.trim().split('\n').map((line) => LINE.exec(line));
    expect(first?.slice(1, 6)).toEqual(['kodexa', 'GET', '/api/access-tokens', 'no answer: ECONNRESET', '1']);
    expect(second?.slice(4, 7)).toEqual(['200', '2', 'ECONNRESET']);
  });

  it('TOKENBRIDGE_DEBUG=1 does what -v does; without either, stderr stays quiet', async () => {
    const debug = await run(['list', '--json'], env({ TOKENBRIDGE_DEBUG: '1' }));
    expect(debug.code).toBe(0);
    const providers = debug.stderr.trim().split('\n').map((line) => LINE.exec(line)?.[1]);
    expect(new Set(providers)).toEqual(new Set(VENDOR_IDS));
    expectNoCredential(debug);
    expect((await run(['list', '--json'])).stderr).toBe('');
  });
});
