import { type Capabilities, TOKEN_OPERATIONS, supports } from './capabilities';

/**
 * Renders the support matrix of the docs from providers' capabilities, so the
 * docs can never claim more (or less) than the code does.
 */
export function supportMatrix(providers: Readonly<Record<string, Capabilities>>): string {
  const names = Object.keys(providers);
  const rows: Array<[string, (c: Capabilities) => string]> = [
    ...TOKEN_OPERATIONS.map((op): [string, (c: Capabilities) => string] => [op, (c) => (supports(c, op) ? 'yes' : 'no')]),
    ['create fields', (c) => c.create.fields.join(', ') + extras(c.create.extra)],
    ['update fields', (c) => (supports(c, 'update') ? c.update.fields.join(', ') + extras(c.update.extra) : '-')],
    ['update style', (c) => (c.update.style === 'patch' ? 'delta (one PUT)' : 'read-modify-write')],
    ['ifVersion (optimistic locking)', (c) => (c.update.optimisticLocking ? 'yes' : 'no')],
    ['delete options', (c) => c.delete.options.join(', ') || '-'],
    ['list paging', (c) => `${c.list.paging} (max ${c.list.maxPageSize})`],
    ['list: nameContains', (c) => c.list.filters.nameContains],
    ['list: status', (c) => c.list.filters.status],
    ['list: orderBy name', (c) => c.list.orderBy.name],
    ['list: orderBy createdAt', (c) => c.list.orderBy.createdAt],
    ['secret on create', (c) => c.secretOnCreate],
    ['secret on reads', (c) => c.secretOnRead],
    ['name length limit', (c) => String(c.limits.nameMaxLength)],
  ];
  const header = `| | ${names.join(' | ')} |\n|---|${names.map(() => '---').join('|')}|\n`;
  return header + rows.map(([label, cell]) => `| ${label} | ${names.map((n) => cell(providers[n] as Capabilities)).join(' | ')} |`).join('\n') + '\n';
}

function extras(keys: readonly string[]): string {
  return keys.length > 0 ? `; extra: ${keys.join(', ')}` : '';
}
