import * as E from 'fp-ts/Either';
import { type TokenError, type TokenErrorTag, type TransportOptions, isTokenError } from 'tokenbridge';
import type { FaultKind, FaultPhase } from '@tokenbridge/testing';
import { startCaptureServer, type CaptureServer } from './capture-server';
import { CREATED_NAME, RENAMED, type OperationCase, operationsOf } from './operations';
import type { LeakSweep } from './sentinels';
import { type ManualTimers, RETRIES, VENDORS, type VendorName, type VendorUnderTest, startVendor } from './vendors';

/** How a fault shows to the client, which decides what the matrix expects. */
export type FaultBehaviour =
  /** A 429: waited out and retried whatever the method (the vendor did not act); `RateLimited` once the budget is spent. */
  | 'rate-limited'
  /** 5xx or a broken connection: retried for idempotent requests only; a create may have happened. */
  | 'retryable'
  /** The answer comes after the deadline: `Timeout`, never retried. */
  | 'timeout'
  /** The body comes slower than the deadline: `Timeout`, unless the answer has no body to wait for. */
  | 'slow-body'
  /** A 2xx answer that is not JSON: `Decode`, never retried; an ignored body (delete) is no failure, and Kodexa reads a PUT's result back. */
  | 'not-json'
  /** A 2xx JSON answer of the wrong shape: `Decode`, never retried; an ignored body (delete) is no failure. */
  | 'wrong-shape'
  /** A 3xx to another origin: `Network`/`REDIRECT`, not followed (SoftwareOne's documented list redirect is, without the credential). */
  | 'redirect'
  /** A 2xx answer larger than `maxResponseBytes`: `Decode`, never retried, whatever the operation. */
  | 'too-large'
  /** The caller aborts while the request is at the vendor: `Cancelled`, never retried. */
  | 'cancelled';

/** What a row's fault may depend on. */
export interface FaultContext {
  /** The capture server's URL: another origin, where redirects point. */
  readonly redirectTo: string;
  /** The provider's clock now (for HTTP-date headers). */
  readonly now: number;
}

/** One row of the matrix: a fault, when it strikes, and how it shows. */
export interface MatrixFault {
  readonly label: string;
  readonly phase: FaultPhase;
  readonly behaviour: FaultBehaviour;
  readonly tag: TokenErrorTag;
  fault(ctx: FaultContext): FaultKind;
  /** Transport settings the row needs (a short deadline). */
  readonly transport?: Partial<TransportOptions>;
  /** For a 429: the range every wait before a retry must fall in (the vendor's Retry-After, not a backoff). */
  readonly waitMs?: readonly [min: number, max: number];
  /** The vendor's and the provider's clock stand at a whole second, moving only by what is slept: a wait computed from a date is then exact. */
  readonly frozenClock?: boolean;
}

/** Where a {@link MatrixFault.frozenClock} stands: a whole second. */
const FROZEN_AT = Date.parse('2025-01-15T10:00:00Z');

/** Whether a fault strikes every attempt the client makes (`all`) or only the first (`once`). */
export type Strikes = 'all' | 'once';

/** What the matrix expects of one operation under one fault. */
interface Expected {
  /** The error tag, or `'ok'` when the fault must not make the operation fail. */
  readonly outcome: TokenErrorTag | 'ok';
  /** How many times the faulted request is sent. */
  readonly attempts: number;
  readonly outcomeUnknown: boolean;
}

const ok = (attempts: number): Expected => ({ outcome: 'ok', attempts, outcomeUnknown: false });

/** The expectation for `op` of `vendor` under `row`, striking `strikes`. */
function expectedOutcome(row: MatrixFault, vendor: VendorName, op: OperationCase, strikes: Strikes): Expected {
  const fails = (attempts: number): Expected => ({ outcome: row.tag, attempts, outcomeUnknown: !op.idempotent });
  switch (row.behaviour) {
    case 'rate-limited':
      return strikes === 'once' ? ok(2) : { outcome: row.tag, attempts: RETRIES + 1, outcomeUnknown: false };
    case 'retryable':
      if (!op.idempotent) return fails(1);
      return strikes === 'once' ? ok(2) : fails(RETRIES + 1);
    case 'timeout':
      return fails(1);
    case 'slow-body':
      // Kodexa answers a delete with an empty 200 and SoftwareOne with a 204: nothing to trickle (DatoCMS and Cloudflare send the token or its id).
      return op.operation === 'delete' && (vendor === 'kodexa' || vendor === 'softwareone') ? ok(1) : fails(1);
    case 'not-json':
      // Kodexa reads the token back after a PUT answered 2xx without JSON (its README: the SDK does the same).
      return op.operation === 'delete' || (vendor === 'kodexa' && op.operation === 'update') ? ok(1) : fails(1);
    case 'wrong-shape':
      return op.operation === 'delete' ? ok(1) : fails(1);
    case 'redirect':
      return vendor === 'softwareone' && op.operation === 'list' ? ok(1) : fails(1);
    case 'too-large':
    case 'cancelled':
      return fails(1);
  }
}

/** The deadline of rows whose fault outlasts it; the test lets it pass once the vendor holds the request (see {@link deadlinePassesWhileHeld}). */
const DEADLINE_MS = 250;
const DEADLINE: Partial<TransportOptions> = { timeoutMs: DEADLINE_MS };

/** Rows whose fault holds the answer (past the deadline, or until the caller gives up): their time runs on manual timers. */
const outlastsDeadline = (row: MatrixFault): boolean => row.behaviour === 'timeout' || row.behaviour === 'slow-body' || row.behaviour === 'cancelled';

/**
 * Lets the deadline pass as soon as the vendor holds the request (a delay
 * fault waiting, or a body trickling), by firing the providers' timers; an
 * answer the vendor does not hold (a delete with no body to trickle) comes
 * back on its own. No real time passes either way.
 */
async function deadlinePassesWhileHeld<A>(pending: Promise<A>, timers: ManualTimers): Promise<A> {
  if (await heldByVendor(pending, timers)) timers.deadline.advance(DEADLINE_MS);
  return pending;
}

/** Whether the vendor holds the request (a fault's timer is set) before `pending` settles on its own. */
function heldByVendor(pending: Promise<unknown>, timers: ManualTimers | undefined): Promise<boolean> {
  if (!timers) throw new Error('a row that holds the answer runs on manual timers');
  return Promise.race([timers.simulator.timersSet(1).then(() => true), pending.then(() => false)]);
}

/**
 * Declares one test per vendor × supported operation × row: the fault strikes
 * the operation's request (every attempt, or only the first), and the test
 * checks the outcome, how often the request went out, `outcomeUnknown`, and
 * the vendor's state: a failure before the vendor acted leaves it unchanged;
 * a write that happened happened exactly once, and the caller's next step
 * (list by name, the same update again) reconciles. Everything produced goes
 * to `sweep`.
 */
export function describeFaultMatrix(rows: readonly MatrixFault[], sweep: LeakSweep, strikes: Strikes): void {
  let capture: CaptureServer;
  beforeAll(async () => {
    capture = await startCaptureServer();
  });
  afterAll(async () => {
    sweep.record(capture.received);
    await capture.close();
  });

  describe.each(VENDORS)('%s', (vendor) => {
    describe.each(operationsOf(vendor).map((op) => [op.operation, op] as const))('%s', (_name, op) => {
      it.each(rows.map((row) => [`${row.label} (${row.phase})`, row] as const))('%s', async (_label, row) => {
        const v = await startVendor(vendor, {
          ...(row.transport ? { transport: row.transport } : {}),
          ...(row.frozenClock ? { clockFrozenAt: FROZEN_AT } : {}),
          manualTimers: outlastsDeadline(row),
        });
        try {
          await checkCase(v, op, row);
        } finally {
          sweep.record(v.events);
          sweep.addSecrets(v.secrets());
          await v.close();
        }
      });
    });
  });

  async function checkCase(v: VendorUnderTest, op: OperationCase, row: MatrixFault): Promise<void> {
    const id = v.seed('matrix target');
    const before = { snapshot: v.snapshot(), secret: v.stored(id)?.secret };
    const target = op.target(v, id);
    v.requests.clear();
    const fault = row.fault({ redirectTo: `${capture.url}/elsewhere`, now: v.clock.now() });
    v.faults.add({ ...fault, ...target, phase: row.phase, times: strikes === 'once' ? 1 : RETRIES + 1 });
    const capturedBefore = capture.received.length;

    const result = await runWatched(v, op, id, row);
    sweep.record(result);
    const expected = expectedOutcome(row, v.vendor, op, strikes);

    if (expected.outcome === 'ok') expect(result).toMatchObject({ _tag: 'Right' });
    else {
      expect(E.isLeft(result) && isTokenError(result.left)).toBe(true);
      const error = (result as E.Left<TokenError>).left;
      expect(error._tag).toBe(expected.outcome);
      expect(error.outcomeUnknown === true).toBe(expected.outcomeUnknown);
      // The one outcome rule: a write that may have happened is never an invitation to repeat it.
      if (expected.outcomeUnknown) expect(error.retryable).toBe(false);
      if (row.behaviour === 'rate-limited') expect(error).toMatchObject({ retryAfterMs: row.waitMs?.[0], retryable: true });
      if (row.behaviour === 'redirect') expect(error).toMatchObject({ code: 'REDIRECT', retryable: false });
    }
    expect(v.requests.filter(target)).toHaveLength(expected.attempts);
    if (row.waitMs) {
      const [min, max] = row.waitMs;
      expect(v.clock.sleeps).toHaveLength(expected.outcome === 'ok' ? 1 : RETRIES);
      for (const ms of v.clock.sleeps) expect(ms >= min && ms <= max).toBe(true);
    }
    // No credential follows a redirect to another origin.
    for (const request of capture.received.slice(capturedBefore)) expect(JSON.stringify(request.headers)).not.toContain(v.credential);

    v.faults.clear();
    if (!op.writes) expect(v.snapshot()).toBe(before.snapshot);
    else if (expected.outcome === 'ok') expectWritten(v, op, id, before.secret);
    else if (row.phase === 'before') expect(v.snapshot()).toBe(before.snapshot);
    else await expectReconcilable(v, op, id, before.secret);
  }

  /**
   * Runs the operation. Where the vendor holds the answer, the deadline passes
   * (see {@link deadlinePassesWhileHeld}), or for a `cancelled` row the caller
   * aborts, once the vendor holds the request.
   */
  async function runWatched(v: VendorUnderTest, op: OperationCase, id: string, row: MatrixFault) {
    if (row.behaviour !== 'cancelled') {
      const pending = op.run(v.provider, v, id)();
      return v.timers ? deadlinePassesWhileHeld(pending, v.timers) : pending;
    }
    const controller = new AbortController();
    const pending = op.run(v.provider, v, id, { signal: controller.signal })();
    if (await heldByVendor(pending, v.timers)) controller.abort();
    return pending;
  }

  /** The write happened, exactly once. */
  function expectWritten(v: VendorUnderTest, op: OperationCase, id: string, secretBefore: string | undefined): void {
    switch (op.operation) {
      case 'create':
        expect(v.idsNamed(CREATED_NAME)).toHaveLength(1);
        return;
      case 'update':
        expect(v.stored(id)?.name).toBe(RENAMED);
        return;
      case 'delete':
        expect(v.stored(id)).toBeUndefined();
        return;
      case 'regenerate':
        expect(v.stored(id)?.secret).not.toBe(secretBefore);
        return;
      default:
        throw new Error(`${op.operation} writes nothing`);
    }
  }

  /** After an `after` fault the write happened; the caller's next step must find it so. */
  async function expectReconcilable(v: VendorUnderTest, op: OperationCase, id: string, secretBefore: string | undefined): Promise<void> {
    expectWritten(v, op, id, secretBefore);
    if (op.operation === 'create') {
      // Listing by name finds the one token for the caller to adopt.
      const page = await v.provider.list({ nameContains: CREATED_NAME })();
      sweep.record(page);
      expect(E.isRight(page) && page.right.items.map((t) => t.id)).toEqual(v.idsNamed(CREATED_NAME));
    }
    if (op.operation === 'update') {
      // The same update again converges. A read-modify-write provider finds the change made and writes nothing;
      // a delta provider sends its delta again by id, which changes nothing more.
      const before = v.stored(id);
      v.requests.clear();
      const again = await op.run(v.provider, v, id)();
      sweep.record(again);
      expect(again).toEqual(E.right(expect.objectContaining({ name: RENAMED })));
      const writes = v.requests.all().filter((r) => r.method !== 'GET');
      if (v.provider.capabilities.update.style === 'replace') expect(writes).toHaveLength(0);
      else expect(v.stored(id)).toMatchObject({ name: (before as { name?: string } | undefined)?.name, status: (before as { status?: string } | undefined)?.status });
    }
  }
}

const phases = ['before', 'after'] as const;
const statuses = [500, 502, 503, 504] as const;

const retryAfterSeconds: MatrixFault = {
  label: '429 with Retry-After in seconds',
  phase: 'before',
  behaviour: 'rate-limited',
  tag: 'RateLimited',
  fault: () => ({ kind: 'status', status: 429, headers: { 'retry-after': '1' } }),
  waitMs: [1000, 1000],
};

/** 429 storms past the retry budget, 5xx and proxy pages, on every attempt. */
export const STATUS_ROWS: readonly MatrixFault[] = [
  { ...retryAfterSeconds, label: '429 storm past the retry budget' },
  ...phases.flatMap((phase) => [
    ...statuses.map((status): MatrixFault => ({ label: `${status}`, phase, behaviour: 'retryable', tag: 'Server', fault: () => ({ kind: 'status', status }) })),
    { label: 'HTML error page from a proxy', phase, behaviour: 'retryable', tag: 'Server', fault: () => ({ kind: 'html', status: 502 }) } satisfies MatrixFault,
  ]),
];

/** Resets and cut-off bodies, on every attempt. */
export const CONNECTION_ROWS: readonly MatrixFault[] = phases.flatMap((phase): MatrixFault[] => [
  { label: 'connection reset', phase, behaviour: 'retryable', tag: 'Network', fault: () => ({ kind: 'reset' }) },
  { label: 'truncated body', phase, behaviour: 'retryable', tag: 'Network', fault: () => ({ kind: 'truncated' }) },
]);

/** Answers slower than the deadline. */
export const DEADLINE_ROWS: readonly MatrixFault[] = [
  ...phases.map(
    (phase): MatrixFault => ({ label: 'answer slower than the deadline', phase, behaviour: 'timeout', tag: 'Timeout', fault: () => ({ kind: 'delay', ms: 2000 }), transport: DEADLINE }),
  ),
  {
    label: 'body trickling past the deadline',
    phase: 'after',
    behaviour: 'slow-body',
    tag: 'Timeout',
    fault: () => ({ kind: 'trickle', intervalMs: 100 }),
    transport: DEADLINE,
  },
];

/** Bodies that do not read as the vendor's answer, and redirects. */
export const BODY_ROWS: readonly MatrixFault[] = [
  ...phases.map(
    (phase): MatrixFault => ({ label: 'redirect to another origin', phase, behaviour: 'redirect', tag: 'Network', fault: (ctx) => ({ kind: 'redirect', location: ctx.redirectTo }) }),
  ),
  // A 2xx means the vendor acted, so these strike after it did (a 2xx that did nothing is a lie no client can see through).
  { label: 'malformed JSON', phase: 'after', behaviour: 'not-json', tag: 'Decode', fault: () => ({ kind: 'malformed-json' }) },
  {
    label: 'a body of the wrong shape',
    phase: 'after',
    behaviour: 'wrong-shape',
    tag: 'Decode',
    fault: () => ({ kind: 'status', status: 200, body: { unexpected: true } }),
  },
];

/** A limit well above any answer of the simulators, well below the oversized answer. */
const SMALL_BODY_LIMIT: Partial<TransportOptions> = { maxResponseBytes: 16 * 1024 };

/** Failures that leave a write's outcome unknown, beyond those above: an answer too large to read, and the caller's cancel. */
export const OUTCOME_ROWS: readonly MatrixFault[] = [
  {
    label: 'a 2xx answer larger than maxResponseBytes',
    phase: 'after',
    behaviour: 'too-large',
    tag: 'Decode',
    fault: () => ({ kind: 'status', status: 200, body: { padding: 'x'.repeat(64 * 1024) } }),
    transport: SMALL_BODY_LIMIT,
  },
  ...phases.map(
    (phase): MatrixFault => ({ label: 'cancelled by the caller while at the vendor', phase, behaviour: 'cancelled', tag: 'Cancelled', fault: () => ({ kind: 'delay', ms: 2000 }) }),
  ),
];

/** Faults that strike once: a 429 (both Retry-After forms) is waited out, the rest retried where that is safe. */
export const TRANSIENT_ROWS: readonly MatrixFault[] = [
  retryAfterSeconds,
  {
    label: '429 with Retry-After as an HTTP-date',
    phase: 'before',
    behaviour: 'rate-limited',
    tag: 'RateLimited',
    // HTTP-dates have whole seconds: on a clock standing at a whole second, 3 s from now is exactly 3 s away.
    fault: (ctx) => ({ kind: 'status', status: 429, headers: { 'retry-after': new Date(ctx.now + 3000).toUTCString() } }),
    waitMs: [3000, 3000],
    frozenClock: true,
  },
  ...phases.flatMap((phase): MatrixFault[] => [
    { label: '503', phase, behaviour: 'retryable', tag: 'Server', fault: () => ({ kind: 'status', status: 503 }) },
    { label: 'connection reset', phase, behaviour: 'retryable', tag: 'Network', fault: () => ({ kind: 'reset' }) },
    { label: 'truncated body', phase, behaviour: 'retryable', tag: 'Network', fault: () => ({ kind: 'truncated' }) },
    { label: 'HTML error page from a proxy', phase, behaviour: 'retryable', tag: 'Server', fault: () => ({ kind: 'html', status: 502 }) },
  ]),
];
