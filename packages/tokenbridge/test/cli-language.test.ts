import type { AllSimulators } from '@tokenbridge/testing';
import type { CliRun } from './reliability/support/cli';
import { simulatedCli } from './support/simulated-cli';
import { VENDOR_IDS } from 'tokenbridge';

/**
 * Issue 16, item 5: errors speak the command line's language (flags, not
 * library fields), and the flags and checks come from the registry and the
 * vendors' capabilities, not from vendor names.
 */

const { sims: simulators, env, run: runWith } = simulatedCli();
let sims: AllSimulators;
beforeEach(() => {
  sims = simulators();
});

const run = (...argv: string[]): Promise<CliRun> => runWith(argv);
const writes = (sim: { requests: { all(): Array<{ method: string }> } }) => sim.requests.all().filter((r) => r.method !== 'GET');

describe('errors name the flag, not the library field', () => {
  it('a DatoCMS create without a role says --role is required', async () => {
    const result = await run('create', 'datocms', '--name', 'no role');
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--role is required');
    expect(result.stderr).not.toContain('extra.roleId');
    expect(writes(sims.datocms)).toEqual([]);
  });

  it('a missing token is "token <id> not found on <provider>", for get, update and delete', async () => {
    for (const argv of [['get', 'datocms', '999'], ['update', 'datocms', '999', '--name', 'x'], ['delete', 'datocms', '999', '--yes']]) {
      const result = await run(...argv);
      expect(result.code).toBe(3);
      expect(result.stderr).toContain('token 999 not found on datocms');
    }
  });
});

describe('--expires takes what its help says', () => {
  const expiryOf = async (when: string): Promise<string | null> => {
    const created = await run('create', 'kodexa', '--name', `expires ${when}`, '--expires', when, '--json');
    expect(created.code).toBe(0);
    return (JSON.parse(created.stdout) as { token: { expiresAt: string | null } }).token.expiresAt;
  };

  it('a date (midnight UTC), a date-time without a zone (UTC), with Z or an offset', async () => {
    expect(await expiryOf('2031-01-31')).toBe('2031-01-31T00:00:00.000Z');
    expect(await expiryOf('2031-01-31T18:30')).toBe('2031-01-31T18:30:00.000Z');
    expect(await expiryOf('2031-01-31T18:30:15')).toBe('2031-01-31T18:30:15.000Z');
    expect(await expiryOf('2031-01-31T18:30Z')).toBe('2031-01-31T18:30:00.000Z');
    expect(await expiryOf('2031-01-31T18:30+02:00')).toBe('2031-01-31T16:30:00.000Z');
  });

  it('a duration from now', async () => {
    const expires = Date.parse((await expiryOf('30d')) ?? '');
    expect(Math.abs(expires - (Date.now() + 30 * 86_400_000))).toBeLessThan(3_600_000);
  });

  it.each(['tomorrow', '2031-02-30', '2031-1-5', '31/01/2031'])('refuses %s, saying what it takes', async (when) => {
    const result = await run('create', 'kodexa', '--name', 'x', '--expires', when);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--expires is not an ISO date (2026-12-31: midnight UTC), a date-time (2026-12-31T18:00: UTC unless it ends with Z');
    expect(writes(sims.kodexa)).toEqual([]);
  });

  it('the help says the same, with the zone rule', async () => {
    const help = (await run('create', '--help')).stdout.replace(/\s+/g, ' ');
    expect(help).toContain('UTC unless it ends with Z or an offset such as +02:00');
  });
});

describe('update', () => {
  it('without a change flag is a usage error listing what the provider can change', async () => {
    const id = sims.kodexa.store.seed({ name: 'unchanged' }).id;
    const result = await run('update', 'kodexa', id);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('update needs a change: --name, --expires');
    const dato = await run('update', 'datocms', sims.datocms.readOnlyTokenId);
    expect(dato.stderr).toContain('update needs a change: --name, --role, --cda, --cda-preview, --cma');
    expect(writes(sims.kodexa)).toEqual([]);
  });

  it('a neutral flag the vendor cannot change is refused before any request, by its capabilities', async () => {
    const id = sims.kodexa.store.seed({ name: 'k' }).id;
    const result = await run('update', 'kodexa', id, '--status', 'disabled');
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--status is not supported on update by kodexa (Kodexa)');
    const description = await run('create', 'datocms', '--name', 'x', '--role', sims.datocms.roleId, '--description', 'd');
    expect(description.stderr).toContain('--description is not supported on create by datocms (DatoCMS)');
    expect(writes(sims.kodexa)).toEqual([]);
    expect(writes(sims.datocms)).toEqual([]);
  });
});

describe('help lists only the flags an operation can use', () => {
  const optionsOf = async (command: string): Promise<string[]> => [...(await run(command, '--help')).stdout.matchAll(/^\s+(--[a-z-]+)/gm)].map((m) => m[1] ?? '');

  it('create, update and delete offer the vendor flags their capabilities accept', async () => {
    const create = await optionsOf('create');
    const update = await optionsOf('update');
    const del = await optionsOf('delete');
    // SoftwareOne takes the account on create only; DatoCMS the role on both; the transfer on delete.
    expect(create).toEqual(expect.arrayContaining(['--account', '--module', '--icon', '--role', '--cda', '--no-cda']));
    expect(update).toEqual(expect.arrayContaining(['--module', '--icon', '--role', '--cma']));
    expect(update).not.toContain('--account');
    expect(del).toContain('--transfer-to');
    expect(create).not.toContain('--transfer-to');
    expect(update).not.toContain('--transfer-to');
  });

  it('a flag of another vendor is refused naming the vendors that take it', async () => {
    const id = sims.softwareone.store.seed({ name: 's', modules: [{ id: 'MOD-2048' }] }).id;
    const transfer = await run('delete', 'softwareone', id, '--transfer-to', '5', '--yes');
    expect(transfer.code).toBe(2);
    expect(transfer.stderr).toContain('--transfer-to applies to datocms only; softwareone is softwareone');
    expect(sims.softwareone.store.get(id)?.status).toBe('Active');
    const role = await run('create', 'kodexa', '--name', 'x', '--role', '1');
    expect(role.stderr).toContain('--role applies to datocms only; kodexa is kodexa');
    expect((await run('update', 'softwareone', id, '--account', 'ACC-1')).code).toBe(2);
  });

  it('--transfer-to reaches the DatoCMS delete as its transfer option', async () => {
    const id = sims.datocms.store.seed({ attributes: { name: 'to go' } }).id;
    const result = await run('delete', 'datocms', id, '--transfer-to', sims.datocms.fullAccessTokenId, '--yes');
    expect(result.code).toBe(0);
    const deleted = sims.datocms.requests.all().find((r) => r.method === 'DELETE');
    expect(deleted?.query).toBe(`destination_user_type=access_token&destination_user_id=${sims.datocms.fullAccessTokenId}`);
  });
});

describe('providers by name', () => {
  it('an unknown name suggests the nearest configured one and lists them all', async () => {
    const result = await run('get', 'datocm', '1');
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('no provider is configured as "datocm"');
    expect(result.stderr).toContain('did you mean datocms?');
    expect(result.stderr).toContain(`configured: ${VENDOR_IDS.join(', ')}`);
    const far = await run('get', 'github', '1');
    expect(far.stderr).not.toContain('did you mean');
  });

  it('a malformed instance variable hints at the __<NAME> form', async () => {
    const result = await runWith(['list'], env({ TOKENBRIDGE_DATOCMS_STAGING_API_TOKEN: 'abc' }));
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('TOKENBRIDGE_DATOCMS__STAGING_API_TOKEN configures datocms-staging');
  });
});

describe('rotate by regeneration', () => {
  it('says the id is unchanged and the old secret no longer works', async () => {
    const id = sims.datocms.store.seed({ attributes: { name: 'regen', can_access_cma: true, token: 'ab'.repeat(15) } }).id;
    const result = await run('rotate', 'datocms', id);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`the token id is unchanged (${id}); its old secret no longer works`);
    expect(sims.datocms.store.get(id)?.attributes.token).not.toBe('ab'.repeat(15));
  });

  it('--strategy regenerate on a vendor without it is refused by its capabilities', async () => {
    const id = sims.kodexa.store.seed({ name: 'k' }).id;
    const result = await run('rotate', 'kodexa', id, '--strategy', 'regenerate');
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--strategy regenerate is not supported');
    expect(writes(sims.kodexa)).toEqual([]);
  });
});
