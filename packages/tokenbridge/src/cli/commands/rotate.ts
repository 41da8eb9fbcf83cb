import { Option } from 'commander';
import { type RotationResult, RotationError } from '@tokenbridge/core';
import type { CommandContext } from '../context';
import { CliFailure } from '../failure';
import { requireSupport } from '../flags';
import { tokenJson, visible } from '../format';
import { shellQuote } from '../shell';
import { type CommandModule, JSON_HELP } from './command';

interface RotateFlags {
  readonly strategy?: 'replace' | 'regenerate';
  readonly revokeOld?: 'delete' | 'disable';
  readonly dryRun?: boolean;
}

/** `tokenbridge rotate <provider> <id>`: a replacement or a regenerated secret, printed once. */
export const rotateCommand: CommandModule = {
  name: 'rotate',
  register(program, ctx) {
    program
      .command('rotate')
      .description('replace or regenerate a token; the new secret is printed once')
      .argument('<provider>', 'a configured provider name')
      .argument('<id>', 'the token id')
      .addOption(new Option('--strategy <strategy>', "default: the vendor's regenerate where it has one, else replace").choices(['replace', 'regenerate']))
      .addOption(new Option('--revoke-old <how>', 'after the replacement works (default: keep the old token)').choices(['delete', 'disable']))
      .option('--dry-run', 'say what would happen, change nothing')
      .option('--json', JSON_HELP)
      .action(async (key: string, id: string, opts: RotateFlags) => {
        const target = await ctx.provider(key);
        if (opts.strategy === 'regenerate') {
          requireSupport(target.vendor, key, 'update', '--strategy regenerate', target.vendor.capabilities.operations.includes('regenerate'));
        }
        const manager = await ctx.manager([key]);
        let result: RotationResult;
        try {
          result = await manager.rotate(
            { provider: key, id },
            { ...(opts.strategy ? { strategy: opts.strategy } : {}), ...(opts.revokeOld ? { revokeOld: opts.revokeOld } : {}), dryRun: opts.dryRun === true },
          );
        } catch (error) {
          throw error instanceof RotationError ? rotationFailure(ctx, key, id, error) : error;
        }
        printRotation(ctx, result);
      });
  },
};

function printRotation(ctx: CommandContext, result: RotationResult): void {
  const secret = result.secret?.reveal();
  if (ctx.json) {
    return ctx.printJson({
      providerKey: result.providerKey,
      strategy: result.strategy,
      dryRun: result.dryRun,
      old: tokenJson(result.providerKey, result.old),
      replacement: result.replacement ? tokenJson(result.providerKey, result.replacement) : null,
      verification: result.verification ?? null,
      revoked: result.revoked,
      steps: result.steps,
      secret: secret ?? null,
    });
  }
  ctx.out(`${result.dryRun ? 'Dry run: would' : 'Rotated with'} ${result.strategy} (${result.providerKey} ${visible(result.old.id)})\n`);
  for (const step of result.steps) ctx.out(`  - ${visible(step)}\n`);
  if (result.dryRun) return;
  const reason = result.verification && 'reason' in result.verification ? ` (${visible(result.verification.reason)})` : '';
  ctx.out(`new token: ${visible(result.replacement?.id ?? '-')}\nverification: ${result.verification?.status ?? '-'}${reason}\n`);
  if (result.strategy === 'regenerate') ctx.out(`the token id is unchanged (${visible(result.old.id)}); its old secret no longer works\n`);
  else ctx.out(`old token: ${result.revoked === 'none' ? 'kept' : result.revoked}\n`);
  if (secret !== undefined) ctx.out(`\nSecret (shown once, store it now): ${visible(secret)}\n`);
}

/**
 * A rotation that stopped: which stage, what exists now, and, where the
 * create or regenerate may have happened without an answer, how to find what
 * it made. A replacement's secret is printed now, the only chance to.
 */
function rotationFailure(ctx: CommandContext, key: string, id: string, error: RotationError): CliFailure {
  const replacement = error.replacement;
  const secret = replacement?.secret?.reveal();
  if (secret !== undefined) ctx.out(`\nSecret of the new token (shown once, store it now): ${visible(secret)}\n`);
  const hints = replacement ? [`the new token ${visible(replacement.id)} exists; nothing was revoked`] : [];
  if (error.error.outcomeUnknown === true && error.stage === 'create' && error.replacementName !== undefined) {
    hints.push(
      'the replacement may have been created anyway: the request may have reached the vendor, but no usable answer came back; nothing was revoked.',
      'find it before rotating again:',
      `  tokenbridge list ${shellQuote(key)} --name ${shellQuote(error.replacementName)}`,
    );
  } else if (error.error.outcomeUnknown === true) {
    hints.push(
      'the secret may have been regenerated anyway: the old secret may have stopped working, and the new one never reached us.',
      'rotate again to get a secret you can see:',
      `  tokenbridge rotate ${shellQuote(key)} ${shellQuote(id)}`,
    );
  }
  return new CliFailure(
    { ...error.error, message: `rotation stopped at ${error.stage}: ${error.error.message}` },
    { providerKey: key, hints, json: { stage: error.stage, ...(replacement ? { replacementId: replacement.id } : {}) } },
  );
}
