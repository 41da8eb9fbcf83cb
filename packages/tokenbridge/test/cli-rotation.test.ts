import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { type CliRun, cli, cliEnv } from './reliability/support/cli';
import { VENDORS, type VendorName, type VendorUnderTest, startVendor } from './reliability/support/vendors';
import { CLI_MAIN, spawnFromSources } from './support/spawn-cli';
import { Secret } from 'tokenbridge';

/**
 * Issue 17, item 4: rotation from the command line, in-process over real
 * HTTP to every registered vendor's simulator, with real files and real child
 * processes for the command sink, in a temporary directory. `rotate
 * --deliver … --grace`, `--revoke-when-unused-for`, `--strategy dual`,
 * `rotate --resume`, `journal`, `--journal`, the config file's `sinks:`, and
 * how failures of a sink or the journal are reported. Time is the CLI's
 * injected clock.
 */

const HOUR = 3_600_000;
const vendors = {} as Record<VendorName, VendorUnderTest>;
let dir: string;
/** The moment the rotations of a test start; later runs pass a time after it. */
let t0: number;

beforeAll(async () => {
  for (const vendor of VENDORS) vendors[vendor] = await startVendor(vendor);
});
afterAll(async () => {
  for (const vendor of VENDORS) await vendors[vendor].close();
});
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tokenbridge-cli-rotation-'));
  t0 = Date.now();
});
afterEach(() => {
  for (const vendor of VENDORS) vendors[vendor].faults.clear();
  fs.rmSync(dir, { recursive: true, force: true });
});

const env = (): Record<string, string> => cliEnv(Object.values(vendors));
/** The command line in `cwd` (default the test's directory), its clock at `at` (default the test's start). */
const run = (argv: readonly string[], options: { at?: number; cwd?: string; env?: Record<string, string> } = {}): Promise<CliRun> =>
  cli(argv, options.env ?? env(), { cwd: options.cwd ?? dir, now: () => options.at ?? t0 });

/** A command sink (a real child process) that writes what it reads on stdin to `file`, then prints it and exits with `status`. */
function writer(file: string, status = 0): string {
  const script = `const fs=require('fs');const s=fs.readFileSync(0,'utf8');fs.writeFileSync(process.argv[1],s);console.log('got '+s);console.error('got '+s);process.exitCode=${status}`;
  return `cmd:${JSON.stringify([process.execPath, '-e', script, file])}`;
}

/** The value a dotenv file gives `key`. */
function dotenvValue(file: string, key: string): string | undefined {
  const line = fs.readFileSync(file, 'utf8').split('\n').find((l) => l.startsWith(`${key}=`));
  return line?.slice(key.length + 1).replace(/^(['"`])(.*)\1$/, '$2');
}

const writes = (v: VendorUnderTest): unknown[] => v.requests.all().filter((r) => r.method !== 'GET');
const journalFile = (): string => path.join(dir, '.tokenbridge', 'journal.jsonl');
const expectNotIn = (secret: string, ...texts: string[]): void => {
  for (const text of texts) expect(text).not.toContain(secret);
};

describe.each(VENDORS)('%s: rotate --deliver … --grace 24h, then journal and rotate --resume', (vendor) => {
  it('delivers to a dotenv file and a command, prints the secret nowhere, keeps the old token until due and revokes it then', async () => {
    const v = vendors[vendor];
    const old = v.seed('cli delivery');
    fs.writeFileSync(path.join(dir, '.env'), '# the app\nOTHER=1\n', { mode: 0o600 });
    const copy = path.join(dir, 'copy.txt');

    const rotated = await run(['rotate', vendor, old, '--deliver', 'dotenv:.env:APP_TOKEN', '--deliver', writer(copy), '--grace', '24h']);
    expect(rotated.stderr).toBe('');
    expect(rotated.code).toBe(0);
    const secret = dotenvValue(path.join(dir, '.env'), 'APP_TOKEN') ?? '';
    const replacement = /^new token: (\S+)$/m.exec(rotated.stdout)?.[1] ?? '';
    // Both sinks hold the replacement's working secret; the rest of the dotenv file is as it was.
    expect(v.stored(replacement)?.secret).toBe(secret);
    expect(secret).not.toBe('');
    expect(fs.readFileSync(copy, 'utf8')).toBe(secret);
    expect(fs.readFileSync(path.join(dir, '.env'), 'utf8').startsWith('# the app\nOTHER=1\nAPP_TOKEN=')).toBe(true);
    expect(rotated.stdout).toContain(`delivered to: dotenv:${path.join(dir, '.env')}:APP_TOKEN\ndelivered to: ${writer(copy)}\n`);
    const due = new Date(t0 + 24 * HOUR).toISOString();
    expect(rotated.stdout).toContain(`old token: ${old} kept until ${due}, then deleted by \`tokenbridge rotate --resume\``);
    expect(rotated.stdout).toContain('The new secret went to the 2 sinks above only; it is not printed.');
    expect(v.stored(old)).toBeDefined();

    // Before the due time: in flight, not due; resume waits.
    const early = await run(['journal', '--json'], { at: t0 + HOUR });
    expect(JSON.parse(early.stdout)).toEqual({
      items: [expect.objectContaining({ providerKey: vendor, oldId: old, replacementId: replacement, phase: 'delivered', dueAt: due, due: false, lastError: null })],
      errors: [],
    });
    const waiting = await run(['rotate', '--resume'], { at: t0 + HOUR });
    expect(waiting.code).toBe(0);
    expect(waiting.stdout).toMatch(new RegExp(`${vendor} +${old} +waiting +old token ${old} kept until ${due}`));
    expect(v.stored(old)).toBeDefined();

    // After it: due; resume revokes the old token, and the rotation is done.
    const late = await run(['journal'], { at: t0 + 25 * HOUR });
    expect(late.stdout).toContain(`due: resume deletes ${old}`);
    const resumed = await run(['rotate', '--resume', '--json'], { at: t0 + 25 * HOUR });
    expect(resumed.code).toBe(0);
    expect(JSON.parse(resumed.stdout)).toEqual({ items: [expect.objectContaining({ oldId: old, outcome: 'finished', revokedId: old, error: null })], errors: [] });
    expect(v.stored(old)).toBeUndefined();
    expect(v.stored(replacement)?.secret).toBe(secret);
    expect((await run(['journal'], { at: t0 + 25 * HOUR })).stdout).toBe(`No unfinished rotations in ${journalFile()}.\n`);
    const all = JSON.parse((await run(['journal', '--all', '--json'])).stdout) as { items: Array<{ phase: string }> };
    expect(all.items.map((i) => i.phase)).toEqual(['done']);

    // The secret is in the two sinks only: in no output, and not in the journal (which is private).
    expectNotIn(secret, rotated.stdout, rotated.stderr, early.stdout, waiting.stdout, late.stdout, resumed.stdout, fs.readFileSync(journalFile(), 'utf8'));
    expect(fs.statSync(journalFile()).mode & 0o777).toBe(0o600);
  });
});

describe('the config file names sinks once', () => {
  it('--deliver @<name>: paths resolve against the file\'s directory, and the journal lives beside it, whatever the working directory', async () => {
    const v = vendors.kodexa;
    const old = v.seed('from config sinks');
    const copy = path.join(dir, 'copy.txt');
    fs.writeFileSync(
      path.join(dir, 'tokenbridge.config.json'),
      JSON.stringify({ sinks: { 'app-env': 'dotenv:.env:KODEXA_TOKEN', copy: { command: JSON.parse(writer(copy).slice(4)) as string[], timeoutMs: 20_000 } } }),
    );
    const nested = path.join(dir, 'a', 'b');
    fs.mkdirSync(nested, { recursive: true });

    const rotated = await run(['rotate', 'kodexa', old, '--deliver', '@app-env', '--deliver', '@copy', '--revoke-old', 'delete', '--json'], { cwd: nested });
    expect(rotated.code).toBe(0);
    const result = JSON.parse(rotated.stdout) as Record<string, unknown> & { replacement: { id: string } };
    expect(result).toMatchObject({
      secret: null,
      revoked: 'deleted',
      revokedId: old,
      pending: null,
      delivered: [`dotenv:${path.join(dir, '.env')}:KODEXA_TOKEN`, writer(copy)],
      journal: journalFile(),
      rotationId: expect.stringMatching(/^[0-9a-z]{13}$/),
    });
    const secret = dotenvValue(path.join(dir, '.env'), 'KODEXA_TOKEN') ?? '';
    expect(v.stored(result.replacement.id)?.secret).toBe(secret);
    expect(fs.readFileSync(copy, 'utf8')).toBe(secret);
    expect(fs.existsSync(path.join(nested, '.env'))).toBe(false);
    expect(fs.existsSync(path.join(nested, '.tokenbridge'))).toBe(false);
    expectNotIn(secret, rotated.stdout, rotated.stderr);

    // --journal is relative to the working directory; `journal` reads the same file.
    const other = v.seed('own journal');
    expect((await run(['rotate', 'kodexa', other, '--deliver', '@app-env', '--grace', '1h', '--journal', 'j/rotations.jsonl'], { cwd: nested })).code).toBe(0);
    const listed = await run(['journal', '--journal', 'j/rotations.jsonl', '--json'], { cwd: nested });
    expect((JSON.parse(listed.stdout) as { items: Array<{ oldId: string }> }).items.map((i) => i.oldId)).toEqual([other]);
    expect(fs.existsSync(path.join(nested, 'j', 'rotations.jsonl'))).toBe(true);
  });

  it.each([
    ['a spec that does not parse', { x: 'dotnev:.env:K' }, 'sinks.x is not a sink spec: unknown kind "dotnev"'],
    ['a bad dotenv key', { x: { dotenv: '.env', key: '1BAD' } }, 'sinks.x.key is not a dotenv variable name'],
    ['a bad key path', { x: { json: 's.json', keyPath: 'a..b' } }, 'sinks.x.keyPath is not a key path'],
    ['an empty command', { x: { command: [] } }, 'sinks.x.command'],
    ['a bad timeout', { x: { command: ['gh'], timeoutMs: -5 } }, 'sinks.x.timeoutMs'],
    ['an unknown field, whose value is never shown', { x: { dotenv: '.env', key: 'K', value: 'da70c0de5eed-inline-7f3a' } }, 'sinks.x.value unknown field'],
    ['a name that is not one', { 'Bad Name': 'dotenv:.env:K' }, 'sinks.Bad Name is not a sink name'],
    ['neither a spec nor an object form', { x: 42 }, 'sinks.x must be a sink spec'],
  ])('%s is a usage error naming the file, the sink and the field', async (_name, sinks, message) => {
    fs.writeFileSync(path.join(dir, 'tokenbridge.config.json'), JSON.stringify({ sinks }));
    const id = vendors.kodexa.seed('untouched');
    vendors.kodexa.requests.clear();
    const result = await run(['rotate', 'kodexa', id, '--deliver', '@x']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`${path.join(dir, 'tokenbridge.config.json')}: ${message}`);
    expect(result.stderr).not.toContain('da70c0de5eed-inline-7f3a');
    expect(writes(vendors.kodexa)).toEqual([]);
  });

  it('an unknown @name suggests the nearest and lists the sinks', async () => {
    fs.writeFileSync(path.join(dir, 'tokenbridge.config.json'), JSON.stringify({ sinks: { 'app-env': 'dotenv:.env:K', 'gh-secret': 'cmd:["gh","secret","set","K"]' } }));
    const result = await run(['rotate', 'kodexa', vendors.kodexa.seed('x'), '--deliver', '@app-nev']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--deliver @app-nev: ');
    expect(result.stderr).toContain('did you mean @app-env?\nsinks: @app-env, @gh-secret\n');
  });
});

describe('the READMEs\' config files with sinks', () => {
  const ROOT = path.join(__dirname, '..', '..', '..');
  /** The first ```<lang> block of `readme` that holds `marker`. */
  const block = (readme: string, lang: string, marker: string): string =>
    [...fs.readFileSync(path.join(ROOT, readme), 'utf8').matchAll(new RegExp(`^\`\`\`${lang}\n([\\s\\S]*?)^\`\`\``, 'gm'))].map((m) => m[1] ?? '').find((code) => code.includes(marker)) ?? '';

  it.each([
    ['README.md', 'yaml', 'tokenbridge.config.yaml'],
    ['packages/tokenbridge/README.md', 'json', 'tokenbridge.config.json'],
  ])('%s: the %s example is a valid config file naming its sinks', async (readme, lang, name) => {
    const example = block(readme, lang, '"sinks"') || block(readme, lang, 'sinks:');
    expect(example).toContain('dato-env');
    fs.writeFileSync(path.join(dir, name), example);
    // Reading the file decodes every section; no provider's credential is read and no request made.
    const shown = await run(['providers', '--json'], { env: {} });
    expect(shown.code).toBe(0);
    expect((JSON.parse(shown.stdout) as { items: Array<{ key: string }> }).items.map((p) => p.key)).toEqual(['dato-prod', 'kodexa-acme']);
    // Its sinks are there by name (checked before any credential is read).
    const named = await run(['rotate', 'dato-prod', '1', '--deliver', '@dato-env', '--deliver', '@dato-nope'], { env: {} });
    expect(named.code).toBe(2);
    expect(named.stderr).toContain('names no sink "dato-nope"\nsinks: @dato-env, @dato-gh\n');
  });
});

describe('usage mistakes are refused before any request, and write nothing', () => {
  it.each([
    [['--deliver', 'dotnev:.env:K'], '--deliver "dotnev:.env:K" is not a sink spec'],
    [['--deliver', 'dotenv:.env:K', '--deliver', 'dotenv:./.env:K'], 'is given twice: each sink receives the secret once'],
    [['--deliver', '@app'], '--deliver @app: there is no config file to name sinks in'],
    [['--grace', '24h', '--strategy', 'dual'], '--grace applies to --strategy replace only'],
    [['--revoke-when-unused-for', '1h', '--strategy', 'regenerate'], '--revoke-when-unused-for applies to --strategy replace only'],
    [['--grace', 'tomorrow'], '--grace is not a duration'],
    [['--grace', '1h', '--revoke-when-unused-for', '1h'], "option '--grace <duration>' cannot be used with option '--revoke-when-unused-for <duration>'"],
  ])('rotate <provider> <id> %j', async (flags, message) => {
    const v = vendors.kodexa;
    const id = v.seed('untouched');
    v.requests.clear();
    const text = await run(['rotate', 'kodexa', id, ...flags]);
    expect(text.code).toBe(2);
    expect(text.stderr).toContain(message);
    const json = await run(['rotate', 'kodexa', id, ...flags, '--json']);
    expect(json.code).toBe(2);
    expect(JSON.parse(json.stderr)).toMatchObject({ tag: expect.stringMatching(/^(Validation|Usage)$/), message: expect.stringContaining(message.replace(/^error: /, '')) });
    expect(writes(v)).toEqual([]);
    expect(fs.existsSync(path.join(dir, '.tokenbridge'))).toBe(false);
  });

  it.each([
    [['rotate', '--resume', 'kodexa'], '--resume takes no <provider> or <id>'],
    [['rotate', '--resume', '--deliver', 'dotenv:.env:K'], "option '--resume' cannot be used with option '--deliver <sink>'"],
    [['rotate', 'kodexa'], 'rotate needs <provider> and <id> (or --resume)'],
  ])('%j', async (argv, message) => {
    const result = await run(argv);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(message);
  });
});

describe('a sink or the journal failing', () => {
  it('a sink: its stage, the rotation id and the sink, never the secret; --json is one object; the replacement is taken back', async () => {
    const v = vendors.kodexa;
    const before = new Set(v.liveIds());
    const old = v.seed('sink fails');
    const captured = path.join(dir, 'captured.txt');
    const failing = writer(captured, 3);

    const text = await run(['rotate', 'kodexa', old, '--deliver', 'dotenv:.env:K', '--deliver', failing, '--grace', '1h']);
    expect(text.code).toBe(1);
    expect(text.stderr).toMatch(new RegExp(`^error: kodexa rotate: SinkError: rotation [0-9a-z]{13} stopped at deliver: sink ${escape(failing)}: ${escape(path.basename(process.execPath))} exited with status 3\\n`));
    expect(text.stderr).toContain(`was revoked (its secret never reached every sink); the old token ${old} is untouched`);
    expect(text.stderr).toContain(`dotenv:${path.join(dir, '.env')}:K received the new secret before the rotation stopped and now hold a revoked one`);
    const secret = fs.readFileSync(captured, 'utf8');
    expect(dotenvValue(path.join(dir, '.env'), 'K')).toBe(secret);
    expectNotIn(secret, text.stdout, text.stderr, fs.readFileSync(journalFile(), 'utf8'));

    const json = await run(['rotate', 'kodexa', old, '--deliver', failing, '--json']);
    expect(json.code).toBe(1);
    expect(json.stdout).toBe('');
    expect(json.stderr.trim().split('\n')).toHaveLength(1);
    expect(JSON.parse(json.stderr)).toEqual({
      tag: 'SinkError',
      message: `${path.basename(process.execPath)} exited with status 3`,
      retryable: true,
      reason: 'exit',
      sink: failing,
      exitCode: 3,
      stage: 'deliver',
      rotationId: expect.stringMatching(/^[0-9a-z]{13}$/),
      providerKey: 'kodexa',
      hints: [expect.stringContaining('was given up')],
    });
    expectNotIn(fs.readFileSync(captured, 'utf8'), json.stderr);
    // Neither replacement lives on; the old token is untouched.
    expect(v.liveIds().filter((id) => !before.has(id))).toEqual([old]);
    expect((await run(['journal'])).stdout).toBe(`No unfinished rotations in ${journalFile()}.\n`);
  });

  it('the journal: a symlink, or one held by a live process, is a JournalError (exit 1) before anything is written', async () => {
    const v = vendors.kodexa;
    const old = v.seed('journal fails');
    fs.writeFileSync(path.join(dir, 'real.jsonl'), '', { mode: 0o600 });
    fs.symlinkSync(path.join(dir, 'real.jsonl'), path.join(dir, 'link.jsonl'));
    v.requests.clear();
    for (const argv of [['rotate', 'kodexa', old, '--deliver', 'dotenv:.env:K'], ['rotate', '--resume'], ['journal']]) {
      const result = await run([...argv, '--journal', 'link.jsonl', '--json']);
      expect(result.code).toBe(1);
      expect(JSON.parse(result.stderr)).toMatchObject({ tag: 'JournalError', reason: 'unsafe-target', stage: 'journal', message: `refused: ${path.join(dir, 'link.jsonl')} is a symbolic link` });
    }
    fs.mkdirSync(path.join(dir, '.tokenbridge'));
    fs.writeFileSync(`${journalFile()}.lock`, JSON.stringify({ pid: process.pid, host: os.hostname() }));
    const locked = await run(['rotate', 'kodexa', old, '--deliver', 'dotenv:.env:K']);
    expect(locked.code).toBe(1);
    expect(locked.stderr).toContain(`error: kodexa rotate: JournalError: rotation journal: ${journalFile()} is in use by process ${process.pid}`);
    expect(writes(v)).toEqual([]);
    expect(fs.existsSync(path.join(dir, '.env'))).toBe(false);
  });

  it('the vendor refusing the revoke after delivery: the rotation stays open, and the hint says how to finish it', async () => {
    const v = vendors.kodexa;
    const old = v.seed('revoke refused');
    v.faults.add({ method: 'DELETE', path: v.paths.item(old), phase: 'before', kind: 'status', status: 500, times: 10 });
    const failed = await run(['rotate', 'kodexa', old, '--deliver', 'dotenv:.env:K', '--revoke-old', 'delete', '--journal', 'j.jsonl']);
    expect(failed.code).toBe(1);
    expect(failed.stderr).toContain('rotation stopped at revoke');
    expect(failed.stderr).toMatch(/rotation [0-9a-z]{13} is unfinished \(delivered\): `tokenbridge rotate --resume --journal j.jsonl` carries it on; `tokenbridge journal --journal j.jsonl` shows it/);
    expectNotIn(dotenvValue(path.join(dir, '.env'), 'K') ?? '', failed.stdout, failed.stderr);
    v.faults.clear();
    const resumed = await run(['rotate', '--resume', '--journal', 'j.jsonl']);
    expect(resumed.code).toBe(0);
    expect(resumed.stdout).toContain(`finished  old token ${old} revoked`);
    expect(v.stored(old)).toBeUndefined();
  });

  it('resume: a rotation whose provider is no longer configured is its error (exit 1); the others go on', async () => {
    const [k, s] = [vendors.kodexa, vendors.softwareone];
    const [oldK, oldS] = [k.seed('resume k'), s.seed('resume s')];
    for (const [vendor, id] of [['kodexa', oldK], ['softwareone', oldS]] as const) {
      expect((await run(['rotate', vendor, id, '--deliver', `dotenv:.env:${vendor.toUpperCase()}`, '--grace', '1h'])).code).toBe(0);
    }
    const onlySoftwareOne = cliEnv([s]);
    const resumed = await run(['rotate', '--resume', '--json'], { at: t0 + 2 * HOUR, env: onlySoftwareOne });
    expect(resumed.code).toBe(1);
    const body = JSON.parse(resumed.stdout) as { items: Array<{ providerKey: string; outcome: string }>; errors: Array<Record<string, unknown>> };
    expect(body.items.map((i) => [i.providerKey, i.outcome])).toEqual([['kodexa', 'error'], ['softwareone', 'finished']]);
    expect(body.errors).toEqual([expect.objectContaining({ providerKey: 'kodexa', tag: 'Validation', message: 'no provider is configured as "kodexa"' })]);
    expect(s.stored(oldS)).toBeUndefined();
    expect(k.stored(oldK)).toBeDefined();
    // Configured again, the next resume finishes it.
    expect((await run(['rotate', '--resume'], { at: t0 + 2 * HOUR })).code).toBe(0);
    expect(k.stored(oldK)).toBeUndefined();
  });
});

describe('a regenerated secret no sink took', () => {
  const HANDOVER = /Secret of the regenerated token \(shown once, store it now; not every sink got it\): (\S+)\n/;

  it('rotate: printed once, the working secret, which the sinks before the failed one hold; the journal closes it', async () => {
    const d = vendors.datocms;
    const oldSecret = 'regenerate-me-0123456789abcdef01';
    const old = d.seed('regenerate handover', oldSecret);
    const captured = path.join(dir, 'captured.txt');
    const failed = await run(['rotate', 'datocms', old, '--strategy', 'regenerate', '--deliver', 'dotenv:.env:K', '--deliver', writer(captured, 3)]);
    expect(failed.code).toBe(1);
    const secret = HANDOVER.exec(failed.stdout)?.[1] ?? '';
    expect(secret).not.toBe('');
    expect(failed.stdout.split(secret)).toHaveLength(2);
    expectNotIn(secret, failed.stderr, fs.readFileSync(journalFile(), 'utf8'));
    expect(failed.stderr).toContain(`dotenv:${path.join(dir, '.env')}:K received it`);
    expect(dotenvValue(path.join(dir, '.env'), 'K')).toBe(secret);
    expect(fs.readFileSync(captured, 'utf8')).toBe(secret);
    expect((await d.provider.rotation?.verifyCredential(new Secret(secret))())?._tag).toBe('Right');
    expect((await d.provider.rotation?.verifyCredential(new Secret(oldSecret))())?._tag).toBe('Left');
    expect((await run(['rotate', '--resume'])).stdout).toContain('Nothing to resume');
  });

  it('--resume: a regenerate cut short is regenerated again; a sink refusing it gets the secret printed once, and it works', async () => {
    const d = vendors.datocms;
    const old = d.seed('regenerate on resume');
    const captured = path.join(dir, 'captured.txt');
    const failing = writer(captured, 3);
    // What a process killed right after the vendor answered leaves: planned, then regenerated.
    const rotationId = 'lx0000000abcd';
    const at = new Date(t0).toISOString();
    const planned = { rotationId, at, step: 'planned', providerKey: 'datocms', provider: 'datocms', strategy: 'regenerate', oldId: old, name: null, revoke: { kind: 'never' }, sinks: [failing], credentialId: null, retireId: null, restartOf: null };
    fs.mkdirSync(path.dirname(journalFile()), { recursive: true });
    fs.writeFileSync(journalFile(), `${JSON.stringify(planned)}\n${JSON.stringify({ rotationId, at, step: 'created', replacementId: old })}\n`, { mode: 0o600 });
    expect((await run(['journal'])).stdout).toContain('resume regenerates again and delivers');

    const resumed = await run(['rotate', '--resume']);
    expect(resumed.code).toBe(1);
    const secret = fs.readFileSync(captured, 'utf8');
    expect(new RegExp(`Secret of the regenerated token ${old} \\(shown once, store it now; not every sink got it\\): (\\S+)\\n`).exec(resumed.stdout)?.[1]).toBe(secret);
    expect(resumed.stdout.split(secret)).toHaveLength(2);
    expectNotIn(secret, resumed.stderr, fs.readFileSync(journalFile(), 'utf8'));
    expect((await d.provider.rotation?.verifyCredential(new Secret(secret))())?._tag).toBe('Right');
    // Closed: the next resume leaves the handed-over secret alone.
    const again = await run(['rotate', '--resume']);
    expect(again.stdout).toContain('Nothing to resume');
    expect((await d.provider.rotation?.verifyCredential(new Secret(secret))())?._tag).toBe('Right');
  });
});

describe('what is journaled', () => {
  it('a plain rotate writes no journal and prints its secret once; a dry run with sinks creates nothing; resume and journal create nothing', async () => {
    const v = vendors.kodexa;
    const plain = await run(['rotate', 'kodexa', v.seed('plain'), '--revoke-old', 'delete']);
    expect(plain.code).toBe(0);
    const secret = /Secret \(shown once, store it now\): (\S+)/.exec(plain.stdout)?.[1] ?? '';
    expect(v.secrets()).toContain(secret);
    expect(plain.stdout.split(secret)).toHaveLength(2);

    const id = v.seed('dry');
    v.requests.clear();
    const dry = await run(['rotate', 'kodexa', id, '--deliver', 'dotenv:.env:K', '--grace', '24h', '--dry-run']);
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain(`deliver it to dotenv:${path.join(dir, '.env')}:K`);
    expect(writes(v)).toEqual([]);
    expect((await run(['rotate', '--resume'])).stdout).toBe(`Nothing to resume: there is no journal at ${journalFile()}.\n`);
    expect((await run(['journal'])).stdout).toBe(`No unfinished rotations in ${journalFile()}.\n`);
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it('a create whose outcome is unknown: the replacement is looked for by its name marker and taken back', async () => {
    const v = vendors.kodexa;
    const before = new Set(v.liveIds());
    const old = v.seed('maybe made');
    v.faults.add({ method: 'POST', path: v.paths.collection, phase: 'after', kind: 'reset', times: 3 });
    const result = await run(['rotate', 'kodexa', old, '--deliver', 'dotenv:.env:K']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('rotation stopped at create');
    expect(result.stderr).toContain('a replacement the vendor may have made anyway was looked for by its name marker and revoked');
    // The vendor did make one (the answer was lost); it is gone again.
    expect(v.requests.all().filter((r) => r.method === 'DELETE')).toHaveLength(1);
    expect(v.liveIds().filter((id) => !before.has(id))).toEqual([old]);
    expect(fs.existsSync(path.join(dir, '.env'))).toBe(false);
  });
});

describe('strategies from the command line', () => {
  it('--strategy dual: the first rotation keeps both tokens, the next revokes the older; consumers read the newest from the sink', async () => {
    const v = vendors.kodexa;
    const old = v.seed('dual');
    const first = await run(['rotate', 'kodexa', old, '--strategy', 'dual', '--deliver', 'dotenv:.env:K']);
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('older token of the pair: none yet; both tokens are kept (the pair is complete now)');
    const newer = /^new token: (\S+)$/m.exec(first.stdout)?.[1] ?? '';
    expect(v.stored(old)).toBeDefined();
    const second = await run(['rotate', 'kodexa', newer, '--strategy', 'dual', '--deliver', 'dotenv:.env:K', '--json']);
    expect(second.code).toBe(0);
    const result = JSON.parse(second.stdout) as { revoked: string; revokedId: string; replacement: { id: string }; secret: null };
    expect(result).toMatchObject({ revoked: 'deleted', revokedId: old, secret: null });
    expect(v.stored(old)).toBeUndefined();
    expect(v.stored(newer)).toBeDefined();
    expect(dotenvValue(path.join(dir, '.env'), 'K')).toBe(v.stored(result.replacement.id)?.secret);
  });

  it('--revoke-when-unused-for: refused where the vendor reports no last use; elsewhere a never-used old token goes at once', async () => {
    const k = vendors.kodexa;
    const id = k.seed('no usage data');
    k.requests.clear();
    const refused = await run(['rotate', 'kodexa', id, '--revoke-when-unused-for', '1h', '--deliver', 'dotenv:.env:K']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('kodexa reports no last use of its tokens');
    expect(writes(k)).toEqual([]);

    const d = vendors.datocms;
    const old = d.seed('never used');
    const rotated = await run(['rotate', 'datocms', old, '--revoke-when-unused-for', '1h', '--deliver', 'dotenv:.env:K']);
    expect(rotated.code).toBe(0);
    expect(rotated.stdout).toContain('old token: deleted');
    expect(d.stored(old)).toBeUndefined();
  });

  it('--revoke-max-wait: an old token still in use is kept until then, and revoked at it; alone it is a usage mistake', async () => {
    const d = vendors.datocms;
    expect((await run(['rotate', 'datocms', d.seed('bound alone'), '--revoke-max-wait', '2d', '--deliver', 'dotenv:.env:K'])).code).toBe(2);
    const secret = 'in-use-old-secret-0123456789abcd';
    const old = d.seed('still in use', secret);
    // A consumer that never switches: the vendor reports the old token used today, whenever it is asked.
    expect((await d.provider.rotation?.verifyCredential(new Secret(secret))())?._tag).toBe('Right');
    const rotated = await run(['rotate', 'datocms', old, '--revoke-when-unused-for', '1h', '--revoke-max-wait', '2d', '--deliver', 'dotenv:.env:K']);
    expect(rotated.code).toBe(0);
    const latest = new Date(t0 + 48 * HOUR).toISOString();
    expect(rotated.stdout).toContain(`kept until the vendor reports it unused for 1h (${latest} at the latest)`);
    const journal = await run(['journal', '--json'], { at: t0 + 47 * HOUR });
    expect(journal.stdout).toContain(latest);
    expect((await run(['rotate', '--resume'], { at: t0 + 48 * HOUR - 1 })).stdout).toContain('waiting');
    expect(d.stored(old)).toBeDefined();
    const resumed = await run(['rotate', '--resume', '--json'], { at: t0 + 48 * HOUR });
    expect((JSON.parse(resumed.stdout) as { items: unknown[] }).items).toEqual([expect.objectContaining({ outcome: 'finished', revokedId: old })]);
    expect(d.stored(old)).toBeUndefined();
  });
});

describe('the bin, killed mid-delivery', () => {
  it('rotate --resume takes the undelivered replacement back and delivers a new one to every sink', async () => {
    const v = vendors.kodexa;
    const before = new Set(v.liveIds());
    const old = v.seed('crash me');
    const copy = path.join(dir, 'copy.txt');
    const flag = path.join(dir, 'crashed-once');
    // The second sink kills the tokenbridge process (its parent) the first time, after the first sink got the secret; then it delivers.
    const script = `const fs=require('fs');const s=fs.readFileSync(0,'utf8');if(process.env.CRASH_ONCE==='1'&&!fs.existsSync(process.argv[2])){fs.writeFileSync(process.argv[2],'');process.kill(process.ppid,'SIGKILL')}else fs.writeFileSync(process.argv[1],s)`;
    const killer = `cmd:${JSON.stringify([process.execPath, '-e', script, copy, flag])}`;

    const crashed = await spawnFromSources([CLI_MAIN, 'rotate', 'kodexa', old, '--deliver', 'dotenv:.env:K', '--deliver', killer, '--revoke-old', 'delete'], { ...env(), CRASH_ONCE: '1' }, dir);
    expect(crashed.code).not.toBe(0);
    expect(fs.existsSync(flag)).toBe(true);
    const stale = dotenvValue(path.join(dir, '.env'), 'K') ?? '';
    const interrupted = JSON.parse((await run(['journal', '--json'], { at: Date.now() })).stdout) as { items: Array<{ phase: string; delivered: string[]; replacementId: string }> };
    expect(interrupted.items).toEqual([expect.objectContaining({ phase: 'created', delivered: [`dotenv:${path.join(dir, '.env')}:K`] })]);

    const resumed = await run(['rotate', '--resume', '--json'], { at: Date.now() });
    expect(resumed.code).toBe(0);
    const item = (JSON.parse(resumed.stdout) as { items: Array<{ outcome: string; replacementId: string }> }).items[0];
    expect(item?.outcome).toBe('restarted');
    // Exactly one live replacement, in both sinks, working; the interrupted one and the old token are gone.
    const secret = dotenvValue(path.join(dir, '.env'), 'K') ?? '';
    expect(v.liveIds().filter((id) => !before.has(id))).toEqual([item?.replacementId]);
    expect(v.stored(item?.replacementId ?? '')?.secret).toBe(secret);
    expect(fs.readFileSync(copy, 'utf8')).toBe(secret);
    expect(secret).not.toBe(stale);
    expect(v.stored(interrupted.items[0]?.replacementId ?? '')).toBeUndefined();
    expect(v.stored(old)).toBeUndefined();
    const phases = (JSON.parse((await run(['journal', '--all', '--json'])).stdout) as { items: Array<{ phase: string }> }).items.map((i) => i.phase);
    expect(phases).toEqual(['restarted', 'done']);
    expectNotIn(secret, crashed.stdout, crashed.stderr, resumed.stdout, resumed.stderr, fs.readFileSync(journalFile(), 'utf8'));
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
