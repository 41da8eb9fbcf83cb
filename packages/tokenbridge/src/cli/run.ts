import { CommanderError } from 'commander';
import { RotationIoError, TokenBridgeError } from '@tokenbridge/core';
import { CommandContext } from './context';
import { errorJson, failureJson } from './errors';
import { EXIT, exitCodeFor } from './exit';
import { CliFailure, CliIoFailure, type FailureDetails } from './failure';
import { visible } from './format';
import type { CliIo } from './io';
import { buildProgram } from './program';

export { EXIT, exitCodeFor } from './exit';
export type { CliIo } from './io';

/**
 * Runs the `tokenbridge` command line with `argv` (without `node` and the
 * script) and returns the exit code. Secrets are printed by `create` and
 * by `rotate` without `--deliver` only, once.
 */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const ctx = new CommandContext(io);
  // Before parsing, so a usage error of a --json call is JSON too; the command's own parse then decides.
  ctx.json = argv.slice(0, argv.includes('--') ? argv.indexOf('--') : undefined).includes('--json');
  const program = buildProgram(ctx);
  try {
    await program.parseAsync([...argv], { from: 'user' });
  } catch (error) {
    ctx.exitCode = reportError(ctx, error);
  } finally {
    await ctx.close();
  }
  return ctx.exitCode;
}

/** Reports a failure on stderr (one JSON object with --json) and returns the exit code. */
function reportError(ctx: CommandContext, error: unknown): number {
  if (error instanceof CommanderError) {
    if (['commander.helpDisplayed', 'commander.version', 'commander.help'].includes(error.code)) return EXIT.ok;
    if (ctx.json) ctx.err(`${JSON.stringify({ tag: 'Usage', message: error.message.replace(/^error: /, '') })}\n`);
    return EXIT.usage;
  }
  if (error instanceof RotationIoError) return reportIoError(ctx, error, {});
  if (error instanceof CliIoFailure) return reportIoError(ctx, error.error, error.details);
  if (!TokenBridgeError.isInstance(error)) {
    // Never print an unknown error's details: they could hold anything.
    ctx.err(ctx.json ? `${JSON.stringify({ tag: 'Unexpected', message: 'unexpected failure' })}\n` : 'error: unexpected failure\n');
    return EXIT.failure;
  }
  const details = error instanceof CliFailure ? error.details : {};
  const hints = details.hints ?? [];
  const json = errorJson(error.error, details.providerKey);
  if (ctx.json) {
    ctx.err(`${JSON.stringify({ ...json, ...(hints.length > 0 ? { hints } : {}), ...details.json })}\n`);
  } else {
    const where = json.provider === 'tokenbridge' ? '' : `${details.providerKey ?? json.provider} ${json.operation}: ${json.tag}: `;
    ctx.err(`error: ${visible(where + json.message)}\n${hints.map((h) => `${visible(h)}\n`).join('')}`);
  }
  return exitCodeFor(error.error);
}

/**
 * Reports a rotation stopped by a sink or the journal: the stage and the
 * rotation id with the failure (which names the sink by its spec, never the
 * secret or what the target printed); exit code 1.
 */
function reportIoError(ctx: CommandContext, error: RotationIoError, details: FailureDetails): number {
  const hints = details.hints ?? [];
  const json = failureJson(error.failure);
  if (ctx.json) {
    const fields = { ...json, stage: error.stage, ...(error.rotationId !== undefined ? { rotationId: error.rotationId } : {}), ...(details.providerKey !== undefined ? { providerKey: details.providerKey } : {}) };
    ctx.err(`${JSON.stringify({ ...fields, ...(hints.length > 0 ? { hints } : {}), ...details.json })}\n`);
  } else {
    const where = error.rotationId !== undefined ? `rotation ${error.rotationId} stopped at ${error.stage}: ` : error.stage !== 'journal' ? `stopped at ${error.stage}: ` : '';
    const who = details.providerKey !== undefined ? `${details.providerKey} rotate: ` : '';
    ctx.err(`error: ${visible(`${who}${json.tag}: ${where}${error.message}`)}\n${hints.map((h) => `${visible(h)}\n`).join('')}`);
  }
  return EXIT.failure;
}
