import { type AppliedAction, type ApplyResult, type Plan, type PlanChange, RotationIoError, StalePlanError } from '@tokenbridge/core';
import type { CommandContext } from './context';
import { failureJson, failureLine } from './errors';
import { CliFailure, CliIoFailure } from './failure';
import { table, visible } from './format';
import type { CliJournal } from './journal';
import { ACTION_NAMES, valueText } from './plan-output';
import { pendingJson, pendingText } from './rotation-output';

/**
 * How `apply` reports what it did, and why it did nothing. A new secret is
 * printed only for an action that named no sink (its one holder is the
 * person running apply), once; otherwise the output says where it went.
 */

/** One applied action as `--json` prints it. */
function appliedJson(applied: AppliedAction): Record<string, unknown> {
  const { action } = applied;
  return {
    kind: action.kind,
    providerKey: action.providerKey,
    entry: action.entry,
    name: action.name,
    outcome: applied.outcome,
    tokenId: applied.tokenId ?? null,
    rotationId: applied.rotationId ?? null,
    delivered: applied.delivered ?? [],
    pending: pendingJson(applied.pending),
    revokedId: applied.revokedId ?? null,
    secret: applied.secret?.reveal() ?? null,
    error: applied.error ? failureJson(applied.error, action.providerKey) : null,
  };
}

/** What was done with one action, in words. */
function appliedDetail(applied: AppliedAction, journal: CliJournal): string {
  const { action } = applied;
  if (applied.outcome !== 'done') return `${applied.outcome === 'skipped' ? 'not attempted: ' : ''}${applied.error ? failureLine(applied.error) : applied.outcome}`;
  const delivered = applied.delivered ?? [];
  const secret = delivered.length > 0 ? `delivered to ${delivered.join(', ')}` : 'secret printed below, once';
  switch (action.kind) {
    case 'create':
      return `created; ${secret}`;
    case 'update':
      return `updated ${action.changes.map((c) => c.field).join(', ')}`;
    case 'delete':
      return 'deleted';
    case 'rotate':
    case 'replace': {
      const how = action.revoke.kind === 'never' ? 'delete' : action.revoke.how;
      const old =
        applied.pending !== undefined
          ? `old token ${applied.pending.tokenId} ${pendingText(applied.pending, journal.resumeCommand)}`
          : applied.revokedId !== undefined
            ? `old token ${applied.revokedId} ${how === 'delete' ? 'deleted' : 'disabled'}`
            : action.strategy === 'regenerate'
              ? 'same token, its old secret no longer works'
              : 'old token kept';
      return `${action.strategy === 'regenerate' ? 'regenerated' : 'new token'}; ${secret}; ${old}`;
    }
  }
}

/** Prints what apply did: a table, each failure on stderr, then any secret that went to no sink. */
export function printApplied(ctx: CommandContext, plan: Plan, result: ApplyResult, journal: CliJournal): void {
  const status = result.status === 'applied' ? 'applied' : 'failed';
  if (ctx.json) return ctx.printJson({ status, journal: journal.path, plan, actions: result.actions.map(appliedJson) });
  const rows = result.actions.map((a) => [ACTION_NAMES[a.action.kind], a.action.providerKey, a.action.name, a.outcome, a.tokenId ?? '-', appliedDetail(a, journal)]);
  ctx.out(`\n${table(['ACTION', 'PROVIDER', 'NAME', 'OUTCOME', 'TOKEN', 'DETAIL'], rows)}`);
  for (const a of result.actions) {
    if (a.outcome !== 'done' && a.error) ctx.err(`error: ${visible(`${a.action.providerKey} "${a.action.name}": ${ACTION_NAMES[a.action.kind]} ${a.outcome}: ${failureLine(a.error)}`)}\n`);
  }
  const done = result.actions.filter((a) => a.outcome === 'done').length;
  ctx.out(`\nApplied ${done} of ${result.actions.length} action${result.actions.length === 1 ? '' : 's'} (journal ${visible(journal.path)}).\n`);
  for (const a of result.actions) {
    const secret = a.secret?.reveal();
    if (secret !== undefined) ctx.out(`\nSecret of "${visible(a.action.name)}" on ${a.action.providerKey} (shown once, store it now): ${visible(secret)}\n`);
  }
}

/** One way the live state moved away from a saved plan. */
function changeLine(change: PlanChange, journal: CliJournal): string {
  const where = `${change.providerKey} "${change.name}"`;
  switch (change.what) {
    case 'appeared':
      return `${where}: token ${change.tokenId ?? '?'} appeared since the plan`;
    case 'gone':
      return `${where}: token ${change.tokenId ?? '?'} is gone`;
    case 'changed':
      return `${where}: token ${change.tokenId ?? '?'} changed: ${(change.fields ?? []).map((f) => `${f.field} ${valueText(f.planned)} → ${valueText(f.now)}`).join('; ')}`;
    case 'unfinished':
      return `${where}: operation ${change.rotationId ?? '?'} is unfinished in the journal; \`${journal.resumeCommand}\` finishes it`;
  }
}

/**
 * Why apply did nothing, with what to do next: the live state changed since
 * the plan (each change, then "plan again"), or the journal is held by
 * another apply, rotation or resume, or could not be used.
 */
export function applyFailure(error: unknown, journal: CliJournal): unknown {
  if (error instanceof StalePlanError) {
    return new CliFailure(error.error, {
      hints: [...error.changes.map((c) => changeLine(c, journal)), 'nothing was written; run plan again and review it'],
      json: { changes: error.changes },
    });
  }
  if (error instanceof RotationIoError && error.failure._tag === 'JournalError' && error.failure.reason === 'locked') {
    return new CliIoFailure(error, { hints: ['another tokenbridge apply, rotate or rotate --resume is using this journal; nothing was applied: run apply again once it is done'] });
  }
  return error;
}
