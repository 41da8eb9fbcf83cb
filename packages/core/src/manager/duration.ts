import { TokenBridgeError, TokenErrors } from '../errors';

const UNIT_MS: Readonly<Record<string, number>> = {
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
};

/** A span of time: milliseconds, or a string such as `30d`, `12h`, `90m`, `1w`. */
export type Duration = number | string;

/** Converts a {@link Duration} to milliseconds; anything else throws a `Validation` {@link TokenBridgeError} naming `option`. */
export function parseDuration(value: Duration, option: string): number {
  if (typeof value === 'number' && Number.isFinite(value) && value >= 0) return value;
  if (typeof value === 'string') {
    const m = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h|d|w)\s*$/i.exec(value);
    if (m) return Math.round(Number(m[1]) * (UNIT_MS[(m[2] as string).toLowerCase()] as number));
  }
  throw new TokenBridgeError(
    TokenErrors.validation({ provider: 'tokenbridge', operation: 'configure' }, `${option} is not a duration`, [
      { path: option, message: 'expected milliseconds or a number with a unit: ms, s, m, h, d, w (e.g. 30d)' },
    ]),
  );
}
