import { type FaultControl, startCloudflareSimulator, startDatoCmsSimulator, startKodexaSimulator, startSoftwareOneSimulator, type RequestLogEntry } from '@tokenbridge/testing';
import type { AnyTokenProvider } from 'tokenbridge';
import { type Vendor, type VendorFacts, providerOf } from './vendors';

/** A simulator the test process runs for the child to talk to. */
export interface Simulator {
  readonly url: string;
  readonly credential: string;
  readonly facts: VendorFacts;
  /** Tokens that still authenticate (not deleted, disabled or soft-deleted). */
  live(): Array<{ readonly id: string; readonly name: string }>;
  /** The create requests it received. */
  creates(): RequestLogEntry[];
  /** Every request it received. */
  requests(): RequestLogEntry[];
  /** Its fault queue: answers it gives instead of (or after) the real ones. */
  readonly faults: FaultControl;
  close(): Promise<void>;
}

/** Starts `vendor`'s simulator, on `now` when given (share it with the token manager). */
export async function startSimulator(vendor: Vendor, options: { readonly now?: () => number } = {}): Promise<Simulator> {
  switch (vendor) {
    case 'kodexa': {
      const sim = await startKodexaSimulator(options);
      return {
        url: sim.url,
        credential: sim.credential,
        facts: {},
        live: () => sim.store.list().map((t) => ({ id: t.id, name: t.name })),
        creates: () => sim.requests.filter({ method: 'POST', path: '/api/access-tokens' }),
        requests: () => sim.requests.all(),
        faults: sim.faults,
        close: () => sim.close(),
      };
    }
    case 'softwareone': {
      const sim = await startSoftwareOneSimulator(options);
      return {
        url: sim.url,
        credential: sim.credential,
        facts: { accountId: sim.accountId },
        live: () => sim.store.list().filter((t) => t.status === 'Active').map((t) => ({ id: t.id, name: t.name })),
        creates: () => sim.requests.filter({ method: 'POST', path: '/public/v1/accounts/api-tokens' }),
        requests: () => sim.requests.all(),
        faults: sim.faults,
        close: () => sim.close(),
      };
    }
    case 'datocms': {
      const sim = await startDatoCmsSimulator({ ...options, rateLimit: false });
      return {
        url: sim.url,
        credential: sim.credential,
        facts: { roleId: sim.roleId },
        live: () => sim.store.list().map((t) => ({ id: t.id, name: t.attributes.name })),
        creates: () => sim.requests.filter({ method: 'POST', path: '/access_tokens' }),
        requests: () => sim.requests.all(),
        faults: sim.faults,
        close: () => sim.close(),
      };
    }
    case 'cloudflare': {
      const sim = await startCloudflareSimulator({ ...options, rateLimit: false });
      return {
        url: sim.url,
        credential: sim.credential,
        facts: {},
        // The caller's own token is the credential, not one the tests made.
        live: () => sim.store.list().filter((t) => t.status === 'active' && t.id !== sim.tokenId).map((t) => ({ id: t.id, name: t.name })),
        creates: () => sim.requests.filter({ method: 'POST', path: '/client/v4/user/tokens' }),
        requests: () => sim.requests.all(),
        faults: sim.faults,
        close: () => sim.close(),
      };
    }
  }
}

/** `vendor`'s simulator and a provider on it, for the tests of one `describe`: started before them, closed after them. */
export interface SimulatedVendor {
  readonly sim: Simulator;
  readonly provider: AnyTokenProvider;
}

/** Registers the hooks that start `vendor`'s simulator and a provider on it for the enclosing `describe`, and close both. */
export function simulatedVendor(vendor: Vendor): SimulatedVendor {
  let started: SimulatedVendor | undefined;
  beforeAll(async () => {
    const sim = await startSimulator(vendor);
    started = { sim, provider: providerOf(vendor, sim.url, sim.credential) };
  });
  afterAll(async () => {
    await started?.provider.close();
    await started?.sim.close();
  });
  const current = (): SimulatedVendor => {
    if (started === undefined) throw new Error(`the ${vendor} simulator is used outside its describe's tests`);
    return started;
  };
  return {
    get sim() {
      return current().sim;
    },
    get provider() {
      return current().provider;
    },
  };
}
