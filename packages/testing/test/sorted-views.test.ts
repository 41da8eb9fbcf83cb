import { SortedViews } from '../src/simulator/sorted-views';

/**
 * What keeps a simulator's paging through 100,000 tokens cheap, counted
 * rather than timed: one sort per order until a write, whatever the number of
 * pages (the time it takes is `npm run bench`'s simulator-scale row).
 */
describe('SortedViews', () => {
  const records = Array.from({ length: 100_000 }, (_, i) => ({ id: i, name: `bulk-${String(i + 1).padStart(6, '0')}` }));
  type Rec = (typeof records)[number];

  function counted() {
    const counts = { reads: 0, comparisons: 0 };
    const views = new SortedViews<Rec>(() => {
      counts.reads += 1;
      return records;
    });
    const byNameDesc = (a: Rec, b: Rec): number => {
      counts.comparisons += 1;
      return a.name < b.name ? 1 : a.name > b.name ? -1 : 0;
    };
    return { views, byNameDesc, counts };
  }

  it('sorts once for any number of pages in one order', () => {
    const { views, byNameDesc, counts } = counted();
    const pages = Array.from({ length: 5 }, (_, page) => views.get('name:desc', byNameDesc).slice(page * 100, page * 100 + 100));
    expect(pages[1]?.[0]?.name).toBe('bulk-099900');
    expect(pages.every((page) => page.length === 100)).toBe(true);
    expect(counts.reads).toBe(1);
    const oneSort = counts.comparisons;
    // A sort of n records costs at most about n log2 n comparisons; five would cost five times that.
    expect(oneSort).toBeLessThan(records.length * Math.log2(records.length));
    views.get('name:desc', byNameDesc);
    expect(counts.comparisons).toBe(oneSort);
  });

  it('builds one view per order, and again only after a write invalidates them', () => {
    const { views, byNameDesc, counts } = counted();
    const insertion = views.get('insertion');
    expect(insertion.length === records.length && insertion.every((r, i) => r === records[i])).toBe(true);
    views.get('name:desc', byNameDesc);
    views.get('insertion');
    expect(counts.reads).toBe(2);
    views.invalidate();
    views.get('name:desc', byNameDesc);
    views.get('insertion');
    expect(counts.reads).toBe(4);
  });
});
