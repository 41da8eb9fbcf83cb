import { type LatencyPlan, measureLatency } from '../harness';
import { type Retries, type Row, settle } from '../resilience';
import { type LatencySummary, ratio } from '../stats';
import { OPERATIONS, type OperationName, type VariantName, type Workload } from '../variants';
import type { VendorId } from '../vendors';

/** Row 1: latency of one operation at concurrency 1, per variant. */
export interface Overhead {
  readonly vendor: VendorId;
  readonly operation: OperationName;
  /** HTTP calls per operation, in every variant. */
  readonly calls: number;
  readonly latencyMs: Readonly<Record<VariantName, LatencySummary>>;
  readonly ratios: {
    readonly oursToAxiosMedian: number;
    readonly oursToAxiosP99: number;
    readonly oursToRawMedian: number;
    readonly oursToRawP99: number;
  };
  /** Transient failures retried, per variant. */
  readonly retries: Retries<VariantName>;
}

/** A row of table 1: measured, or why not. */
export type OverheadRow = Row<Overhead, 'vendor' | 'operation'>;

/** Measures every operation of one vendor, the three variants interleaved; an operation that fails is a row saying why. */
export async function measureOverhead(vendor: VendorId, workload: Workload, plan: LatencyPlan, warn: (line: string) => void): Promise<OverheadRow[]> {
  const rows: OverheadRow[] = [];
  for (const operation of OPERATIONS) {
    rows.push(
      await settle({ vendor, operation }, `${vendor} ${operation} latency`, async () => {
        const { latencyMs, retries } = await measureLatency(workload.variants(operation), plan);
        const { raw, axios, ours } = latencyMs;
        return {
          vendor,
          operation,
          calls: workload.calls(operation),
          latencyMs,
          ratios: {
            oursToAxiosMedian: ratio(ours.median, axios.median),
            oursToAxiosP99: ratio(ours.p99, axios.p99),
            oursToRawMedian: ratio(ours.median, raw.median),
            oursToRawP99: ratio(ours.p99, raw.p99),
          },
          retries,
        };
      }, warn),
    );
  }
  return rows;
}
