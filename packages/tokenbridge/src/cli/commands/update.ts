import { Option } from 'commander';
import type { TokenPatch } from '@tokenbridge/core';
import type { VendorEntry } from '../../registry';
import { usageError } from '../exit';
import { perform } from '../failure';
import { EXPIRES_HELP, addVendorFlags, expiry, requireSupport, vendorFields, vendorFlagsFor } from '../flags';
import { details, tokenJson } from '../format';
import { type CommandModule, JSON_HELP } from './command';

interface UpdateFlags {
  readonly name?: string;
  readonly description?: string;
  readonly clearDescription?: boolean;
  readonly expires?: string;
  readonly status?: 'active' | 'disabled';
  readonly ifVersion?: string;
}

/** `tokenbridge update <provider> <id> …`: changes the fields given, nothing else. */
export const updateCommand: CommandModule = {
  name: 'update',
  register(program, ctx) {
    const command = program
      .command('update')
      .description('change a token; only the fields given change')
      .argument('<provider>', 'a configured provider name')
      .argument('<id>', 'the token id')
      .option('--name <name>', 'a new name')
      .option('--description <text>', 'a new description')
      .option('--clear-description', 'remove the description')
      .option('--expires <when>', `a new expiry: ${EXPIRES_HELP}; or 'never'`)
      .addOption(new Option('--status <status>', 'enable or disable').choices(['active', 'disabled']))
      .option('--if-version <version>', 'only if the token still has this version');
    addVendorFlags(command, 'update').option('--json', JSON_HELP).action(async (key: string, id: string, opts: UpdateFlags & Record<string, unknown>) => {
      const target = await ctx.provider(key);
      const caps = target.vendor.capabilities.update;
      const check = (flag: string, given: boolean, supported: boolean): void => {
        if (given) requireSupport(target.vendor, key, 'update', flag, supported);
      };
      check('--name', opts.name !== undefined, caps.fields.includes('name'));
      check('--description', opts.description !== undefined, caps.fields.includes('description'));
      check('--clear-description', opts.clearDescription === true, caps.fields.includes('description'));
      check('--expires', opts.expires !== undefined, caps.fields.includes('expiresAt'));
      check('--status', opts.status !== undefined, caps.fields.includes('status'));
      check('--if-version', opts.ifVersion !== undefined, caps.optimisticLocking);
      if (opts.description !== undefined && opts.clearDescription) throw usageError('--clear-description', 'and --description contradict each other; give one');
      const extra = vendorFields(target.vendor, key, 'update', opts);
      const patch: TokenPatch<object> = {
        ...(opts.name !== undefined ? { name: opts.name } : {}),
        ...(opts.description !== undefined ? { description: opts.description } : {}),
        ...(opts.clearDescription ? { description: null } : {}),
        ...(opts.expires !== undefined ? { expiresAt: opts.expires === 'never' ? null : expiry(opts.expires, ctx.now(), '--expires') } : {}),
        ...(opts.status !== undefined ? { status: opts.status } : {}),
        ...(extra ? { extra } : {}),
      };
      if (Object.keys(patch).length === 0) throw usageError('update', `needs a change: ${changeFlags(target.vendor).join(', ')}`);
      const token = await perform(target.provider.update(id, { ...patch, ...(opts.ifVersion !== undefined ? { ifVersion: opts.ifVersion } : {}) }), key, id);
      if (ctx.json) ctx.printJson(tokenJson(key, token));
      else ctx.out(details(key, token));
    });
  },
};

/** The flags that change something on `vendor`'s tokens, by its capabilities. */
function changeFlags(vendor: VendorEntry): string[] {
  const fields = vendor.capabilities.update.fields;
  const neutral: Array<[string, boolean]> = [
    ['--name', fields.includes('name')],
    ['--description', fields.includes('description')],
    ['--clear-description', fields.includes('description')],
    ['--expires', fields.includes('expiresAt')],
    ['--status', fields.includes('status')],
  ];
  const own = vendorFlagsFor('update')
    .filter((offered) => offered.vendors.includes(vendor))
    .map((offered) => offered.flag.flag);
  return [...neutral.filter(([, ok]) => ok).map(([flag]) => flag), ...own];
}
