/**
 * A clock for simulators in contract tests: real time, but never the same
 * millisecond twice, so tokens created back to back get distinct, ordered
 * timestamps and "order by createdAt" is testable without sleeping.
 */
export function steadyClock(): () => number {
  let last = 0;
  return () => {
    last = Math.max(Date.now(), last + 1);
    return last;
  };
}
