import type { TokenError } from '@tokenbridge/core';
import type { CommandContext } from './context';
import { errorJson, errorLine } from './errors';
import { EXIT } from './exit';
import { compareKeys, table } from './format';

/** A provider whose part of a multi-provider command failed. */
export interface ProviderFailure {
  readonly providerKey: string;
  readonly error: TokenError;
}

/** How a multi-provider command shows its items. */
export interface ReportView<T> {
  readonly headers: readonly string[];
  row(item: T): string[];
  json(item: T): unknown;
}

/**
 * Prints what a multi-provider command found. `--json` is always
 * `{ items, errors }` (each error as `errorJson`, with its `providerKey`);
 * text is a table on stdout and one line per failed provider on stderr. Any
 * failed provider makes the exit code 1; the others' items are still printed.
 */
export function printReport<T>(ctx: CommandContext, items: readonly T[], failures: readonly ProviderFailure[], view: ReportView<T>): void {
  const errors = [...failures].sort((a, b) => compareKeys(a.providerKey, b.providerKey));
  if (ctx.json) ctx.printJson({ items: items.map((item) => view.json(item)), errors: errors.map((f) => errorJson(f.error, f.providerKey)) });
  else ctx.out(table(view.headers, items.map((item) => view.row(item))));
  if (!ctx.json) for (const f of errors) ctx.err(`error: ${errorLine(f.error, f.providerKey)}\n`);
  if (errors.length > 0) ctx.fail(EXIT.failure);
}
