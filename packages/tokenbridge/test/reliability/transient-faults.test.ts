import { LeakSweep } from './support/sentinels';
import { TRANSIENT_ROWS, describeFaultMatrix } from './support/fault-matrix';

/** Faults that strike once: retried idempotent requests converge, creates are never sent twice. */
const sweep = new LeakSweep();

describeFaultMatrix(TRANSIENT_ROWS, sweep, 'once');

it('no sentinel credential or token value in any error, event or token produced above', () => {
  expect(sweep.size).toBeGreaterThan(0);
  expect(sweep.leaks()).toEqual([]);
});
