import { type AnyTokenProvider, type Clock, type CreateTokenInput, type TokenPatch, type TransportOptions, VENDORS as REGISTRY, VENDOR_IDS, type VendorId } from 'tokenbridge';

/**
 * The vendors the crash tests run, as both processes see them: how the child
 * builds a provider from a URL and a credential, and what a valid token to
 * rotate looks like. Every registered vendor: the switches below (and in
 * `simulators.ts`) stop compiling until a new one has its case.
 */
export const VENDORS: readonly VendorId[] = VENDOR_IDS;
export type Vendor = VendorId;

/** Zone Read on every zone: the policy of the Cloudflare tokens the tests rotate. */
const ZONE_READ = { effect: 'allow', resources: { 'com.cloudflare.api.account.zone.*': '*' }, permission_groups: [{ id: 'c8fed203ed3043cba015a93ad1616f1f' }] };

/** Fast, unpaced transport: the simulators are local. */
const TRANSPORT: TransportOptions = { retry: { retries: 1, baseMs: 1, capMs: 5 }, limiter: false };

/** A provider of `vendor` on `url` with `credential`, on `clock` when given (share it with the simulator and the manager). */
export function providerOf(vendor: Vendor, url: string, credential: string, clock?: Clock): AnyTokenProvider {
  // Made as the registry makes every provider.
  return REGISTRY[vendor].connect({ credential, baseUrl: url, settings: {}, transport: { ...TRANSPORT, ...(clock ? { clock } : {}) } });
}

/** Whether `vendor`'s adapter regenerates a secret in place, from its own capabilities (no request is made). */
export function regenerates(vendor: Vendor): boolean {
  const probe = providerOf(vendor, 'http://127.0.0.1:9', 'unused');
  void probe.close();
  return probe.capabilities.operations.includes('regenerate');
}

/** What the simulator needs to know to accept a create (the account, the role). */
export interface VendorFacts {
  readonly accountId?: string;
  readonly roleId?: string;
}

/** A create input for the token the tests rotate. */
export function tokenToRotate(vendor: Vendor, facts: VendorFacts, now: number): CreateTokenInput<object> {
  switch (vendor) {
    case 'kodexa':
      return { name: 'crash test deploy', expiresAt: new Date(now + 30 * 86_400_000) };
    case 'softwareone':
      return { name: 'crash test deploy', extra: { accountId: facts.accountId, moduleIds: ['MOD-2048'] } };
    case 'datocms':
      return { name: 'crash test deploy', extra: { roleId: facts.roleId, canAccessCda: true, canAccessCma: true } };
    case 'cloudflare':
      return { name: 'crash test deploy', expiresAt: new Date(now + 30 * 86_400_000), extra: { policies: [ZONE_READ] } };
  }
}

const DAY_MS = 86_400_000;

/**
 * When the vendor's last-use evidence first shows a token used at `lastUse`
 * unused for `unusedForMs` (under a day), as the vendor documents its data;
 * null for a vendor that reports no last use. SoftwareOne: `lastAccessAt`, a
 * timestamp. DatoCMS: day buckets, so a use today shows as "today" until
 * midnight UTC, then "yesterday" (used by its start at the latest).
 */
export function unusedShownAt(vendor: Vendor): ((lastUse: number, unusedForMs: number) => number) | null {
  switch (vendor) {
    case 'kodexa':
      return null;
    case 'softwareone':
      return (lastUse, unusedForMs) => lastUse + unusedForMs;
    case 'datocms':
      return (lastUse, unusedForMs) => (Math.floor(lastUse / DAY_MS) + 1) * DAY_MS + unusedForMs;
    case 'cloudflare':
      // The adapter offers no usageOf: how fresh `last_used_on` is goes undocumented.
      return null;
  }
}

/** A declaration's view of a token on one vendor, and a change made at the vendor by hand that drifts from it. */
export interface DeclaredCase {
  /** A `tokens:` entry without `provider` and `name`: the vendor's own fields and a rotation policy. */
  readonly entry: Readonly<Record<string, unknown>>;
  /** The change made by hand. */
  readonly drift: TokenPatch<object>;
  /** The changes `plan` reports for it, given the token's creation time. */
  changes(createdAt: number): Array<{ field: string; from: unknown; to: unknown; inPlace: boolean }>;
}


/**
 * What the declaration tests declare on each vendor: every field the vendor
 * manages.
 */
export function declaredCase(vendor: Vendor, facts: VendorFacts, now: number): DeclaredCase {
  switch (vendor) {
    case 'kodexa':
      return {
        entry: { expires: '30d', rotate: { every: '20d', grace: '1h' } },
        drift: { expiresAt: new Date(now + 5 * DAY_MS) },
        changes: (createdAt) => [{ field: 'expiresAt', from: new Date(now + 5 * DAY_MS).toISOString(), to: new Date(createdAt + 30 * DAY_MS).toISOString(), inPlace: true }],
      };
    case 'softwareone':
      return {
        entry: { description: 'deploys the site', extra: { accountId: facts.accountId, moduleIds: ['MOD-2048'] }, rotate: { every: '20d', grace: '1h' } },
        drift: { description: 'edited by hand', extra: { moduleIds: ['MOD-3141', 'MOD-2048'] } },
        changes: () => [
          { field: 'description', from: 'edited by hand', to: 'deploys the site', inPlace: true },
          { field: 'extra.moduleIds', from: ['MOD-3141', 'MOD-2048'], to: ['MOD-2048'], inPlace: true },
        ],
      };
    case 'datocms':
      return {
        entry: { extra: { roleId: facts.roleId, canAccessCda: true, canAccessCma: true }, rotate: { every: '20d' } },
        drift: { extra: { canAccessCma: false } },
        changes: () => [{ field: 'extra.canAccessCma', from: false, to: true, inPlace: true }],
      };
    case 'cloudflare': {
      // Loopback, where the new token is checked from: a condition shutting it out leaves the rotation unverified.
      const declared = { request_ip: { in: ['127.0.0.0/8', '::1/128'] } };
      const byHand = { request_ip: { in: ['192.0.2.0/24'] } };
      return {
        entry: { expires: '30d', extra: { policies: [ZONE_READ], condition: declared }, rotate: { every: '20d', grace: '1h' } },
        drift: { expiresAt: new Date(now + 5 * DAY_MS), extra: { condition: byHand } },
        changes: (createdAt) => [
          { field: 'expiresAt', from: new Date(now + 5 * DAY_MS).toISOString(), to: new Date(createdAt + 30 * DAY_MS).toISOString(), inPlace: true },
          { field: 'extra.condition', from: byHand, to: declared, inPlace: true },
        ],
      };
    }
  }
}
