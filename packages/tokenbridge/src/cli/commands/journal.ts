import { CALLER_SINK, type RotationState } from '@tokenbridge/core';
import { durationText, visible, when } from '../format';
import { cliJournal, journalOption } from '../journal';
import { printReport } from '../report';
import { type CommandModule, JSON_HELP } from './command';

/** One rotation as `tokenbridge journal` shows it: where it stands, and what `--resume` does with it next. */
interface RotationView {
  readonly rotationId: string;
  readonly providerKey: string;
  readonly provider: string;
  readonly strategy: string;
  readonly phase: string;
  readonly open: boolean;
  /** The token rotated; `null` for a declared create, which has none. */
  readonly oldId: string | null;
  readonly replacementId: string | null;
  /** `dual`: the older token of the pair, revoked once the new one is delivered. */
  readonly retireId: string | null;
  /** The sinks planned (not `caller:`, the caller of a rotation without sinks), and those that received the secret. */
  readonly sinks: readonly string[];
  readonly delivered: readonly string[];
  readonly deliveredAt: string | null;
  /** When the old token is due to be revoked (a fixed grace period). */
  readonly dueAt: string | null;
  /** Whether `--resume` acts on it now: true, false, or null when that depends on the vendor's last-use data. */
  readonly due: boolean | null;
  readonly next: string;
  readonly lastError: RotationState['lastError'];
  readonly restartOf: string | null;
  readonly restartedAs: string | null;
  readonly updatedAt: string;
}

const revokes = (how: 'delete' | 'disable'): string => (how === 'delete' ? 'deletes' : 'disables');

/** Where a rotation stands and what comes next, as of `now`. */
function viewOf(state: RotationState, now: number): RotationView {
  const { plan } = state;
  const r = plan.revoke;
  const target = plan.strategy === 'dual' ? plan.retireId : plan.oldId;
  const dueMs = state.dueAt !== null ? Date.parse(state.dueAt) : r.kind === 'after' && state.deliveredAt !== null ? Date.parse(state.deliveredAt) + r.ms : null;
  let due: boolean | null = state.open;
  let next: string;
  const replacement = state.replacementId !== null && plan.strategy !== 'regenerate' ? ` ${state.replacementId}` : '';
  if (!state.open) {
    next =
      state.phase === 'done'
        ? 'finished'
        : state.phase === 'restarted'
          ? `started again as ${state.restartedAs ?? '?'}`
          : plan.strategy === 'regenerate' && state.replacementId !== null
            ? 'given up after the regenerate: its new secret went back to the caller, not to every sink'
            : 'given up; its replacement was revoked';
  } else if (state.phase === 'failed') {
    next = `resume revokes the undelivered replacement${replacement}`;
  } else if (state.phase !== 'delivered') {
    next =
      plan.strategy === 'regenerate'
        ? 'interrupted before delivery: resume regenerates again and delivers'
        : `interrupted before delivery: resume revokes the replacement${replacement} and starts again`;
  } else if (r.kind === 'never' || target === null) {
    next = 'resume closes it (the old token is kept)';
  } else if (r.kind === 'now') {
    next = `due: resume ${revokes(r.how)} ${target}`;
  } else if (r.kind === 'after' && dueMs !== null) {
    due = now >= dueMs;
    next = due ? `due: resume ${revokes(r.how)} ${target} (since ${when(new Date(dueMs))})` : `resume ${revokes(r.how)} ${target} at ${when(new Date(dueMs))}`;
  } else {
    due = dueMs !== null && now >= dueMs ? true : null;
    const latest = dueMs !== null ? `, at ${when(new Date(dueMs))} at the latest` : '';
    next = due ? `due: resume ${revokes(r.how)} ${target} (its wait for disuse ended ${when(new Date(dueMs as number))})` : `resume ${revokes(r.how)} ${target} once the vendor reports it unused for ${durationText(r.ms)}${latest}`;
  }
  return {
    rotationId: state.rotationId,
    providerKey: plan.providerKey,
    provider: plan.provider,
    strategy: plan.strategy,
    phase: state.phase,
    open: state.open,
    oldId: plan.oldId,
    replacementId: state.replacementId,
    retireId: plan.retireId,
    sinks: plan.sinks.filter((spec) => spec !== CALLER_SINK),
    delivered: state.delivered.filter((spec) => spec !== CALLER_SINK),
    deliveredAt: state.deliveredAt,
    dueAt: dueMs !== null ? new Date(dueMs).toISOString() : null,
    due,
    next,
    lastError: state.lastError,
    restartOf: plan.restartOf,
    restartedAs: state.restartedAs,
    updatedAt: state.updatedAt,
  };
}

/** `tokenbridge journal`: the rotations in the journal, what is in flight and what is due. Reads no provider and writes nothing. */
export const journalCommand: CommandModule = {
  name: 'journal',
  register(program, ctx) {
    program
      .command('journal')
      .description('show the unfinished rotations in the journal: what is in flight, what is due, and what rotate --resume does next (reads no provider)')
      .option('--all', 'finished and given-up rotations too')
      .addOption(journalOption())
      .option('--json', JSON_HELP)
      .action(async (opts: { all?: boolean; journal?: string }) => {
        const journal = cliJournal(ctx, opts.journal);
        const manager = await ctx.manager([], { journal: journal.open() });
        const views = (await manager.rotations({ all: opts.all === true })).map((state) => viewOf(state, ctx.now()));
        if (views.length === 0 && !ctx.json) return ctx.out(`No ${opts.all ? '' : 'unfinished '}rotations in ${visible(journal.path)}.\n`);
        printReport(ctx, views, [], {
          headers: ['ROTATION', 'PROVIDER', 'TOKEN', 'STRATEGY', 'PHASE', 'NEW TOKEN', 'SINKS', 'NEXT', 'LAST ERROR'],
          row: (v) => [
            v.rotationId,
            v.providerKey,
            v.oldId ?? '-',
            v.strategy,
            v.phase,
            v.replacementId ?? '-',
            v.sinks.length === 0 ? '-' : `${v.delivered.length}/${v.sinks.length}`,
            v.next,
            v.lastError ? `${v.lastError.stage}: ${v.lastError._tag}: ${v.lastError.message}` : '-',
          ],
          json: (v) => v,
        });
      });
  },
};
