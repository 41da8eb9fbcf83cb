import type { AnyTokenProvider, CreateTokenInput, TransportEvent } from '@tokenbridge/core';
import type { FaultControl } from '../simulator/faults';
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

/** The simulator controls the contract suite uses. */
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
  /** Closes the providers and the simulator. */
  close(): Promise<void>;
}

/** Builds a fresh {@link ContractContext}; called once per test. */
export type ContractSetup = () => Promise<ContractContext>;
