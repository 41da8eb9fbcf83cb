import { type CreateTokenInput, type PromiseTokenProvider, type ProviderTypes, type TransportOptions, VENDORS, type VendorId, toPromise } from 'tokenbridge';
import type { HttpShape } from './baselines';
import type { Endpoint, Endpoints } from './simulators';

/** Every registered vendor, in report order (the registry's). */
export { VENDOR_IDS, type VendorId } from 'tokenbridge';

/** Our adapter of `id` on its simulator, made as the registry makes every provider. */
function ours(id: VendorId, endpoint: Endpoint, options: TransportOptions = {}, settings: Readonly<Record<string, string>> = {}): BenchProvider {
  return toPromise(VENDORS[id].connect({ credential: endpoint.credential, baseUrl: endpoint.url, settings, transport: options })) as BenchProvider;
}

/** Any of our providers, in the Promise form most users call. */
export type BenchProvider = PromiseTokenProvider<ProviderTypes>;

/**
 * One vendor as the benchmark sees it: our adapter, and the exact HTTP
 * requests that adapter makes, so the baselines can send the same ones.
 */
export interface Vendor {
  readonly id: VendorId;
  readonly label: string;
  /** Base URL, headers (credential included) and body content type, as our adapter sends them. */
  readonly shape: HttpShape;
  /** Our adapter against the simulator; `options` adds transport settings (the limiter, hooks). */
  provider(options?: TransportOptions): BenchProvider;
  /** Input for a token the benchmark creates. */
  createInput(name: string): CreateTokenInput<object>;
  /** Path and query of the adapter's `get`. */
  getPath(id: string): string;
  /** Path of the token, for the PUT. */
  itemPath(id: string): string;
  /**
   * The PUT body the adapter sends to rename a token, from the vendor's answer
   * to a GET or PUT of it (`undefined` when the adapter writes without reading,
   * which only a delta PUT allows).
   */
  renameBody(answer: unknown, name: string): unknown;
}

/** Every vendor, pointed at the simulators. */
export function vendors(endpoints: Endpoints): Record<VendorId, Vendor> {
  const { kodexa: k, softwareone: s, datocms: d, cloudflare: c } = endpoints;
  return {
    kodexa: {
      id: 'kodexa',
      label: VENDORS.kodexa.displayName,
      shape: {
        baseUrl: k.url,
        headers: { 'x-api-key': k.credential, 'X-Requested-With': 'XMLHttpRequest', Accept: 'application/json' },
        contentType: 'application/json',
      },
      provider: (options) => ours('kodexa', k, options),
      createInput: (name) => ({ name }),
      getPath: (id) => `/api/access-tokens/${id}`,
      itemPath: (id) => `/api/access-tokens/${id}`,
      // The whole token as read, changeSequence included, without the read-only embedded user.
      renameBody: (answer, name) => {
        const { user: _readOnly, ...token } = stateOf(answer, 'Kodexa');
        return { ...token, name };
      },
    },
    softwareone: {
      id: 'softwareone',
      label: VENDORS.softwareone.displayName,
      shape: {
        baseUrl: s.url,
        headers: { Authorization: `Bearer ${s.credential}`, accept: 'application/json' },
        contentType: 'application/json',
      },
      provider: (options) => ours('softwareone', s, options),
      createInput: (name) => ({ name }),
      getPath: (id) => `/public/v1/accounts/api-tokens/${id}?select=+audit`,
      itemPath: (id) => `/public/v1/accounts/api-tokens/${id}`,
      // The PUT is a delta: only the changed field.
      renameBody: (_answer, name) => ({ name }),
    },
    datocms: {
      id: 'datocms',
      label: VENDORS.datocms.displayName,
      shape: {
        baseUrl: d.url,
        headers: { Authorization: `Bearer ${d.credential}`, Accept: 'application/json', 'X-Api-Version': '3' },
        contentType: 'application/vnd.api+json',
      },
      provider: (options) => ours('datocms', d, options),
      createInput: (name) => ({ name, extra: { roleId: d.roleId } }),
      getPath: (id) => `/access_tokens/${id}`,
      itemPath: (id) => `/access_tokens/${id}`,
      // The PUT wants all four attributes and the role.
      renameBody: (answer, name) => {
        const data = stateOf(answer, 'DatoCMS')['data'] as DatoWire;
        return {
          data: {
            type: 'access_token',
            id: data.id,
            attributes: {
              name,
              can_access_cda: data.attributes.can_access_cda,
              can_access_cda_preview: data.attributes.can_access_cda_preview,
              can_access_cma: data.attributes.can_access_cma,
            },
            relationships: { role: { data: { type: 'role', id: data.relationships.role.data.id } } },
          },
        };
      },
    },
    cloudflare: {
      id: 'cloudflare',
      label: VENDORS.cloudflare.displayName,
      shape: { baseUrl: c.url, headers: { Authorization: `Bearer ${c.credential}`, Accept: 'application/json' }, contentType: 'application/json' },
      // The account's tokens: the benchmark holds more than a user's quota of 50 (an account may hold 500).
      provider: (options) => ours('cloudflare', c, options, { accountId: c.accountId }),
      createInput: (name) => ({ name, extra: { policies: [CLOUDFLARE_ZONE_READ] } }),
      getPath: (id) => `/accounts/${c.accountId}/tokens/${id}`,
      itemPath: (id) => `/accounts/${c.accountId}/tokens/${id}`,
      // A full replacement: every writable field as read (the PUT our adapter sends).
      renameBody: (answer, name) => {
        const token = stateOf(answer, 'Cloudflare')['result'] as CloudflareWire;
        const policies = token.policies.map((p) => ({ id: p.id, effect: p.effect, resources: p.resources, permission_groups: p.permission_groups.map((g) => ({ id: g.id })) }));
        return { name, status: token.status, policies, condition: token.condition, ...(token.expires_on ? { expires_on: token.expires_on } : {}) };
      },
    },
  };
}

/** Zone Read on every zone: the policy of the tokens the benchmark makes on Cloudflare. */
export const CLOUDFLARE_ZONE_READ = { effect: 'allow', resources: { 'com.cloudflare.api.account.zone.*': '*' }, permission_groups: [{ id: 'c8fed203ed3043cba015a93ad1616f1f' }] } as const;

/** The parts of a Cloudflare token a rename sends back. */
interface CloudflareWire {
  readonly status: string;
  readonly expires_on?: string;
  readonly condition: unknown;
  readonly policies: ReadonlyArray<{ readonly id: string; readonly effect: string; readonly resources: unknown; readonly permission_groups: ReadonlyArray<{ readonly id: string }> }>;
}

/** The token as last read: a whole-object PUT cannot be sent without it. */
function stateOf(answer: unknown, vendor: string): Record<string, unknown> {
  if (typeof answer !== 'object' || answer === null) throw new Error(`a ${vendor} PUT replaces the whole token, so the baseline needs it read first`);
  return answer as Record<string, unknown>;
}

/** The parts of a DatoCMS `access_token` a rename copies. */
interface DatoWire {
  readonly id: string;
  readonly attributes: { readonly can_access_cda: boolean; readonly can_access_cda_preview: boolean; readonly can_access_cma: boolean };
  readonly relationships: { readonly role: { readonly data: { readonly id: string } } };
}

/** Creates `count` tokens through our adapter and returns their ids. */
export async function createTokens(vendor: Vendor, provider: BenchProvider, count: number, prefix: string): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) ids.push((await provider.create(vendor.createInput(`${prefix}-${i}`))).id);
  return ids;
}

let sequence = 0;

/** A name no token has had yet, so every rename really changes something and sends its PUT. */
export function freshName(): string {
  sequence += 1;
  return `bench-${sequence}`;
}
