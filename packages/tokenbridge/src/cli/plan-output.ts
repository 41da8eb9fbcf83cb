import type { FieldChange, Plan, PlanAction, PlanActionKind, PlanEntry, RotationReason } from '@tokenbridge/core';
import type { CommandContext } from './context';
import { EXIT } from './exit';
import { durationText, table, visible, when } from './format';
import type { CliJournal } from './journal';

/**
 * How `plan` (and `apply`, before it asks) shows a plan to people: the
 * actions, the declared tokens and where each stands, the tokens no entry
 * declares, and on stderr what needs a person. `--json` prints the plan as
 * the library makes it instead.
 */

/** What each kind of action is called on screen: the library's `delete` of an undeclared token is a prune. */
export const ACTION_NAMES: Readonly<Record<PlanActionKind, string>> = { create: 'create', update: 'update', rotate: 'rotate', replace: 'replace', delete: 'prune' };

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** An age for people, rounded down to its largest unit: `21d`, `5h`, `12m`. */
function ageText(ms: number): string {
  return ms >= DAY ? `${Math.floor(ms / DAY)}d` : ms >= HOUR ? `${Math.floor(ms / HOUR)}h` : `${Math.floor(ms / MINUTE)}m`;
}

/** A declared or live value as the plan shows it: JSON, and `none` for nothing. */
export function valueText(value: unknown): string {
  return value === null || value === undefined ? 'none' : JSON.stringify(value);
}

/** One drifted field, old → new. */
export function changeText(change: FieldChange): string {
  return `${change.field}: ${valueText(change.from)} → ${valueText(change.to)}${change.inPlace ? '' : ' (cannot change in place)'}`;
}

function reasonText(reason: RotationReason): string {
  switch (reason.kind) {
    case 'age':
      return `${ageText(reason.ageMs)} old, rotated every ${durationText(reason.everyMs)}`;
    case 'expiring':
      return `expires ${when(new Date(reason.expiresAt))}, within ${durationText(reason.windowMs)}`;
    case 'expired':
      return 'expired (or past its declared lifetime)';
    case 'age-unknown':
      return 'age unknown (no creation time at the vendor, nothing in the journal): rotating dates it';
  }
}

const revoked = (how: 'delete' | 'disable'): string => (how === 'delete' ? 'deleted' : 'disabled');

/** What happens to the token a rotation or replacement supersedes. */
function oldTokenText(action: Extract<PlanAction, { kind: 'rotate' | 'replace' }>): string {
  const r = action.revoke;
  if (action.strategy === 'regenerate') return 'same token, new secret (the old secret stops working)';
  if (action.strategy === 'dual') return 'new token; the older of the pair revoked';
  switch (r.kind) {
    case 'never':
      return 'new token; the old one kept';
    case 'now':
      return `new token; the old one ${revoked(r.how)} once it is delivered`;
    case 'after':
      return `new token; the old one kept ${durationText(r.ms)} after delivery, then ${revoked(r.how)} by rotate --resume`;
    case 'unused':
      return `new token; the old one ${revoked(r.how)} once unused for ${durationText(r.ms)}`;
  }
}

/** Where a new secret goes. */
function secretText(deliver: readonly string[]): string {
  return deliver.length > 0 ? `secret to ${deliver.join(', ')}` : 'secret printed once (no sinks)';
}

/** One action as a line of detail. */
function actionDetail(action: PlanAction): string {
  switch (action.kind) {
    case 'create':
      return secretText(action.deliver);
    case 'update':
      return action.changes.map(changeText).join('; ');
    case 'rotate':
      return [`${action.strategy}: ${reasonText(action.reason)}`, oldTokenText(action), ...action.changes.map(changeText), secretText(action.deliver)].join('; ');
    case 'replace':
      return [...action.changes.map(changeText), oldTokenText(action), secretText(action.deliver)].join('; ');
    case 'delete':
      return 'not declared, made by tokenbridge, prune is on: deleted';
  }
}

/** The actions as a table. */
export function actionsTable(actions: readonly PlanAction[]): string {
  return table(
    ['ACTION', 'PROVIDER', 'NAME', 'TOKEN', 'DETAIL'],
    actions.map((a) => [ACTION_NAMES[a.kind], a.providerKey, a.name, a.kind === 'create' ? '-' : a.tokenId, actionDetail(a)]),
  );
}

function entriesTable(entries: readonly PlanEntry[]): string {
  return table(
    ['ENTRY', 'PROVIDER', 'NAME', 'STATE', 'TOKEN', 'ROTATED', 'NEXT ROTATION'],
    entries.map((e) => [
      `tokens[${e.index}]`,
      e.providerKey,
      e.name,
      e.state,
      e.tokenId ?? (e.related.length > 0 ? e.related.join(', ') : '-'),
      when(e.rotatedAt === null ? null : new Date(e.rotatedAt)),
      when(e.rotationDueAt === null ? null : new Date(e.rotationDueAt)),
    ]),
  );
}

/** What a person must look at: unreadable providers and the entries plan cannot act on. */
export function planProblems(plan: Plan, journal: CliJournal): string[] {
  const problems = plan.providers.flatMap((p) => (p.error ? [`${p.key}: ${p.error._tag}: ${p.error.message}; its tokens were not planned`] : []));
  for (const e of plan.entries) {
    const which = `tokens[${e.index}] ("${e.name}" on ${e.providerKey})`;
    if (e.state === 'duplicate') problems.push(`${which}: ${e.related.length} live tokens have this name (${e.related.join(', ')}); delete or rename all but one, nothing is guessed`);
    if (e.state === 'unfinished') problems.push(`${which}: an operation on it is unfinished in the journal (${e.related.join(', ')}); \`${journal.resumeCommand}\` finishes it first`);
    if (e.state === 'disabled') problems.push(`${which}: its only token is disabled (${e.related.join(', ')}); enable or delete it, tokenbridge leaves it alone`);
  }
  return problems;
}

/** `Plan: 1 to create, 2 to update.` or `No changes: …`. */
export function planSummary(plan: Plan): string {
  if (plan.actions.length === 0) return 'No changes: the live tokens match the declaration.';
  const counts = (Object.keys(ACTION_NAMES) as PlanActionKind[])
    .map((kind) => [ACTION_NAMES[kind], plan.actions.filter((a) => a.kind === kind).length] as const)
    .filter(([, n]) => n > 0)
    .map(([name, n]) => `${n} to ${name}`);
  return `Plan: ${counts.join(', ')}.`;
}

/** Prints a plan for people: actions, declared tokens, unmanaged tokens, the summary; what needs a person on stderr. */
export function printPlan(ctx: CommandContext, plan: Plan, journal: CliJournal): void {
  if (plan.actions.length > 0) ctx.out(`${actionsTable(plan.actions)}\n`);
  if (plan.entries.length > 0) ctx.out(`Declared tokens:\n${entriesTable(plan.entries)}\n`);
  if (plan.unmanaged.length > 0) {
    const rows = plan.unmanaged.map((u) => [u.providerKey, u.tokenId, u.name, u.status, u.createdByTokenbridge ? 'yes' : 'no', u.pruned ? 'pruned' : 'left alone']);
    ctx.out(`Not declared (reported, never touched unless its provider has prune: true and tokenbridge made it):\n${table(['PROVIDER', 'ID', 'NAME', 'STATUS', 'MADE BY TOKENBRIDGE', 'PLAN'], rows)}\n`);
  }
  const problems = planProblems(plan, journal);
  for (const line of problems) ctx.err(`error: ${visible(line)}\n`);
  ctx.out(`${planSummary(plan)}${problems.length > 0 ? ` ${problems.length} problem${problems.length === 1 ? ' needs' : 's need'} a person (on stderr).` : ''}\n`);
}

/** `plan`'s exit code: 0 no changes, 5 changes pending, 1 something needs a person. */
export function planExitCode(plan: Plan): number {
  return plan.status === 'error' ? EXIT.failure : plan.status === 'changes' ? EXIT.changes : EXIT.ok;
}
