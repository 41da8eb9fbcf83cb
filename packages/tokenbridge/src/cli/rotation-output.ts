import { CALLER_SINK, type PendingRevocation, type RotationResult, type RotationState, RotationError, RotationIoError } from '@tokenbridge/core';
import type { CommandContext, Manager } from './context';
import { CliFailure, CliIoFailure } from './failure';
import { durationText, tokenJson, visible } from './format';
import type { CliJournal } from './journal';
import { shellQuote } from './shell';

/** A pending revocation as `--json` prints it. */
export function pendingJson(pending: PendingRevocation | undefined): Record<string, unknown> | null {
  if (pending === undefined) return null;
  return { tokenId: pending.tokenId, how: pending.how, dueAt: pending.dueAt?.toISOString() ?? null, whenUnusedForMs: pending.whenUnusedForMs ?? null };
}

/** What happens to a kept old token, in words: `kept until <time>, then deleted by <resume>`. */
export function pendingText(pending: PendingRevocation, resumeCommand: string): string {
  const done = pending.how === 'delete' ? 'deleted' : 'disabled';
  if (pending.whenUnusedForMs !== undefined) {
    const latest = pending.dueAt !== undefined ? ` (${pending.dueAt.toISOString()} at the latest)` : '';
    return `kept until the vendor reports it unused for ${durationText(pending.whenUnusedForMs)}${latest}; \`${resumeCommand}\` checks, then ${done === 'deleted' ? 'deletes' : 'disables'} it`;
  }
  return `kept until ${pending.dueAt?.toISOString() ?? '?'}, then ${done} by \`${resumeCommand}\` (run it from cron)`;
}

/**
 * Prints a rotation. The secret only when no sink received it (the caller is
 * its one holder); with sinks it says where it went. A kept old token says
 * until when, and what revokes it.
 */
export function printRotation(ctx: CommandContext, result: RotationResult, journal: CliJournal | undefined): void {
  const secret = result.secret?.reveal();
  const delivered = result.delivered ?? [];
  if (ctx.json) {
    return ctx.printJson({
      providerKey: result.providerKey,
      strategy: result.strategy,
      dryRun: result.dryRun,
      old: tokenJson(result.providerKey, result.old),
      replacement: result.replacement ? tokenJson(result.providerKey, result.replacement) : null,
      verification: result.verification ?? null,
      revoked: result.revoked,
      revokedId: result.revokedId ?? null,
      pending: pendingJson(result.pending),
      delivered,
      steps: result.steps,
      rotationId: result.rotationId ?? null,
      journal: journal?.path ?? null,
      secret: secret ?? null,
    });
  }
  ctx.out(`${result.dryRun ? 'Dry run: would' : 'Rotated with'} ${result.strategy} (${result.providerKey} ${visible(result.old.id)})\n`);
  for (const step of result.steps) ctx.out(`  - ${visible(step)}\n`);
  if (result.dryRun) return;
  const reason = result.verification && 'reason' in result.verification ? ` (${visible(result.verification.reason)})` : '';
  ctx.out(`new token: ${visible(result.replacement?.id ?? '-')}\nverification: ${result.verification?.status ?? '-'}${reason}\n`);
  for (const spec of delivered) ctx.out(`delivered to: ${visible(spec)}\n`);
  if (result.strategy === 'regenerate') ctx.out(`the token id is unchanged (${visible(result.old.id)}); its old secret no longer works\n`);
  else ctx.out(oldTokenLine(result, journal));
  if (result.rotationId !== undefined && journal !== undefined) ctx.out(`rotation: ${result.rotationId} (journal ${visible(journal.path)})\n`);
  if (secret !== undefined) ctx.out(`\nSecret (shown once, store it now): ${visible(secret)}\n`);
  else if (delivered.length > 0) ctx.out(`\nThe new secret went to the ${delivered.length === 1 ? 'sink' : `${delivered.length} sinks`} above only; it is not printed.\n`);
}

function oldTokenLine(result: RotationResult, journal: CliJournal | undefined): string {
  const resume = journal?.resumeCommand ?? 'tokenbridge rotate --resume';
  if (result.strategy === 'dual') {
    if (result.revokedId !== undefined) return `older token of the pair: ${visible(result.revokedId)} ${result.revoked}\n`;
    if (result.pending !== undefined) return `older token of the pair: ${visible(result.pending.tokenId)} ${pendingText(result.pending, resume)}\n`;
    return 'older token of the pair: none yet; both tokens are kept (the pair is complete now)\n';
  }
  if (result.pending !== undefined) return `old token: ${visible(result.old.id)} ${pendingText(result.pending, resume)}\n`;
  return `old token: ${result.revoked === 'none' ? 'kept' : result.revoked}\n`;
}

/** What the command knows of the rotation that stopped. */
export interface RotationAttempt {
  readonly manager: Manager;
  readonly journal: CliJournal | undefined;
  readonly key: string;
  readonly id: string;
}

/**
 * A rotation that stopped: which stage, what exists now, and what comes next.
 * Where the create or regenerate may have happened without an answer, how to
 * find what it made; for a journaled rotation, what the journal says: given
 * up with its replacement taken back, or unfinished and what `--resume` does.
 * A replacement's secret is printed now when no sink was given, the only
 * chance to hand it over.
 */
export async function rotationFailure(ctx: CommandContext, attempt: RotationAttempt, error: unknown): Promise<unknown> {
  if (!(error instanceof RotationError) && !(error instanceof RotationIoError)) return error;
  const { key, id } = attempt;
  const state = await journalState(attempt, error.rotationId);
  const journalHints = state !== undefined && attempt.journal !== undefined ? hintsFromJournal(state, attempt.journal, error.stage) : [];
  if (error instanceof RotationIoError) {
    // A regenerated secret a sink refused: the old secret is dead, so this is the one chance to hand it over.
    const regenerated = error.replacement?.secret?.reveal();
    if (regenerated !== undefined) ctx.out(`\nSecret of the regenerated token (shown once, store it now; not every sink got it): ${visible(regenerated)}\n`);
    return new CliIoFailure(error, { providerKey: key, hints: journalHints });
  }
  const replacement = error.replacement;
  // The library leaves the secret in the error only when the caller is its one holder (no sink got it, or a regenerate killed the old one).
  const secret = replacement?.secret?.reveal();
  if (secret !== undefined) ctx.out(`\nSecret of the new token (shown once, store it now): ${visible(secret)}\n`);
  const hints = replacement && error.stage !== 'regenerate' ? [`the new token ${visible(replacement.id)} exists; nothing was revoked`] : [];
  if (error.error.outcomeUnknown === true && error.stage === 'create' && error.replacementName !== undefined) {
    hints.push(
      'the replacement may have been created anyway: the request may have reached the vendor, but no usable answer came back; nothing was revoked.',
      'find it before rotating again:',
      `  tokenbridge list ${shellQuote(key)} --name ${shellQuote(error.replacementName)}`,
    );
  } else if (error.error.outcomeUnknown === true && error.stage === 'regenerate') {
    hints.push(
      'the secret may have been regenerated anyway: the old secret may have stopped working, and the new one never reached us.',
      'rotate again to get a secret you can see:',
      `  tokenbridge rotate ${shellQuote(key)} ${shellQuote(id)}`,
    );
  }
  hints.push(...journalHints);
  return new CliFailure(
    { ...error.error, message: `rotation stopped at ${error.stage}: ${error.error.message}` },
    {
      providerKey: key,
      hints,
      json: { stage: error.stage, ...(replacement ? { replacementId: replacement.id } : {}), ...(error.rotationId !== undefined ? { rotationId: error.rotationId } : {}) },
    },
  );
}

async function journalState(attempt: RotationAttempt, rotationId: string | undefined): Promise<RotationState | undefined> {
  if (rotationId === undefined || attempt.journal === undefined) return undefined;
  try {
    return (await attempt.manager.rotations({ all: true })).find((s) => s.rotationId === rotationId);
  } catch {
    // The journal could not be read back: the error itself is what gets reported.
    return undefined;
  }
}

/** What the journal says now about a rotation that stopped at `stage`. */
function hintsFromJournal(state: RotationState, journal: CliJournal, stage: string): string[] {
  const { rotationId, plan } = state;
  if (state.open) {
    return [`rotation ${rotationId} is unfinished (${state.phase}): \`${journal.resumeCommand}\` carries it on; \`${journal.showCommand}\` shows it`];
  }
  if (state.phase !== 'failed') return [];
  const received = state.delivered.filter((spec) => spec !== CALLER_SINK);
  if (plan.strategy === 'regenerate') {
    // Nothing was taken back: the sinks that got the regenerated secret hold the one that works, the others the dead old one.
    if (stage !== 'verify' && stage !== 'deliver') return [];
    const holders = received.length > 0 ? `; ${received.join(', ')} received it` : '';
    return [`the secret was regenerated, so the old one no longer works, and the new one (printed above) did not reach every sink${holders}: put it where the rest should have it, or rotate again to deliver a new one`];
  }
  const stale = received.length > 0 ? [`${received.join(', ')} received the new secret before the rotation stopped and now hold a revoked one`] : [];
  const taken = state.replacementId !== null ? `the replacement ${visible(state.replacementId)} was revoked` : 'a replacement the vendor may have made anyway was looked for by its name marker and revoked';
  return [`rotation ${rotationId} was given up: ${taken} (its secret never reached every sink); ${plan.oldId !== null ? `the old token ${visible(plan.oldId)} is untouched` : 'nothing else was changed'}`, ...stale];
}
