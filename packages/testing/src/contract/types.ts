import type { AnyTokenProvider, CreateTokenInput, TransportEvent } from '@tokenbridge/core';
import type { FaultControl } from '../simulator/faults';
import type { ReadingsSpec } from '../simulator/readings';
import type { RequestLog } from '../simulator/request-log';

/** What the vendor holds for a token, in neutral terms, read straight from a simulator's store. */
export interface StoredToken {
  readonly name: string;
  readonly description: string | null;
  /** ISO-8601, or null when it never expires or the vendor has no expiry. */
  readonly expiresAt: string | null;
  /**
   * The vendor-specific attributes a change of name, description or expiry
   * must leave alone (roles, flags, modules, owner...), in any JSON shape.
   */
  readonly kept: unknown;
}

/** The simulator controls the contract suite uses (it clears faults and the log between scenarios). */
export interface ContractSimulator {
  readonly faults: FaultControl;
  readonly requests: RequestLog;
}

/** One fresh provider, its simulator and the facts the suite needs about them. */
export interface ContractContext {
  /** The provider under test, configured with fast retries (a few ms of backoff). */
  readonly provider: AnyTokenProvider;
  /** The same provider pointed at the same simulator with a credential the simulator rejects. */
  readonly providerWithBadCredential: AnyTokenProvider;
  readonly simulator: ContractSimulator;
  /** A valid create input named `name`, with whatever vendor `extra` creating needs. */
  createInput(name: string): CreateTokenInput<object>;
  /** What the simulator's store holds for `id`, or `undefined` when it holds nothing (or a deleted token). */
  stored(id: string): StoredToken | undefined;
  /** An id of the vendor's format that no token has. */
  readonly unknownId: string;
  /** Paths in the simulator's request log: one token (`/…/tokens/<id>`) and the collection. */
  readonly paths: { readonly item: RegExp; readonly collection: RegExp };
  /** Every transport event both providers emitted (wire their `hooks` to push here). */
  readonly events: TransportEvent[];
  /** Every credential in play; none may appear in an error or event. */
  readonly credentials: readonly string[];
  /**
   * The same provider with a credential that may read tokens but not their
   * values (required when the options say `restrictedReader: true`).
   */
  readonly restrictedReader?: AnyTokenProvider;
  /** Closes the providers and the simulator. */
  close(): Promise<void>;
}

/**
 * Builds a {@link ContractContext} on a simulator playing `readings` (one
 * combination of the suite's reading options); called once per combination.
 */
export type ContractSetup<R = Record<string, never>> = (readings: R) => Promise<ContractContext>;

/** What the contract suite should know about the vendor the provider talks to. */
export interface ContractOptions<R> {
  /** The reading options of the simulator (`KODEXA_READINGS`...): the suite runs each scenario under every combination that can change it. */
  readonly readings?: ReadingsSpec<R>;
  /** Whether the vendor has callers that may read tokens without their values (the context then gives `restrictedReader`). */
  readonly restrictedReader?: boolean;
}
