import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as E from 'fp-ts/Either';
import { Secret, StalePlanError, createTokenManager, decodeDeclaration, fileJournal, parseMarkedName, rotationStates, sinkResolver, systemClock, type JournalEntry } from 'tokenbridge';
import { bundleChild, runChild } from './support/harness';
import { type Simulator, startSimulator } from './support/simulators';
import { type Vendor, declaredCase, providerOf } from './support/vendors';

/**
 * An apply killed (SIGKILL) part-way, in a child process, on each vendor's
 * simulator; then, in this process, `plan` shows the entry unfinished,
 * `apply` refuses, `resume()` finishes it, and a new plan has nothing left to
 * do: one live token per declared name, each sink holding its working secret,
 * the journal closed and free of secrets. One crash point per vendor keeps
 * the cost low; the rotation crash tests cover every step boundary.
 */

const T0 = Date.parse('2030-01-01T00:00:00Z');
const NAMES = ['crash one', 'crash two'];

/** Where each vendor's apply dies: after the vendor made the first token, after its first sink, or once the second token is planned. */
const CASES: ReadonlyArray<[Vendor, string]> = [
  ['kodexa', 'created'],
  ['softwareone', 'delivered#1'],
  ['datocms', 'planned#2'],
];

let bundle: string;
let dir: string;
beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'tb-apply-crash-'));
  bundle = await bundleChild(dir, 'apply-child.ts');
}, 60_000);
afterAll(() => fs.rm(dir, { recursive: true, force: true }));

describe.each(CASES)('%s, killed after %s', (vendor, point) => {
  let sim: Simulator;
  beforeAll(async () => {
    sim = await startSimulator(vendor, { now: () => T0 });
  });
  afterAll(() => sim.close());

  it('resume finishes the apply; then nothing is left to do', async () => {
    const caseDir = await fs.mkdtemp(path.join(dir, `${vendor}-`));
    const journalPath = path.join(caseDir, 'journal.jsonl');
    const sinks = (i: number) => [`dotenv:${path.join(caseDir, '.env')}:TOKEN_${i}`, `json:${path.join(caseDir, 'secrets.json')}:tokens.t${i}`];
    const { rotate: _rotate, ...fields } = declaredCase(vendor, sim.facts, T0).entry;
    const raw = { tokens: NAMES.map((name, i) => ({ provider: 'p', name, ...fields, deliver: sinks(i) })) };

    const crashed = await runChild(
      bundle,
      { TB_VENDOR: vendor, TB_URL: sim.url, TB_CREDENTIAL: sim.credential, TB_JOURNAL: journalPath, TB_NOW: String(T0), TB_DECLARATION: JSON.stringify(raw), TB_CRASH_AT: point },
      { crash: true },
    );
    expect({ killed: crashed.killed, stderr: crashed.stderr }).toEqual({ killed: true, stderr: '' });

    const clock = { ...systemClock, now: () => T0 };
    const provider = providerOf(vendor, sim.url, sim.credential, clock);
    const manager = createTokenManager({ providers: { p: provider }, journal: fileJournal({ path: journalPath }), resolveSink: sinkResolver(), now: clock.now });
    try {
      const decl = decodeDeclaration(raw);
      if (E.isLeft(decl)) throw decl.left;
      const interrupted = await manager.plan(decl.right);
      expect(interrupted.status).toBe('error');
      expect(interrupted.entries.map((e) => e.state)).toContain('unfinished');
      await expect(manager.apply(interrupted)).rejects.toBeInstanceOf(StalePlanError);

      const report = await manager.resume();
      expect(report.items.map((i) => i.outcome)).toEqual(['restarted']);
      // What the crash left undone is all that is left: the second token, when the crash came before it.
      const rest = await manager.plan(decl.right);
      expect(rest.status).toBe(point === 'planned#2' ? 'no-changes' : 'changes');
      if (rest.status === 'changes') expect((await manager.apply(rest)).status).toBe('applied');
      expect((await manager.plan(decl.right)).status).toBe('no-changes');

      const env = await fs.readFile(path.join(caseDir, '.env'), 'utf8');
      const json = JSON.parse(await fs.readFile(path.join(caseDir, 'secrets.json'), 'utf8')) as { tokens: Record<string, string> };
      const journal = await fs.readFile(journalPath, 'utf8');
      for (const [i, name] of NAMES.entries()) {
        expect(sim.live().filter((t) => parseMarkedName(t.name).base === name)).toHaveLength(1);
        const secret = new RegExp(`^TOKEN_${i}=(.*)$`, 'm').exec(env)?.[1] ?? '';
        expect(json.tokens[`t${i}`]).toBe(secret);
        expect(await provider.rotation?.verifyCredential(new Secret(secret))()).toEqual(E.right({ status: 'verified' }));
        expect(journal).not.toContain(secret);
      }
      const states = rotationStates(journal.trim().split('\n').map((line) => JSON.parse(line) as JournalEntry));
      expect(states.every((s) => !s.open)).toBe(true);
      // No duplicate create: at most one per journaled operation (none when it died before asking).
      for (const s of states) expect(sim.creates().filter((r) => JSON.stringify(r.body).includes(s.plan.name ?? '\u0000')).length).toBeLessThanOrEqual(1);
    } finally {
      await manager.close();
    }
  }, 30_000);
});
