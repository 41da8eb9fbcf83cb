import fc from 'fast-check';
import * as E from 'fp-ts/Either';
import { isTokenError } from 'tokenbridge';
import * as arb from './support/arbitraries';
import { type OperationCase, operationsOf } from './support/operations';
import { LeakSweep } from './support/sentinels';
import { VENDORS, type VendorUnderTest, startVendor } from './support/vendors';

/**
 * Property: whatever body a vendor (or something in front of it) answers, the
 * adapter never throws and never crashes: a 2xx it cannot read is `Decode`,
 * an error status is a typed error.
 */

const RUNS = { numRuns: 40 };
const sweep = new LeakSweep();
const answers = fc.oneof(arb.jsonValue.map((body) => JSON.stringify(body)), fc.string({ maxLength: 60 }));

describe.each(VENDORS)('%s', (vendor) => {
  let v: VendorUnderTest;
  beforeAll(async () => {
    // No retries: each generated answer is seen once.
    v = await startVendor(vendor, { transport: { retry: { retries: 0, baseMs: 1, capMs: 1 } } });
  });
  afterAll(async () => {
    sweep.record(v.events);
    await v.close();
  });

  const reading = operationsOf(vendor).filter((op) => op.operation !== 'delete');

  it.each(reading.map((op) => [op.operation, op] as const))('%s: any 200 body is a value or Decode', async (_name, op: OperationCase) => {
    const id = v.seed('decoder target');
    await fc.assert(
      fc.asyncProperty(answers, async (body) => {
        v.faults.clear();
        v.faults.add({ ...op.target(v, id), phase: 'before', kind: 'status', status: 200, body, headers: { 'content-type': 'application/json' } });
        const result = await op.run(v.provider, v, id)();
        sweep.record(result);
        if (E.isLeft(result)) expect(result.left).toMatchObject({ _tag: 'Decode', retryable: false });
      }),
      RUNS,
    );
  });

  it('any error status with any body is a typed error', async () => {
    const id = v.seed('decoder target');
    const status = fc.integer({ min: 400, max: 599 }).filter((s) => s !== 429);
    await fc.assert(
      fc.asyncProperty(status, answers, async (code, body) => {
        v.faults.clear();
        v.faults.add({ method: 'GET', path: v.paths.item(id), phase: 'before', kind: 'status', status: code, body, headers: { 'content-type': 'application/json' } });
        const result = await v.provider.get(id)();
        sweep.record(result);
        expect(E.isLeft(result) && isTokenError(result.left) && result.left.status === code).toBe(true);
      }),
      RUNS,
    );
  });
});

it('no secret shows in any error or event produced above', () => {
  expect(sweep.size).toBeGreaterThan(0);
  expect(sweep.leaks()).toEqual([]);
});
