import * as fs from 'node:fs';
import * as path from 'node:path';
import { Option } from 'commander';
import type { RotationJournal } from '@tokenbridge/core';
import { DEFAULT_JOURNAL_PATH, fileJournal } from '@tokenbridge/rotation';
import type { CommandContext } from './context';
import { shellQuote } from './shell';

/** The `--journal <file>` option of the commands that rotate or read rotations. */
export function journalOption(): Option {
  return new Option(
    '--journal <file>',
    `the rotation journal (default: ${DEFAULT_JOURNAL_PATH} in the config file's directory, or in the working directory when there is no config file)`,
  );
}

/** The rotation journal a command uses, and where it is. */
export interface CliJournal {
  readonly path: string;
  /** Whether the file exists (a dry run or a read does not create it). */
  exists(): boolean;
  open(): RotationJournal;
  /** `tokenbridge rotate --resume`, with the `--config` and `--journal` this command was given. */
  readonly resumeCommand: string;
  /** `tokenbridge journal`, likewise. */
  readonly showCommand: string;
}

/**
 * The journal: `--journal` (relative to the working directory), else
 * `.tokenbridge/journal.jsonl` beside the config file, so every directory
 * under a project (and a cron job given `--config`) shares one, else in the
 * working directory.
 */
export function cliJournal(ctx: CommandContext, flag: string | undefined): CliJournal {
  const file = ctx.configured().file;
  const journalPath = flag !== undefined ? path.resolve(ctx.cwd(), flag) : path.join(file !== undefined ? path.dirname(file) : ctx.cwd(), DEFAULT_JOURNAL_PATH);
  const config = ctx.globals.config !== undefined ? ` --config ${shellQuote(ctx.globals.config)}` : '';
  const journal = flag !== undefined ? ` --journal ${shellQuote(flag)}` : '';
  return {
    path: journalPath,
    exists: () => fs.existsSync(journalPath),
    open: () => fileJournal({ path: journalPath }),
    resumeCommand: `tokenbridge${config} rotate --resume${journal}`,
    showCommand: `tokenbridge${config} journal${journal}`,
  };
}
