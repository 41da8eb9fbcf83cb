import { buildClient } from '@datocms/cma-client-node';
import Cloudflare from 'cloudflare';
import { VERSION as CLOUDFLARE_VERSION } from 'cloudflare/version';
import type { Endpoints } from '../simulators';
import { CLOUDFLARE_ZONE_READ, type VendorId } from '../vendors';
import type { OfficialClient } from './peer';

/**
 * The vendors' official clients in row 3, each pointed at its simulator, as a
 * user would configure them. Retries are off on both sides: a 429 or a
 * failure must show up, not be waited out (the simulators' rate limits are
 * off here anyway), and the harness retries a transient failure of any client alike.
 */

const versionOf = (name: string): string => (require(`${name}/package.json`) as { version: string }).version;

/** `@datocms/cma-client-node`: its update is the full-body PUT the CMA wants. */
function datocmsClient(endpoint: Endpoints['datocms']): OfficialClient {
  const client = buildClient({ apiToken: endpoint.credential, baseUrl: endpoint.url, autoRetry: false });
  return {
    client: `@datocms/cma-client-node ${versionOf('@datocms/cma-client-node')}`,
    requests: { find: 'GET /access_tokens/{id}', update: 'PUT /access_tokens/{id} (all four attributes and the role)' },
    find: async (id) => void (await client.accessTokens.find(id)),
    update: async (id, name) =>
      void (await client.accessTokens.update(id, { name, can_access_cda: false, can_access_cda_preview: false, can_access_cma: false, role: { type: 'role', id: endpoint.roleId } })),
  };
}

/** `cloudflare` (the official TypeScript client) on the account's tokens, as ours: its update is the full-replacement PUT, name and policies required. */
function cloudflareClient(endpoint: Endpoints['cloudflare']): OfficialClient {
  const client = new Cloudflare({ apiToken: endpoint.credential, apiKey: null, apiEmail: null, userServiceKey: null, baseURL: endpoint.url, maxRetries: 0, logLevel: 'off' });
  const policies = [{ effect: CLOUDFLARE_ZONE_READ.effect, resources: { ...CLOUDFLARE_ZONE_READ.resources }, permission_groups: [...CLOUDFLARE_ZONE_READ.permission_groups] }];
  return {
    client: `cloudflare ${CLOUDFLARE_VERSION}`,
    requests: { find: 'GET /accounts/{account}/tokens/{id}', update: 'PUT /accounts/{account}/tokens/{id} (the whole token: name, status, policies, condition)' },
    find: async (id) => void (await client.accounts.tokens.get(id, { account_id: endpoint.accountId })),
    update: async (id, name) => void (await client.accounts.tokens.update(id, { account_id: endpoint.accountId, name, policies, status: 'active', condition: {} })),
  };
}

/** The vendors that have an official client in row 3, and how to make it. */
export const OFFICIAL_CLIENTS: { readonly [K in VendorId]?: (endpoints: Endpoints) => OfficialClient } = {
  datocms: (endpoints) => datocmsClient(endpoints.datocms),
  cloudflare: (endpoints) => cloudflareClient(endpoints.cloudflare),
};
