import { describeCredential } from '../../config/provider-config';
import { compareKeys } from '../format';
import { printReport } from '../report';
import { type CommandModule, JSON_HELP } from './command';

/** `tokenbridge providers`: what is configured, and where each provider came from. */
export const providersCommand: CommandModule = {
  name: 'providers',
  register(program, ctx) {
    program
      .command('providers')
      .description('list the configured providers and where each came from (environment or config file); reads no credential')
      .option('--json', JSON_HELP)
      .option('--names', 'only the names, one per line (for scripts and shell completion)')
      .action((opts: { names?: boolean }) => {
        const sorted = [...ctx.requireConfigured()].sort((a, b) => compareKeys(a.key, b.key));
        if (opts.names) return ctx.out(sorted.map((p) => `${p.key}\n`).join(''));
        printReport(ctx, sorted, [], {
          headers: ['PROVIDER', 'VENDOR', 'BASE URL', 'CREDENTIAL FROM', 'DEFINED IN'],
          row: (p) => [p.key, p.vendor, p.baseUrl ?? '(vendor default)', describeCredential(p.credential), p.origin],
          json: (p) => p,
        });
      });
  },
};
