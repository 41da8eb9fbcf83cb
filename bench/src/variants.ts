import type { Token } from '@tokenbridge/core';
import { type HttpClient, axiosClient, rawClient } from './baselines';
import type { Operation, Variant } from './harness';
import { type BenchProvider, type Vendor, createTokens, freshName } from './vendors';

/** The operations rows 1 and 2 measure. */
export const OPERATIONS = ['get', 'update', 'update (token)'] as const;
export type OperationName = (typeof OPERATIONS)[number];

/** The variants compared: raw node:http (the floor), bare axios, and our adapter. */
export const VARIANTS = ['raw', 'axios', 'ours'] as const;
export type VariantName = (typeof VARIANTS)[number];

/**
 * The tokens and clients of one vendor's measurements. Every variant works on
 * its own tokens, one per worker: a Kodexa PUT carries the `changeSequence`
 * its sender last saw, so two senders renaming one token would make each
 * other's PUTs stale (409, re-read, retry) and measure the conflict instead.
 */
export class Workload {
  private constructor(
    private readonly vendor: Vendor,
    private readonly provider: BenchProvider,
    private readonly clients: Readonly<Record<Exclude<VariantName, 'ours'>, HttpClient>>,
    private readonly tokens: Readonly<Record<VariantName, readonly string[]>>,
    private readonly updateByIdReads: boolean,
  ) {}

  /**
   * Creates `workers` tokens per variant through our adapter (the limiter off).
   * `updateByIdReads` is what the round-trip row saw the adapter do for an
   * update by id (a GET before its PUT, or the PUT alone): the baselines then
   * send the same requests, whatever the adapter's strategy.
   */
  static async prepare(vendor: Vendor, provider: BenchProvider, workers: number, updateByIdReads: boolean): Promise<Workload> {
    const tokens = {} as Record<VariantName, string[]>;
    for (const variant of VARIANTS) tokens[variant] = await createTokens(vendor, provider, workers, `bench-${variant}`);
    return new Workload(vendor, provider, { raw: rawClient(vendor.shape), axios: axiosClient(vendor.shape) }, tokens, updateByIdReads);
  }

  /** HTTP calls one operation makes, the same in every variant. */
  calls(operation: OperationName): number {
    return operation === 'update' && this.updateByIdReads ? 2 : 1;
  }

  /** The three variants of `operation`, ready for the harness. */
  variants(operation: OperationName): Variant<VariantName>[] {
    return VARIANTS.map((name) => ({
      name,
      forWorker: (worker: number) => this.operation(name, operation, this.tokenOf(name, worker)),
    }));
  }

  private tokenOf(variant: VariantName, worker: number): string {
    const id = this.tokens[variant][worker];
    if (id === undefined) throw new Error(`no token for worker ${worker}: prepare more workers`);
    return id;
  }

  private operation(variant: VariantName, operation: OperationName, id: string): Operation {
    return variant === 'ours' ? this.ours(operation, id) : this.baseline(this.clients[variant], operation, id);
  }

  private ours(operation: OperationName, id: string): Operation {
    const provider = this.provider;
    switch (operation) {
      case 'get':
        return async () => {
          await provider.get(id);
        };
      case 'update':
        return async () => {
          await provider.update(id, { name: freshName() });
        };
      case 'update (token)': {
        // The token the last update returned: the current state, as a caller would keep it.
        let current: Token<object> | undefined;
        return async () => {
          current = await provider.update(current ?? (await provider.get(id)), { name: freshName() });
        };
      }
    }
  }

  private baseline(client: HttpClient, operation: OperationName, id: string): Operation {
    const vendor = this.vendor;
    switch (operation) {
      case 'get':
        return async () => {
          await client.send('GET', vendor.getPath(id));
        };
      case 'update':
        return this.updateByIdReads
          ? async () => {
              const current = await client.send('GET', vendor.getPath(id));
              await client.send('PUT', vendor.itemPath(id), vendor.renameBody(current, freshName()));
            }
          : async () => {
              await client.send('PUT', vendor.itemPath(id), vendor.renameBody(undefined, freshName()));
            };
      case 'update (token)': {
        let current: unknown;
        return async () => {
          current ??= await client.send('GET', vendor.getPath(id));
          current = await client.send('PUT', vendor.itemPath(id), vendor.renameBody(current, freshName()));
        };
      }
    }
  }
}
