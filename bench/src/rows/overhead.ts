import { type LatencyPlan, measureLatency } from '../harness';
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
}

/** Measures every operation of one vendor, the three variants interleaved. */
export async function measureOverhead(vendor: VendorId, workload: Workload, plan: LatencyPlan): Promise<Overhead[]> {
  const rows: Overhead[] = [];
  for (const operation of OPERATIONS) {
    const latencyMs = await measureLatency(workload.variants(operation), plan);
    const { raw, axios, ours } = latencyMs;
    rows.push({
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
    });
  }
  return rows;
}
