import { Argument } from 'commander';
import { SHELLS, type Shell, completionScript } from '../completion';
import type { CommandModule } from './command';

/** `tokenbridge completion bash|zsh`: the shell completion script, generated from the command definitions. */
export const completionCommand: CommandModule = {
  name: 'completion',
  register(program, ctx) {
    program
      .command('completion')
      .description('print the shell completion script (bash: source <(tokenbridge completion bash); zsh likewise)')
      .addArgument(new Argument('<shell>', 'the shell').choices(SHELLS))
      .action((shell: Shell) => ctx.out(completionScript(program, shell)));
  },
};
