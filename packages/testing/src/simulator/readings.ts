import { InvalidInputError } from './input';

/**
 * Readings: where a vendor's public material can be read more than one way,
 * a simulator plays each reading, chosen by an option. Each simulator
 * describes its options in one typed {@link ReadingsSpec}, so the contract
 * suite can enumerate every combination and the README can list each one
 * with its source.
 */

/**
 * The part of a vendor's behaviour a reading changes, in neutral terms. The
 * contract suite runs a scenario under every value of each option whose
 * aspects it exercises; an option that changes nothing a scenario exercises
 * cannot change its outcome.
 */
export type ReadingAspect =
  /** Which create bodies the vendor accepts. */
  | 'create-request'
  /** What the create answer carries besides the token (the secret). */
  | 'create-answer'
  /** How a token is written in any answer (nulls, a secret on reads). */
  | 'token-body'
  /** Which update bodies the vendor accepts. */
  | 'update-request'
  /** Whether the vendor refuses a write based on a stale version. */
  | 'locking'
  /** How the vendor answers a status action on a token already in that state. */
  | 'status-action'
  /** How lists are paged and enveloped. */
  | 'listing'
  /** The form of error answers. */
  | 'error-body'
  /** What callers other than the main credential may do and see. */
  | 'other-callers'
  /**
   * How the vendor answers over its rate limit (headers, lockout). The
   * contract suite runs without the limit, so no scenario of it exercises
   * this; an adapter's own rate-limit tests run each value.
   */
  | 'rate-limit';

/** One reading option: its possible values, the default, where the ambiguity comes from. */
export interface ReadingOption<V> {
  /** Every value the simulator can play, the default among them. */
  readonly values: readonly V[];
  readonly default: V;
  /** What the option decides, in a sentence. */
  readonly meaning: string;
  /** The sources that disagree (vendor notes' labels), and why the default is the default. */
  readonly source: string;
  /** The neutral behaviour it changes. */
  readonly aspects: readonly ReadingAspect[];
}

/** The reading options of one simulator, one entry per field of its readings type `R`. */
export type ReadingsSpec<R> = { readonly [K in keyof R]: ReadingOption<R[K]> };

function keysOf<R>(spec: ReadingsSpec<R>): Array<keyof R & string> {
  return Object.keys(spec) as Array<keyof R & string>;
}

/** Every option at its default. */
export function defaultReadings<R>(spec: ReadingsSpec<R>): R {
  const readings: Partial<R> = {};
  for (const key of keysOf(spec)) readings[key] = spec[key].default;
  return readings as R;
}

/**
 * The defaults overlaid with `given`; a value the option does not offer (or
 * an option that does not exist) throws {@link InvalidInputError}, naming
 * the option but not the value.
 */
export function resolveReadings<R>(spec: ReadingsSpec<R>, given: Partial<R> = {}): R {
  const readings = defaultReadings(spec);
  for (const [key, value] of Object.entries(given) as Array<[keyof R & string, R[keyof R] | undefined]>) {
    if (value === undefined) continue;
    const option = spec[key] as ReadingOption<unknown> | undefined;
    if (option === undefined) throw new InvalidInputError(`readings.${key} is not a reading of this simulator`);
    if (!option.values.includes(value)) throw new InvalidInputError(`readings.${key} must be one of the values the simulator plays`);
    readings[key] = value as R[keyof R & string];
  }
  return readings;
}

/**
 * Every combination of the values of the options named by `keys` (all by
 * default), every other option at its default. The all-defaults combination
 * comes first.
 */
export function readingCombinations<R>(spec: ReadingsSpec<R>, keys: ReadonlyArray<keyof R & string> = keysOf(spec)): R[] {
  let combinations: R[] = [defaultReadings(spec)];
  for (const key of keys) {
    const option = spec[key];
    const others = option.values.filter((value) => value !== option.default);
    combinations = combinations.flatMap((base) => [base, ...others.map((value) => ({ ...base, [key]: value }))]);
  }
  return combinations;
}

/** The options whose aspects meet `aspects`. */
export function optionsAffecting<R>(spec: ReadingsSpec<R>, aspects: readonly ReadingAspect[]): Array<keyof R & string> {
  return keysOf(spec).filter((key) => spec[key].aspects.some((aspect) => aspects.includes(aspect)));
}

/** A short label of the options that differ from their defaults: `pageBase=0, changeSequence=ignored`, or `defaults`. */
export function describeReadings<R>(spec: ReadingsSpec<R>, readings: R): string {
  const changed = keysOf(spec)
    .filter((key) => readings[key] !== spec[key].default)
    .map((key) => `${key}=${String(readings[key])}`);
  return changed.length === 0 ? 'defaults' : changed.join(', ');
}
