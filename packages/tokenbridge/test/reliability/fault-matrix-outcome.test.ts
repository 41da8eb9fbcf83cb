import { LeakSweep } from './support/sentinels';
import { OUTCOME_ROWS, describeFaultMatrix } from './support/fault-matrix';

/**
 * Item 8 of "hostile inputs, round 2": beyond the rows of the other matrix
 * files (which now all check that an unknown outcome is never retryable), an
 * answer too large to read and a cancel while the request is at the vendor
 * leave a create or regenerate `outcomeUnknown`, never `retryable`.
 */
const sweep = new LeakSweep();

describeFaultMatrix(OUTCOME_ROWS, sweep, 'all');

it('no sentinel credential or token value in any error, event or token produced above', () => {
  expect(sweep.size).toBeGreaterThan(0);
  expect(sweep.leaks()).toEqual([]);
});
