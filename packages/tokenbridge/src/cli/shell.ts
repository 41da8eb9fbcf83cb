import { visible } from './format';

/** `text` as one POSIX shell word: single-quoted, a quote inside written as `'\''`. */
export function shellQuote(text: string): string {
  return /^[A-Za-z0-9_.:/@%+=,-]+$/.test(text) ? text : `'${visible(text).replace(/'/g, "'\\''")}'`;
}
