import * as E from 'fp-ts/Either';
import type { SecretSink, SinkResolver } from '@tokenbridge/core';
import { type CommandSinkOptions, parseSinkSpec, sinkResolver } from '@tokenbridge/rotation';
import { configError } from '../config/provider-config';
import type { NamedSink } from '../config/sinks';
import type { CommandContext } from './context';
import { type CliFailure, usageFailure } from './failure';
import { didYouMean } from './suggest';

/** What `--deliver` takes, for its help and its errors. */
export const DELIVER_FORMS = 'dotenv:<file>:<KEY>, json:<file>:<key.path>, cmd:["program","arg",...] or @<name> (a sink of the config file)';

/**
 * How the command line runs a command sink: in the working directory, with
 * the environment minus the variables holding the configured providers'
 * credentials (`gh secret set` has no use for the management credential).
 */
function commandOptions(ctx: CommandContext): Omit<CommandSinkOptions, 'argv'> {
  const credentials = new Set(ctx.configured().providers.flatMap((p) => ('env' in p.credential ? [p.credential.env] : [])));
  return { env: Object.fromEntries(Object.entries(ctx.io.env).filter(([name]) => !credentials.has(name))), cwd: ctx.cwd() };
}

/** A sink of the config file, as the command line runs it. */
function namedSink(ctx: CommandContext, named: NamedSink): SecretSink {
  const options = commandOptions(ctx);
  const made = parseSinkSpec(named.spec, { command: { ...options, ...(named.timeoutMs !== undefined ? { timeoutMs: named.timeoutMs } : {}) } });
  // The file was checked when it was read; a spec that no longer parses is a mistake of ours, reported as the file's.
  if (E.isLeft(made)) throw configError(named.where, `is ${made.left.message}`);
  return made.right;
}

/**
 * The sinks `--deliver` names, in order: specs (relative paths against the
 * working directory) or `@<name>` of a sink the config file names. A bad spec,
 * an unknown name or a sink given twice is a usage error, before any request.
 */
export function deliverSinks(ctx: CommandContext, values: readonly string[]): SecretSink[] {
  const sinks = values.map((value) => {
    if (value.startsWith('@')) return namedSink(ctx, findNamed(ctx, value.slice(1)));
    const parsed = parseSinkSpec(value, { baseDir: ctx.cwd(), command: commandOptions(ctx) });
    if (E.isLeft(parsed)) throw usage(`--deliver ${JSON.stringify(value.slice(0, 200))} is ${parsed.left.message}`, [`expected ${DELIVER_FORMS}`]);
    return parsed.right;
  });
  const twice = sinks.find((sink, i) => sinks.findIndex((other) => other.spec === sink.spec) !== i);
  if (twice !== undefined) throw usage(`--deliver ${twice.spec} is given twice: each sink receives the secret once`);
  return sinks;
}

/** How `resume` rebuilds a sink from the journal: the config file's sinks by their spec (with their timeouts), and every built-in spec. */
export function cliSinkResolver(ctx: CommandContext): SinkResolver {
  return sinkResolver({ command: commandOptions(ctx), callbacks: ctx.configured().sinks.map((named) => namedSink(ctx, named)) });
}

function findNamed(ctx: CommandContext, name: string): NamedSink {
  const { sinks, file } = ctx.configured();
  const found = sinks.find((s) => s.name === name);
  if (found !== undefined) return found;
  if (sinks.length === 0) {
    throw usage(`--deliver @${name}: ${file !== undefined ? `${file} names no sinks` : 'there is no config file to name sinks in'}`, [
      'name sinks under "sinks" in the config file, e.g. { "sinks": { "app-env": "dotenv:.env:API_TOKEN" } }',
    ]);
  }
  const names = sinks.map((s) => s.name);
  throw usage(`--deliver @${name}: ${file} names no sink "${name}"`, [...didYouMean(name, names, '@'), `sinks: ${names.map((n) => `@${n}`).join(', ')}`]);
}

function usage(message: string, hints: readonly string[] = []): CliFailure {
  return usageFailure('--deliver', message, hints);
}
