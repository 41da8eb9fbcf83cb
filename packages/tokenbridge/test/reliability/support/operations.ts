import type { TaskEither } from 'fp-ts/TaskEither';
import type { AnyTokenProvider, CallOptions, TokenError, TokenOperation } from 'tokenbridge';
import { CAPABILITIES, type VendorName, type VendorUnderTest } from './vendors';

/** The name a create in a scenario uses. */
export const CREATED_NAME = 'created by a scenario';
/** The name an update in a scenario sets. */
export const RENAMED = 'renamed by a scenario';

/** One neutral operation as the fault matrix drives it. */
export interface OperationCase {
  readonly operation: TokenOperation;
  /** Whether it changes the vendor's state. */
  readonly writes: boolean;
  /** Whether the request it makes may be repeated (the transport retries only those on 5xx and network errors). */
  readonly idempotent: boolean;
  /** The request faults are aimed at: the operation's write, or its read. */
  target(v: VendorUnderTest, id: string): { readonly method: string; readonly path: string };
  /** Runs it on token `id` (create and list ignore it), with call `options` when given. */
  run(provider: AnyTokenProvider, v: VendorUnderTest, id: string, options?: CallOptions): TaskEither<TokenError, unknown>;
}

const ALL: readonly OperationCase[] = [
  {
    operation: 'create',
    writes: true,
    idempotent: false,
    target: (v) => ({ method: 'POST', path: v.paths.collection }),
    run: (p, v, _id, o) => p.create(v.createInput(CREATED_NAME), o),
  },
  {
    operation: 'get',
    writes: false,
    idempotent: true,
    target: (v, id) => ({ method: 'GET', path: v.paths.item(id) }),
    run: (p, _v, id, o) => p.get(id, o),
  },
  {
    operation: 'update',
    writes: true,
    idempotent: true,
    target: (v, id) => ({ method: 'PUT', path: v.paths.item(id) }),
    run: (p, _v, id, o) => p.update(id, { name: RENAMED }, o),
  },
  {
    operation: 'delete',
    writes: true,
    idempotent: true,
    target: (v, id) => ({ method: 'DELETE', path: v.paths.item(id) }),
    run: (p, _v, id, o) => p.delete(id, o),
  },
  {
    operation: 'list',
    writes: false,
    idempotent: true,
    target: (v) => ({ method: 'GET', path: v.paths.collection }),
    run: (p, _v, _id, o) => p.list({ pageSize: 10 }, o),
  },
  {
    operation: 'regenerate',
    writes: true,
    idempotent: false,
    target: (v, id) => ({ method: v.paths.regenerateMethod ?? 'POST', path: v.paths.regenerate?.(id) ?? '' }),
    run: (p, _v, id, o) => p.regenerate(id, o),
  },
];

/** The operations `vendor`'s provider supports. */
export function operationsOf(vendor: VendorName): OperationCase[] {
  return ALL.filter((op) => CAPABILITIES[vendor].operations.includes(op.operation));
}
