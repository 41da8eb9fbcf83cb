/** How a wildcard pattern is read. */
export interface WildcardOptions {
  /** Whether `\x` stands for a literal `x` (so `\*` is a literal star). */
  readonly backslashEscapes: boolean;
  /** Whether letters match regardless of case. */
  readonly ignoreCase: boolean;
}

/**
 * A RegExp matching a whole string against a pattern where `*` stands for
 * any run of characters and everything else is literal.
 */
export function wildcardRegExp(pattern: string, options: WildcardOptions): RegExp {
  let source = '';
  for (let i = 0; i < pattern.length; i += 1) {
    let char = pattern[i]!;
    if (char === '*') {
      source += '.*';
      continue;
    }
    if (char === '\\' && options.backslashEscapes && i + 1 < pattern.length) {
      i += 1;
      char = pattern[i]!;
    }
    source += char.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  }
  return new RegExp(`^${source}$`, options.ignoreCase ? 'isu' : 'su');
}
