import { declared, planOf } from '../declarations';
import { journalOption } from '../journal';
import { planExitCode, printPlan } from '../plan-output';
import { type CommandModule, JSON_HELP } from './command';

/** What `plan --help` says after the options: the exit codes CI acts on. */
export const PLAN_EXIT_HELP = [
  '',
  'Exit codes: 0 no changes; 5 changes pending (apply would act); 1 something needs a person (a provider that',
  'could not be read, two live tokens of one name, an operation unfinished in the journal, a disabled token);',
  '2 a mistake in the declaration, the config file or the command.',
  'In CI: tokenbridge plan --json > plan.json; review it; tokenbridge apply --plan plan.json --yes.',
].join('\n');

/**
 * `tokenbridge plan`: reads the live tokens of every provider the config
 * file's `tokens:` names (and each with `prune: true`), and shows what would
 * bring them in line. Changes nothing; reads the journal without creating it.
 */
export const planCommand: CommandModule = {
  name: 'plan',
  register(program, ctx) {
    program
      .command('plan')
      .description("compare the config file's declared tokens (tokens:) with the live ones and show what apply would do; changes nothing")
      .addOption(journalOption())
      .option('--json', `the plan as JSON (what apply --plan <file> takes); ${JSON_HELP}`)
      .addHelpText('after', PLAN_EXIT_HELP)
      .action(async (opts: { journal?: string }) => {
        const setup = await declared(ctx, 'plan', opts.journal);
        const plan = await planOf(ctx, setup);
        if (ctx.json) ctx.printJson(plan);
        else printPlan(ctx, plan, setup.journal);
        ctx.fail(planExitCode(plan));
      });
  },
};
