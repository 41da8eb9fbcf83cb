import * as path from 'node:path';
import * as E from 'fp-ts/Either';
import * as t from 'io-ts';
import { type SecretSink, type ValidationError, TokenBridgeError, decodeIssues, strict } from '@tokenbridge/core';
import { commandSink, dotenvSink, jsonFileSink, parseSinkSpec } from '@tokenbridge/rotation';
import { configError } from './provider-config';
import { Argv, CONFIG_NAME, NonEmptyString } from './schema';

/** A sink the config file names once, for `--deliver @<name>`. */
export interface NamedSink {
  readonly name: string;
  /** Its spec with absolute paths (relative ones resolve against the config file's directory): what the journal records. */
  readonly spec: string;
  /** A command sink's timeout, when the file sets one. */
  readonly timeoutMs?: number;
  /** Where it is defined, for errors: `<file>: sinks.<name>`. */
  readonly where: string;
}

const TimeoutMs = t.refinement(t.number, (n) => Number.isInteger(n) && n > 0, 'a positive whole number of milliseconds');

/** The object forms of a sink, by the field that says its kind. */
const FORMS = {
  dotenv: strict(t.type({ dotenv: NonEmptyString, key: t.string }), '{ dotenv, key }'),
  json: strict(t.type({ json: NonEmptyString, keyPath: t.string }), '{ json, keyPath }'),
  command: strict(t.intersection([t.type({ command: Argv }), t.partial({ timeoutMs: TimeoutMs })]), '{ command, timeoutMs? }'),
} as const;

const EXPECTED =
  'must be a sink spec ("dotenv:.env:KEY", "json:secrets.json:a.b", \'cmd:["gh","secret","set","KEY"]\') or an object: { "dotenv": file, "key": KEY }, { "json": file, "keyPath": "a.b" }, { "command": [argv...], "timeoutMs"?: ms }';

/**
 * Decodes the config file's `sinks` section: each entry a spec string (what
 * `--deliver` takes) or an object with named fields. Relative paths resolve
 * against the file's directory, so a sink means the same file from any
 * working directory. Errors name the file, the sink and the field, never a
 * value beyond the spec itself (which holds no secret: the journal records it).
 */
export function decodeSinks(section: Readonly<Record<string, unknown>>, file: string): NamedSink[] {
  const baseDir = path.dirname(file);
  return Object.entries(section).map(([name, raw]) => {
    const where = `${file}: sinks.${name}`;
    if (!CONFIG_NAME.test(name)) throw configError(where, 'is not a sink name: lower-case letters, digits, - and _, starting with a letter');
    if (typeof raw === 'string') {
      const parsed = parseSinkSpec(raw, { baseDir });
      if (E.isLeft(parsed)) throw configError(where, `is ${parsed.left.message} (${parsed.left.issues[0]?.message ?? EXPECTED})`);
      return { name, spec: parsed.right.spec, where };
    }
    const kind = typeof raw === 'object' && raw !== null && !Array.isArray(raw) ? (Object.keys(FORMS) as Array<keyof typeof FORMS>).find((k) => k in raw) : undefined;
    switch (kind) {
      case 'dotenv': {
        const entry = decodeForm(FORMS.dotenv, raw, where);
        return { name, spec: build(where, () => dotenvSink({ path: path.resolve(baseDir, entry.dotenv), key: entry.key })).spec, where };
      }
      case 'json': {
        const entry = decodeForm(FORMS.json, raw, where);
        return { name, spec: build(where, () => jsonFileSink({ path: path.resolve(baseDir, entry.json), keyPath: entry.keyPath })).spec, where };
      }
      case 'command': {
        const entry = decodeForm(FORMS.command, raw, where);
        const spec = build(where, () => commandSink({ argv: entry.command })).spec;
        return { name, spec, where, ...(entry.timeoutMs !== undefined ? { timeoutMs: entry.timeoutMs } : {}) };
      }
      default:
        throw configError(where, EXPECTED);
    }
  });
}

/** Decodes one object form; the first issue names its field. */
function decodeForm<A>(codec: t.Decoder<unknown, A>, raw: unknown, where: string): A {
  const decoded = decodeIssues(codec, raw);
  if (E.isRight(decoded)) return decoded.right;
  const issue = decoded.left[0];
  throw configError(issue && issue.path !== '(root)' ? `${where}.${issue.path}` : where, issue?.message ?? EXPECTED);
}

/** Runs a sink factory; its `Validation` error (a bad key, a bad key path) becomes a config error naming the field. */
function build(where: string, make: () => SecretSink): SecretSink {
  try {
    return make();
  } catch (error) {
    if (!TokenBridgeError.isInstance(error) || error.error._tag !== 'Validation') throw error;
    const issue = (error.error as ValidationError).issues[0];
    throw configError(issue ? `${where}.${issue.path}` : where, `is ${error.error.message}${issue ? `: ${issue.message}` : ''}`);
  }
}
