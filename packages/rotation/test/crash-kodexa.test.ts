import { describeCrashes } from './support/harness';

/** A rotation killed (SIGKILL) at each step boundary and resumed in a new process, against the kodexa simulator. */
describeCrashes('kodexa');
