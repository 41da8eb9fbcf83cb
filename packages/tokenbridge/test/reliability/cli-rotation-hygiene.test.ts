import * as fs from 'node:fs';
import * as path from 'node:path';
import { type CliRun, cli, cliEnv, cliSweepRig, echoingCommand } from './support/cli';
import { LeakSweep } from './support/sentinels';
import { VENDORS } from './support/vendors';

/**
 * Secret hygiene of rotation through the command line: stdout, stderr, the
 * `--json` forms, `journal`, `rotate --resume` and the journal on disk, for
 * a delivered rotation and for every kind of sink failure (a command that
 * prints the secret and fails, one that hangs past its timeout, a refused
 * file) and a vendor echoing the credential. The new secrets may appear only
 * in the sinks.
 */

const HOUR = 3_600_000;
const sweep = new LeakSweep();
const { vendors, dir: dirOf } = cliSweepRig('tb-cli-rotation-hygiene-');

describe.each(VENDORS)('%s', (vendor) => {
  it('rotations, their failures, journal and resume print no secret; only the sinks hold it', async () => {
    const v = vendors[vendor];
    const dir = dirOf(vendor);
    const file = (name: string): string => path.join(dir, name);
    fs.writeFileSync(
      file('tokenbridge.config.json'),
      JSON.stringify({
        sinks: {
          app: 'dotenv:.env:TOKEN',
          copy: { command: echoingCommand(file('copy.txt'), 0) },
          fails: { command: echoingCommand(file('captured.txt'), 1) },
          hangs: { command: [process.execPath, '-e', 'process.stdin.resume();setInterval(()=>{},1000)'], timeoutMs: 200 },
        },
      }),
    );
    fs.writeFileSync(file('open.env'), '');
    fs.chmodSync(file('open.env'), 0o666);
    const t0 = Date.now();
    /** Secrets handed over on purpose: a regenerate's new secret a sink refused, printed once (the old one is dead). */
    const handedOver: string[] = [];
    const HANDOVER = /^Secret of the regenerated token \(shown once, store it now; not every sink got it\): (\S+)\n/m;
    const run = async (argv: readonly string[], at = t0): Promise<CliRun> => {
      const result = await cli(argv, cliEnv(Object.values(vendors)), { cwd: dir, now: () => at });
      const handOver = HANDOVER.exec(result.stdout)?.[1];
      if (handOver !== undefined) handedOver.push(handOver);
      // The handover line is the one place that secret may be; everything else is swept, and it appears nowhere else.
      const rest = result.stdout.replace(HANDOVER, '');
      if (handOver !== undefined) expect(rest + result.stderr).not.toContain(handOver);
      sweep.record(rest, result.stderr);
      return result;
    };
    /** The secret now in `sink`'s file, recorded as one to look for. */
    const delivered = (sinkFile: string, read: (text: string) => string): string => {
      const secret = read(fs.readFileSync(file(sinkFile), 'utf8'));
      expect(secret).not.toBe('');
      sweep.addSecrets([secret]);
      return secret;
    };
    const fromDotenv = (text: string): string => /^TOKEN=['"]?([^'"\n]*)/m.exec(text)?.[1] ?? '';

    // Delivered, in text and in JSON: the secret is in the dotenv file and the command's copy, and nowhere printed.
    for (const json of [[], ['--json']]) {
      const rotated = await run(['rotate', vendor, v.seed('hygiene ok'), '--deliver', '@app', '--deliver', '@copy', '--grace', '24h', ...json]);
      expect(rotated.code).toBe(0);
      expect(delivered('copy.txt', (text) => text)).toBe(delivered('.env', fromDotenv));
    }

    // Failing sinks: one that prints the secret and exits 1 (text and JSON), one past its timeout, a file others may write.
    for (const argv of [['--deliver', '@fails'], ['--deliver', '@fails', '--json'], ['--deliver', '@hangs'], ['--deliver', 'dotenv:open.env:TOKEN'], ['--deliver', 'dotenv:open.env:TOKEN', '--json']]) {
      const before = handedOver.length;
      const failed = await run(['rotate', vendor, v.seed('hygiene sink'), ...argv]);
      expect(failed.code).toBe(1);
      const captured = argv[1] === '@fails' ? delivered('captured.txt', (text) => text) : undefined;
      // Only where the vendor regenerated in place is the secret handed over, and then it is the one the sink was given.
      // The CLI's default strategy is regenerate where the vendor has it.
      const regenerates = v.provider.capabilities.operations.includes('regenerate');
      expect(handedOver.length - before).toBe(regenerates ? 1 : 0);
      if (regenerates && captured !== undefined) expect(handedOver[handedOver.length - 1]).toBe(captured);
    }
    sweep.addSecrets(handedOver);
    expect(fs.readFileSync(file('open.env'), 'utf8')).toBe('');

    // The vendor fails the create, echoing the credential.
    v.faults.add({ method: 'POST', path: v.paths.collection, phase: 'before', kind: 'status', status: 500, body: { message: `bad key ${v.credential}`, detail: `bad key ${v.credential}` } });
    expect((await run(['rotate', vendor, v.seed('hygiene vendor'), '--strategy', 'replace', '--deliver', '@app', '--json'])).code).toBe(1);
    v.faults.clear();

    // What is in flight and due, before and after the grace period; resume revokes the two old tokens.
    for (const argv of [['journal'], ['journal', '--json'], ['journal', '--all'], ['journal', '--all', '--json']]) expect((await run(argv, t0 + HOUR)).code).toBe(0);
    expect((await run(['rotate', '--resume'], t0 + HOUR)).code).toBe(0);
    const resumed = await run(['rotate', '--resume', '--json'], t0 + 25 * HOUR);
    expect(resumed.code).toBe(0);
    expect((JSON.parse(resumed.stdout) as { items: Array<{ outcome: string }> }).items.map((i) => i.outcome)).toEqual(['finished', 'finished']);
    expect((await run(['journal', '--all', '--json'], t0 + 25 * HOUR)).code).toBe(0);

    // The journal as it is on disk, line by line.
    const journal = fs.readFileSync(file('.tokenbridge/journal.jsonl'), 'utf8');
    sweep.record(journal, ...journal.trim().split('\n'));
    expect(journal.split('\n').filter((line) => line.includes('"step":"failed"'))).toHaveLength(6);
    sweep.addSecrets(v.secrets());
  });
});

it('nothing printed or journaled above shows a secret', () => {
  expect(sweep.size).toBeGreaterThan(20 * VENDORS.length);
  expect(sweep.leaks()).toEqual([]);
});
