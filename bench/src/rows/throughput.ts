import { measureThroughput } from '../harness';
import { type Retries, type Row, settle } from '../resilience';
import { ratio } from '../stats';
import { OPERATIONS, type OperationName, type VariantName, type Workload } from '../variants';
import type { VendorId } from '../vendors';

/** Row 2: operations per second at one concurrency, per variant. */
export interface Throughput {
  readonly vendor: VendorId;
  readonly operation: OperationName;
  readonly concurrency: number;
  readonly opsPerSecond: Readonly<Record<VariantName, number>>;
  readonly ratios: { readonly oursToAxios: number; readonly oursToRaw: number };
  /** Transient failures retried, per variant. */
  readonly retries: Retries<VariantName>;
}

/** A cell of table 2: measured, or why not. */
export type ThroughputRow = Row<Throughput, 'vendor' | 'operation' | 'concurrency'>;

/** How many operations each throughput measurement runs. */
export interface ThroughputSizes {
  readonly concurrencies: readonly number[];
  readonly rounds: number;
  /** Operations per variant per round, by concurrency. */
  opsAt(concurrency: number): number;
}

/** Measures every operation of one vendor at every concurrency, the variants interleaved; a measurement that fails is a cell saying why. */
export async function measureThroughputRow(vendor: VendorId, workload: Workload, sizes: ThroughputSizes, warn: (line: string) => void): Promise<ThroughputRow[]> {
  const rows: ThroughputRow[] = [];
  for (const operation of OPERATIONS) {
    for (const concurrency of sizes.concurrencies) {
      const ops = sizes.opsAt(concurrency);
      // Every worker must have run (and fetched its token's state) before the clock starts.
      const warmupOps = Math.max(Math.round(ops / 4), concurrency * 4);
      rows.push(
        await settle({ vendor, operation, concurrency }, `${vendor} ${operation} throughput at concurrency ${concurrency}`, async () => {
          const { opsPerSecond, retries } = await measureThroughput(workload.variants(operation), { concurrency, warmupOps, rounds: sizes.rounds, ops });
          return {
            vendor,
            operation,
            concurrency,
            opsPerSecond: roundRates(opsPerSecond),
            ratios: { oursToAxios: ratio(opsPerSecond.ours, opsPerSecond.axios), oursToRaw: ratio(opsPerSecond.ours, opsPerSecond.raw) },
            retries,
          };
        }, warn),
      );
    }
  }
  return rows;
}

function roundRates(rates: Record<VariantName, number>): Record<VariantName, number> {
  return { raw: Math.round(rates.raw), axios: Math.round(rates.axios), ours: Math.round(rates.ours) };
}
