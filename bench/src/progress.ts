/** One step of a run, with what it is expected to take. */
export interface PlannedStep {
  readonly label: string;
  /** Seconds it took last time (or a rough default when there is no last time). */
  readonly estimateSeconds: number;
}

/** How long one step took. */
export interface StepTime {
  readonly label: string;
  readonly seconds: number;
}

/**
 * A progress line at the start of every step: which step of how many, and an
 * estimate of the time left. The estimate is the remaining steps' expected
 * times, scaled by how this run compares so far with them (a busy machine
 * runs everything slower, and the estimate follows after the first step).
 */
export class Progress {
  private readonly times: StepTime[] = [];
  private current: { readonly index: number; readonly startedAt: number } | undefined;

  constructor(
    private readonly steps: readonly PlannedStep[],
    private readonly print: (line: string) => void,
    /** Milliseconds, any origin. */
    private readonly now: () => number,
  ) {}

  /** Ends the current step, if any, and prints the line of the step labelled `label`. */
  start(label: string): void {
    this.endStep();
    const index = this.steps.findIndex((step) => step.label === label);
    if (index < 0) throw new Error(`no planned step "${label}"`);
    this.current = { index, startedAt: this.now() };
    this.print(`${index + 1}/${this.steps.length} ${label} — ${formatLeft(this.secondsLeft(index))}`);
  }

  /** Ends the last step; returns how long each step took, for the next run's estimates. */
  finish(): StepTime[] {
    this.endStep();
    return [...this.times];
  }

  /** Expected seconds from the start of step `index` to the end of the run. */
  secondsLeft(index: number): number {
    const planned = (labels: readonly string[]): number =>
      labels.reduce((sum, label) => sum + (this.steps.find((step) => step.label === label)?.estimateSeconds ?? 0), 0);
    const donePlanned = planned(this.times.map((t) => t.label));
    const doneActual = this.times.reduce((sum, t) => sum + t.seconds, 0);
    const pace = donePlanned > 0 && doneActual > 0 ? doneActual / donePlanned : 1;
    return planned(this.steps.slice(index).map((step) => step.label)) * pace;
  }

  private endStep(): void {
    if (this.current === undefined) return;
    const step = this.steps[this.current.index] as PlannedStep;
    this.times.push({ label: step.label, seconds: (this.now() - this.current.startedAt) / 1000 });
    this.current = undefined;
  }
}

/** `about 3 min 20 s left`, rounded to 10 s above a minute. */
export function formatLeft(seconds: number): string {
  if (seconds < 60) return `about ${Math.max(1, Math.round(seconds))} s left`;
  const rounded = Math.round(seconds / 10) * 10;
  const minutes = Math.floor(rounded / 60);
  const rest = rounded % 60;
  return `about ${minutes} min${rest > 0 ? ` ${rest} s` : ''} left`;
}

/**
 * Each step's estimate: its time in `previous` (the last run of the same
 * kind) when it has one, else `fallback`.
 */
export function plan(labels: readonly string[], previous: readonly StepTime[] | undefined, fallback: (label: string) => number): PlannedStep[] {
  return labels.map((label) => ({ label, estimateSeconds: previous?.find((t) => t.label === label)?.seconds ?? fallback(label) }));
}
