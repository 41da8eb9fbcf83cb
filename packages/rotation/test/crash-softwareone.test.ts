import { CRASH_POINTS, type CrashBench, crashAndResume, startBench } from './crash/harness';

/** A rotation killed (SIGKILL) at each step boundary and resumed in a new process, against the softwareone simulator. */
let bench: CrashBench;
beforeAll(async () => {
  bench = await startBench('softwareone');
}, 60_000);
afterAll(() => bench.close());

it.each(CRASH_POINTS)('killed at %s, then resumed: one live replacement, working secret in every sink, old token revoked exactly when due', async (point) => {
  await crashAndResume(bench, point);
}, 30_000);
