import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { rawClient } from '../baselines';
import type { MemoryReport } from '../memory-child';
import type { Endpoint, SimulatorControl } from '../simulators';
import { type Row, retrying } from '../resilience';
import { median } from '../stats';
import type { Vendor, VendorId } from '../vendors';

/** Row 4, one vendor: `listAll` over many tokens, streamed. */
export interface Memory {
  readonly vendor: VendorId;
  readonly tokens: number;
  readonly pageSize: number;
  readonly pages: number;
  readonly seconds: number;
  readonly tokensPerSecond: number;
  /**
   * The simulator's share: one page fetched with raw node:http (the same path
   * and query our adapter sent for a page in the middle of the list), median
   * of {@link RAW_PAGE_SAMPLES}, times the number of pages.
   */
  readonly rawPageMs: number;
  readonly rawFloorSeconds: number;
  /** Transient failures of the raw page requests, retried. */
  readonly rawRetries: number;
  readonly baselineRssMb: number;
  /** Peak RSS growth over the first 10,000 tokens, and over all of them. */
  readonly peakRssGrowthEarlyMb: number;
  readonly peakRssGrowthMb: number;
  readonly peakHeapGrowthMb: number;
  readonly retainedHeapMb: number;
}

/** A row of table 4: measured, or why not. */
export type MemoryRow = Row<Memory, 'vendor'>;

const CHILD = path.resolve(__dirname, '../memory-child.ts');
const MB = 1024 * 1024;
const RAW_PAGE_SAMPLES = 20;

/**
 * Fills the simulator to `total` tokens through its control API, then lists
 * them all in a fresh child process (see `memory-child.ts`).
 */
export async function measureMemory(vendor: Vendor, endpoint: Endpoint, control: SimulatorControl, total: number, pageSize: number): Promise<Memory> {
  await control.reset();
  const seeded = (await control.tokens(0, 0)).total;
  if (total > seeded) await control.generate(total - seeded, 'list-');
  await control.clearRequests();
  const report = await runChild([vendor.id, endpoint.url, endpoint.credential, String(pageSize)]);
  if (report.tokens !== total) throw new Error(`${vendor.id}: listAll yielded ${report.tokens} tokens, expected ${total}`);
  const { ms: rawPageMs, retries: rawRetries } = await rawPageTime(vendor, await middlePage(control));
  // The simulator drops the generated tokens, so later rows see a small store again.
  await control.reset();

  const pages = Math.ceil(report.tokens / pageSize);
  const round = (bytes: number): number => Math.round((bytes / MB) * 10) / 10;
  return {
    vendor: vendor.id,
    tokens: report.tokens,
    pageSize,
    pages,
    seconds: Math.round(report.ms / 100) / 10,
    tokensPerSecond: Math.round(report.tokens / (report.ms / 1000)),
    rawPageMs: Math.round(rawPageMs * 100) / 100,
    rawFloorSeconds: Math.round((rawPageMs * pages) / 100) / 10,
    rawRetries,
    baselineRssMb: round(report.baselineRss),
    peakRssGrowthEarlyMb: round(report.peakRssGrowthEarly),
    peakRssGrowthMb: round(report.peakRssGrowth),
    peakHeapGrowthMb: round(report.peakHeapGrowth),
    retainedHeapMb: round(report.retainedHeap),
  };
}

/** Path and query of the list request our adapter sent for the middle page, from the simulator's log. */
async function middlePage(control: SimulatorControl): Promise<string> {
  const pages = (await control.requests()).filter((entry) => entry.method === 'GET');
  const entry = pages[Math.floor(pages.length / 2)];
  if (entry === undefined) throw new Error('the simulator logged no list request');
  return entry.query === '' ? entry.path : `${entry.path}?${entry.query}`;
}

async function rawPageTime(vendor: Vendor, pathAndQuery: string): Promise<{ ms: number; retries: number }> {
  const client = rawClient(vendor.shape);
  const tally = { retries: 0 };
  const page = retrying(async () => void (await client.send('GET', pathAndQuery)), tally);
  await page();
  const samples: number[] = [];
  for (let i = 0; i < RAW_PAGE_SAMPLES; i++) {
    const started = performance.now();
    await page();
    samples.push(performance.now() - started);
  }
  return { ms: median(samples), retries: tally.retries };
}

function runChild(args: readonly string[]): Promise<MemoryReport> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...process.execArgv, '--expose-gc', CHILD, ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => (out += chunk));
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code !== 0) reject(new Error(`the listAll process exited with code ${code}`));
      else resolve(JSON.parse(out) as MemoryReport);
    });
  });
}
