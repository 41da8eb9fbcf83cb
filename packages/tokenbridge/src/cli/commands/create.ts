import * as E from 'fp-ts/Either';
import type { CreateTokenInput, Token, TokenError } from '@tokenbridge/core';
import type { CommandContext } from '../context';
import { CliFailure } from '../failure';
import { EXPIRES_HELP, addVendorFlags, expiry, requireSupport, vendorFields } from '../flags';
import { details, tokenJson, visible } from '../format';
import { shellQuote } from '../shell';
import { type CommandModule, JSON_HELP } from './command';

interface CreateFlags {
  readonly name: string;
  readonly description?: string;
  readonly expires?: string;
}

/** `tokenbridge create <provider> --name …`: a new token; its secret is printed once. */
export const createCommand: CommandModule = {
  name: 'create',
  register(program, ctx) {
    const command = program
      .command('create')
      .description('create a token; its secret is printed once')
      .argument('<provider>', 'a configured provider name')
      .requiredOption('--name <name>', 'the token name')
      .option('--description <text>', 'a description (where the vendor has one)')
      .option('--expires <when>', `when it expires: ${EXPIRES_HELP}`);
    addVendorFlags(command, 'create').option('--json', JSON_HELP).action(async (key: string, opts: CreateFlags & Record<string, unknown>) => {
      const target = await ctx.provider(key);
      const fields = target.vendor.capabilities.create.fields;
      if (opts.description !== undefined) requireSupport(target.vendor, key, 'create', '--description', fields.includes('description'));
      if (opts.expires !== undefined) requireSupport(target.vendor, key, 'create', '--expires', fields.includes('expiresAt'));
      const extra = vendorFields(target.vendor, key, 'create', opts);
      const input: CreateTokenInput<object> = {
        name: opts.name,
        ...(opts.description !== undefined ? { description: opts.description } : {}),
        ...(opts.expires !== undefined ? { expiresAt: expiry(opts.expires, ctx.now(), '--expires') } : {}),
        ...(extra ? { extra } : {}),
      };
      const created = await target.provider.create(input)();
      if (E.isRight(created)) return printCreated(ctx, key, created.right);
      if (created.left.outcomeUnknown !== true) throw new CliFailure(created.left, { providerKey: key });
      mayExist(key, created.left, opts.name);
    });
  },
};

function printCreated(ctx: CommandContext, key: string, token: Token<object>): void {
  const secret = token.secret?.reveal();
  if (ctx.json) return ctx.printJson({ token: tokenJson(key, token), secret: secret ?? null });
  ctx.out(details(key, token));
  ctx.out(secret !== undefined ? `\nSecret (shown once, store it now): ${visible(secret)}\n` : '\nThe vendor returned no secret for this token.\n');
}

/**
 * A create whose outcome is unknown: the token may exist. Says so, with the
 * command that finds it (repeating the create blindly could make a second
 * one), and fails with exit code 1.
 */
function mayExist(key: string, error: TokenError, name: string): never {
  const find = `tokenbridge list ${shellQuote(key)} --name ${shellQuote(name)}`;
  throw new CliFailure(error, {
    providerKey: key,
    hints: [
      `the token may have been created anyway: the request may have reached ${error.provider}, but no usable answer came back.`,
      'find it before creating it again:',
      `  ${find}`,
    ],
  });
}
