import { closest, distance } from 'fastest-levenshtein';

/** `did you mean <name>?` for the known name nearest to `asked`, when it is near enough to be a typo; otherwise nothing. */
export function didYouMean(asked: string, names: readonly string[], prefix = ''): string[] {
  if (names.length === 0) return [];
  const nearest = closest(asked, [...names]);
  return distance(asked, nearest) <= Math.max(2, Math.floor(asked.length / 3)) ? [`did you mean ${prefix}${nearest}?`] : [];
}
