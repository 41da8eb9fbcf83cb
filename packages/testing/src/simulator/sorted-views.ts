/**
 * Sorted copies of a store's records, one per sort order, kept until the
 * next write. Paging through 100,000 tokens then costs one sort per order per
 * write instead of one per page.
 */
export class SortedViews<T> {
  private readonly views = new Map<string, readonly T[]>();

  /** @param records - the records in insertion order (called again after each write). */
  constructor(private readonly records: () => Iterable<T>) {}

  /** Drops every cached view; call on any write that can change membership or order. */
  invalidate(): void {
    this.views.clear();
  }

  /**
   * The records ordered by `compare` (insertion order when undefined, and
   * between equal records), cached under `key`, which must identify `compare`.
   */
  get(key: string, compare?: (a: T, b: T) => number): readonly T[] {
    const cached = this.views.get(key);
    if (cached !== undefined) return cached;
    const view = Array.from(this.records());
    // Array.prototype.sort is stable, so ties keep insertion order.
    if (compare !== undefined) view.sort(compare);
    this.views.set(key, view);
    return view;
  }
}
