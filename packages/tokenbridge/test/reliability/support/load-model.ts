import type { CreateTokenInput, Token, TokenPatch } from 'tokenbridge';
import type { Prng } from './prng';
import type { StoredState, VendorName, VendorUnderTest } from './vendors';

/**
 * What the load test expects the vendor to hold for a token: the fields its
 * writes change, per vendor.
 */
export type Modeled = Partial<Pick<StoredState, 'name' | 'status' | 'expiresAt' | 'canAccessCda' | 'secret'>>;

/** One update the load test sends, the lanes it must hold, and the state it leads to. */
export interface PlannedUpdate {
  readonly patch: TokenPatch<object>;
  readonly lanes: readonly string[];
  next(current: Modeled): Modeled;
}

/** How the load test drives and checks one vendor. */
export interface LoadSpec {
  /**
   * Lanes of one token: writers of different lanes may run at once. Only
   * Kodexa, whose `changeSequence` rejects stale writes, gets more than one
   * (name and expiry); elsewhere concurrent read-modify-writes of one token
   * are last-writer-wins by nature, so the test serialises them.
   */
  readonly lanes: readonly string[];
  createInput(v: VendorUnderTest, name: string, rng: Prng): { readonly input: CreateTokenInput<object>; readonly state: Modeled };
  update(rng: Prng, name: string): PlannedUpdate;
  /** The modeled fields of what the store holds. */
  modeled(stored: StoredState): Modeled;
  /** The modeled fields of a token the provider returned. */
  fromToken(token: Token<object>): Modeled;
}

const DAY = 86_400_000;
const rename = (name: string): PlannedUpdate => ({ patch: { name }, lanes: ['name'], next: (s) => ({ ...s, name }) });

const kodexaSpec: LoadSpec = {
  lanes: ['name', 'expiry'],
  createInput: (v, name, rng) => {
    const expiresAt = v.clock.now() + (1 + rng.int(400)) * DAY;
    return { input: { name, expiresAt: new Date(expiresAt) }, state: { name, expiresAt } };
  },
  update: (rng, name) => {
    if (rng.chance(0.5)) return rename(name);
    const expiresAt = rng.chance(0.2) ? null : Date.now() + (1 + rng.int(400)) * DAY;
    return { patch: { expiresAt: expiresAt === null ? null : new Date(expiresAt) }, lanes: ['expiry'], next: (s) => ({ ...s, expiresAt }) };
  },
  modeled: (s) => ({ name: s.name, expiresAt: s.expiresAt }),
  fromToken: (t) => ({ name: t.name, expiresAt: t.expiresAt?.getTime() ?? null }),
};

const softwareOneSpec: LoadSpec = {
  lanes: ['all'],
  createInput: (v, name) => ({ input: v.createInput(name), state: { name, status: 'Active' } }),
  update: (rng, name) => {
    const status = rng.chance(0.5) ? ('disabled' as const) : ('active' as const);
    const vendorStatus = status === 'disabled' ? 'Disabled' : 'Active';
    // A third of the updates change fields and status: the PUT then the enable/disable action.
    const shape = rng.int(3);
    if (shape === 0) return { ...rename(name), lanes: ['all'] };
    if (shape === 1) return { patch: { status }, lanes: ['all'], next: (s) => ({ ...s, status: vendorStatus }) };
    return { patch: { name, status }, lanes: ['all'], next: (s) => ({ ...s, name, status: vendorStatus }) };
  },
  modeled: (s) => ({ name: s.name, status: s.status }),
  fromToken: (t) => ({ name: t.name, status: (t.extra as { vendorStatus: string | null }).vendorStatus }),
};

const datoCmsSpec: LoadSpec = {
  lanes: ['all'],
  createInput: (v, name, rng) => {
    const canAccessCda = rng.chance(0.5);
    const base = v.createInput(name);
    return { input: { ...base, extra: { ...base.extra, canAccessCda } }, state: { name, canAccessCda } };
  },
  update: (rng, name) => {
    if (rng.chance(0.5)) return { ...rename(name), lanes: ['all'] };
    const canAccessCda = rng.chance(0.5);
    return { patch: { extra: { canAccessCda } }, lanes: ['all'], next: (s) => ({ ...s, canAccessCda }) };
  },
  modeled: (s) => ({ name: s.name, canAccessCda: s.canAccessCda, secret: s.secret }),
  fromToken: (t) => ({ name: t.name, canAccessCda: (t.extra as { canAccessCda: boolean }).canAccessCda, secret: t.secret?.reveal() }),
};

const cloudflareSpec: LoadSpec = {
  lanes: ['all'],
  createInput: (v, name) => ({ input: v.createInput(name), state: { name, status: 'active' } }),
  update: (rng, name) => {
    if (rng.chance(0.5)) return { ...rename(name), lanes: ['all'] };
    const status = rng.chance(0.5) ? ('disabled' as const) : ('active' as const);
    return { patch: { status }, lanes: ['all'], next: (s) => ({ ...s, status }) };
  },
  modeled: (s) => ({ name: s.name, status: s.status }),
  fromToken: (t) => ({ name: t.name, status: t.status }),
};

/** The load test's view of each vendor. */
export const LOAD_SPECS: Readonly<Record<VendorName, LoadSpec>> = { kodexa: kodexaSpec, softwareone: softwareOneSpec, datocms: datoCmsSpec, cloudflare: cloudflareSpec };
