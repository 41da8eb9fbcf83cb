import { SortedViews } from './sorted-views';

/** What every simulator's stored token has: an id, and the secret that authenticates as it. */
export interface TokenRecordBase {
  readonly id: string;
  readonly secret: string;
}

/**
 * The tokens a simulator holds, found by id or by secret, with sorted views
 * for paging that every insert and delete invalidates (a store invalidates
 * them itself when it changes a sorted field).
 */
export class TokenTable<R extends TokenRecordBase> {
  private readonly byId = new Map<string, R>();
  private readonly bySecret = new Map<string, R>();
  /** Sorted copies of the records, for paging. */
  readonly views = new SortedViews<R>(() => this.byId.values());

  /** Number of records. */
  get size(): number {
    return this.byId.size;
  }

  /** Whether a record has this id. */
  has(id: string): boolean {
    return this.byId.has(id);
  }

  /** Whether a record has this secret. */
  hasSecret(secret: string): boolean {
    return this.bySecret.has(secret);
  }

  /** The record with this id. */
  find(id: string): R | undefined {
    return this.byId.get(id);
  }

  /** The record this secret belongs to. */
  withSecret(secret: string): R | undefined {
    return this.bySecret.get(secret);
  }

  /** Every record, in insertion order. */
  records(): IterableIterator<R> {
    return this.byId.values();
  }

  /** Adds a record (its id and secret must be new). */
  insert(record: R): void {
    this.byId.set(record.id, record);
    this.bySecret.set(record.secret, record);
    this.views.invalidate();
  }

  /** Removes a record; false when unknown. */
  delete(id: string): boolean {
    const record = this.byId.get(id);
    if (record === undefined) return false;
    this.byId.delete(id);
    this.bySecret.delete(record.secret);
    this.views.invalidate();
    return true;
  }

  /** Gives a record a new secret; the old one stops matching at once. */
  changeSecret(record: R & { secret: string }, secret: string): void {
    this.bySecret.delete(record.secret);
    record.secret = secret;
    this.bySecret.set(secret, record);
  }

  /** Replaces every record with `records` (a reset to the initial state). */
  replaceAll(records: Iterable<R>): void {
    this.byId.clear();
    this.bySecret.clear();
    for (const record of records) this.insert(record);
    this.views.invalidate();
  }
}

/** The `index`-th (from 1) of `count` bulk-generated names: `prefix` + a zero-padded number, so they sort in order. */
export function generatedName(prefix: string, index: number, count: number): string {
  return `${prefix}${String(index).padStart(String(count).length, '0')}`;
}
