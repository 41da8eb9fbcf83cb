import * as E from 'fp-ts/Either';
import { type Declaration, type DeclarationIssue, type Plan, DeclarationError, TokenErrors } from '@tokenbridge/core';
import { declarationIssueLine, issueInFile, readDeclaration } from '../config/declaration';
import { CONFIG_FILE_NAMES } from '../config/file';
import type { CommandContext, Manager } from './context';
import { CliFailure, usageFailure } from './failure';
import { type CliJournal, cliJournal } from './journal';
import { cliSinkResolver } from './sinks';

/**
 * What `plan` and `apply` share: the declaration the config file holds, a
 * manager over the providers it names with the rotation journal (found as
 * `rotate` finds it) and the command line's sinks, and the plan.
 */

/** A declaration, the manager over its providers, and the journal. */
export interface Declared {
  readonly declaration: Declaration;
  readonly journal: CliJournal;
  readonly manager: Manager;
}

/** Every mistake of the file's declaration: a usage error (exit 2), one line per mistake naming the file, the entry and the field. */
function declarationFailure(ctx: CommandContext, issues: readonly DeclarationIssue[]): CliFailure {
  const configuration = ctx.configured();
  const count = `${issues.length} mistake${issues.length === 1 ? '' : 's'}`;
  const message = `${configuration.file ?? 'the config file'}: the declared tokens have ${count}; nothing was read or changed`;
  const located = issues.map((issue) => issueInFile(configuration, issue));
  return new CliFailure(TokenErrors.validation({ provider: 'tokenbridge', operation: 'configure' }, message, located), {
    hints: issues.map((issue) => declarationIssueLine(configuration, issue)),
    ...(configuration.file !== undefined ? { json: { file: configuration.file } } : {}),
  });
}

/** The config file's declaration; no file, no `tokens` section or any mistake is a usage error. */
function fileDeclaration(ctx: CommandContext, command: string): Declaration {
  const configuration = ctx.configured();
  const { file, document } = configuration;
  const example = 'e.g. tokens: [{ provider: <a provider name>, name: ci deploy, rotate: { every: 30d }, deliver: ["@app-env"] }] (see "Tokens as code" in the README)';
  if (file === undefined) {
    throw usageFailure('tokens', `${command} reads the tokens a config file declares, and there is none (${CONFIG_FILE_NAMES.join(' / ')}, looked for from ${ctx.cwd()} upward)`, [
      `write one with a "tokens" section, or name it with --config <file>; ${example}`,
    ]);
  }
  if (document.tokens === undefined) throw usageFailure('tokens', `${file} declares no tokens`, [`add a "tokens" section; ${example}`]);
  const decoded = readDeclaration(configuration, document.tokens);
  if (E.isLeft(decoded)) throw declarationFailure(ctx, decoded.left);
  return decoded.right;
}

/**
 * A manager over `keys` with the journal (`--journal`, else beside the
 * config file) and the sinks resolved as `rotate --deliver` resolves them.
 * Nothing is written until something is applied: a plan only reads the
 * journal, and a journal that is not there reads as empty.
 */
export async function journaledManager(ctx: CommandContext, keys: readonly string[], journalFlag: string | undefined): Promise<{ journal: CliJournal; manager: Manager }> {
  const journal = cliJournal(ctx, journalFlag);
  return { journal, manager: await ctx.manager(keys, { journal: journal.open(), resolveSink: cliSinkResolver(ctx) }) };
}

/** The config file's declaration and a manager over the providers it names (each token's and each pruned one). */
export async function declared(ctx: CommandContext, command: string, journalFlag: string | undefined): Promise<Declared> {
  const declaration = fileDeclaration(ctx, command);
  const keys = [...new Set([...declaration.tokens.map((t) => t.provider), ...declaration.prune])];
  return { declaration, ...(await journaledManager(ctx, keys, journalFlag)) };
}

/** Plans the declaration; the vendors' own checks (fields, strategies, name lengths) report every mistake like the file's. */
export async function planOf(ctx: CommandContext, { manager, declaration }: Declared): Promise<Plan> {
  try {
    return await manager.plan(declaration);
  } catch (error) {
    if (error instanceof DeclarationError) throw declarationFailure(ctx, error.issues);
    throw error;
  }
}
