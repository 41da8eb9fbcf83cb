import { Option } from 'commander';
import { DEFAULT_MAX_WAIT, type RevokeOld, type RotationResult, type RotationStrategy } from '@tokenbridge/core';
import type { CommandContext } from '../context';
import { usageError } from '../exit';
import { duration, requireSupport } from '../flags';
import { cliJournal, journalOption } from '../journal';
import { resumeRotations } from '../resume';
import { printRotation, rotationFailure } from '../rotation-output';
import { DELIVER_FORMS, cliSinkResolver, deliverSinks } from '../sinks';
import { type CommandModule, JSON_HELP } from './command';

interface RotateFlags {
  readonly strategy?: RotationStrategy;
  readonly revokeOld?: 'delete' | 'disable';
  readonly deliver?: readonly string[];
  readonly grace?: string;
  readonly revokeWhenUnusedFor?: string;
  readonly revokeMaxWait?: string;
  readonly resume?: boolean;
  readonly journal?: string;
  readonly dryRun?: boolean;
}

/**
 * `tokenbridge rotate <provider> <id>`: a replacement or a regenerated
 * secret, delivered to sinks (or printed once), the old token revoked now,
 * after a grace period or once unused; `tokenbridge rotate --resume` finishes
 * what is due and what a crash left.
 */
export const rotateCommand: CommandModule = {
  name: 'rotate',
  register(program, ctx) {
    program
      .command('rotate')
      .description('replace or regenerate a token; the new secret goes to the --deliver sinks, or is printed once; --resume finishes what is due or was interrupted')
      .argument('[provider]', 'a configured provider name')
      .argument('[id]', 'the token id')
      .addOption(
        new Option(
          '--strategy <strategy>',
          "default: the vendor's regenerate where it has one, else replace (replace with --grace or --revoke-when-unused-for); dual keeps two tokens per credential and replaces the older",
        ).choices(['replace', 'regenerate', 'dual']),
      )
      .addOption(
        new Option('--revoke-old <how>', 'revoke the old token once the new secret works and is delivered (default: keep it; delete with --grace or --revoke-when-unused-for)').choices([
          'delete',
          'disable',
        ]),
      )
      .addOption(
        new Option('--deliver <sink>', `where the new secret goes, in order, all of them before the old token is revoked (repeatable): ${DELIVER_FORMS}; the secret is then never printed`).argParser(
          (value: string, previous: string[] | undefined) => [...(previous ?? []), value],
        ),
      )
      .addOption(new Option('--grace <duration>', 'keep the old token this long after delivery (24h, 7d), then revoke it at the next rotate --resume').conflicts('revokeWhenUnusedFor'))
      .addOption(new Option('--revoke-when-unused-for <duration>', 'keep the old token until the vendor reports it unused this long (1h), then revoke it at a rotate --resume'))
      .addOption(
        new Option('--revoke-max-wait <duration>', `with --revoke-when-unused-for: revoke the old token this long after delivery even if still in use (default ${DEFAULT_MAX_WAIT})`),
      )
      .addOption(
        new Option('--resume', 'finish or unwind every unfinished rotation in the journal and revoke the old tokens that are due (run it from cron)').conflicts([
          'strategy',
          'revokeOld',
          'deliver',
          'grace',
          'revokeWhenUnusedFor',
          'revokeMaxWait',
          'dryRun',
        ]),
      )
      .addOption(journalOption())
      .option('--dry-run', 'say what would happen, change nothing')
      .option('--json', JSON_HELP)
      .action(async (key: string | undefined, id: string | undefined, opts: RotateFlags) => {
        if (opts.resume) {
          if (key !== undefined) throw usageError('--resume', 'takes no <provider> or <id>: it resumes every unfinished rotation in the journal');
          return resumeRotations(ctx, cliJournal(ctx, opts.journal));
        }
        if (key === undefined || id === undefined) throw usageError('rotate', 'needs <provider> and <id> (or --resume)');
        return rotateOne(ctx, key, id, opts);
      });
  },
};

/** What the flags ask of the manager's `rotate`, checked before anything is read. */
function rotationOptions(opts: RotateFlags): { strategy?: RotationStrategy; revokeOld?: RevokeOld } {
  const waitFlag = opts.grace !== undefined ? '--grace' : opts.revokeWhenUnusedFor !== undefined ? '--revoke-when-unused-for' : undefined;
  // Waiting for consumers to switch only makes sense when the old token lives on: replace.
  const strategy = opts.strategy ?? (waitFlag !== undefined ? 'replace' : undefined);
  if (waitFlag !== undefined && strategy !== 'replace') {
    const why = strategy === 'dual' ? 'dual revokes the older token of the pair as soon as the new one is delivered' : 'regenerate kills the old secret at once';
    throw usageError(waitFlag, `applies to --strategy replace only (${why})`);
  }
  if (opts.revokeMaxWait !== undefined && opts.revokeWhenUnusedFor === undefined) throw usageError('--revoke-max-wait', 'bounds --revoke-when-unused-for only; give both');
  const how = opts.revokeOld ?? 'delete';
  const revokeOld: RevokeOld | undefined =
    opts.grace !== undefined
      ? { after: duration(opts.grace, '--grace'), how }
      : opts.revokeWhenUnusedFor !== undefined
        ? {
            whenUnusedFor: duration(opts.revokeWhenUnusedFor, '--revoke-when-unused-for'),
            ...(opts.revokeMaxWait !== undefined ? { maxWait: duration(opts.revokeMaxWait, '--revoke-max-wait') } : {}),
            how,
          }
        : opts.revokeOld;
  return { ...(strategy !== undefined ? { strategy } : {}), ...(revokeOld !== undefined ? { revokeOld } : {}) };
}

/**
 * One rotation. It is journaled when it delivers to sinks, waits for the old
 * token's revocation, is dual, or `--journal` is given: those are what
 * `--resume` can finish. A plain rotation prints its secret and writes no
 * journal, as before. A dry run never creates the journal (it reads one that
 * exists, to report a rotation already in flight).
 */
async function rotateOne(ctx: CommandContext, key: string, id: string, opts: RotateFlags): Promise<void> {
  // Flags and sinks are checked first: a mistake there needs no credential.
  const options = rotationOptions(opts);
  const deliver = deliverSinks(ctx, opts.deliver ?? []);
  const target = await ctx.provider(key);
  if (options.strategy === 'regenerate') {
    requireSupport(target.vendor, key, 'update', '--strategy regenerate', target.vendor.capabilities.operations.includes('regenerate'));
  }
  const journaled = deliver.length > 0 || typeof options.revokeOld === 'object' || options.strategy === 'dual' || opts.journal !== undefined;
  const journal = journaled ? cliJournal(ctx, opts.journal) : undefined;
  const used = journal !== undefined && (opts.dryRun !== true || journal.exists()) ? journal : undefined;
  const manager = await ctx.manager([key], used ? { journal: used.open(), resolveSink: cliSinkResolver(ctx) } : {});
  let result: RotationResult;
  try {
    result = await manager.rotate({ provider: key, id }, { ...options, deliver, dryRun: opts.dryRun === true });
  } catch (error) {
    throw await rotationFailure(ctx, { manager, journal: used, key, id }, error);
  }
  printRotation(ctx, result, used);
}
