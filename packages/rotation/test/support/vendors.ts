import { type AnyTokenProvider, type Clock, type CreateTokenInput, type TokenPatch, type TransportOptions, datocms, kodexa, softwareone } from 'tokenbridge';

/**
 * The vendors the crash tests run, as both processes see them: how the child
 * builds a provider from a URL and a credential, and what a valid token to
 * rotate looks like. Cloudflare: add its entry here (and its simulator in
 * `simulators.ts`) once its adapter and simulator land.
 */
export const VENDORS = ['kodexa', 'softwareone', 'datocms'] as const;
export type Vendor = (typeof VENDORS)[number];

/** Fast, unpaced transport: the simulators are local. */
const TRANSPORT: TransportOptions = { retry: { retries: 1, baseMs: 1, capMs: 5 }, limiter: false };

/** A provider of `vendor` on `url` with `credential`, on `clock` when given (share it with the simulator and the manager). */
export function providerOf(vendor: Vendor, url: string, credential: string, clock?: Clock): AnyTokenProvider {
  const transport = { ...TRANSPORT, ...(clock ? { clock } : {}) };
  switch (vendor) {
    case 'kodexa':
      return kodexa({ ...transport, apiKey: credential, baseUrl: url });
    case 'softwareone':
      return softwareone({ ...transport, apiToken: credential, baseUrl: url });
    case 'datocms':
      return datocms({ ...transport, apiToken: credential, baseUrl: url });
  }
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
 * manages. Cloudflare: add its case here (policies, expiry, condition) once
 * its adapter and simulator land.
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
  }
}
