/**
 * Row 4's measuring process: streams every token of one simulator with
 * `listAll` and prints one JSON line of {@link MemoryReport}. It runs alone in
 * a fresh process (started by `rows/memory.ts` with `--expose-gc`), so the
 * RSS it sees is the list's and not what earlier rows left behind.
 *
 * argv: vendor (`kodexa` | `softwareone`), base URL, credential, page size.
 */
import { performance } from 'node:perf_hooks';
import { type ListQuery, type Listable, listAll } from '@tokenbridge/core';
import { kodexa } from '@tokenbridge/kodexa';
import { softwareone } from '@tokenbridge/softwareone';

/** What the child measured. */
export interface MemoryReport {
  readonly tokens: number;
  readonly ms: number;
  /** RSS after a warm-up page and a full GC, in bytes. */
  readonly baselineRss: number;
  /** Largest RSS above the baseline over the first {@link EARLY_TOKENS} tokens and over the whole list. */
  readonly peakRssGrowthEarly: number;
  readonly peakRssGrowth: number;
  readonly peakHeapGrowth: number;
  /** Heap still in use after the list and a full GC, above the baseline: what a collecting loop would have kept. */
  readonly retainedHeap: number;
}

/** The early checkpoint: if memory grew with the list, the whole-list peak would be ten times this one's. */
export const EARLY_TOKENS = 10_000;

async function main(): Promise<void> {
  const [vendor, baseUrl = '', credential = '', pageSizeArg = '100'] = process.argv.slice(2);
  const pageSize = Number(pageSizeArg);
  // Both vendors publish no rate limit; their default pace (10 or 20 requests/s) would make this row measure the limiter.
  const provider: Listable<unknown> & { close(): Promise<void> } =
    vendor === 'kodexa' ? kodexa({ apiKey: credential, baseUrl, limiter: false }) : softwareone({ apiToken: credential, baseUrl, limiter: false });
  const query: ListQuery = { pageSize };
  try {
    // Warm-up: loads and compiles the list path, opens the socket.
    await provider.list(query)();
    const gc = (globalThis as { gc?: () => void }).gc;
    gc?.();
    const base = process.memoryUsage();
    let peakRss = base.rss;
    let peakHeap = base.heapUsed;
    let peakRssEarly = base.rss;
    let tokens = 0;
    const started = performance.now();
    for await (const token of listAll(provider, query)) {
      // Touch the item as a caller would; then it is garbage.
      if (token === undefined) throw new Error('listAll yielded nothing');
      tokens += 1;
      if (tokens % pageSize === 0) {
        const now = process.memoryUsage();
        peakRss = Math.max(peakRss, now.rss);
        peakHeap = Math.max(peakHeap, now.heapUsed);
        if (tokens <= EARLY_TOKENS) peakRssEarly = peakRss;
      }
    }
    gc?.();
    const report: MemoryReport = {
      tokens,
      ms: performance.now() - started,
      baselineRss: base.rss,
      peakRssGrowthEarly: peakRssEarly - base.rss,
      peakRssGrowth: peakRss - base.rss,
      peakHeapGrowth: peakHeap - base.heapUsed,
      retainedHeap: process.memoryUsage().heapUsed - base.heapUsed,
    };
    process.stdout.write(`${JSON.stringify(report)}\n`);
  } finally {
    await provider.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
