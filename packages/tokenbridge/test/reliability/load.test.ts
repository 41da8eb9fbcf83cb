import * as E from 'fp-ts/Either';
import type { TaskEither } from 'fp-ts/TaskEither';
import { type Token, type TokenError, type TokenErrorTag, isTokenError } from 'tokenbridge';
import type { FaultKind, FaultPhase } from '@tokenbridge/testing';
import { KeyedLock } from './support/keyed-lock';
import { LOAD_SPECS, type LoadSpec, type Modeled } from './support/load-model';
import { type Prng, prng } from './support/prng';
import { LeakSweep } from './support/sentinels';
import { VENDORS, type VendorName, type VendorUnderTest, startVendor } from './support/vendors';

/**
 * Load: mixed operations at concurrency 64 across the three simulators, with
 * random faults on 5% of them, from a seeded random source: 2,000 in
 * `npm test`, 10,000 in `npm run test:load` (`LOAD_OPERATIONS` sets any
 * other number).
 * The test keeps a model of what each vendor should hold; failed writes are
 * reconciled the way a caller would (list by name before creating again,
 * repeat an update or delete until it lands). At the end each store must
 * equal the model: no lost update, no duplicate create; and every failure on
 * the way must have been a typed, expected error.
 */

const SEED = 20_251_123;
const OPERATIONS = operationsToRun(process.env['LOAD_OPERATIONS'], 2_000);
const CONCURRENCY = 64;
const FAULT_RATE = 0.05;
const SEEDED_PER_VENDOR = 40;
const PREFIX = 'load-';
/** How many times a caller repeats a write before the test calls it stuck. */
const PERSISTENCE = 10;

type Kind = 'create' | 'get' | 'update' | 'delete' | 'list' | 'regenerate';
const KINDS: ReadonlyArray<readonly [Kind, number]> = [
  ['create', 15],
  ['get', 20],
  ['update', 35],
  ['delete', 10],
  ['list', 15],
  ['regenerate', 5],
];

const FAULTS: ReadonlyArray<FaultKind & { readonly phase: FaultPhase }> = [
  { phase: 'before', kind: 'status', status: 503 },
  { phase: 'after', kind: 'status', status: 500 },
  { phase: 'before', kind: 'status', status: 429, headers: { 'retry-after': '0' } },
  { phase: 'before', kind: 'reset' },
  { phase: 'after', kind: 'reset' },
  { phase: 'before', kind: 'html', status: 502 },
  { phase: 'after', kind: 'malformed-json' },
  { phase: 'after', kind: 'truncated' },
];

/** Failures the faults above may cause; anything else (NotFound, Validation…) is a bug. */
const EXPECTED_TAGS: ReadonlySet<TokenErrorTag> = new Set(['Server', 'Network', 'RateLimited', 'Decode', 'Conflict']);

interface VendorRun {
  readonly v: VendorUnderTest;
  readonly spec: LoadSpec;
  readonly model: Map<string, Modeled>;
  readonly letter: string;
}

interface Tally {
  readonly failures: Map<string, number>;
  readonly problems: string[];
  /** How often each fault of {@link FAULTS} and each operation ran, so a smaller run still shows it met them all. */
  readonly struck: Map<string, number>;
  readonly ran: Map<string, number>;
  faults: number;
  reconciled: number;
}

function pickKind(rng: Prng): Kind {
  let roll = rng.int(100);
  for (const [kind, weight] of KINDS) {
    if (roll < weight) return kind;
    roll -= weight;
  }
  return 'get';
}

it(`${OPERATIONS} mixed operations at concurrency ${CONCURRENCY} with ${FAULT_RATE * 100}% faults: no lost update, no duplicate create, every failure typed`, async () => {
  const rng = prng(SEED);
  const sweep = new LeakSweep();
  const lock = new KeyedLock();
  const tally: Tally = { failures: new Map(), problems: [], struck: new Map(), ran: new Map(), faults: 0, reconciled: 0 };
  const count = (counts: Map<string, number>, key: string): void => void counts.set(key, (counts.get(key) ?? 0) + 1);
  const runs = {} as Record<VendorName, VendorRun>;
  for (const vendor of VENDORS) {
    const v = await startVendor(vendor, {
      transport: { retry: { retries: 3, baseMs: 1, capMs: 5 }, limiter: { maxConcurrent: 24, maxPerInterval: 1_000_000, intervalMs: 1000 }, random: prng(SEED + 1).next },
    });
    const model = new Map<string, Modeled>();
    for (let i = 0; i < SEEDED_PER_VENDOR; i++) {
      const id = v.seed(`${PREFIX}${vendor[0]}-seed-${i}`);
      model.set(id, LOAD_SPECS[vendor].modeled(v.stored(id) ?? fail(`seeded ${id} is missing`)));
    }
    runs[vendor] = { v, spec: LOAD_SPECS[vendor], model, letter: vendor[0] ?? '?' };
  }

  /** Runs a task, checking a failure is typed and expected, and counting it. */
  async function attempt<A>(run: VendorRun, kind: string, task: TaskEither<TokenError, A>): Promise<E.Either<TokenError, A>> {
    let result: E.Either<TokenError, A>;
    try {
      result = await task();
    } catch (error) {
      tally.problems.push(`${run.v.vendor} ${kind} threw instead of returning an error: ${String(error)}`);
      return E.left({ _tag: 'Network', provider: run.v.vendor, operation: 'get', message: 'threw', retryable: false });
    }
    if (E.isLeft(result)) {
      const error = result.left;
      sweep.record(error);
      const key = `${run.v.vendor} ${kind} ${error._tag}`;
      tally.failures.set(key, (tally.failures.get(key) ?? 0) + 1);
      if (!isTokenError(error) || !EXPECTED_TAGS.has(error._tag)) tally.problems.push(`${key}: ${error.message}`);
    }
    return result;
  }

  function maybeFault(run: VendorRun, opRng: Prng, method: string, path: string): void {
    if (!opRng.chance(FAULT_RATE)) return;
    tally.faults += 1;
    const fault = opRng.pick(FAULTS);
    count(tally.struck, `${fault.kind} ${'status' in fault ? fault.status : ''} ${fault.phase}`);
    run.v.faults.add({ ...fault, method, path });
  }

  /** Repeats `write` until it lands (or `done` says the failure means it already had). */
  async function persist<A>(run: VendorRun, kind: string, write: () => TaskEither<TokenError, A>, done: (error: TokenError) => boolean = () => false): Promise<E.Either<TokenError, A>> {
    let result = await attempt(run, kind, write());
    for (let i = 1; i < PERSISTENCE && E.isLeft(result) && !done(result.left); i++) {
      tally.reconciled += 1;
      result = await attempt(run, `${kind} (again)`, write());
    }
    return result;
  }

  /** A create that failed may have happened: list by name, adopt what is there, create again only when nothing is. */
  async function create(run: VendorRun, opRng: Prng, index: number): Promise<void> {
    const name = `${PREFIX}${run.letter}-${index}`;
    const { input, state } = run.spec.createInput(run.v, name, opRng);
    maybeFault(run, opRng, 'POST', run.v.paths.collection);
    let result = await attempt(run, 'create', run.v.provider.create(input));
    for (let i = 0; E.isLeft(result) && i < PERSISTENCE; i++) {
      tally.reconciled += 1;
      const listed = await attempt(run, 'list (reconcile)', run.v.provider.list({ nameContains: name }));
      if (E.isLeft(listed)) continue;
      const found = listed.right.items.filter((t) => t.name === name);
      if (found.length > 1) tally.problems.push(`${name} was created ${found.length} times`);
      result = found[0] ? E.right(found[0]) : await attempt(run, 'create (again)', run.v.provider.create(input));
    }
    if (E.isLeft(result)) return void tally.problems.push(`${name}: create never landed`);
    run.model.set(result.right.id, { ...state, ...(run.v.vendor === 'datocms' ? { secret: result.right.secret?.reveal() } : {}) });
  }

  async function onToken(run: VendorRun, kind: Kind, opRng: Prng, index: number): Promise<void> {
    const ids = [...run.model.keys()];
    if (ids.length === 0) return;
    const id = opRng.pick(ids);
    const update = kind === 'update' ? run.spec.update(opRng, `${PREFIX}${run.letter}-${index}-renamed`) : undefined;
    const lanes = (update?.lanes ?? run.spec.lanes).map((lane) => `${run.v.vendor}:${id}:${lane}`);
    await lock.run(lanes, async () => {
      const current = run.model.get(id);
      if (current === undefined) return; // deleted while this operation waited
      const item = run.v.paths.item(id);
      switch (kind) {
        case 'get': {
          maybeFault(run, opRng, 'GET', item);
          const read = await attempt(run, 'get', run.v.provider.get(id));
          // Every lane is held: the read must show exactly the model.
          if (E.isRight(read) && !sameState(run.spec.fromToken(read.right), current)) tally.problems.push(`${run.v.vendor} ${id}: read ${shown(run.spec.fromToken(read.right))}, expected ${shown(current)}`);
          return;
        }
        case 'update': {
          if (update === undefined) return;
          maybeFault(run, opRng, 'PUT', item);
          const result = await persist(run, 'update', () => run.v.provider.update(id, update.patch));
          if (E.isLeft(result)) return void tally.problems.push(`${run.v.vendor} ${id}: update never landed`);
          // Another lane may have moved other fields meanwhile: only this lane's fields are settled.
          run.model.set(id, update.next(run.model.get(id) ?? current));
          return;
        }
        case 'delete': {
          maybeFault(run, opRng, 'DELETE', item);
          const result = await persist(run, 'delete', () => run.v.provider.delete(id), (e) => e._tag === 'NotFound');
          if (E.isLeft(result) && result.left._tag !== 'NotFound') return void tally.problems.push(`${run.v.vendor} ${id}: delete never landed`);
          run.model.delete(id);
          return;
        }
        case 'regenerate': {
          const path = run.v.paths.regenerate?.(id);
          if (path === undefined) return;
          maybeFault(run, opRng, run.v.paths.regenerateMethod ?? 'POST', path);
          const result = await attempt(run, 'regenerate', run.v.provider.regenerate(id));
          // Where reads carry the secret, a failed regenerate (which may have happened) is followed by a read to learn it.
          if (run.v.provider.capabilities.secretOnRead === 'never') return;
          const secret = E.isRight(result) ? E.right(result.right) : await persist(run, 'get (reconcile)', () => run.v.provider.get(id));
          if (E.isLeft(secret)) return void tally.problems.push(`${run.v.vendor} ${id}: could not learn the secret after a regenerate`);
          run.model.set(id, { ...current, secret: secret.right.secret?.reveal() });
          return;
        }
        default:
          return;
      }
    });
  }

  async function execute(index: number, opRng: Prng): Promise<void> {
    const run = runs[opRng.pick(VENDORS)];
    let kind = pickKind(opRng);
    if (kind === 'regenerate' && !run.v.provider.capabilities.operations.includes('regenerate')) kind = 'update';
    count(tally.ran, `${run.v.vendor} ${kind}`);
    if (kind === 'create') return create(run, opRng, index);
    if (kind === 'list') {
      maybeFault(run, opRng, 'GET', run.v.paths.collection);
      const page = await attempt(run, 'list', run.v.provider.list({ pageSize: 20, ...(opRng.chance(0.5) ? { nameContains: `${PREFIX}${run.letter}-${opRng.int(10)}` } : {}) }));
      if (E.isRight(page) && !page.right.items.every((t: Token<object>) => t.provider === run.v.vendor)) tally.problems.push(`${run.v.vendor}: a listed item is not one of its tokens`);
      return;
    }
    return onToken(run, kind, opRng, index);
  }

  const seeds = Array.from({ length: OPERATIONS }, () => rng.int(2 ** 31));
  let next = 0;
  try {
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        for (let index = next++; index < OPERATIONS; index = next++) await execute(index, prng(seeds[index] ?? index));
      }),
    );

    expect(tally.problems).toEqual([]);
    for (const vendor of VENDORS) {
      const { v, spec, model } = runs[vendor];
      v.faults.clear();
      // The store equals the model: every modeled token with the modeled fields, and nothing else named load-….
      const held = new Map(v.liveIds().flatMap((id) => {
        const stored = v.stored(id);
        return stored && stored.name.startsWith(PREFIX) ? [[id, spec.modeled(stored)] as const] : [];
      }));
      expect(new Map([...held].sort())).toEqual(new Map([...model].sort()));
      const names = [...held.values()].map((s) => s.name);
      expect(new Set(names).size).toBe(names.length);
    }
    expect(tally.faults).toBeGreaterThan(OPERATIONS * FAULT_RATE * 0.8);
    // Every fault struck and every vendor ran every operation it has, however small the run.
    expect(tally.struck.size).toBe(FAULTS.length);
    expect([...tally.ran.keys()].sort()).toEqual(VENDORS.flatMap((vendor) => KINDS.filter(([kind]) => kind !== 'regenerate' || runs[vendor].v.provider.capabilities.operations.includes('regenerate')).map(([kind]) => `${vendor} ${kind}`)).sort());
    expect(tally.reconciled).toBeGreaterThan(0);
    expect(sweep.leaks()).toEqual([]);
    // A record of the run, for whoever reads the log of a failing one.
    process.stdout.write(`load: ${OPERATIONS} operations, ${tally.faults} faults, ${tally.reconciled} reconciliations, failures ${JSON.stringify(Object.fromEntries(tally.failures))}\n`);
  } finally {
    await Promise.all(VENDORS.map((vendor) => runs[vendor].v.close()));
  }
  // A guard against a hang, sized for a loaded machine (idle: 2,000 take about 4 s, 10,000 about 20 s).
}, Math.max(120_000, OPERATIONS * 60));

/** The operations to run: `LOAD_OPERATIONS` when set (a positive integer), else `fallback`. */
function operationsToRun(setting: string | undefined, fallback: number): number {
  if (setting === undefined || setting === '') return fallback;
  const value = Number(setting);
  if (!Number.isInteger(value) || value <= 0) throw new Error(`LOAD_OPERATIONS must be a positive integer, got ${JSON.stringify(setting)}`);
  return value;
}

/** A modeled state for a problem report: whether it holds a secret, never its value (test output is swept too). */
function shown(state: Modeled): string {
  return JSON.stringify({ ...state, ...(state.secret !== undefined ? { secret: '(a secret)' } : {}) });
}

function sameState(read: Modeled, model: Modeled): boolean {
  return JSON.stringify(Object.entries(read).sort()) === JSON.stringify(Object.entries(model).sort());
}

function fail(message: string): never {
  throw new Error(message);
}
