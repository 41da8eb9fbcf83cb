import { CONTROL_CHARACTERS, type Token, type TokenJson, TokenJsonC } from '@tokenbridge/core';

const CONTROLS = new RegExp(CONTROL_CHARACTERS.source, 'gu');

/**
 * `text` safe for a terminal: every control, escape, line or paragraph
 * separator and bidi control shown as its `\uXXXX` escape instead of being
 * obeyed, so vendor-supplied text (a token name holding ESC sequences or a
 * line break) cannot clear the screen, retitle the window or forge a table
 * row. Everything printed as text goes through it; `--json` output does not
 * (JSON escapes these itself, exactly).
 */
export function visible(text: string): string {
  return text.replace(CONTROLS, (c) => `\\u${(c.codePointAt(0) ?? 0).toString(16).padStart(4, '0')}`);
}

/** Renders rows as an aligned text table with a header line; every cell is made {@link visible}. */
export function table(headers: readonly string[], rawRows: ReadonlyArray<readonly string[]>): string {
  const rows = rawRows.map((row) => row.map(visible));
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]): string =>
    cells
      .map((c, i) => c.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  return [line(headers), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n') + '\n';
}

/** A date as `YYYY-MM-DD HH:MM` UTC, or `-`. */
export function when(date: Date | null | undefined): string {
  return date ? `${date.toISOString().slice(0, 16).replace('T', ' ')}Z` : '-';
}

/** The columns every token table shows. */
export const TOKEN_HEADERS = ['PROVIDER', 'ID', 'NAME', 'STATUS', 'EXPIRES', 'LAST USED'] as const;

/** One token as a table row. */
export function tokenRow(providerKey: string, token: Token<unknown>): string[] {
  return [providerKey, token.id, token.name, token.status, when(token.expiresAt), when(token.lastUsedAt)];
}

/** A token as JSON for scripts: its neutral fields, `extra` and `raw`, never its secret. */
export function tokenJson(providerKey: string, token: Token<unknown>): { providerKey: string } & TokenJson {
  return { providerKey, ...TokenJsonC.encode(token) };
}

/** A token's details as `key: value` lines, every value made {@link visible}. */
export function details(providerKey: string, token: Token<unknown>): string {
  const lines: Array<[string, string]> = [
    ['provider', providerKey],
    ['id', token.id],
    ['name', token.name],
    ['description', token.description ?? '-'],
    ['status', token.status],
    ['created', when(token.createdAt)],
    ['updated', when(token.updatedAt)],
    ['expires', when(token.expiresAt)],
    ['last used', when(token.lastUsedAt)],
    ['version', token.version ?? '-'],
    ['extra', JSON.stringify(token.extra)],
  ];
  const width = Math.max(...lines.map(([k]) => k.length));
  return lines.map(([k, v]) => `${k.padEnd(width)}  ${visible(v)}`).join('\n') + '\n';
}

const COLLATOR = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });

/** Orders text for people (case-insensitive, numbers by value), ties broken by code units so the order never varies. */
function compareText(a: string, b: string): number {
  return COLLATOR.compare(a, b) || (a < b ? -1 : a > b ? 1 : 0);
}

/** The order every token listing prints in: provider, then name, then id. */
export function compareTokenRows(a: { providerKey: string; token: { name: string; id: string } }, b: { providerKey: string; token: { name: string; id: string } }): number {
  return compareText(a.providerKey, b.providerKey) || compareText(a.token.name, b.token.name) || compareText(a.token.id, b.token.id);
}

/** Provider keys in the order listings print them. */
export function compareKeys(a: string, b: string): number {
  return compareText(a, b);
}

const UNITS: ReadonlyArray<readonly [string, number]> = [
  ['w', 604_800_000],
  ['d', 86_400_000],
  ['h', 3_600_000],
  ['m', 60_000],
  ['s', 1000],
];

/** Milliseconds in the form duration flags take (`24h`, `90m`, `1500ms`): the largest unit that divides it. */
export function durationText(ms: number): string {
  const unit = UNITS.find(([, size]) => ms > 0 && ms % size === 0);
  return unit ? `${ms / unit[1]}${unit[0]}` : `${ms}ms`;
}
