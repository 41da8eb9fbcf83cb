import * as fs from 'node:fs';
import * as path from 'node:path';
import * as E from 'fp-ts/Either';
import { type ApplyResult, type Plan, TokenBridgeError, decodePlan } from '@tokenbridge/core';
import { applyFailure, printApplied } from '../apply-output';
import type { CommandContext, Manager } from '../context';
import { declared, journaledManager, planOf } from '../declarations';
import { EXIT, usageError } from '../exit';
import { type CliJournal, journalOption } from '../journal';
import { printPlan } from '../plan-output';
import { type CommandModule, JSON_HELP } from './command';

interface ApplyFlags {
  readonly plan?: string;
  readonly yes?: boolean;
  readonly journal?: string;
}

/** A plan to apply, and the manager and journal to apply it with. */
interface Applicable {
  readonly plan: Plan;
  readonly manager: Manager;
  readonly journal: CliJournal;
}

/** A plan saved with `plan --json`: unreadable, not JSON or not a plan is a usage error. The manager covers every provider it names. */
async function savedPlan(ctx: CommandContext, file: string, journalFlag: string | undefined): Promise<Applicable> {
  let text: string;
  try {
    text = fs.readFileSync(path.resolve(ctx.cwd(), file), 'utf8');
  } catch (error) {
    throw usageError('--plan', `${file} cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw usageError('--plan', `${file} is not JSON: save a plan with tokenbridge plan --json > ${file}`);
  }
  const decoded = decodePlan(value);
  if (E.isLeft(decoded)) throw new TokenBridgeError({ ...decoded.left, message: `--plan ${file}: ${decoded.left.message}` });
  const plan = decoded.right;
  const keys = [...new Set([...plan.providers.map((p) => p.key), ...plan.actions.map((a) => a.providerKey)])];
  return { plan, ...(await journaledManager(ctx, keys, journalFlag)) };
}

/**
 * `tokenbridge apply`: plans the config file's declaration (or takes a plan
 * saved with `plan --json`), shows it, asks (or takes `--yes`), and applies
 * it through the rotation journal, every new secret to its sinks. A saved
 * plan is applied only if the live state has not changed since; otherwise
 * nothing is written and the changes are listed.
 */
export const applyCommand: CommandModule = {
  name: 'apply',
  register(program, ctx) {
    program
      .command('apply')
      .description("make the live tokens match the config file's declared tokens (creates, updates, rotations, replacements, prunes), each journaled, each new secret to its sinks; asks first on a terminal, or takes --yes")
      .option('--plan <file>', 'apply a plan saved with plan --json, only if the live state has not changed since it was made')
      .option('--yes', 'do not ask for confirmation')
      .addOption(journalOption())
      .option('--json', JSON_HELP)
      .addHelpText('after', '\nExit codes: 0 done (or nothing to do); 1 an action failed, the live state changed since --plan, the journal is in use or failed,\nor the plan holds something that needs a person; 2 a mistake in the declaration or the command (no --yes without a terminal, a file that is not a plan).')
      .action(async (opts: ApplyFlags) => {
        // Checked first: a run that could never write needs no credential and makes no request.
        if (!opts.yes && !ctx.io.confirm) throw usageError('--yes', 'is needed to apply when there is no terminal to confirm on');
        const { plan, manager, journal } = opts.plan !== undefined ? await savedPlan(ctx, opts.plan, opts.journal) : await freshPlan(ctx, opts.journal);
        if (!ctx.json) printPlan(ctx, plan, journal);
        if (plan.status === 'error') ctx.fail(EXIT.failure);
        if (plan.actions.length === 0) {
          if (ctx.json) ctx.printJson({ status: 'no-changes', journal: journal.path, plan, actions: [] });
          else ctx.out('Nothing to apply.\n');
          return;
        }
        if (!opts.yes && !(await ctx.io.confirm?.(`Apply ${plan.actions.length} action${plan.actions.length === 1 ? '' : 's'}? [y/N] `))) {
          ctx.err('Not applied.\n');
          return;
        }
        let result: ApplyResult;
        try {
          result = await manager.apply(plan);
        } catch (error) {
          throw applyFailure(error, journal);
        }
        printApplied(ctx, plan, result, journal);
        if (result.status !== 'applied') ctx.fail(EXIT.failure);
      });
  },
};

async function freshPlan(ctx: CommandContext, journalFlag: string | undefined): Promise<Applicable> {
  const setup = await declared(ctx, 'apply', journalFlag);
  return { plan: await planOf(ctx, setup), manager: setup.manager, journal: setup.journal };
}
