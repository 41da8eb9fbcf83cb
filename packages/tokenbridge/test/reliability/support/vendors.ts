import {
  type AnyTokenProvider,
  type Capabilities,
  type CreateTokenInput,
  type TransportEvent,
  type TransportOptions,
  VENDORS as REGISTRY,
  VENDOR_IDS,
  type VendorId,
} from 'tokenbridge';
import {
  type FaultControl,
  type RequestLog,
  type VirtualClock,
  startCloudflareSimulator,
  startDatoCmsSimulator,
  startKodexaSimulator,
  startSoftwareOneSimulator,
  virtualClock,
} from '@tokenbridge/testing';
import { type ManualClock, manualClock } from '../../../../core/test/support/clock';
import { SENTINEL_CREDENTIALS, SENTINEL_TOKEN_VALUES } from './sentinels';

/** The vendors under test: every vendor of the registry (the switch in {@link startVendor} must handle each). */
export const VENDORS: readonly VendorId[] = VENDOR_IDS;
/** One of {@link VENDORS}. */
export type VendorName = VendorId;

/** Each vendor's capabilities, known before anything starts (to lay out the matrix). */
export const CAPABILITIES = Object.fromEntries(VENDOR_IDS.map((id) => [id, REGISTRY[id].capabilities])) as Readonly<Record<VendorName, Capabilities>>;

/** What the vendor holds for one token, in neutral terms. */
export interface StoredState {
  readonly name: string;
  /** The vendor's own status, where it has one. */
  readonly status: string | null;
  readonly secret: string | undefined;
  /** Epoch ms, or null when it never expires or the vendor has no expiry. */
  readonly expiresAt: number | null;
  /** DatoCMS's CDA flag; null elsewhere. */
  readonly canAccessCda: boolean | null;
}

/** A simulator of one vendor with a provider on it, both using the sentinel credential. */
export interface VendorUnderTest {
  readonly vendor: VendorName;
  readonly provider: AnyTokenProvider;
  readonly faults: FaultControl;
  readonly requests: RequestLog;
  readonly clock: VirtualClock;
  /** With {@link HarnessOptions.manualTimers}: the timers the test fires by hand. */
  readonly timers?: ManualTimers;
  /** Every transport event the provider emitted. */
  readonly events: TransportEvent[];
  readonly baseUrl: string;
  readonly credential: string;
  /** Raw request paths on the simulator. */
  readonly paths: {
    readonly collection: string;
    item(id: string): string;
    /** Where the vendor has it. */
    regenerate?(id: string): string;
    /** Its method: POST unless given. */
    readonly regenerateMethod?: 'PUT';
  };
  /** A valid create input named `name`. */
  createInput(name: string): CreateTokenInput<object>;
  /** Puts a token named `name` straight into the store; returns its id. */
  seed(name: string, secret?: string): string;
  /** The token as the vendor holds it, or `undefined` when it is gone (deleted or soft-deleted). */
  stored(id: string): StoredState | undefined;
  /** Ids of the tokens named `name`. */
  idsNamed(name: string): string[];
  /** Ids of every token the vendor holds (not deleted), in store order. */
  liveIds(): string[];
  /** Every token the tests may touch, as JSON (the caller's own token left out: each call stamps its last use). */
  snapshot(): string;
  /** Every secret the simulator holds now. */
  secrets(): string[];
  /** Another provider on the same simulator, with other transport settings (closed with this one). */
  another(options: Partial<TransportOptions> & { credential?: string }): AnyTokenProvider;
  close(): Promise<void>;
}

/** Options of {@link startVendor}. */
export interface HarnessOptions {
  /** Transport settings over the defaults (fast deterministic retries, no client pacing, the virtual clock). */
  readonly transport?: Partial<TransportOptions>;
  /** Timers the test fires by hand, for the providers' deadlines and the simulator's delays and trickles (see {@link ManualTimers}). */
  readonly manualTimers?: boolean;
  /** The clock stands at this epoch ms, moving only by what is slept (see `virtualClock`). */
  readonly clockFrozenAt?: number;
}

/**
 * Timers that fire only when the test moves them: the simulator's (a delay or
 * trickle fault holds the answer until then) and the providers' (the
 * per-operation deadline). A test lets the deadline pass at the moment it
 * chooses, without waiting for it.
 */
export interface ManualTimers {
  readonly simulator: ManualClock;
  readonly deadline: ManualClock;
}

/** Retries of the providers here: two after the first attempt. */
export const RETRIES = 2;

/** Starts `vendor`'s simulator with the sentinel credential and a sentinel-valued token, and a provider on it. */
export async function startVendor(vendor: VendorName, options: HarnessOptions = {}): Promise<VendorUnderTest> {
  const clock = virtualClock(options.clockFrozenAt === undefined ? {} : { frozenAt: options.clockFrozenAt });
  const timers: ManualTimers | undefined = options.manualTimers ? { simulator: manualClock(), deadline: manualClock() } : undefined;
  // The simulator's delays and trickles, and the transport's deadlines, on the manual timers when asked for.
  const simulatorTimers = timers ? { setTimer: timers.simulator.setTimer } : {};
  const transportClock = timers ? { ...clock, setTimer: timers.deadline.setTimer } : clock;
  const events: TransportEvent[] = [];
  const push = (event: TransportEvent): void => void events.push(event);
  const providers: AnyTokenProvider[] = [];
  // The credential of another() is the factory's own option, not a transport setting.
  const transportOf = ({ credential: _credential, ...extra }: Partial<TransportOptions> & { credential?: string }): TransportOptions => ({
    retry: { retries: RETRIES, baseMs: 1, capMs: 5 },
    limiter: false,
    clock: transportClock,
    random: () => 0.5,
    hooks: { onRequest: push, onResponse: push, onRetry: push, onError: push },
    ...options.transport,
    ...extra,
  });
  const credential = SENTINEL_CREDENTIALS[vendor];
  // The provider on a simulator, made as the registry makes every provider.
  const connect = (baseUrl: string, extra: Partial<TransportOptions> & { credential?: string } = {}): AnyTokenProvider => {
    const provider = REGISTRY[vendor].connect({ credential: extra.credential ?? credential, baseUrl, settings: {}, transport: transportOf(extra) });
    providers.push(provider);
    return provider;
  };
  // What every vendor's harness holds the same way: the simulator's controls, the provider factory, and closing both.
  const shared = (sim: { url: string; faults: VendorUnderTest['faults']; requests: VendorUnderTest['requests']; close(): Promise<void> }) => ({
    vendor,
    provider: connect(sim.url),
    faults: sim.faults,
    requests: sim.requests,
    clock,
    ...(timers ? { timers } : {}),
    events,
    baseUrl: sim.url,
    credential,
    another: (extra: Partial<TransportOptions> & { credential?: string }) => connect(sim.url, extra),
    close: async (): Promise<void> => {
      await Promise.all(providers.map((p) => p.close()));
      await sim.close();
    },
  });

  switch (vendor) {
    case 'kodexa': {
      const sim = await startKodexaSimulator({ credential, now: clock.now, ...simulatorTimers, tokens: [{ name: 'sentinel', secret: SENTINEL_TOKEN_VALUES.kodexa }] });
      return {
        ...shared(sim),
        paths: { collection: '/api/access-tokens', item: (id) => `/api/access-tokens/${id}` },
        createInput: (name) => ({ name, expiresAt: new Date(clock.now() + 30 * 86_400_000) }),
        seed: (name, secret) => sim.store.seed({ name, ...(secret !== undefined ? { secret } : {}) }).id,
        stored: (id) => {
          const token = sim.store.get(id);
          return token && { name: token.name, status: null, secret: sim.store.secretOf(id), expiresAt: token.expiresAt === null ? null : Date.parse(token.expiresAt), canAccessCda: null };
        },
        idsNamed: (name) => sim.store.list().filter((t) => t.name === name).map((t) => t.id),
        liveIds: () => sim.store.list().map((t) => t.id),
        snapshot: () => JSON.stringify(sim.store.list()),
        secrets: () => sim.store.list().map((t) => sim.store.secretOf(t.id) ?? ''),
      };
    }
    case 'softwareone': {
      const sim = await startSoftwareOneSimulator({ credential, now: clock.now, ...simulatorTimers, tokens: [{ id: 'TKN-0000-0099', name: 'sentinel', token: SENTINEL_TOKEN_VALUES.softwareone }] });
      const live = () => sim.store.list().filter((t) => t.status !== 'Deleted');
      return {
        ...shared(sim),
        paths: {
          collection: '/public/v1/accounts/api-tokens',
          item: (id) => `/public/v1/accounts/api-tokens/${id}`,
        },
        createInput: (name) => ({ name, extra: { accountId: sim.accountId, moduleIds: ['MOD-2048'] } }),
        seed: (name, secret) => sim.store.seed({ name, modules: [{ id: 'MOD-2048' }], ...(secret !== undefined ? { token: secret } : {}) }).id,
        stored: (id) => {
          const token = sim.store.get(id);
          return token === undefined || token.status === 'Deleted' ? undefined : { name: token.name, status: token.status, secret: token.token, expiresAt: null, canAccessCda: null };
        },
        idsNamed: (name) => live().filter((t) => t.name === name).map((t) => t.id),
        liveIds: () => live().map((t) => t.id),
        snapshot: () => JSON.stringify(sim.store.list().filter((t) => t.id !== sim.tokenId)),
        secrets: () => sim.store.list().map((t) => t.token ?? ''),
      };
    }
    case 'datocms': {
      const sim = await startDatoCmsSimulator({
        credential,
        now: clock.now,
        ...simulatorTimers,
        rateLimit: false,
        tokens: [{ attributes: { name: 'sentinel', token: SENTINEL_TOKEN_VALUES.datocms } }],
      });
      return {
        ...shared(sim),
        paths: { collection: '/access_tokens', item: (id) => `/access_tokens/${id}`, regenerate: (id) => `/access_tokens/${id}/regenerate_token` },
        createInput: (name) => ({ name, extra: { roleId: sim.roleId, canAccessCda: true } }),
        seed: (name, secret) => sim.store.seed({ attributes: { name, ...(secret !== undefined ? { token: secret } : {}) } }).id,
        stored: (id) => {
          const token = sim.store.get(id);
          return (
            token && { name: token.attributes.name, status: null, secret: token.attributes.token ?? undefined, expiresAt: null, canAccessCda: token.attributes.can_access_cda }
          );
        },
        idsNamed: (name) => sim.store.list().filter((t) => t.attributes.name === name).map((t) => t.id),
        liveIds: () => sim.store.list().map((t) => t.id),
        snapshot: () => JSON.stringify(sim.store.list().filter((t) => t.id !== sim.fullAccessTokenId)),
        secrets: () => sim.store.list().map((t) => t.attributes.token ?? ''),
      };
    }
    case 'cloudflare': {
      const sim = await startCloudflareSimulator({
        credential,
        now: clock.now,
        ...simulatorTimers,
        rateLimit: false,
        tokenQuota: false,
        tokens: [{ name: 'sentinel', value: SENTINEL_TOKEN_VALUES.cloudflare }],
      });
      const tokens = '/client/v4/user/tokens';
      return {
        ...shared(sim),
        paths: { collection: tokens, item: (id) => `${tokens}/${id}`, regenerate: (id) => `${tokens}/${id}/value`, regenerateMethod: 'PUT' },
        createInput: (name) => ({ name, extra: { policies: [{ effect: 'allow', resources: { 'com.cloudflare.api.account.zone.*': '*' }, permission_groups: [{ id: 'c8fed203ed3043cba015a93ad1616f1f' }] }] } }),
        seed: (name, secret) => sim.store.seed({ name, ...(secret !== undefined ? { value: secret } : {}) }).id,
        stored: (id) => {
          const token = sim.store.get(id);
          return token && { name: token.name, status: token.status, secret: sim.store.secretOf(id), expiresAt: token.expires_on === undefined ? null : Date.parse(token.expires_on), canAccessCda: null };
        },
        idsNamed: (name) => sim.store.list().filter((t) => t.name === name).map((t) => t.id),
        liveIds: () => sim.store.list().map((t) => t.id),
        snapshot: () => JSON.stringify(sim.store.list().filter((t) => t.id !== sim.tokenId)),
        secrets: () => sim.store.list().map((t) => sim.store.secretOf(t.id) ?? ''),
      };
    }
  }
}
