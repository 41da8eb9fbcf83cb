import { wildcardRegExp } from '../simulator/wildcard';
import type { KodexaTokenRecord } from './store';

/** Default `pageSize`, as the legacy QueryContext and the kdx notes give it. */
export const KODEXA_DEFAULT_PAGE_SIZE = 20;

/** Largest `pageSize` honoured; larger values are clamped (the documented maximum of [D2]). */
export const KODEXA_MAX_PAGE_SIZE = 100;

/** A parsed `GET /api/access-tokens` query. */
export interface KodexaListQuery {
  /** The 0-based index of the page asked for. */
  readonly pageIndex: number;
  readonly pageSize: number;
  /** Cache key of the sort order ('' for the natural order). */
  readonly sortKey: string;
  /** Undefined for the natural (insertion) order. */
  readonly compare: ((a: KodexaTokenRecord, b: KodexaTokenRecord) => number) | undefined;
  /** Undefined when every token passes. */
  readonly predicate: ((record: KodexaTokenRecord) => boolean) | undefined;
}

/** A list query the server refuses: 400 for bad syntax, 500 where a real server's SQL fails. */
export interface KodexaQueryError {
  readonly status: 400 | 500;
  readonly detail: string;
}

type Field = 'id' | 'uuid' | 'name' | 'userId' | 'createdOn' | 'updatedOn' | 'expiresAt' | 'changeSequence';

// Every column of the access-token table; anything else is a SQL error on the real server.
const COLUMNS: ReadonlySet<string> = new Set<Field>([
  'id',
  'uuid',
  'name',
  'userId',
  'createdOn',
  'updatedOn',
  'expiresAt',
  'changeSequence',
]);

// The string columns the simulator can filter on.
const FILTERABLE: ReadonlySet<string> = new Set<Field>(['id', 'uuid', 'name', 'userId']);

/**
 * Parses the list query string; an error describes the refusal. `pageBase`
 * is what the first page's `page` is (the reading the simulator plays).
 */
export function parseListQuery(query: string, pageBase: 0 | 1): KodexaListQuery | KodexaQueryError {
  const params = new URLSearchParams(query);
  const page = integerParam(params.get('page'), pageBase, 0);
  const size = integerParam(params.get('pageSize'), KODEXA_DEFAULT_PAGE_SIZE, 1);
  if (page === undefined) return { status: 400, detail: "Parameter 'page' must be a non-negative integer" };
  if (size === undefined) return { status: 400, detail: "Parameter 'pageSize' must be a positive integer" };
  const sort = parseSort(params.getAll('sort'));
  if ('status' in sort) return sort;
  const predicates: Array<(record: KodexaTokenRecord) => boolean> = [];
  for (const filter of params.getAll('filter')) {
    const parsed = parseFilter(filter);
    if ('status' in parsed) return parsed;
    predicates.push(...parsed);
  }
  const text = (params.get('query') ?? '*').replace(/^\*+|\*+$/g, '').toLowerCase();
  if (text !== '') predicates.push((record) => record.name.toLowerCase().includes(text));
  return {
    // Spring's one-indexed page parameter treats 0 as the first page.
    pageIndex: Math.max(page - pageBase, 0),
    pageSize: Math.min(size, KODEXA_MAX_PAGE_SIZE),
    sortKey: sort.key,
    compare: sort.compare,
    predicate: predicates.length === 0 ? undefined : (record) => predicates.every((test) => test(record)),
  };
}

function integerParam(raw: string | null, fallback: number, min: number): number | undefined {
  if (raw === null) return fallback;
  if (!/^\d{1,9}$/.test(raw)) return undefined;
  const value = Number(raw);
  return value < min ? undefined : value;
}

function missingColumn(field: string): KodexaQueryError {
  // What the Go API reports when SQL names a column that does not exist.
  return { status: 500, detail: `ERROR: column "${field.toLowerCase()}" does not exist (SQLSTATE 42703)` };
}

function parseSort(
  values: readonly string[],
): { key: string; compare: KodexaListQuery['compare'] } | KodexaQueryError {
  const keys: Array<{ field: Field; descending: boolean }> = [];
  for (const part of values.flatMap((value) => value.split(';')).map((item) => item.trim()).filter(Boolean)) {
    const [field = '', direction = 'asc', extra] = part.split(':').map((item) => item.trim());
    if (extra !== undefined || !/^(asc|desc)$/i.test(direction)) {
      return { status: 400, detail: `Invalid sort '${part}': expected field:asc or field:desc` };
    }
    if (!COLUMNS.has(field)) return missingColumn(field);
    keys.push({ field: field as Field, descending: direction.toLowerCase() === 'desc' });
  }
  if (keys.length === 0) return { key: '', compare: undefined };
  return {
    key: keys.map(({ field, descending }) => `${field}:${descending ? 'desc' : 'asc'}`).join(';'),
    compare: (a, b) => {
      for (const { field, descending } of keys) {
        const order = compareValues(a[field], b[field]);
        if (order !== 0) return descending ? -order : order;
      }
      return 0;
    },
  };
}

// PostgreSQL's order: NULL sorts after every value ascending, before them descending.
function compareValues(a: string | number | null, b: string | number | null): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return a < b ? -1 : 1;
}

type Predicate = (record: KodexaTokenRecord) => boolean;

/**
 * Parses the SpringFilter subset: `field op value` terms joined by `and`,
 * where op is `:` (equals), `!` (not equals) or `~` (case-insensitive like,
 * `*` any run of characters), and value is `'quoted'` (with `\` escapes) or bare.
 */
function parseFilter(text: string): Predicate[] | KodexaQueryError {
  const predicates: Predicate[] = [];
  const fields: string[] = [];
  let pos = 0;
  const syntax = (what: string): KodexaQueryError => ({
    status: 400,
    detail: `Invalid filter: ${what} at position ${pos}`,
  });
  const skipSpace = (): void => {
    while (pos < text.length && /\s/.test(text[pos]!)) pos += 1;
  };
  const word = (): string => {
    const match = /^[A-Za-z_][A-Za-z0-9_.]*/.exec(text.slice(pos));
    pos += match?.[0].length ?? 0;
    return match?.[0] ?? '';
  };
  for (;;) {
    skipSpace();
    const field = word();
    if (field === '') return syntax('expected a field name');
    skipSpace();
    const op = text[pos];
    if (op !== ':' && op !== '!' && op !== '~') {
      return op === '>' || op === '<'
        ? { status: 400, detail: "Invalid filter: the simulator supports only ':', '!' and '~' comparisons" }
        : syntax("expected ':', '!' or '~'");
    }
    pos += 1;
    skipSpace();
    let value = '';
    if (text[pos] === "'") {
      pos += 1;
      while (pos < text.length && text[pos] !== "'") {
        if (text[pos] === '\\' && pos + 1 < text.length) pos += 1;
        value += text[pos];
        pos += 1;
      }
      if (pos >= text.length) return syntax('unterminated string');
      pos += 1;
    } else {
      const match = /^[^\s()']+/.exec(text.slice(pos));
      if (match === null) return syntax('expected a value');
      value = match[0];
      pos += value.length;
    }
    fields.push(field);
    predicates.push(condition(field as Field, op, value));
    skipSpace();
    if (pos >= text.length) break;
    const joiner = word().toLowerCase();
    if (joiner !== 'and') {
      return joiner === 'or'
        ? { status: 400, detail: "Invalid filter: the simulator supports only terms joined by 'and'" }
        : syntax("expected 'and'");
    }
  }
  // Syntax is checked before columns, as a server parses before it queries.
  for (const field of fields) {
    if (!COLUMNS.has(field)) return missingColumn(field);
    if (!FILTERABLE.has(field)) {
      return { status: 400, detail: `Invalid filter: the simulator cannot filter on '${field}'` };
    }
  }
  return predicates;
}

function condition(field: Field, op: ':' | '!' | '~', value: string): Predicate {
  const read = (record: KodexaTokenRecord): string => String(record[field]);
  if (op === ':') return (record) => read(record) === value;
  if (op === '!') return (record) => read(record) !== value;
  const pattern = wildcardRegExp(value, { backslashEscapes: false, ignoreCase: true });
  return (record) => pattern.test(read(record));
}
