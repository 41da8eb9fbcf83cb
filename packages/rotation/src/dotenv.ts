import * as path from 'node:path';
import { TokenBridgeError, type SecretSink, type SinkError } from '@tokenbridge/core';
import { invalidSink, sinkError } from './errors';
import { editFile } from './file-edit';

/** A dotenv variable name (what the `dotenv` package and shells accept). */
const KEY = /^[A-Za-z_][A-Za-z0-9_.-]*$/;
/** An assignment line: indentation and `export `, the key, `=` with its spacing, the rest. */
const ASSIGNMENT = /^(\s*(?:export\s+)?)([A-Za-z_][A-Za-z0-9_.-]*)(\s*=[ \t]*)(.*)$/s;
/** Values written without quotes: nothing a dotenv parser would read differently. */
const BARE = /^[A-Za-z0-9_\-.:/+=@%~,^]*$/;
const QUOTES = ['"', "'", '`'] as const;

/** Splits text into lines that keep their own line ending (`\r\n`, `\n`, `\r` or none). */
function linesOf(text: string): string[] {
  return text === '' ? [] : text.split(/(?<=\n)|(?<=\r)(?!\n)/);
}

function endingOf(line: string): string {
  return /\r\n$|\n$|\r$/.exec(line)?.[0] ?? '';
}

/** `value` as a dotenv value: bare when safe, else in the first quote it can be wrapped in (the line's own first), or undefined. */
function encode(value: string, preferred: string | undefined): string | undefined {
  if (/[\r\n]/.test(value)) return undefined;
  // Single quotes first for a new value: no parser expands anything inside them.
  const order = preferred ? [preferred, ...QUOTES.filter((q) => q !== preferred)] : ["'", '"', '`'];
  if (!preferred && BARE.test(value)) return value;
  // Double quotes expand \n in dotenv: a value with a backslash goes in another quote.
  const quote = order.find((q) => !value.includes(q) && !(q === '"' && value.includes('\\')));
  return quote === undefined ? undefined : `${quote}${value}${quote}`;
}

/** Where a quoted value closes (the index after its closing quote) in `text` from `from`, or -1. */
function closingQuote(text: string, quote: string, from: number): number {
  for (let i = from; i < text.length; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === quote) return i + 1;
  }
  return -1;
}

/**
 * Sets `key` to `value` in dotenv text. Every other byte stays as it was:
 * comments, blank lines, other keys, `export` prefixes, quoting, line endings
 * (CRLF included) and a missing final newline. Every assignment of `key` gets
 * the value (so whichever a reader takes, it is the new one); a key not there
 * is appended. `undefined` when the value cannot be written in dotenv syntax.
 */
export function setDotenvValue(text: string, key: string, value: string): string | undefined {
  const lines = linesOf(text);
  const out: string[] = [];
  let found = false;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    const ending = endingOf(line);
    const m = ASSIGNMENT.exec(line.slice(0, line.length - ending.length));
    if (!m || m[2] !== key) {
      out.push(line);
      continue;
    }
    const [, prefix, , separator, rest] = m as unknown as [string, string, string, string, string];
    const quote = QUOTES.find((q) => rest.startsWith(q));
    let suffix: string;
    let lastEnding = ending;
    if (quote) {
      // A quoted value may run over several lines; they are all replaced.
      let close = closingQuote(rest, quote, 1);
      let tail = rest;
      while (close < 0 && i + 1 < lines.length) {
        const next = lines[++i] as string;
        lastEnding = endingOf(next);
        tail = next.slice(0, next.length - lastEnding.length);
        close = closingQuote(tail, quote, 0);
      }
      suffix = close < 0 ? '' : tail.slice(close);
    } else {
      const hash = rest.indexOf('#');
      const bare = hash < 0 ? rest : rest.slice(0, hash);
      suffix = rest.slice(bare.trimEnd().length);
    }
    const encoded = encode(value, quote);
    if (encoded === undefined) return undefined;
    out.push(`${prefix}${key}${separator}${encoded}${suffix}${lastEnding}`);
    found = true;
  }
  if (found) return out.join('');
  const encoded = encode(value, undefined);
  if (encoded === undefined) return undefined;
  const eol = /\r\n/.test(text) ? '\r\n' : '\n';
  if (text === '') return `${key}=${encoded}${eol}`;
  const last = lines[lines.length - 1] as string;
  // The file's habit at its end is kept: no final newline stays none.
  return endingOf(last) === '' ? `${text}${eol}${key}=${encoded}` : `${text}${key}=${encoded}${eol}`;
}

/** Options of {@link dotenvSink}. */
export interface DotenvSinkOptions {
  /** The dotenv file (created, mode 0600, when missing; resolved against the working directory). */
  readonly path: string;
  /** The variable that receives the secret. */
  readonly key: string;
}

/**
 * Delivers the secret to one variable of a dotenv file, keeping every other
 * line byte for byte, and writing atomically (a temporary file in the same
 * directory, flushed, renamed over the file, the directory flushed). A new
 * file gets mode 0600; an existing one keeps its mode. A symlink, a
 * non-regular file, or a file group or others may write is refused untouched.
 * Throws a `TokenBridgeError` (`Validation`) for a bad key.
 *
 * @example
 * const sink = dotenvSink({ path: '.env', key: 'DATO_TOKEN' }); // spec: dotenv:/abs/.env:DATO_TOKEN
 */
export function dotenvSink(options: DotenvSinkOptions): SecretSink {
  if (!KEY.test(options.key ?? '')) throw new TokenBridgeError(invalidSink('key', 'not a dotenv variable name', 'letters, digits, _ . - and not starting with a digit'));
  const target = path.resolve(options.path);
  const spec = `dotenv:${target}:${options.key}`;
  return {
    spec,
    deliver: (secret) => () => editFile(spec, target, (text) => setDotenvValue(text ?? '', options.key, secret.reveal()) ?? unencodable(spec)),
  };
}

function unencodable(spec: string): SinkError {
  return sinkError(spec, 'unencodable', 'the secret cannot be written as a dotenv value (it holds a line break or every quote character)');
}
