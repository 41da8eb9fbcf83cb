import { type Token, type TokenJson, TokenJsonC } from '@tokenbridge/core';

/** Renders rows as an aligned text table with a header line. */
export function table(headers: readonly string[], rows: ReadonlyArray<readonly string[]>): string {
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

/** A token's details as `key: value` lines. */
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
  return lines.map(([k, v]) => `${k.padEnd(width)}  ${v}`).join('\n') + '\n';
}
