import { type AnyTokenProvider, type CreateTokenInput, type TransportOptions, datocms, kodexa, softwareone } from 'tokenbridge';

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

/** A provider of `vendor` on `url` with `credential`. */
export function providerOf(vendor: Vendor, url: string, credential: string): AnyTokenProvider {
  switch (vendor) {
    case 'kodexa':
      return kodexa({ ...TRANSPORT, apiKey: credential, baseUrl: url });
    case 'softwareone':
      return softwareone({ ...TRANSPORT, apiToken: credential, baseUrl: url });
    case 'datocms':
      return datocms({ ...TRANSPORT, apiToken: credential, baseUrl: url });
  }
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
