import { wildcardRegExp } from '../simulator/wildcard';

/**
 * A literal argument. `raw` is the text between the quotes (or the bare
 * text) with backslash escapes still in place, because `like`/`ilike` must
 * tell an escaped `\*` from a wildcard `*`.
 */
export interface RqlValue {
  readonly kind: 'value';
  readonly raw: string;
}

/** A function call such as `eq(status,Active)`. */
export interface RqlCall {
  readonly kind: 'call';
  readonly name: string;
  readonly args: readonly RqlNode[];
}

/** A parenthesised list, as the second argument of `in`/`out`. */
export interface RqlGroup {
  readonly kind: 'group';
  readonly items: readonly RqlNode[];
}

/** Any node of a parsed RQL expression. */
export type RqlNode = RqlValue | RqlCall | RqlGroup;

/** One `order` key. */
export interface RqlOrder {
  readonly field: string;
  readonly descending: boolean;
}

/** A list request's query string, split into its RQL parts. */
export interface RqlQuery {
  /** Every filter expression and `field=value` shortcut, joined by `and`; undefined for none. */
  readonly filter: RqlCall | undefined;
  readonly limit: number | undefined;
  readonly offset: number | undefined;
  readonly order: readonly RqlOrder[];
  /** `select` items as given (`+audit`, `-icon`, `name`). */
  readonly select: readonly string[];
}

/** A query the API refuses with 400; `detail` is the message it gives. */
export class RqlError extends Error {
  constructor(readonly detail: string) {
    super(detail);
    this.name = 'RqlError';
  }
}

/** The message the API gives for an expression it cannot parse or does not know. */
const UNKNOWN_EXPRESSION = 'Unknown expression group';

/** The message the API gives for a `name=value` part that is not a valid shortcut (e.g. `rql=…`). */
const INVALID_SHORTCUT = 'Invalid equals shortcut';

const PARAMETERS = new Set(['limit', 'offset', 'order', 'select']);

/**
 * Parses a raw query string such as
 * `and(eq(status,Active),ilike(name,*ci*))&limit=50&offset=0`.
 * Parts are split on `&` before percent-decoding, so an encoded `%26` stays
 * inside its value; `+` is a literal plus (as in `select=+audit`), not a space.
 * `isField` says which names a `field=value` shortcut may use.
 */
export function parseRqlQuery(rawQuery: string, isField: (name: string) => boolean): RqlQuery {
  const filters: RqlCall[] = [];
  const params = new Map<string, string>();
  for (const rawPart of rawQuery.split('&')) {
    if (rawPart === '') continue;
    let part: string;
    try {
      part = decodeURIComponent(rawPart);
    } catch {
      throw new RqlError(UNKNOWN_EXPRESSION);
    }
    const shortcut = /^([A-Za-z_$][\w.$]*)=(.*)$/s.exec(part);
    if (shortcut === null) {
      filters.push(parseRqlExpression(part));
      continue;
    }
    const [, name = '', value = ''] = shortcut;
    if (PARAMETERS.has(name)) {
      params.set(name, value);
    } else if (isField(name) && !/[()]/.test(value)) {
      filters.push({ kind: 'call', name: 'eq', args: [{ kind: 'value', raw: name }, { kind: 'value', raw: value }] });
    } else {
      throw new RqlError(INVALID_SHORTCUT);
    }
  }
  return {
    filter: filters.length <= 1 ? filters[0] : { kind: 'call', name: 'and', args: filters },
    limit: nonNegativeInteger(params.get('limit'), 'limit'),
    offset: nonNegativeInteger(params.get('offset'), 'offset'),
    order: parseOrder(params.get('order')),
    select: (params.get('select') ?? '').split(',').map((item) => item.trim()).filter(Boolean),
  };
}

function nonNegativeInteger(raw: string | undefined, name: string): number | undefined {
  if (raw === undefined) return undefined;
  if (!/^\d{1,9}$/.test(raw)) throw new RqlError(`The '${name}' parameter must be a non-negative integer.`);
  return Number(raw);
}

function parseOrder(raw: string | undefined): RqlOrder[] {
  if (raw === undefined) return [];
  return raw
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean)
    .map((item) => {
      const descending = item.startsWith('-');
      return { field: item.replace(/^[-+]/, ''), descending };
    });
}

/** Parses one RQL expression (a function call); throws {@link RqlError}. */
function parseRqlExpression(text: string): RqlCall {
  const parser = new Parser(text);
  const call = parser.call();
  parser.end();
  return call;
}

class Parser {
  private pos = 0;

  constructor(private readonly text: string) {}

  end(): void {
    if (this.pos !== this.text.length) throw new RqlError(UNKNOWN_EXPRESSION);
  }

  call(): RqlCall {
    const name = /^[A-Za-z_]\w*/.exec(this.text.slice(this.pos))?.[0];
    if (name === undefined || this.text[this.pos + name.length] !== '(') throw new RqlError(UNKNOWN_EXPRESSION);
    this.pos += name.length;
    return { kind: 'call', name, args: this.list() };
  }

  /** `(arg,arg,…)` starting at an opening parenthesis. */
  private list(): RqlNode[] {
    this.pos += 1;
    const items: RqlNode[] = [];
    if (this.text[this.pos] === ')') {
      this.pos += 1;
      return items;
    }
    for (;;) {
      items.push(this.arg());
      const next = this.text[this.pos];
      this.pos += 1;
      if (next === ')') return items;
      if (next !== ',') throw new RqlError(UNKNOWN_EXPRESSION);
    }
  }

  private arg(): RqlNode {
    const char = this.text[this.pos];
    if (char === '(') return { kind: 'group', items: this.list() };
    if (char === '"' || char === "'") return this.quoted(char);
    if (/^[A-Za-z_]\w*\(/.test(this.text.slice(this.pos))) return this.call();
    let raw = '';
    while (this.pos < this.text.length && !',()"\''.includes(this.text[this.pos]!)) {
      if (this.text[this.pos] === '\\' && this.pos + 1 < this.text.length) raw += this.text[this.pos++];
      raw += this.text[this.pos++];
    }
    return { kind: 'value', raw };
  }

  private quoted(quote: string): RqlValue {
    this.pos += 1;
    let raw = '';
    while (this.pos < this.text.length && this.text[this.pos] !== quote) {
      if (this.text[this.pos] === '\\' && this.pos + 1 < this.text.length) raw += this.text[this.pos++];
      raw += this.text[this.pos++];
    }
    if (this.pos >= this.text.length) throw new RqlError(UNKNOWN_EXPRESSION);
    this.pos += 1;
    return { kind: 'value', raw };
  }
}

/** A value's text with backslash escapes resolved (`\*` → `*`, `\"` → `"`). */
function unescapeRql(raw: string): string {
  return raw.replace(/\\(.)/gs, '$1');
}

/** Reads a field of a record as the filter sees it; undefined for absent (null) fields. */
export type RqlFieldReader<T> = (record: T) => string | undefined;

/**
 * Turns an expression into a predicate. Supports and, or, not, eq, ne, like,
 * ilike (`*` any run, `\*` a literal star), in and out, with `null()` as a
 * value. `field` returns the reader of a filterable field, or undefined.
 */
export function compileRql<T>(node: RqlCall, field: (name: string) => RqlFieldReader<T> | undefined): (record: T) => boolean {
  const calls = (args: readonly RqlNode[]): Array<(record: T) => boolean> =>
    args.map((arg) => {
      if (arg.kind !== 'call') throw new RqlError(UNKNOWN_EXPRESSION);
      return compileRql(arg, field);
    });
  const { name, args } = node;
  switch (name) {
    case 'and': {
      const parts = calls(args);
      if (parts.length === 0) throw new RqlError(UNKNOWN_EXPRESSION);
      return (record) => parts.every((part) => part(record));
    }
    case 'or': {
      const parts = calls(args);
      if (parts.length === 0) throw new RqlError(UNKNOWN_EXPRESSION);
      return (record) => parts.some((part) => part(record));
    }
    case 'not': {
      const [inner, extra] = calls(args);
      if (inner === undefined || extra !== undefined) throw new RqlError(UNKNOWN_EXPRESSION);
      return (record) => !inner(record);
    }
    case 'eq':
    case 'ne': {
      const [read, value] = fieldAndValue(args, field);
      const wanted = value === null ? undefined : unescapeRql(value);
      return name === 'eq' ? (record) => read(record) === wanted : (record) => read(record) !== wanted;
    }
    case 'like':
    case 'ilike': {
      const [read, value] = fieldAndValue(args, field);
      if (value === null) throw new RqlError(UNKNOWN_EXPRESSION);
      const pattern = wildcardRegExp(value, { backslashEscapes: true, ignoreCase: name === 'ilike' });
      return (record) => {
        const text = read(record);
        return text !== undefined && pattern.test(text);
      };
    }
    case 'in':
    case 'out': {
      const [target, list, extra] = args;
      const read = target?.kind === 'value' ? field(unescapeRql(target.raw)) : undefined;
      if (read === undefined) throw new RqlError(unknownField(target));
      if (list?.kind !== 'group' || extra !== undefined) throw new RqlError(UNKNOWN_EXPRESSION);
      const values = new Set(
        list.items.map((item) => {
          if (item.kind !== 'value') throw new RqlError(UNKNOWN_EXPRESSION);
          return unescapeRql(item.raw);
        }),
      );
      const listed = (record: T): boolean => {
        const value = read(record);
        return value !== undefined && values.has(value);
      };
      return name === 'in' ? listed : (record) => !listed(record);
    }
    default:
      throw new RqlError(UNKNOWN_EXPRESSION);
  }
}

/** The field reader and raw value of a two-argument comparison; null for `null()`. */
function fieldAndValue<T>(
  args: readonly RqlNode[],
  field: (name: string) => RqlFieldReader<T> | undefined,
): [RqlFieldReader<T>, string | null] {
  const [target, value, extra] = args;
  if (target?.kind !== 'value' || value === undefined || extra !== undefined) throw new RqlError(UNKNOWN_EXPRESSION);
  const read = field(unescapeRql(target.raw));
  if (read === undefined) throw new RqlError(unknownField(target));
  if (value.kind === 'value') return [read, value.raw];
  if (value.kind === 'call' && value.name === 'null' && value.args.length === 0) return [read, null];
  throw new RqlError(UNKNOWN_EXPRESSION);
}

function unknownField(node: RqlNode | undefined): string {
  return node?.kind === 'value' ? `Unknown field '${unescapeRql(node.raw)}'.` : UNKNOWN_EXPRESSION;
}
