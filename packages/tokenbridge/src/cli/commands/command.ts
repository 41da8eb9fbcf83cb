import type { Command } from 'commander';
import type { CommandContext } from '../context';

/**
 * One `tokenbridge` command: it adds itself (arguments, options, help and
 * action) to the program. The command line is the list of these modules.
 */
export interface CommandModule {
  readonly name: string;
  register(program: Command, ctx: CommandContext): void;
}

/** The `--json` option every command that prints takes. */
export const JSON_HELP = 'machine-readable output (errors too: one JSON object on stderr)';
