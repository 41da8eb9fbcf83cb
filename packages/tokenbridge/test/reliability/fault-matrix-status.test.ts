import { LeakSweep } from './support/sentinels';
import { STATUS_ROWS, describeFaultMatrix } from './support/fault-matrix';

const sweep = new LeakSweep();

describeFaultMatrix(STATUS_ROWS, sweep, 'all');

it('no sentinel credential or token value in any error, event or token produced above', () => {
  expect(sweep.size).toBeGreaterThan(0);
  expect(sweep.leaks()).toEqual([]);
});
