import { Progress, formatLeft, plan } from '../src/progress';

/** A clock the test sets: no step here takes any real time. */
function fakeNow() {
  let ms = 0;
  return { now: () => ms, set: (seconds: number) => (ms = seconds * 1000) };
}

describe('Progress', () => {
  it('prints a line per step with the time left, scaled by how the run compares with the estimates', () => {
    const clock = fakeNow();
    const lines: string[] = [];
    const progress = new Progress(
      [
        { label: 'cold start', estimateSeconds: 10 },
        { label: 'latency', estimateSeconds: 20 },
        { label: 'throughput', estimateSeconds: 30 },
      ],
      (line) => lines.push(line),
      clock.now,
    );
    progress.start('cold start');
    clock.set(20); // twice the estimate: the machine is busy
    progress.start('latency');
    clock.set(60);
    progress.start('throughput');
    clock.set(120);
    expect(progress.finish()).toEqual([
      { label: 'cold start', seconds: 20 },
      { label: 'latency', seconds: 40 },
      { label: 'throughput', seconds: 60 },
    ]);
    expect(lines).toEqual(['1/3 cold start — about 1 min left', '2/3 latency — about 1 min 40 s left', '3/3 throughput — about 1 min left']);
  });

  it('refuses a step it was not told about', () => {
    expect(() => new Progress([], () => undefined, () => 0).start('nope')).toThrow('no planned step "nope"');
  });
});

describe('estimates', () => {
  it("take each step's time from the last run, and the fallback for a step it did not have", () => {
    expect(plan(['a', 'b'], [{ label: 'a', seconds: 12.5 }], () => 3)).toEqual([
      { label: 'a', estimateSeconds: 12.5 },
      { label: 'b', estimateSeconds: 3 },
    ]);
    expect(plan(['a'], undefined, () => 7)).toEqual([{ label: 'a', estimateSeconds: 7 }]);
  });

  it.each([
    [0.2, 'about 1 s left'],
    [42, 'about 42 s left'],
    [60, 'about 1 min left'],
    [224, 'about 3 min 40 s left'],
  ])('%s s reads "%s"', (seconds, text) => {
    expect(formatLeft(seconds)).toBe(text);
  });
});
