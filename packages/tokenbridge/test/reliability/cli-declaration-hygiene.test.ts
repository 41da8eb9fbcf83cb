import * as fs from 'node:fs';
import * as path from 'node:path';
import { type CliRun, cli, cliEnv, cliSweepRig, echoingCommand } from './support/cli';
import { LeakSweep } from './support/sentinels';
import { VENDORS } from './support/vendors';

/**
 * Secret hygiene of tokens as code through the command line: `plan` and
 * `apply` (text and `--json`), a rotation due by age, a sink that prints the
 * secret and fails, a vendor echoing the credential, a saved plan gone
 * stale, `journal`, `rotate --resume`, and the journal on disk. The new
 * secrets may appear only in the sinks.
 */

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const sweep = new LeakSweep();
const { vendors, dir: dirOf } = cliSweepRig('tb-cli-declaration-hygiene-');

describe.each(VENDORS)('%s', (vendor) => {
  it('plan, apply, a rotation, failures, a stale plan, journal and resume print no secret; only the sinks hold it', async () => {
    const v = vendors[vendor];
    const dir = dirOf(vendor);
    const file = (name: string): string => path.join(dir, name);
    // The vendor's own fields for a valid token (a Kodexa token needs an expiry).
    const input = v.createInput('hygiene');
    const fields = { ...(input.extra !== undefined ? { extra: input.extra } : {}), ...(input.expiresAt !== undefined ? { expires: '30d' } : {}) };
    fs.writeFileSync(
      file('tokenbridge.config.json'),
      JSON.stringify({
        sinks: { app: 'dotenv:.env:TOKEN', copy: { command: echoingCommand(file('copy.txt'), 0) }, fails: { command: echoingCommand(file('captured.txt'), 1) } },
        tokens: [
          { provider: vendor, name: 'hygiene ok', ...fields, rotate: { every: '20d', grace: '1h' }, deliver: ['@app', '@copy'] },
          { provider: vendor, name: 'hygiene sink fails', ...fields, deliver: ['@fails'] },
        ],
      }),
    );
    // The simulator's clock is the command line's: moving it ages the tokens.
    const run = async (argv: readonly string[]): Promise<CliRun> => {
      const result = await cli(argv, cliEnv([v]), { cwd: dir, now: v.clock.now });
      sweep.record(result.stdout, result.stderr);
      return result;
    };
    /** The secret now in a sink's file, recorded as one to look for. */
    const delivered = (sinkFile: string, read: (text: string) => string = (text) => text): string => {
      const secret = read(fs.readFileSync(file(sinkFile), 'utf8'));
      expect(secret).not.toBe('');
      sweep.addSecrets([secret]);
      return secret;
    };
    const fromDotenv = (text: string): string => /^TOKEN=['"]?([^'"\n]*)/m.exec(text)?.[1] ?? '';

    for (const argv of [['plan'], ['plan', '--json']]) expect((await run(argv)).code).toBe(5);
    // The first entry is created and delivered; the second's sink prints the secret and fails, so its token is taken back (text, then JSON).
    expect((await run(['apply', '--yes'])).code).toBe(1);
    expect(delivered('copy.txt')).toBe(delivered('.env', fromDotenv));
    delivered('captured.txt');
    expect((await run(['apply', '--yes', '--json'])).code).toBe(1);
    delivered('captured.txt');

    // The vendor fails the create, echoing the credential.
    v.faults.add({ method: 'POST', path: v.paths.collection, phase: 'before', kind: 'status', status: 500, body: { message: `bad key ${v.credential}`, detail: `bad key ${v.credential}` } });
    for (const argv of [['apply', '--yes'], ['apply', '--yes', '--json']]) expect((await run(argv)).code).toBe(1);
    v.faults.clear();

    // Due by age: the rotation delivers a new secret to both sinks and keeps the old token an hour; a plan saved before it is stale after it.
    await v.clock.sleep(21 * DAY);
    const saved = await run(['plan', '--json']);
    fs.writeFileSync(file('plan.json'), saved.stdout);
    expect((await run(['apply', '--yes'])).code).toBe(1);
    expect(delivered('copy.txt')).toBe(delivered('.env', fromDotenv));
    for (const argv of [['apply', '--plan', 'plan.json', '--yes'], ['apply', '--plan', 'plan.json', '--yes', '--json']]) expect((await run(argv)).code).toBe(1);

    // What is in flight and due, before and after the grace period; resume revokes the old token.
    for (const argv of [['journal'], ['journal', '--all', '--json'], ['rotate', '--resume']]) expect((await run(argv)).code).toBe(0);
    await v.clock.sleep(2 * HOUR);
    const resumed = await run(['rotate', '--resume', '--json']);
    expect(resumed.code).toBe(0);
    expect((JSON.parse(resumed.stdout) as { items: Array<{ outcome: string }> }).items.map((i) => i.outcome)).toEqual(['finished']);
    for (const argv of [['plan'], ['plan', '--json'], ['journal', '--all']]) expect([0, 1, 5]).toContain((await run(argv)).code);

    // The journal as it is on disk, line by line.
    const journal = fs.readFileSync(file('.tokenbridge/journal.jsonl'), 'utf8');
    sweep.record(journal, ...journal.trim().split('\n'));
    expect(journal.split('\n').filter((line) => line.includes('"step":"failed"')).length).toBeGreaterThanOrEqual(4);
    sweep.addSecrets(v.secrets());
  });
});

it('nothing printed or journaled above shows a secret', () => {
  expect(sweep.size).toBeGreaterThan(25 * VENDORS.length);
  expect(sweep.leaks()).toEqual([]);
});
