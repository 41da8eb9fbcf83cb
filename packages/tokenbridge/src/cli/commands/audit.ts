import { duration } from '../flags';
import { compareTokenRows, tokenJson } from '../format';
import { progressOn } from '../progress';
import { printReport } from '../report';
import { type CommandModule, JSON_HELP } from './command';

/** `tokenbridge audit`: tokens that are expired, expiring, never used or unused for long. */
export const auditCommand: CommandModule = {
  name: 'audit',
  register(program, ctx) {
    program
      .command('audit')
      .description('tokens that are expired, expiring, never used or unused for long (sorted by provider, name, id)')
      .option('--unused-for <duration>', 'flag tokens unused for longer than this, e.g. 90d')
      .option('--expiring-within <duration>', 'flag tokens expiring within this, e.g. 30d')
      .option('--json', JSON_HELP)
      .action(async (opts: { unusedFor?: string; expiringWithin?: string }) => {
        const thresholds = {
          ...(opts.unusedFor !== undefined ? { unusedFor: duration(opts.unusedFor, '--unused-for') } : {}),
          ...(opts.expiringWithin !== undefined ? { expiringWithin: duration(opts.expiringWithin, '--expiring-within') } : {}),
        };
        const manager = await ctx.manager();
        const progress = progressOn(ctx.io.stderr);
        const report = await manager.audit({ ...thresholds, ...progress.options });
        progress.finish();
        printReport(ctx, [...report.items].sort(compareTokenRows), report.errors, {
          headers: ['PROVIDER', 'ID', 'NAME', 'FINDINGS'],
          row: (f) => [f.providerKey, f.token.id, f.token.name, f.reasons.map((r) => r.message).join('; ')],
          json: (f) => ({ ...tokenJson(f.providerKey, f.token), reasons: f.reasons }),
        });
      });
  },
};
