import { type CliRun, cli, cliEnv } from './support/cli';
import { LeakSweep, SENTINEL_CREDENTIALS } from './support/sentinels';
import { VENDORS, type VendorName, type VendorUnderTest, startVendor } from './support/vendors';

/**
 * Items 9 and 12 of "hostile inputs, round 2", through the command line
 * (in-process, over real HTTP to the simulators): a create or rotation whose
 * outcome is unknown says the token may exist, with the exact command that
 * finds it, and exits 1; vendor-supplied text printed to the screen has its
 * control and escape characters shown, never obeyed, while `--json` stays
 * exact JSON.
 */

const sweep = new LeakSweep();
const vendors = {} as Record<VendorName, VendorUnderTest>;
beforeAll(async () => {
  for (const vendor of VENDORS) vendors[vendor] = await startVendor(vendor);
});
afterAll(async () => {
  for (const vendor of VENDORS) {
    sweep.addSecrets(vendors[vendor].secrets());
    await vendors[vendor].close();
  }
});
afterEach(() => {
  for (const vendor of VENDORS) vendors[vendor].faults.clear();
});

const run = async (...argv: string[]): Promise<CliRun> => {
  const result = await cli(argv, cliEnv(Object.values(vendors)));
  sweep.record(result.stdout, result.stderr);
  return result;
};
const CREATE_FLAGS: Readonly<Record<VendorName, string[]>> = { kodexa: ['--expires', '30d'], softwareone: [], datocms: ['--role', '1'], cloudflare: ['--policy', '{"effect":"allow","resources":{"com.cloudflare.api.account.zone.*":"*"},"permission_groups":[{"id":"c8fed203ed3043cba015a93ad1616f1f"}]}'] };

/** The arguments of the `tokenbridge …` command printed in `stderr`, split as a POSIX shell splits them (single quotes, backslashes). */
function suggested(stderr: string): string[] {
  const line = (stderr.split('\n').find((l) => l.trim().startsWith('tokenbridge ')) ?? '').trim();
  const words: string[] = [];
  let word: string | undefined;
  for (let i = 0; i < line.length; i++) {
    const c = line[i] ?? '';
    if (c === "'") {
      const end = line.indexOf("'", i + 1);
      word = (word ?? '') + line.slice(i + 1, end);
      i = end;
    } else if (c === '\\') word = (word ?? '') + (line[++i] ?? '');
    else if (c === ' ') {
      if (word !== undefined) words.push(word);
      word = undefined;
    } else word = (word ?? '') + c;
  }
  if (word !== undefined) words.push(word);
  return words.slice(1);
}

describe('item 9: an outcome-unknown create or rotation says the token may exist, and how to find it', () => {
  it.each(VENDORS)('%s: create answered by a 503 after the vendor acted', async (vendor) => {
    const v = vendors[vendor];
    v.faults.add({ method: 'POST', path: v.paths.collection, phase: 'after', kind: 'status', status: 503, times: 3 });
    const failed = await run('create', vendor, '--name', "maybe it's there", ...CREATE_FLAGS[vendor]);
    expect(failed.code).toBe(1);
    expect(failed.stderr).toContain('may have been created');
    expect(failed.stderr).toContain(`tokenbridge list ${vendor} --name 'maybe it'\\''s there'`);
    expect(failed.stdout).toBe('');
    // The command it prints finds the one token the vendor made.
    v.faults.clear();
    const command = suggested(failed.stderr);
    expect(command).toEqual(['list', vendor, '--name', "maybe it's there"]);
    const found = await run(...command, '--json');
    expect(found.code).toBe(0);
    expect((JSON.parse(found.stdout) as { items: unknown[] }).items.length).toBe(1);
  });

  it.each(['kodexa', 'softwareone'] as const)('%s: a rotation whose replacement create got no answer', async (vendor) => {
    const v = vendors[vendor];
    const id = v.seed('rotate me maybe');
    v.faults.add({ method: 'POST', path: v.paths.collection, phase: 'after', kind: 'reset', times: 3 });
    const failed = await run('rotate', vendor, id);
    expect(failed.code).toBe(1);
    expect(failed.stderr).toContain('the replacement may have been created');
    expect(failed.stderr).toContain(`tokenbridge list ${vendor} --name 'rotate me maybe'`);
    expect(failed.stderr).toContain('nothing was revoked');
    expect(v.stored(id)).toBeDefined();
  });

  it('datocms: a regenerate whose answer was lost', async () => {
    const v = vendors.datocms;
    const id = v.seed('regenerate me maybe');
    v.faults.add({ method: 'POST', path: v.paths.regenerate?.(id) ?? '', phase: 'after', kind: 'status', status: 502, times: 3 });
    const failed = await run('rotate', 'datocms', id);
    expect(failed.code).toBe(1);
    expect(failed.stderr).toContain('the secret may have been regenerated');
    expect(failed.stderr).toContain(`tokenbridge rotate datocms ${id}`);
  });
});

describe('item 12: what the screen shows cannot drive the terminal', () => {
  // ESC sequences that would retitle the window, clear the screen and forge a table row; a C1 CSI, a bidi override.
  const HOSTILE = '\u001b]0;pwned\u0007\u001b[2Jnice\nFAKE-ROW  1  forged\u009b31m\u202eexe.txt\u2028end';
  const RAW_CONTROLS = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/u;

  const expectVisible = (result: CliRun): void => {
    expect(result.stdout + result.stderr).not.toMatch(RAW_CONTROLS);
    expect(result.stdout.split('\n').some((line) => line.startsWith('FAKE-ROW'))).toBe(false);
  };

  it.each(VENDORS)('%s: a token name holding escape sequences is shown escaped in tables and details, exact in --json', async (vendor) => {
    const v = vendors[vendor];
    const id = v.seed(HOSTILE);
    const table = await run('list', vendor);
    expect(table.code).toBe(0);
    expectVisible(table);
    expect(table.stdout).toContain('\\u001b]0;pwned\\u0007\\u001b[2Jnice\\u000aFAKE-ROW');
    expect(table.stdout).toContain('\\u009b31m\\u202eexe.txt\\u2028end');
    const details = await run('get', vendor, id);
    expect(details.code).toBe(0);
    expectVisible(details);
    const json = await run('get', vendor, id, '--json');
    expect((JSON.parse(json.stdout) as { name: string }).name).toBe(HOSTILE);
  });

  it.each(VENDORS)('%s: vendor error text holding escape sequences is shown escaped', async (vendor) => {
    const v = vendors[vendor];
    const text = `boom\u001b[2J\u001b]0;owned\u0007 ${SENTINEL_CREDENTIALS[vendor]}`;
    const body = { message: text, detail: text, title: text, data: [{ type: 'api_error', attributes: { code: text } }], errors: [{ code: 1001, message: text }] };
    v.faults.add({ method: 'GET', phase: 'before', kind: 'status', status: 500, body, times: 4 });
    const failed = await run('get', vendor, v.seed('error target'));
    expect(failed.code).toBe(1);
    expectVisible(failed);
    expect(failed.stderr).toContain('\\u001b[2J');
    expect(failed.stderr).not.toContain(SENTINEL_CREDENTIALS[vendor]);
  });
});

it('nothing printed above shows a sentinel credential or token value', () => {
  expect(sweep.size).toBeGreaterThan(10);
  expect(sweep.leaks()).toEqual([]);
});
