import { spawn } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as E from 'fp-ts/Either';
import * as TE from 'fp-ts/TaskEither';
import { type JournalEntry, type ResumeReport, Secret, parseMarkedName, rotationStates } from '@tokenbridge/core';
import { bundleForNode } from '@tokenbridge/testing';
import { type Simulator, startSimulator } from './simulators';
import { type Vendor, providerOf, regenerates, tokenToRotate } from './vendors';

const HOUR = 3_600_000;

/**
 * Bundles a child script (default the rotation child) once per test file
 * (esbuild, which tsx already brings), so each child is a plain `node` start:
 * no TypeScript compiled at start-up. Returns the bundle's path.
 */
export function bundleChild(outDir: string, script = 'child.ts'): Promise<string> {
  return bundleForNode(path.join(__dirname, script), path.join(outDir, script.replace(/\.ts$/, '.js')));
}

/**
 * Runs the child to its end, or until it reports its crash point and is
 * killed. Each result it prints goes to `onResult`; the child waits for it
 * before going on (its next resume).
 */
export function runChild(
  bundle: string,
  env: Record<string, string>,
  options: { crash?: boolean; onResult?: (result: unknown) => Promise<void> } = {},
): Promise<{ stderr: string; killed: boolean; results: unknown[] }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bundle], { env: { PATH: process.env['PATH'] ?? '', ...env }, stdio: ['pipe', 'pipe', 'pipe'] });
    let buffer = '';
    let stderr = '';
    let killed = false;
    const results: unknown[] = [];
    let handling = Promise.resolve();
    child.stdin.on('error', () => undefined);
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      buffer += chunk;
      for (let nl = buffer.indexOf('\n'); nl >= 0; nl = buffer.indexOf('\n')) {
        const line = buffer.slice(0, nl);
        buffer = buffer.slice(nl + 1);
        if (line === 'CRASH-POINT' && options.crash && !killed) {
          killed = true;
          child.kill('SIGKILL');
        } else if (line.startsWith('RESULT ')) {
          const result = JSON.parse(line.slice('RESULT '.length)) as unknown;
          results.push(result);
          handling = handling.then(() => options.onResult?.(result)).then(() => void child.stdin.write('next\n'), (error: unknown) => {
            child.kill('SIGKILL');
            reject(error);
          });
        }
      }
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', () => void handling.then(() => resolve({ stderr, killed, results })));
  });
}

/**
 * The boundaries the child is killed at: the vendor answered the create but
 * the journal has not heard of it, then after each journal entry;
 * `grace`: the rotation had returned and was waiting out its grace period.
 * (Killed after `planned`, before any create, is covered in core's tests.)
 */
export const CRASH_POINTS = ['create-answered', 'created', 'verified', 'delivered#1', 'delivered#2', 'grace'] as const;

/**
 * The crash cases of one vendor: a rotation killed at each of
 * {@link CRASH_POINTS} and resumed. One test file per vendor, so jest runs
 * vendors in parallel.
 */
export function describeCrashes(vendor: Vendor): void {
  let bench: CrashBench;
  beforeAll(async () => {
    bench = await startBench(vendor);
  }, 60_000);
  afterAll(() => bench.close());

  it.each(CRASH_POINTS)('killed at %s, then resumed: one live replacement, working secret in every sink, old token revoked exactly when due', async (point) => {
    await crashAndResume(bench, point);
  }, 30_000);

  if (regenerates(vendor)) {
    it.each(REGENERATE_CRASH_POINTS)("strategy 'regenerate' killed at %s, then resumed: the same token, a working secret in every sink, no create", async (point) => {
      await crashAndResumeRegenerate(bench, point);
    }, 30_000);
  }
}

/**
 * Where a regenerate is killed: the vendor answered but the journal has not
 * heard of it, then after each journal entry up to the last sink.
 */
export const REGENERATE_CRASH_POINTS = ['regenerate-answered', 'created', 'verified', 'delivered#1', 'delivered#2'] as const;

/**
 * One regenerate crash case: the old secret is dead from the vendor's answer
 * on, so whatever the point, after `resume` every sink must hold one working
 * secret of the same token, the token's earlier secrets must be dead, and
 * nothing may have been created.
 */
export async function crashAndResumeRegenerate(bench: CrashBench, point: (typeof REGENERATE_CRASH_POINTS)[number]): Promise<void> {
  const { vendor, sim } = bench;
  const t0 = Date.now();
  const caseDir = await fs.mkdtemp(path.join(bench.dir, 'regenerate-'));
  const files = { TB_JOURNAL: path.join(caseDir, 'journal.jsonl'), TB_DOTENV: path.join(caseDir, '.env'), TB_CMD_OUT: path.join(caseDir, 'cmd-secret') };
  const parent = providerOf(vendor, sim.url, sim.credential);
  try {
    const created = await parent.create({ ...tokenToRotate(vendor, sim.facts, t0), name: `regenerate ${point.replace(/[^a-z0-9]/gi, ' ')}` })();
    if (E.isLeft(created)) throw new Error(`seeding failed: ${created.left.message}`);
    const old = created.right;
    const base = { ...files, TB_VENDOR: vendor, TB_URL: sim.url, TB_CREDENTIAL: sim.credential, TB_TOKEN_ID: old.id, TB_STRATEGY: 'regenerate', TB_NOW: String(t0) };
    const creates = sim.creates().length;
    const works = async (secret: string): Promise<boolean> => E.isRight(await (parent.rotation?.verifyCredential(new Secret(secret)) ?? TE.left(null))());

    const crashed = await runChild(bench.bundle, { ...base, TB_MODE: 'rotate', TB_CRASH_AT: point }, { crash: true });
    expect({ killed: crashed.killed, stderr: crashed.stderr }).toEqual({ killed: true, stderr: '' });
    expect(await works(old.secret?.reveal() ?? '')).toBe(false);
    // What the killed process may have delivered before dying.
    const before = await fs.readFile(files.TB_CMD_OUT, 'utf8').catch(() => undefined);

    const resumed = await runChild(bench.bundle, { ...base, TB_MODE: 'resume' });
    expect(resumed.stderr).toBe('');
    const report = resumed.results[0] as ResumeReport;
    expect(report.items.map((i) => i.outcome)).toEqual([point === 'delivered#2' ? 'finished' : 'restarted']);
    const inDotenv = dotenvValue(await fs.readFile(files.TB_DOTENV, 'utf8'));
    const inCommand = await fs.readFile(files.TB_CMD_OUT, 'utf8');
    expect(inDotenv).toBe(inCommand);
    expect(await works(inCommand)).toBe(true);
    if (before !== undefined && before !== inCommand) expect(await works(before)).toBe(false);
    // The same token, still the only one of its name; nothing created.
    expect(sim.live().filter((t) => t.id === old.id)).toHaveLength(1);
    expect(sim.creates()).toHaveLength(creates);

    const text = await fs.readFile(files.TB_JOURNAL, 'utf8');
    expect(text).not.toContain(inCommand);
    const entries = text.trim().split('\n').map((line) => JSON.parse(line) as JournalEntry);
    const states = rotationStates(entries);
    expect(states.every((s) => !s.open)).toBe(true);
    const last = states[states.length - 1];
    expect(entries.filter((e) => e.rotationId === last?.rotationId).map((e) => e.step)).toEqual(['planned', 'created', 'verified', 'delivered', 'delivered', 'done']);
  } finally {
    await parent.close();
  }
}

/** Everything a crash case needs, for one vendor. */
export interface CrashBench {
  readonly vendor: Vendor;
  readonly sim: Simulator;
  readonly bundle: string;
  readonly dir: string;
  close(): Promise<void>;
}

export async function startBench(vendor: Vendor): Promise<CrashBench> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), `tb-crash-${vendor}-`));
  const [sim, bundle] = await Promise.all([startSimulator(vendor), bundleChild(dir)]);
  return {
    vendor,
    sim,
    bundle,
    dir,
    close: async () => {
      await sim.close();
      await fs.rm(dir, { recursive: true, force: true });
    },
  };
}

function dotenvValue(text: string): string | undefined {
  return /^TOKEN=(.*)$/m.exec(text)?.[1];
}

/**
 * One crash case: create a token, rotate it in a child killed at `point`,
 * resume in a new child, check, then resume at the grace period's end (one
 * millisecond before it, then at it) and check again.
 */
export async function crashAndResume(bench: CrashBench, point: (typeof CRASH_POINTS)[number]): Promise<void> {
  const { vendor, sim } = bench;
  const t0 = Date.now();
  const caseDir = await fs.mkdtemp(path.join(bench.dir, 'case-'));
  const files = { TB_JOURNAL: path.join(caseDir, 'journal.jsonl'), TB_DOTENV: path.join(caseDir, '.env'), TB_CMD_OUT: path.join(caseDir, 'cmd-secret') };
  const parent = providerOf(vendor, sim.url, sim.credential);
  try {
    const name = `crash ${point.replace(/[^a-z0-9]/gi, ' ')}`;
    const created = await parent.create({ ...tokenToRotate(vendor, sim.facts, t0), name })();
    if (E.isLeft(created)) throw new Error(`seeding failed: ${created.left.message}`);
    const old = created.right;
    const secrets = [old.secret?.reveal() ?? ''];
    const base = { ...files, TB_VENDOR: vendor, TB_URL: sim.url, TB_CREDENTIAL: sim.credential, TB_TOKEN_ID: old.id };
    const replacements = () => sim.live().filter((t) => parseMarkedName(t.name).base === name && parseMarkedName(t.name).rotationId !== undefined);
    const isLive = (id: string) => sim.live().some((t) => t.id === id);

    const crashed = await runChild(bench.bundle, { ...base, TB_MODE: 'rotate', TB_NOW: String(t0), TB_CRASH_AT: point }, { crash: true });
    expect({ killed: crashed.killed, stderr: crashed.stderr }).toEqual({ killed: true, stderr: '' });

    // One new process resumes three times: right after the crash, a millisecond before the grace period ends, and as it ends.
    const due = t0 + 24 * HOUR;
    const delivered = point === 'delivered#2' || point === 'grace';
    const checks = [
      async (report: ResumeReport): Promise<void> => {
        expect(report.items.map((i) => i.outcome)).toEqual([delivered ? 'waiting' : 'restarted']);
        // Exactly one live replacement; both sinks hold its secret, and it works.
        expect(replacements()).toHaveLength(1);
        const inDotenv = dotenvValue(await fs.readFile(files.TB_DOTENV, 'utf8'));
        const inCommand = await fs.readFile(files.TB_CMD_OUT, 'utf8');
        expect(inDotenv).toBeDefined();
        expect(inCommand).toBe(inDotenv);
        secrets.push(inCommand);
        expect(inCommand).not.toBe(old.secret?.reveal());
        expect(await parent.rotation?.verifyCredential(new Secret(inCommand))()).toEqual(E.right({ status: 'verified' }));
        // The old token lives on through its grace period.
        expect(isLive(old.id)).toBe(true);
      },
      async (report: ResumeReport): Promise<void> => {
        expect(report.items.map((i) => i.outcome)).toEqual(['waiting']);
        expect(isLive(old.id)).toBe(true);
      },
      async (report: ResumeReport): Promise<void> => {
        expect(report.items).toEqual([expect.objectContaining({ outcome: 'finished', revokedId: old.id })]);
        expect(isLive(old.id)).toBe(false);
        expect(replacements()).toHaveLength(1);
      },
    ];
    const resumed = await runChild(bench.bundle, { ...base, TB_MODE: 'resume', TB_NOW: `${t0},${due - 1},${due}` }, { onResult: (r) => (checks.shift() as (r: ResumeReport) => Promise<void>)(r as ResumeReport) });
    expect(resumed.stderr).toBe('');
    expect(resumed.results).toHaveLength(3);

    // The journal: every rotation closed, the last one complete, and never a secret in it.
    const text = await fs.readFile(files.TB_JOURNAL, 'utf8');
    for (const secret of secrets) expect(text).not.toContain(secret);
    const entries = text.trim().split('\n').map((line) => JSON.parse(line) as JournalEntry);
    const states = rotationStates(entries);
    expect(states.every((s) => !s.open)).toBe(true);
    const last = states[states.length - 1];
    expect(entries.filter((e) => e.rotationId === last?.rotationId).map((e) => e.step)).toEqual(['planned', 'created', 'verified', 'delivered', 'delivered', 'grace', 'revoked', 'done']);
    expect(states.length).toBe(delivered ? 1 : 2);
    // No duplicate create: one per rotation.
    for (const s of states) {
      const asked = sim.creates().filter((r) => JSON.stringify(r.body).includes(s.plan.name ?? '\u0000')).length;
      expect(asked).toBe(1);
    }
  } finally {
    await parent.close();
  }
}
