import type { TaskEither } from 'fp-ts/TaskEither';
import {
  type AnyTokenProvider,
  type TokenError,
  type TokenOperation,
  type TransportEvent,
  type TransportOptions,
  VENDORS as REGISTRY,
} from 'tokenbridge';
import { virtualClock } from '@tokenbridge/testing';
import { CAPABILITIES, type VendorName } from './vendors';
import { SENTINEL_CREDENTIALS } from './sentinels';

/** A vendor's real adapter pointed at a server that is not its simulator, with the sentinel credential. */
export interface ProviderOn {
  readonly provider: AnyTokenProvider;
  /** Every event of all four hooks. */
  readonly events: TransportEvent[];
}

/** `vendor`'s adapter on `baseUrl`: no client pacing, the virtual clock, fast retries (none unless `transport` says so). */
export function providerOn(vendor: VendorName, baseUrl: string, transport: Partial<TransportOptions> = {}): ProviderOn {
  const events: TransportEvent[] = [];
  const push = (event: TransportEvent): void => void events.push(event);
  const options: TransportOptions = {
    retry: { retries: 0, baseMs: 1, capMs: 2 },
    limiter: false,
    clock: virtualClock(),
    random: () => 0.5,
    hooks: { onRequest: push, onResponse: push, onRetry: push, onError: push },
    ...transport,
  };
  // Made as the registry makes every provider.
  return { provider: REGISTRY[vendor].connect({ credential: SENTINEL_CREDENTIALS[vendor], baseUrl, settings: {}, transport: options }), events };
}

/** A token id every vendor's checks accept. */
export const SOME_ID = 'TKN-0000-0042';

const CREATE_INPUT: Readonly<Record<VendorName, object>> = {
  kodexa: { name: 'hostile', expiresAt: new Date(Date.UTC(2099, 0, 1)) },
  // With an account given, SoftwareOne's create sends only its POST.
  softwareone: { name: 'hostile', extra: { accountId: 'ACC-1234-5678', moduleIds: ['MOD-2048'] } },
  datocms: { name: 'hostile', extra: { roleId: '1' } },
  cloudflare: { name: 'hostile', extra: { policies: [{ effect: 'allow', resources: { 'com.cloudflare.api.account.zone.*': '*' }, permission_groups: [{ id: 'c8fed203ed3043cba015a93ad1616f1f' }] }] } },
};

/** Each operation `vendor` supports, as a call on token {@link SOME_ID}. */
export function operationCalls(vendor: VendorName): Array<readonly [TokenOperation, (p: AnyTokenProvider) => TaskEither<TokenError, unknown>]> {
  const all: Array<readonly [TokenOperation, (p: AnyTokenProvider) => TaskEither<TokenError, unknown>]> = [
    ['create', (p) => p.create(CREATE_INPUT[vendor] as never)],
    ['get', (p) => p.get(SOME_ID)],
    ['update', (p) => p.update(SOME_ID, { name: 'hostile renamed' })],
    ['delete', (p) => p.delete(SOME_ID)],
    ['list', (p) => p.list({ pageSize: 5 })],
    ['regenerate', (p) => p.regenerate(SOME_ID)],
  ];
  return all.filter(([operation]) => CAPABILITIES[vendor].operations.includes(operation));
}
