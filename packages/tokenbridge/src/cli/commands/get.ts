import { perform } from '../failure';
import { details, tokenJson } from '../format';
import { type CommandModule, JSON_HELP } from './command';

/** `tokenbridge get <provider> <id>`: one token's details. */
export const getCommand: CommandModule = {
  name: 'get',
  register(program, ctx) {
    program
      .command('get')
      .description('show one token')
      .argument('<provider>', 'a configured provider name')
      .argument('<id>', 'the token id')
      .option('--json', JSON_HELP)
      .action(async (key: string, id: string) => {
        const { provider } = await ctx.provider(key);
        const token = await perform(provider.get(id), key, id);
        if (ctx.json) ctx.printJson(tokenJson(key, token));
        else ctx.out(details(key, token));
      });
  },
};
