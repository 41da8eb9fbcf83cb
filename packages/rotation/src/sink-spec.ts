import * as path from 'node:path';
import * as E from 'fp-ts/Either';
import { TokenBridgeError, type SecretSink, type SinkResolver, type ValidationError } from '@tokenbridge/core';
import { type CommandSinkOptions, commandSink } from './command';
import { dotenvSink } from './dotenv';
import { invalidSink } from './errors';
import { jsonFileSink } from './json-file';

/** Settings a spec cannot carry, for the sinks it makes. */
export interface SinkSpecOptions {
  /** For `cmd:` sinks. */
  readonly command?: Omit<CommandSinkOptions, 'argv'>;
  /** What relative file paths resolve against (default the working directory): a config file's directory, say. */
  readonly baseDir?: string;
}

const FORMS = 'dotenv:<file>:<KEY>, json:<file>:<key.path> or cmd:["program","arg",...]';

function bad(spec: string, why: string): E.Either<ValidationError, SecretSink> {
  return E.left(invalidSink('deliver', `not a sink spec: ${why}`, `expected ${FORMS}; got ${JSON.stringify(spec.slice(0, 200))}`));
}

/** `<file>:<last part>`, split at the last colon (a file name may hold colons, a key may not). */
function fileAndKey(rest: string): [string, string] | undefined {
  const at = rest.lastIndexOf(':');
  return at > 0 && at < rest.length - 1 ? [rest.slice(0, at), rest.slice(at + 1)] : undefined;
}

/**
 * Makes a sink from its one-line spec, the form the command line's
 * `--deliver` and the journal use:
 * - `dotenv:.env:DATO_TOKEN` (a dotenv file and a variable),
 * - `json:config/secrets.json:datocms.apiToken` (a JSON file and a key path),
 * - `cmd:["gh","secret","set","DATO_TOKEN"]` (a command as a JSON array, run without a shell).
 * Relative paths resolve against `baseDir` (default the working directory);
 * the sink's own `spec` holds the absolute path, so `resume` finds the same
 * file from elsewhere.
 */
export function parseSinkSpec(spec: string, options: SinkSpecOptions = {}): E.Either<ValidationError, SecretSink> {
  if (typeof spec !== 'string') return bad(String(spec), 'not a string');
  const colon = spec.indexOf(':');
  const kind = colon < 0 ? spec : spec.slice(0, colon);
  const rest = colon < 0 ? '' : spec.slice(colon + 1);
  try {
    switch (kind) {
      case 'dotenv':
      case 'json': {
        const parts = fileAndKey(rest);
        if (!parts) return bad(spec, `${kind}: needs a file and a ${kind === 'dotenv' ? 'variable' : 'key path'} after it`);
        const [name, key] = parts;
        const file = path.resolve(options.baseDir ?? '', name);
        return E.right(kind === 'dotenv' ? dotenvSink({ path: file, key }) : jsonFileSink({ path: file, keyPath: key }));
      }
      case 'cmd': {
        let argv: unknown;
        try {
          argv = JSON.parse(rest);
        } catch {
          return bad(spec, 'cmd: needs a JSON array of strings');
        }
        if (!Array.isArray(argv) || !argv.every((a): a is string => typeof a === 'string')) return bad(spec, 'cmd: needs a JSON array of strings');
        return E.right(commandSink({ ...options.command, argv }));
      }
      default:
        return bad(spec, `unknown kind "${kind.slice(0, 20)}"`);
    }
  } catch (error) {
    if (TokenBridgeError.isInstance(error) && error.error._tag === 'Validation') return E.left(error.error);
    throw error;
  }
}

/**
 * A `resolveSink` for the token manager that rebuilds the built-in sinks from
 * the specs in the journal, and `callbacks` by their `callback:<name>` spec.
 *
 * @example
 * createTokenManager({ providers, journal: fileJournal(), resolveSink: sinkResolver() });
 */
export function sinkResolver(options: SinkSpecOptions & { readonly callbacks?: readonly SecretSink[] } = {}): SinkResolver {
  return (spec) => {
    const callback = options.callbacks?.find((sink) => sink.spec === spec);
    if (callback) return callback;
    const parsed = parseSinkSpec(spec, options);
    return E.isRight(parsed) ? parsed.right : undefined;
  };
}
