import * as path from 'node:path';
import { TokenBridgeError, type SecretSink, type SinkError } from '@tokenbridge/core';
import { invalidSink, sinkError } from './errors';
import { editFile } from './file-edit';

type JsonObject = { [key: string]: unknown };

const isObject = (value: unknown): value is JsonObject => typeof value === 'object' && value !== null && !Array.isArray(value);

/** The indentation the text uses (its first indented line), or two spaces. */
function indentOf(text: string): string | number {
  return /^\{\r?\n([ \t]+)\S/.exec(text)?.[1] ?? 2;
}

/**
 * Sets the value at `keyPath` (segments) in JSON text holding an object,
 * creating the objects on the way; other values stay, and the text keeps its
 * indentation and final newline. A string explains what is wrong (never
 * quoting the content: it may hold secrets).
 */
export function setJsonValue(text: string | undefined, keyPath: readonly string[], value: string): { text: string } | { problem: string } {
  let root: unknown = {};
  if (text !== undefined && text.trim() !== '') {
    try {
      root = JSON.parse(text);
    } catch {
      return { problem: 'does not hold valid JSON' };
    }
  }
  if (!isObject(root)) return { problem: 'does not hold a JSON object' };
  let node: JsonObject = root;
  for (const [i, segment] of keyPath.slice(0, -1).entries()) {
    const next = Object.prototype.hasOwnProperty.call(node, segment) ? node[segment] : undefined;
    if (next === undefined) node[segment] = {};
    else if (!isObject(next)) return { problem: `has a non-object at ${keyPath.slice(0, i + 1).join('.')}` };
    node = node[segment] as JsonObject;
  }
  node[keyPath[keyPath.length - 1] as string] = value;
  const original = text ?? '';
  const eol = /\r\n/.test(original) ? '\r\n' : '\n';
  const body = JSON.stringify(root, null, indentOf(original)).replace(/\n/g, eol);
  return { text: original === '' || /\r?\n$/.test(original) ? `${body}${eol}` : body };
}

/** Options of {@link jsonFileSink}. */
export interface JsonFileSinkOptions {
  /** The JSON file (created, mode 0600, when missing). */
  readonly path: string;
  /** Where the secret goes: `a.b.c`, or the segments. */
  readonly keyPath: string | readonly string[];
}

/** Checks a key path: non-empty segments, none of which could reach an object's prototype. */
export function parseKeyPath(keyPath: string | readonly string[]): readonly string[] | undefined {
  const segments = typeof keyPath === 'string' ? keyPath.split('.') : keyPath;
  const ok = segments.length > 0 && segments.every((s) => typeof s === 'string' && s !== '' && !s.includes('.') && s !== '__proto__' && s !== 'constructor' && s !== 'prototype');
  return ok ? segments : undefined;
}

/**
 * Delivers the secret to one key path of a JSON file holding an object, with
 * the same safety as {@link dotenvSink}: atomic write, 0600 on create, symlinks
 * and files others may write refused.
 *
 * @example
 * const sink = jsonFileSink({ path: 'config/secrets.json', keyPath: 'datocms.apiToken' });
 */
export function jsonFileSink(options: JsonFileSinkOptions): SecretSink {
  const segments = parseKeyPath(options.keyPath ?? '');
  if (!segments) throw new TokenBridgeError(invalidSink('keyPath', 'not a key path', 'dot-separated non-empty keys, such as a.b.c'));
  const target = path.resolve(options.path);
  const spec = `json:${target}:${segments.join('.')}`;
  return {
    spec,
    deliver: (secret) => () =>
      editFile(spec, target, (text): string | SinkError => {
        const edited = setJsonValue(text, segments, secret.reveal());
        return 'text' in edited ? edited.text : sinkError(spec, 'invalid-target', `${target} ${edited.problem}`);
      }),
  };
}
