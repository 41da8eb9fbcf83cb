import { usageError } from '../exit';
import { perform } from '../failure';
import { addVendorFlags, vendorFields } from '../flags';
import { visible } from '../format';
import { type CommandModule, JSON_HELP } from './command';

/** `tokenbridge delete <provider> <id>`: asks first on a terminal, or takes `--yes`. */
export const deleteCommand: CommandModule = {
  name: 'delete',
  register(program, ctx) {
    const command = program
      .command('delete')
      .description('delete a token')
      .argument('<provider>', 'a configured provider name')
      .argument('<id>', 'the token id')
      .option('--yes', 'do not ask for confirmation');
    addVendorFlags(command, 'delete').option('--json', JSON_HELP).action(async (key: string, id: string, opts: { yes?: boolean } & Record<string, unknown>) => {
      const target = await ctx.provider(key);
      const options = vendorFields(target.vendor, key, 'delete', opts) ?? {};
      if (!opts.yes) {
        if (!ctx.io.confirm) throw usageError('--yes', 'is needed to delete when there is no terminal to confirm on');
        if (!(await ctx.io.confirm(`Delete token ${id} of ${key}? [y/N] `))) {
          ctx.err('Not deleted.\n');
          return;
        }
      }
      await perform(target.provider.delete(id, options), key, id);
      if (ctx.json) ctx.printJson({ providerKey: key, id, deleted: true });
      else ctx.out(`Deleted ${key} token ${visible(id)}.\n`);
    });
  },
};
