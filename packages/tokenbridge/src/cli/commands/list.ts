import { Option } from 'commander';
import { type ListQuery, type Token, TokenBridgeError, listAll } from '@tokenbridge/core';
import { CliFailure } from '../failure';
import { TOKEN_HEADERS, compareTokenRows, tokenJson, tokenRow } from '../format';
import { progressOn } from '../progress';
import { type ProviderFailure, printReport } from '../report';
import { type CommandModule, JSON_HELP } from './command';

interface Row {
  readonly providerKey: string;
  readonly token: Token<unknown>;
}

/** `tokenbridge list [provider]`: tokens of one provider or of all, sorted by provider, name and id. */
export const listCommand: CommandModule = {
  name: 'list',
  register(program, ctx) {
    program
      .command('list')
      .description('list tokens of one provider, or of every configured provider (sorted by provider, name, id)')
      .argument('[provider]', 'a configured provider name')
      .option('--name <text>', 'only names containing this text (case-insensitive)')
      .addOption(new Option('--status <status>', 'only this status').choices(['active', 'disabled', 'expired', 'unknown']))
      .option('--json', JSON_HELP)
      .action(async (key: string | undefined, opts: { name?: string; status?: ListQuery['status'] }) => {
        const query: ListQuery = { ...(opts.name !== undefined ? { nameContains: opts.name } : {}), ...(opts.status ? { status: opts.status } : {}) };
        const rows: Row[] = [];
        const failures: ProviderFailure[] = [];
        if (key !== undefined) {
          const target = await ctx.provider(key);
          try {
            for await (const token of listAll(target.provider, query)) rows.push({ providerKey: key, token });
          } catch (error) {
            throw TokenBridgeError.isInstance(error) ? new CliFailure(error.error, { providerKey: key }) : error;
          }
        } else {
          const manager = await ctx.manager();
          const progress = progressOn(ctx.io.stderr);
          for await (const item of manager.inventory({ query, ...progress.options })) {
            if ('error' in item) failures.push(item);
            else rows.push(item);
          }
          progress.finish();
        }
        printReport(ctx, rows.sort(compareTokenRows), failures, {
          headers: TOKEN_HEADERS,
          row: (r) => tokenRow(r.providerKey, r.token),
          json: (r) => tokenJson(r.providerKey, r.token),
        });
      });
  },
};
