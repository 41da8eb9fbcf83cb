import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as E from 'fp-ts/Either';
import { parse as parseYaml } from 'yaml';
import { type AnyTokenProvider, type Plan, type TokenPatch, Secret, VENDOR_IDS, markName, parseMarkedName, systemClock } from 'tokenbridge';
import type { CliIo } from 'tokenbridge/cli';
import { type Simulator, startSimulator } from '../../rotation/test/support/simulators';
import { VENDORS, type Vendor, declaredCase, providerOf } from '../../rotation/test/support/vendors';
import { type CliRun, cli } from './reliability/support/cli';
import { CLI_MAIN, spawnFromSources } from './support/spawn-cli';

/**
 * Issue 18, the command line: the config file's `tokens:` (and `prune: true`
 * under `providers:`), `tokenbridge plan` and `tokenbridge apply`,
 * in-process over real HTTP to each vendor's simulator, with real files. The
 * simulators, the hand edits and the command line share one clock, moved by
 * the test (the CLI's injected `now`); only the crash test, whose command
 * line runs in a child process, runs on the real clock.
 */

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const T0 = Date.parse('2030-01-01T00:00:00Z');
let now = T0;
let dir: string;
const sims = {} as Record<Vendor, Simulator>;
/** A provider on each simulator, on the test's clock, for changes made "by hand". */
const byHand = {} as Record<Vendor, AnyTokenProvider>;

beforeEach(async () => {
  now = T0;
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tokenbridge-cli-declare-'));
  for (const vendor of VENDORS) {
    sims[vendor] = await startSimulator(vendor, { now: () => now });
    byHand[vendor] = providerOf(vendor, sims[vendor].url, sims[vendor].credential, { ...systemClock, now: () => now });
  }
});
afterEach(async () => {
  for (const vendor of VENDORS) {
    await byHand[vendor].close();
    await sims[vendor].close();
  }
  fs.rmSync(dir, { recursive: true, force: true });
});

const credentialVariable = (vendor: Vendor): string => `${vendor.toUpperCase()}_CREDENTIAL`;
const env = (): Record<string, string> => Object.fromEntries(VENDORS.map((v) => [credentialVariable(v), sims[v].credential]));
const configFile = (): string => path.join(dir, 'tokenbridge.config.json');
const journalFile = (): string => path.join(dir, '.tokenbridge', 'journal.jsonl');

/** The config file: each vendor's simulator as a provider named after the vendor (`prune: true` on those listed), the sinks and the tokens. */
function writeConfig(tokens: unknown, options: { prune?: readonly Vendor[]; sinks?: Record<string, unknown>; provider?: Record<string, unknown> } = {}): void {
  const providers = Object.fromEntries(
    VENDORS.map((v) => [v, { vendor: v, baseUrl: sims[v].url, credential: { env: credentialVariable(v) }, ...(options.prune?.includes(v) ? { prune: true } : {}), ...options.provider }]),
  );
  fs.writeFileSync(configFile(), JSON.stringify({ providers, sinks: options.sinks ?? { app: 'dotenv:.env:TOKEN' }, tokens }, null, 2));
}

/** The command line in the test's directory at the test's time. */
const run = (argv: readonly string[], options: Pick<CliIo, 'confirm'> & { cwd?: string } = {}): Promise<CliRun> =>
  cli(argv, env(), { cwd: options.cwd ?? dir, now: () => now, ...(options.confirm ? { confirm: options.confirm } : {}) });

const planJson = async (): Promise<Plan> => JSON.parse((await run(['plan', '--json'])).stdout) as Plan;
const writes = (vendor: Vendor): unknown[] => sims[vendor].requests().filter((r) => r.method !== 'GET');
const liveNamed = (vendor: Vendor, name: string): string[] => sims[vendor].live().filter((t) => parseMarkedName(t.name).base === name).map((t) => t.id);

/** The value of `KEY=` in the test's dotenv file. */
function dotenvValue(key: string, file = path.join(dir, '.env')): string | undefined {
  return fs.existsSync(file) ? new RegExp(`^${key}=(.*)$`, 'm').exec(fs.readFileSync(file, 'utf8'))?.[1] : undefined;
}

async function works(vendor: Vendor, secret: string | undefined): Promise<boolean> {
  const checked = await byHand[vendor].rotation?.verifyCredential(new Secret(secret ?? ''))();
  return checked !== undefined && E.isRight(checked) && checked.right.status === 'verified';
}

async function edit(vendor: Vendor, id: string, patch: TokenPatch<object>): Promise<void> {
  const edited = await byHand[vendor].update(id, patch)();
  if (E.isLeft(edited)) throw new Error(edited.left.message);
}

function expectNotIn(secret: string | undefined, ...texts: string[]): void {
  expect(secret).toBeTruthy();
  for (const text of texts) expect(text).not.toContain(secret);
}

describe.each(VENDORS)('%s: plan → apply → plan, drift made by hand, a rotation due by age', (vendor) => {
  it('each step planned, applied and then in line; exit 5 while changes are pending, 0 after', async () => {
    const declared = declaredCase(vendor, sims[vendor].facts, now);
    writeConfig([{ provider: vendor, name: 'ci deploy', ...declared.entry, deliver: ['@app'] }]);
    const dotenv = `dotenv:${path.join(dir, '.env')}:TOKEN`;

    // Missing: create, its secret to the config file's sink (resolved against the file's directory).
    const planned = await run(['plan']);
    expect(planned).toMatchObject({ code: 5, stderr: '' });
    expect(planned.stdout).toMatch(new RegExp(`^create +${vendor} +ci deploy +- +secret to ${escape(dotenv)}$`, 'm'));
    expect(planned.stdout).toContain('Plan: 1 to create.');
    expect(await planJson()).toMatchObject({ format: 'tokenbridge-plan', status: 'changes', actions: [{ kind: 'create', providerKey: vendor, name: 'ci deploy', deliver: [dotenv] }] });
    expect(writes(vendor)).toEqual([]);
    expect(fs.existsSync(path.join(dir, '.tokenbridge'))).toBe(false);

    const applied = await run(['apply', '--yes']);
    expect(applied).toMatchObject({ code: 0, stderr: '' });
    const [id] = liveNamed(vendor, 'ci deploy');
    expect(applied.stdout).toMatch(new RegExp(`^create +${vendor} +ci deploy +done +${id} +created; delivered to ${escape(dotenv)}$`, 'm'));
    expect(applied.stdout).toContain(`Applied 1 of 1 action (journal ${journalFile()}).`);
    const first = dotenvValue('TOKEN');
    expect(await works(vendor, first)).toBe(true);
    expectNotIn(first, applied.stdout, applied.stderr, fs.readFileSync(journalFile(), 'utf8'));
    expect(await run(['plan'])).toMatchObject({ code: 0, stderr: '' });
    expect((await run(['plan'])).stdout).toContain('No changes: the live tokens match the declaration.');

    // Drift by hand: each field old → new, put right in place.
    await edit(vendor, id ?? '', declared.drift);
    const drifted = await planJson();
    const createdAt = Date.parse(drifted.actions[0]?.fingerprint[0]?.createdAt ?? '') || now;
    const changes = declared.changes(createdAt);
    expect(drifted).toMatchObject({ status: 'changes', actions: [{ kind: 'update', tokenId: id, changes }] });
    const driftText = await run(['plan']);
    expect(driftText.code).toBe(5);
    for (const c of changes) expect(driftText.stdout).toContain(`${c.field}: ${JSON.stringify(c.from)} → ${JSON.stringify(c.to)}`);
    const updated = await run(['apply', '--yes']);
    expect(updated.code).toBe(0);
    expect(updated.stdout).toMatch(new RegExp(`^update +${vendor} +ci deploy +done +${id} +updated ${changes.map((c) => c.field).join(', ')}$`, 'm'));
    expect((await run(['plan'])).code).toBe(0);
    expect(dotenvValue('TOKEN')).toBe(first);

    // Due by age: a new token, delivered; with a grace period the old one is kept, and rotate --resume revokes it when due.
    now += 21 * DAY;
    const due = await run(['plan']);
    expect(due.code).toBe(5);
    expect(due.stdout).toMatch(new RegExp(`^rotate +${vendor} +ci deploy +${id} +replace: 21d old, rotated every 20d; `, 'm'));
    const rotated = await run(['apply', '--yes']);
    expect(rotated.code).toBe(0);
    const [newId] = liveNamed(vendor, 'ci deploy').filter((t) => t !== id);
    const second = dotenvValue('TOKEN');
    expect(second).not.toBe(first);
    expect(await works(vendor, second)).toBe(true);
    expectNotIn(second, rotated.stdout, rotated.stderr, fs.readFileSync(journalFile(), 'utf8'));
    const grace = (declared.entry['rotate'] as { grace?: string }).grace;
    if (grace !== undefined) {
      expect(rotated.stdout).toContain(`old token ${id} kept until ${new Date(now + HOUR).toISOString()}, then deleted by \`tokenbridge rotate --resume\``);
      expect(liveNamed(vendor, 'ci deploy').sort()).toEqual([id, newId].sort());
      // Retiring, not a duplicate: nothing to do meanwhile.
      expect((await run(['plan'])).code).toBe(0);
      now += HOUR;
      expect((await run(['rotate', '--resume'])).stdout).toContain(`finished  old token ${id} revoked`);
    } else {
      expect(rotated.stdout).toContain(`old token ${id} deleted`);
    }
    expect(liveNamed(vendor, 'ci deploy')).toEqual([newId]);
    expect(await run(['plan'])).toMatchObject({ code: 0, stderr: '' });
  });
});

describe('undeclared tokens', () => {
  it('are reported and left alone; with prune: true on the provider, the one tokenbridge made is deleted, the one made by hand kept', async () => {
    const made = async (name: string): Promise<string> => {
      const created = await byHand.kodexa.create({ name, expiresAt: new Date(now + 30 * DAY) })();
      if (E.isLeft(created)) throw new Error(created.left.message);
      return created.right.id;
    };
    const hand = await made('made by hand');
    const ours = await made(markName('left over', '0mpufzeo0xtsg', 100));
    const tokens = [{ provider: 'kodexa', name: 'declared', expires: '30d' }];

    writeConfig(tokens);
    const reported = await run(['plan']);
    expect(reported.code).toBe(5);
    expect(reported.stdout).toMatch(new RegExp(`^kodexa +${hand} +made by hand +active +no +left alone$`, 'm'));
    expect(reported.stdout).toMatch(new RegExp(`^kodexa +${ours} +left over tb-0mpufzeo0xtsg +active +yes +left alone$`, 'm'));
    expect(reported.stdout).toContain('Plan: 1 to create.');

    writeConfig(tokens, { prune: ['kodexa'] });
    const pruning = await run(['plan']);
    expect(pruning.code).toBe(5);
    expect(pruning.stdout).toMatch(new RegExp(`^prune +kodexa +left over tb-0mpufzeo0xtsg +${ours} +not declared, made by tokenbridge, prune is on: deleted$`, 'm'));
    expect(pruning.stdout).toMatch(new RegExp(`^kodexa +${hand} +made by hand +active +no +left alone$`, 'm'));
    expect(pruning.stdout).toContain('Plan: 1 to create, 1 to prune.');
    const applied = await run(['apply', '--yes', '--json']);
    expect(applied.code).toBe(0);
    expect((JSON.parse(applied.stdout) as { actions: unknown[] }).actions).toEqual([
      expect.objectContaining({ kind: 'create', outcome: 'done', name: 'declared', secret: expect.any(String) }),
      expect.objectContaining({ kind: 'delete', outcome: 'done', tokenId: ours, rotationId: expect.stringMatching(/^[0-9a-z]{13}$/) }),
    ]);
    const ids = sims.kodexa.live().map((t) => t.id);
    expect(ids).toContain(hand);
    expect(ids).not.toContain(ours);
  });
});

describe('what needs a person, or fails', () => {
  it('two live tokens of one name and a provider that cannot be read: reported (exit 1); the other entries are still applied', async () => {
    for (let i = 0; i < 2; i++) {
      const created = await byHand.kodexa.create({ name: 'twice', expiresAt: new Date(now + 30 * DAY) })();
      if (E.isLeft(created)) throw new Error(created.left.message);
    }
    const twins = liveNamed('kodexa', 'twice').sort();
    writeConfig([
      { provider: 'kodexa', name: 'twice', expires: '30d' },
      { provider: 'kodexa', name: 'single', expires: '30d', deliver: ['@app'] },
      { provider: 'datocms', name: 'unreadable', extra: { roleId: sims.datocms.facts.roleId } },
    ]);
    const wrong = { ...env(), [credentialVariable('datocms')]: 'not-the-datocms-credential' };
    const planned = await cli(['plan'], wrong, { cwd: dir, now: () => now });
    expect(planned.code).toBe(1);
    expect(planned.stderr).toContain(`error: tokens[0] ("twice" on kodexa): 2 live tokens have this name (${twins.join(', ')}); delete or rename all but one, nothing is guessed\n`);
    expect(planned.stderr).toMatch(/^error: datocms: Unauthorized: .*; its tokens were not planned$/m);
    expect(planned.stdout).toContain('Plan: 1 to create. 2 problems need a person (on stderr).');
    expect(planned.stdout).not.toContain('not-the-datocms-credential');
    expect(planned.stderr).not.toContain('not-the-datocms-credential');

    const applied = await cli(['apply', '--yes'], wrong, { cwd: dir, now: () => now });
    expect(applied.code).toBe(1);
    expect(applied.stdout).toContain('Applied 1 of 1 action');
    expect(liveNamed('kodexa', 'single')).toHaveLength(1);
    expect(liveNamed('kodexa', 'twice').sort()).toEqual(twins);
  });

  it('an action the vendor refuses (a replacement into an account it does not know): exit 1, the old token untouched, nothing delivered', async () => {
    const { entry } = declaredCase('softwareone', sims.softwareone.facts, now);
    const extra = entry['extra'] as Record<string, unknown>;
    writeConfig([{ provider: 'softwareone', name: 'moved', ...entry, deliver: ['@app'] }]);
    expect((await run(['apply', '--yes'])).code).toBe(0);
    const [id] = liveNamed('softwareone', 'moved');
    const delivered = dotenvValue('TOKEN');

    writeConfig([{ provider: 'softwareone', name: 'moved', ...entry, extra: { ...extra, accountId: 'ACC-9999-9999' }, deliver: ['@app'] }]);
    const planned = await run(['plan']);
    expect(planned.code).toBe(5);
    expect(planned.stdout).toMatch(
      new RegExp(`^replace +softwareone +moved +${id} +extra\\.accountId: "${String(extra['accountId'])}" → "ACC-9999-9999" \\(cannot change in place\\); new token; the old one kept 1h after delivery`, 'm'),
    );
    const applied = await run(['apply', '--yes']);
    expect(applied.code).toBe(1);
    expect(applied.stdout).toMatch(new RegExp(`^replace +softwareone +moved +failed +${id} +Validation: `, 'm'));
    expect(applied.stderr).toMatch(/^error: softwareone "moved": replace failed: Validation: /m);
    expect(liveNamed('softwareone', 'moved')).toEqual([id]);
    expect(dotenvValue('TOKEN')).toBe(delivered);
  });
});

describe('why a rotation is due, and a disabled token', () => {
  it('expiring within rotate.before, then expired; of unknown age; a disabled token needs a person (exit 1)', async () => {
    const make = async (vendor: Vendor, input: Parameters<AnyTokenProvider['create']>[0]): Promise<string> => {
      const created = await byHand[vendor].create(input)();
      if (E.isLeft(created)) throw new Error(created.left.message);
      return created.right.id;
    };
    const expiring = await make('kodexa', { name: 'expiring', expiresAt: new Date(T0 + 30 * DAY) });
    // DatoCMS gives no creation time: a token made by hand, which no journal knows, is of unknown age.
    const unknown = await make('datocms', { name: 'made by hand', extra: { roleId: sims.datocms.facts.roleId, canAccessCda: true } });
    const off = await make('softwareone', { name: 'off', extra: { accountId: sims.softwareone.facts.accountId } });
    await edit('softwareone', off, { status: 'disabled' });
    writeConfig([
      { provider: 'kodexa', name: 'expiring', expires: '30d', rotate: { every: '60d', before: '7d' } },
      { provider: 'datocms', name: 'made by hand', extra: { roleId: sims.datocms.facts.roleId, canAccessCda: true }, rotate: { every: '30d' } },
      { provider: 'softwareone', name: 'off' },
    ]);

    now = T0 + 24 * DAY;
    const planned = await run(['plan']);
    expect(planned.code).toBe(1);
    expect(planned.stdout).toMatch(new RegExp(`^rotate +kodexa +expiring +${expiring} +replace: expires 2030-01-31 00:00Z, within 1w; new token; the old one deleted once it is delivered; secret printed once \\(no sinks\\)$`, 'm'));
    expect(planned.stdout).toMatch(new RegExp(`^rotate +datocms +made by hand +${unknown} +replace: age unknown \\(no creation time at the vendor, nothing in the journal\\): rotating dates it; `, 'm'));
    expect(planned.stderr).toBe(`error: tokens[2] ("off" on softwareone): its only token is disabled (${off}); enable or delete it, tokenbridge leaves it alone\n`);
    expect(planned.stdout).toContain('Plan: 2 to rotate. 1 problem needs a person (on stderr).');

    now = T0 + 31 * DAY;
    expect((await run(['plan'])).stdout).toMatch(new RegExp(`^rotate +kodexa +expiring +${expiring} +replace: expired \\(or past its declared lifetime\\); `, 'm'));
  });
});

describe('a saved plan', () => {
  it('apply --plan applies it when nothing changed since', async () => {
    writeConfig([{ provider: 'kodexa', name: 'saved', expires: '30d', deliver: ['@app'] }]);
    const saved = await run(['plan', '--json']);
    expect(saved.code).toBe(5);
    fs.writeFileSync(path.join(dir, 'plan.json'), saved.stdout);
    const applied = await run(['apply', '--plan', 'plan.json', '--yes']);
    expect(applied).toMatchObject({ code: 0, stderr: '' });
    expect(await works('kodexa', dotenvValue('TOKEN'))).toBe(true);
    expect((await run(['plan'])).code).toBe(0);
    // The same plan again: the token it would create is there now.
    const again = await run(['apply', '--plan', 'plan.json', '--yes']);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/^kodexa "saved": token \S+ appeared since the plan$/m);
  });

  it('gone stale: apply --plan stops, says what changed, and writes nothing (exit 1; --json: one object on stderr)', async () => {
    const declared = declaredCase('kodexa', sims.kodexa.facts, now);
    writeConfig([{ provider: 'kodexa', name: 'stale', ...declared.entry, deliver: ['@app'] }]);
    expect((await run(['apply', '--yes'])).code).toBe(0);
    const [id] = liveNamed('kodexa', 'stale');
    now += 21 * DAY;
    const saved = await run(['plan', '--json']);
    expect((JSON.parse(saved.stdout) as Plan).actions).toEqual([expect.objectContaining({ kind: 'rotate', tokenId: id })]);
    fs.writeFileSync(path.join(dir, 'plan.json'), saved.stdout);
    await edit('kodexa', id ?? '', declaredCase('kodexa', sims.kodexa.facts, now).drift);
    const journal = fs.readFileSync(journalFile(), 'utf8');
    const before = writes('kodexa').length;

    const refused = await run(['apply', '--plan', 'plan.json', '--yes']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('error: the live state changed since the plan, so nothing was applied: kodexa "stale": changed (expiresAt, version); plan again\n');
    expect(refused.stderr).toMatch(new RegExp(`^kodexa "stale": token ${id} changed: expiresAt "[^"]+" → "${new Date(T0 + 21 * DAY + 5 * DAY).toISOString()}"; version "\\d+" → "\\d+"$`, 'm'));
    expect(refused.stderr).toContain('nothing was written; run plan again and review it');
    const json = await run(['apply', '--plan', 'plan.json', '--yes', '--json']);
    expect(json.code).toBe(1);
    expect(json.stdout).toBe('');
    expect(JSON.parse(json.stderr)).toMatchObject({ tag: 'Conflict', changes: [{ action: 0, kind: 'rotate', what: 'changed', tokenId: id }] });
    expect(writes('kodexa')).toHaveLength(before);
    expect(fs.readFileSync(journalFile(), 'utf8')).toBe(journal);
    expect(liveNamed('kodexa', 'stale')).toEqual([id]);
  });

  it('a file that is not a plan is a usage error', async () => {
    writeConfig([]);
    fs.writeFileSync(path.join(dir, 'text.json'), 'not json');
    fs.writeFileSync(path.join(dir, 'other.json'), JSON.stringify({ format: 'tokenbridge-plan', version: 99 }));
    for (const [file, message] of [
      ['missing.json', '--plan missing.json cannot be read (ENOENT)'],
      ['text.json', '--plan text.json is not JSON'],
      ['other.json', '--plan other.json: plan format version 99 is not the one this tokenbridge reads (1): plan again'],
    ]) {
      const result = await run(['apply', '--plan', file ?? '', '--yes']);
      expect(result.code).toBe(2);
      expect(result.stderr).toContain(message);
    }
  });
});

describe('confirmation and the journal lock', () => {
  it('asks on a terminal (no: nothing written, exit 0); without a terminal it needs --yes (exit 2, no request)', async () => {
    writeConfig([{ provider: 'kodexa', name: 'asked', expires: '30d', deliver: ['@app'] }]);
    const questions: string[] = [];
    const declined = await run(['apply'], {
      confirm: async (question) => {
        questions.push(question);
        return false;
      },
    });
    expect(declined.code).toBe(0);
    expect(questions).toEqual(['Apply 1 action? [y/N] ']);
    expect(declined.stderr).toBe('Not applied.\n');
    expect(writes('kodexa')).toEqual([]);

    const before = sims.kodexa.requests().length;
    const refused = await run(['apply']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('--yes is needed to apply when there is no terminal to confirm on');
    expect(sims.kodexa.requests()).toHaveLength(before);

    const accepted = await run(['apply'], { confirm: async () => true });
    expect(accepted.code).toBe(0);
    expect(liveNamed('kodexa', 'asked')).toHaveLength(1);
  });

  it('refuses to run while another process holds the journal, saying so; plan still reads', async () => {
    writeConfig([{ provider: 'kodexa', name: 'locked out', expires: '30d', deliver: ['@app'] }]);
    fs.mkdirSync(path.join(dir, '.tokenbridge'));
    fs.writeFileSync(`${journalFile()}.lock`, JSON.stringify({ pid: process.pid, host: os.hostname() }));
    expect((await run(['plan'])).code).toBe(5);
    const locked = await run(['apply', '--yes']);
    expect(locked.code).toBe(1);
    expect(locked.stderr).toContain(`error: JournalError: rotation journal: ${journalFile()} is in use by process ${process.pid}`);
    expect(locked.stderr).toContain('another tokenbridge apply, rotate or rotate --resume is using this journal; nothing was applied');
    expect(writes('kodexa')).toEqual([]);
    expect(fs.existsSync(path.join(dir, '.env'))).toBe(false);
  });
});

describe('a token without sinks', () => {
  it('its new secret is printed once by apply (--json: once, as secret), and nowhere else', async () => {
    writeConfig([{ provider: 'kodexa', name: 'handed over', expires: '30d' }]);
    const text = await run(['apply', '--yes']);
    expect(text.code).toBe(0);
    const secret = /^Secret of "handed over" on kodexa \(shown once, store it now\): (\S+)$/m.exec(text.stdout)?.[1];
    expect(await works('kodexa', secret)).toBe(true);
    expect(text.stdout.split(secret ?? '')).toHaveLength(2);
    expectNotIn(secret, fs.readFileSync(journalFile(), 'utf8'), (await run(['plan', '--json'])).stdout);

    writeConfig([{ provider: 'kodexa', name: 'handed over as json', expires: '30d' }]);
    const json = await run(['apply', '--yes', '--json']);
    const [action] = (JSON.parse(json.stdout) as { actions: Array<{ secret: string; delivered: string[] }> }).actions;
    expect(action).toMatchObject({ delivered: [] });
    expect(await works('kodexa', action?.secret)).toBe(true);
    expect(json.stdout.split(action?.secret ?? '')).toHaveLength(2);
  });
});

describe('mistakes in the declaration', () => {
  /** The mistakes on stderr: the lines after the first. */
  const lines = (result: CliRun): string[] => result.stderr.trim().split('\n').slice(1);

  it('every mistake of the file at once, each naming the file, the entry and the field, never a value; no request', async () => {
    const pasted = 'da70c0de5eed-pasted-secret-7f3a';
    writeConfig([
      { provider: 'kodexa', name: 'fine', expires: '30d' },
      'not an object',
      { name: 'no provider' },
      { provider: 'nowhere', name: 'unknown provider' },
      { provider: 'kodexa', name: 'typo', expire: '30d', token: pasted },
      { provider: 'kodexa', name: 'bad rotate', rotate: { every: 'monthly', strategy: 'sometimes' } },
      { provider: 'kodexa', name: 'bad sinks', deliver: ['@nope', 'dotnev:.env:K', 'dotenv:.env:K', 'dotenv:./.env:K'] },
      { provider: 'kodexa', name: 'fine' },
    ]);
    const file = configFile();
    const result = await run(['plan']);
    expect(result.code).toBe(2);
    expect(result.stderr.split('\n')[0]).toBe(`error: ${file}: the declared tokens have 11 mistakes; nothing was read or changed`);
    expect(lines(result)).toEqual([
      `${file}: tokens[1] expected an object`,
      `${file}: tokens[2] ("no provider") provider: expected a non-empty string, got nothing`,
      `${file}: tokens[3] ("unknown provider" on nowhere) provider: no provider is configured as "nowhere"; expected one of: ${VENDOR_IDS.join(', ')}`,
      `${file}: tokens[4] ("typo" on kodexa) expire: unknown field`,
      `${file}: tokens[4] ("typo" on kodexa) token: unknown field`,
      expect.stringContaining(`${file}: tokens[5] ("bad rotate" on kodexa) rotate.every: expected a duration`),
      expect.stringContaining(`${file}: tokens[5] ("bad rotate" on kodexa) rotate.strategy: expected 'replace', 'regenerate' or 'dual'`),
      `${file}: tokens[6] ("bad sinks" on kodexa) deliver[0]: names no sink of the config file; it names @app`,
      expect.stringContaining(`${file}: tokens[6] ("bad sinks" on kodexa) deliver[1]: is not a sink spec: unknown kind "dotnev"`),
      // The same file written two ways is one sink.
      `${file}: tokens[6] ("bad sinks" on kodexa) deliver[3]: is listed twice: each sink receives the secret once`,
      `${file}: tokens[7] ("fine" on kodexa) name: declares the same token as tokens[0] (one name per provider)`,
    ]);
    expect(result.stderr).not.toContain(pasted);
    expect(result.stderr).not.toContain('monthly');

    const json = await run(['plan', '--json']);
    expect(json.code).toBe(2);
    const body = JSON.parse(json.stderr) as { tag: string; file: string; issues: Array<{ path: string }>; hints: string[] };
    expect(body).toMatchObject({ tag: 'Validation', file, hints: lines(result) });
    expect(body.issues.map((i) => i.path)).toContain('tokens[5].rotate.every');
    expect(json.stderr).not.toContain(pasted);
    for (const vendor of VENDORS) expect(sims[vendor].requests()).toEqual([]);
  });

  it("what only each vendor's checks find: every one at once, before any request", async () => {
    writeConfig([
      { provider: 'kodexa', name: 'described', description: 'Kodexa tokens have none' },
      { provider: 'kodexa', name: 'regenerated', rotate: { every: '30d', strategy: 'regenerate' } },
      { provider: 'datocms', name: 'no role', extra: { canAccessCma: 'yes' } },
      { provider: 'softwareone', name: 'unknown attribute', extra: { colour: 'red' } },
    ]);
    const file = configFile();
    const result = await run(['apply', '--yes']);
    expect(result.code).toBe(2);
    expect(lines(result)).toEqual([
      expect.stringContaining(`${file}: tokens[0] ("described" on kodexa) description: kodexa does not support description`),
      expect.stringContaining(`${file}: tokens[1] ("regenerated" on kodexa) rotate.strategy: kodexa has no regenerate action`),
      expect.stringContaining(`${file}: tokens[2] ("no role" on datocms) extra.roleId: `),
      expect.stringContaining(`${file}: tokens[2] ("no role" on datocms) extra.canAccessCma: expected boolean`),
      expect.stringContaining(`${file}: tokens[3] ("unknown attribute" on softwareone) extra.colour: unknown field`),
    ]);
    for (const vendor of VENDORS) expect(sims[vendor].requests()).toEqual([]);
  });

  it.each([
    ['no config file', null, 'plan reads the tokens a config file declares, and there is none'],
    ['a config file without tokens', { providers: {} }, 'declares no tokens'],
    ['tokens that are not a list', { tokens: { kodexa: {} } }, 'tokenbridge.config.json: tokens: expected Array'],
    ['a prune that is not true or false', { providers: { kodexa: { vendor: 'kodexa', baseUrl: 'http://127.0.0.1:9', credential: { env: 'K' }, prune: 'yes' } }, tokens: [] }, 'providers.kodexa prune'],
  ])('%s is a usage error', async (_name, config, message) => {
    if (config !== null) fs.writeFileSync(configFile(), JSON.stringify(config));
    const result = await cli(['plan'], {}, { cwd: dir, now: () => now });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(message);
  });
});

describe("the README's config file", () => {
  const ROOT = path.join(__dirname, '..', '..', '..');
  const example = [...fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8').matchAll(/^```yaml\n([\s\S]*?)^```/gm)].map((m) => m[1] ?? '').find((code) => code.includes('\ntokens:')) ?? '';

  it('decodes as it is (no credential read), and plans on the simulators: every entry a create, each sink resolved against the file', async () => {
    fs.writeFileSync(path.join(dir, 'tokenbridge.config.yaml'), example);
    const shown = await cli(['providers', '--json'], {}, { cwd: dir });
    expect(shown.code).toBe(0);
    expect((JSON.parse(shown.stdout) as { items: Array<{ key: string; prune?: true }> }).items.map((p) => [p.key, p.prune ?? false])).toEqual([
      ['cf-account', false],
      ['dato-prod', false],
      ['kodexa', false],
      ['marketplace', true],
    ]);

    // The same file with each provider on its vendor's simulator.
    fs.rmSync(path.join(dir, 'tokenbridge.config.yaml'));
    const config = parseYaml(example) as { providers: Record<string, { vendor: Vendor; baseUrl?: string; credential: unknown }> };
    for (const entry of Object.values(config.providers)) Object.assign(entry, { baseUrl: sims[entry.vendor].url, credential: { env: credentialVariable(entry.vendor) } });
    fs.writeFileSync(configFile(), JSON.stringify(config));
    const planned = await run(['plan', '--json']);
    expect(planned.code).toBe(5);
    const plan = JSON.parse(planned.stdout) as Plan;
    expect(plan.providers.map((p) => [p.key, p.prune, p.error])).toEqual([
      ['kodexa', false, null],
      ['dato-prod', false, null],
      ['marketplace', true, null],
      ['cf-account', false, null],
    ]);
    expect(plan.actions.map((a) => [a.kind, a.providerKey, a.name, a.kind === 'create' ? a.deliver : []])).toEqual([
      ['create', 'kodexa', 'ci deploy', [`dotenv:${path.join(dir, '.env')}:KODEXA_TOKEN`, 'cmd:["gh","secret","set","KODEXA_TOKEN"]']],
      ['create', 'dato-prod', 'site build', [`json:${path.join(dir, 'config', 'secrets.json')}:datocms.cdaToken`]],
      ['create', 'marketplace', 'billing export', ['cmd:["vault","kv","put","secret/billing","token=-"]']],
      ['create', 'cf-account', 'dns reader', [`json:${path.join(dir, 'config', 'secrets.json')}:cloudflare.dnsToken`]],
    ]);
  });
});

describe('the bin, killed while applying', () => {
  it('plan shows the operation unfinished and apply refuses; rotate --resume finishes it; then nothing is left to do', async () => {
    // Its own simulator on the real clock: the command line runs in a child process, which has no other.
    const sim = await startSimulator('kodexa');
    try {
      const copy = path.join(dir, 'copy.txt');
      const flag = path.join(dir, 'crashed-once');
      // The second sink kills the tokenbridge process (its parent) the first time, after the first sink got the secret; then it delivers.
      const script = `const fs=require('fs');const s=fs.readFileSync(0,'utf8');if(process.env.CRASH_ONCE==='1'&&!fs.existsSync(process.argv[2])){fs.writeFileSync(process.argv[2],'');process.kill(process.ppid,'SIGKILL')}else fs.writeFileSync(process.argv[1],s)`;
      const killer = `cmd:${JSON.stringify([process.execPath, '-e', script, copy, flag])}`;
      const config = { providers: { kodexa: { vendor: 'kodexa', baseUrl: sim.url, credential: { env: 'KODEXA_CREDENTIAL' } } }, tokens: [{ provider: 'kodexa', name: 'crash apply', expires: '30d', deliver: ['dotenv:.env:K', killer] }] };
      fs.writeFileSync(configFile(), JSON.stringify(config));
      const realEnv = { KODEXA_CREDENTIAL: sim.credential };
      const real = (argv: readonly string[]): Promise<CliRun> => cli(argv, realEnv, { cwd: dir });

      const saved = await real(['plan', '--json']);
      expect(saved.code).toBe(5);
      fs.writeFileSync(path.join(dir, 'plan.json'), saved.stdout);

      const crashed = await spawnFromSources([CLI_MAIN, 'apply', '--yes'], { ...realEnv, CRASH_ONCE: '1' }, dir);
      expect(crashed.code).not.toBe(0);
      expect(fs.existsSync(flag)).toBe(true);
      const stale = dotenvValue('K');

      const interrupted = await real(['plan']);
      expect(interrupted.code).toBe(1);
      expect(interrupted.stderr).toMatch(/^error: tokens\[0\] \("crash apply" on kodexa\): an operation on it is unfinished in the journal \([0-9a-z]{13}\); `tokenbridge rotate --resume` finishes it first$/m);
      // Nothing else to do, so nothing is applied; the plan says what to run.
      const refused = await real(['apply', '--yes']);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toBe(interrupted.stderr);
      expect(refused.stdout).toContain('Nothing to apply.');
      // A plan saved before the crash is stale now.
      const outdated = await real(['apply', '--plan', 'plan.json', '--yes']);
      expect(outdated.code).toBe(1);
      expect(outdated.stderr).toMatch(/^kodexa "crash apply tb-[0-9a-z]{13}": operation [0-9a-z]{13} is unfinished in the journal; `tokenbridge rotate --resume` finishes it$/m);

      const resumed = await real(['rotate', '--resume', '--json']);
      expect(resumed.code).toBe(0);
      expect((JSON.parse(resumed.stdout) as { items: Array<{ outcome: string }> }).items.map((i) => i.outcome)).toEqual(['restarted']);
      expect(await real(['plan'])).toMatchObject({ code: 0, stderr: '' });
      // One live token of the name, in both sinks, working; the one the crash left was taken back.
      const live = sim.live().filter((t) => parseMarkedName(t.name).base === 'crash apply');
      expect(live).toHaveLength(1);
      const secret = dotenvValue('K');
      expect(secret).not.toBe(stale);
      expect(fs.readFileSync(copy, 'utf8')).toBe(secret);
      const checker = providerOf('kodexa', sim.url, sim.credential);
      try {
        const checked = await checker.rotation?.verifyCredential(new Secret(secret ?? ''))();
        expect(checked).toEqual(E.right({ status: 'verified' }));
      } finally {
        await checker.close();
      }
      expectNotIn(secret, crashed.stdout, crashed.stderr, interrupted.stdout, resumed.stdout, fs.readFileSync(journalFile(), 'utf8'));
    } finally {
      await sim.close();
    }
  });
});

describe('two applies at once', () => {
  it('while one runs in another process, a second is refused at once, saying so; the first finishes', async () => {
    const sim = await startSimulator('kodexa');
    try {
      const [started, go] = [path.join(dir, 'started'), path.join(dir, 'go')];
      // A sink that says it has the secret, then holds the first apply (and its journal lock) until the test lets it go.
      const script = `const fs=require('fs');fs.readFileSync(0);fs.writeFileSync(process.argv[1],'');const t=setInterval(()=>{if(fs.existsSync(process.argv[2]))clearInterval(t)},20)`;
      const holding = `cmd:${JSON.stringify([process.execPath, '-e', script, started, go])}`;
      const config = { providers: { kodexa: { vendor: 'kodexa', baseUrl: sim.url, credential: { env: 'KODEXA_CREDENTIAL' } } }, tokens: [{ provider: 'kodexa', name: 'held', expires: '30d', deliver: [holding] }] };
      fs.writeFileSync(configFile(), JSON.stringify(config));
      const realEnv = { KODEXA_CREDENTIAL: sim.credential };
      const saved = await cli(['plan', '--json'], realEnv, { cwd: dir });
      fs.writeFileSync(path.join(dir, 'plan.json'), saved.stdout);

      const first = spawnFromSources([CLI_MAIN, 'apply', '--plan', 'plan.json', '--yes'], realEnv, dir);
      await until(() => fs.existsSync(started));
      const second = await cli(['apply', '--plan', 'plan.json', '--yes'], realEnv, { cwd: dir });
      expect(second.code).toBe(1);
      expect(second.stderr).toMatch(new RegExp(`^error: JournalError: rotation journal: ${escape(journalFile())} is in use by process \\d+; if that process is gone, remove ${escape(journalFile())}\\.lock$`, 'm'));
      expect(second.stderr).toContain('another tokenbridge apply, rotate or rotate --resume is using this journal; nothing was applied: run apply again once it is done\n');
      expect(sim.creates()).toHaveLength(1);

      fs.writeFileSync(go, '');
      expect(await first).toMatchObject({ code: 0, stderr: '' });
      expect(await cli(['plan'], realEnv, { cwd: dir })).toMatchObject({ code: 0, stderr: '' });
      expect(sim.live().filter((t) => parseMarkedName(t.name).base === 'held')).toHaveLength(1);
    } finally {
      await sim.close();
    }
  });
});

/** Waits, without a deadline of its own (jest's guards the test), until `done()` holds. */
async function until(done: () => boolean): Promise<void> {
  while (!done()) await new Promise((resolve) => setTimeout(resolve, 20));
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
