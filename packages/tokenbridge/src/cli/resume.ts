import * as E from 'fp-ts/Either';
import { type ResumedRotation, RotationIoError, rotationStates } from '@tokenbridge/core';
import type { CommandContext } from './context';
import { failureJson, failureLine } from './errors';
import { EXIT } from './exit';
import { table, visible } from './format';
import type { CliJournal } from './journal';
import { pendingJson, pendingText } from './rotation-output';
import { cliSinkResolver } from './sinks';

/**
 * `tokenbridge rotate --resume`: finishes or unwinds every unfinished
 * rotation in the journal, revoking the old tokens that are due (see the
 * README's "Rotation" section for what survives which crash). Only the
 * providers those rotations name are made; one a rotation names but nothing
 * configures is that rotation's error, and the others go on. Any rotation
 * that fails makes the exit code 1. A journal that does not exist is nothing
 * to resume, and is not created.
 */
export async function resumeRotations(ctx: CommandContext, journal: CliJournal): Promise<void> {
  if (!journal.exists()) {
    if (ctx.json) ctx.printJson({ items: [], errors: [] });
    else ctx.out(`Nothing to resume: there is no journal at ${visible(journal.path)}.\n`);
    return;
  }
  const entries = await journal.open().read()();
  if (E.isLeft(entries)) throw new RotationIoError(entries.left, 'journal');
  const configured = new Set(ctx.configured().providers.map((p) => p.key));
  const named = new Set(rotationStates(entries.right).filter((s) => s.open || s.phase === 'restarted').map((s) => s.plan.providerKey));
  const manager = await ctx.manager([...named].filter((key) => configured.has(key)), { journal: journal.open(), resolveSink: cliSinkResolver(ctx) });
  const { items } = await manager.resume();
  const failed = items.filter((item) => item.error !== undefined);

  if (ctx.json) {
    ctx.printJson({
      items: items.map((item) => ({
        rotationId: item.rotationId,
        providerKey: item.providerKey,
        oldId: item.oldId,
        strategy: item.strategy,
        outcome: item.outcome,
        restartedAs: item.restartedAs ?? null,
        replacementId: item.replacementId ?? null,
        revokedId: item.revokedId ?? null,
        pending: pendingJson(item.pending),
        error: item.error ? failureJson(item.error, item.providerKey) : null,
        // A secret regenerated on resume that a sink refused: the old one is dead, so this is its one showing.
        ...(item.secret ? { secret: item.secret.reveal() } : {}),
      })),
      errors: failed.map((item) => ({ rotationId: item.rotationId, providerKey: item.providerKey, ...(item.error ? failureJson(item.error, item.providerKey) : {}) })),
    });
  } else if (items.length === 0) {
    ctx.out(`Nothing to resume in ${visible(journal.path)}: every rotation is finished.\n`);
  } else {
    ctx.out(table(['ROTATION', 'PROVIDER', 'TOKEN', 'OUTCOME', 'DETAIL'], items.map((item) => [item.rotationId, item.providerKey, item.oldId ?? '-', item.outcome, detail(item, journal)])));
    for (const item of failed) if (item.error) ctx.err(`error: ${visible(item.providerKey)}: rotation ${item.rotationId}: ${failureLine(item.error)}\n`);
    // A secret regenerated on resume that a sink refused: the old one is dead, so it is printed, once.
    for (const item of items) {
      const secret = item.secret?.reveal();
      if (secret !== undefined) ctx.out(`\nSecret of the regenerated token ${visible(item.oldId ?? '')} (shown once, store it now; not every sink got it): ${visible(secret)}\n`);
    }
  }
  if (failed.length > 0) ctx.fail(EXIT.failure);
}

/** What `resume` did with one rotation, in words. */
function detail(item: ResumedRotation, journal: CliJournal): string {
  const pending = item.pending ? `; old token ${item.pending.tokenId} ${pendingText(item.pending, journal.resumeCommand)}` : '';
  switch (item.outcome) {
    case 'finished':
      return item.revokedId !== undefined ? `old token ${item.revokedId} revoked` : 'closed; the old token is kept, as planned';
    case 'waiting':
      return item.pending ? `old token ${item.pending.tokenId} ${pendingText(item.pending, journal.resumeCommand)}` : 'waiting';
    case 'unwound':
      return `${item.restartedAs !== undefined ? `interrupted before delivery, started again as ${item.restartedAs}, then ` : ''}given up: ${
        item.strategy === 'regenerate'
          ? `token ${item.oldId ?? ''} may hold a regenerated secret nobody has`
          : `${item.replacementId !== undefined ? `replacement ${item.replacementId} revoked` : 'no replacement to revoke'}; old token ${item.oldId} kept`
      }${item.error ? ` (${failureLine(item.error)})` : ''}`;
    case 'restarted':
      return `interrupted before delivery: its replacement revoked, started again as ${item.restartedAs ?? '?'}${item.replacementId !== undefined ? `, new token ${item.replacementId} delivered` : ''}${pending}`;
    case 'error':
      if (item.secret) return `${item.error ? failureLine(item.error) : 'failed'}; regenerated again, but not every sink got it: the secret is printed below, once, and the rotation closed`;
      return `${item.error ? failureLine(item.error) : 'failed'}; the next --resume tries again`;
  }
}
