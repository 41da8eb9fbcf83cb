import { TokenBridgeError, TokenErrors } from '@tokenbridge/core';
import { measureLatency, measureThroughput, runPool } from '../src/harness';
import { GaveUpError, MAX_RETRIES, describe as describeError, isTransient, retrying, settle } from '../src/resilience';

/** What node's http says when the server closed the keep-alive socket the client just reused. */
const hangUp = (): Error => Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
const ctx = { provider: 'datocms', operation: 'get' } as const;

/** An operation that fails with each of `errors` in turn, then succeeds; counts its calls. */
function flaky(...errors: unknown[]): (() => Promise<void>) & { calls: number } {
  const operation = Object.assign(
    async () => {
      operation.calls += 1;
      const error = errors.shift();
      if (error !== undefined) throw error;
    },
    { calls: 0 },
  );
  return operation;
}

describe('isTransient', () => {
  it.each([
    ['a reset keep-alive socket', hangUp()],
    ['a refused connection', Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' })],
    ['a fetch failure caused by a closed socket', new TypeError('fetch failed', { cause: Object.assign(new Error('other side closed'), { code: 'UND_ERR_SOCKET' }) })],
    ["a baseline's 503", Object.assign(new Error('raw GET /x: HTTP 503'), { status: 503 })],
    ["axios's 502", Object.assign(new Error('Request failed with status code 502'), { response: { status: 502 } })],
    ['a retryable tokenbridge error', new TokenBridgeError(TokenErrors.network(ctx, 'reset', { code: 'ECONNRESET' }))],
  ])('retries %s', (_what, error) => {
    expect(isTransient(error)).toBe(true);
  });

  it.each([
    ['a 404', Object.assign(new Error('raw GET /x: HTTP 404'), { status: 404 })],
    ['a 409 from axios', Object.assign(new Error('Request failed with status code 409'), { response: { status: 409 } })],
    ['a bug', new TypeError("Cannot read properties of undefined (reading 'id')")],
    ['a tokenbridge error that is final', new TokenBridgeError(TokenErrors.notFound(ctx, 'no such token'))],
    ['something thrown that is no error', 'boom'],
  ])('does not retry %s', (_what, error) => {
    expect(isTransient(error)).toBe(false);
  });
});

describe('retrying', () => {
  it('repeats a transient failure at once and counts each retry', async () => {
    const operation = flaky(hangUp(), hangUp());
    const tally = { retries: 0 };
    await retrying(operation, tally)();
    expect(operation.calls).toBe(3);
    expect(tally.retries).toBe(2);
  });

  it('does not repeat a failure that is not transient', async () => {
    const bug = new TypeError('not a network problem');
    const operation = flaky(bug);
    const tally = { retries: 0 };
    await expect(retrying(operation, tally)()).rejects.toBe(bug);
    expect(operation.calls).toBe(1);
    expect(tally.retries).toBe(0);
  });

  it(`gives up after ${MAX_RETRIES} retries, saying what failed and how often it was retried`, async () => {
    const operation = flaky(...Array.from({ length: MAX_RETRIES + 1 }, hangUp));
    const tally = { retries: 0 };
    const failure = await retrying(operation, tally)().catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(GaveUpError);
    expect(describeError(failure)).toBe(`socket hang up (ECONNRESET) after ${MAX_RETRIES} retries`);
    expect(operation.calls).toBe(MAX_RETRIES + 1);
    expect(tally.retries).toBe(MAX_RETRIES);
  });
});

describe('the harness with a flaky client', () => {
  const plan = { warmupOps: 2, rounds: 2, batch: 3 };

  it('latency: a variant that failed transiently is measured all the same, with its retries counted', async () => {
    const axios = flaky(hangUp());
    const { latencyMs, retries } = await measureLatency(
      [
        { name: 'axios', forWorker: () => axios },
        { name: 'ours', forWorker: () => flaky() },
      ],
      plan,
    );
    expect(latencyMs.axios.n).toBe(6);
    expect(latencyMs.ours.n).toBe(6);
    expect(retries).toEqual({ axios: 1, ours: 0 });
  });

  it('throughput: the same at concurrency 4, the retries of all workers added up', async () => {
    const { opsPerSecond, retries } = await measureThroughput(
      [
        { name: 'raw', forWorker: (worker) => (worker < 2 ? flaky(hangUp()) : flaky()) },
        { name: 'ours', forWorker: () => flaky() },
      ],
      { concurrency: 4, warmupOps: 4, rounds: 1, ops: 8 },
    );
    expect(opsPerSecond.raw).toBeGreaterThan(0);
    expect(retries).toEqual({ raw: 2, ours: 0 });
  });

  it('a pool stops starting operations after a failure, and reports that failure once all have stopped', async () => {
    let started = 0;
    const failing = async (): Promise<void> => {
      started += 1;
      throw new Error('final');
    };
    await expect(runPool([failing, failing, failing], 1000)).rejects.toThrow('final');
    // Each worker ran one operation; none started another once one had failed.
    expect(started).toBe(3);
  });
});

describe('settle', () => {
  it("turns a row's failure into its keys and the reason, and tells why", async () => {
    const warnings: string[] = [];
    const row = await settle({ vendor: 'datocms', operation: 'get' }, 'datocms get throughput', () => Promise.reject(new GaveUpError(hangUp(), 3)), (line) => warnings.push(line));
    expect(row).toEqual({ vendor: 'datocms', operation: 'get', failed: 'socket hang up (ECONNRESET) after 3 retries' });
    expect(warnings).toEqual(['datocms get throughput failed, the row says so and the run goes on: socket hang up (ECONNRESET) after 3 retries']);
  });

  it('passes a measured row through', async () => {
    await expect(settle({ vendor: 'kodexa' }, 'x', async () => ({ vendor: 'kodexa', figure: 1 }), () => undefined)).resolves.toEqual({ vendor: 'kodexa', figure: 1 });
  });
});
