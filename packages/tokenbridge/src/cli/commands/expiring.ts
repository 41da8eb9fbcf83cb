import { duration } from '../flags';
import { TOKEN_HEADERS, compareTokenRows, tokenJson, tokenRow } from '../format';
import { progressOn } from '../progress';
import { printReport } from '../report';
import { type CommandModule, JSON_HELP } from './command';

/** `tokenbridge expiring --within 30d`: across every provider, soonest first. */
export const expiringCommand: CommandModule = {
  name: 'expiring',
  register(program, ctx) {
    program
      .command('expiring')
      .description('tokens expiring soon (or already expired), across every provider, soonest first')
      .requiredOption('--within <duration>', 'e.g. 30d')
      .option('--json', JSON_HELP)
      .action(async (opts: { within: string }) => {
        const within = duration(opts.within, '--within');
        const manager = await ctx.manager();
        const progress = progressOn(ctx.io.stderr);
        const report = await manager.expiring({ within, ...progress.options });
        progress.finish();
        const items = [...report.items].sort((a, b) => a.expiresInMs - b.expiresInMs || compareTokenRows(a, b));
        printReport(ctx, items, report.errors, {
          headers: TOKEN_HEADERS,
          row: (i) => tokenRow(i.providerKey, i.token),
          json: (i) => ({ ...tokenJson(i.providerKey, i.token), expiresInMs: i.expiresInMs }),
        });
      });
  },
};
