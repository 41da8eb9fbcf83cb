import type { TransportEvent } from '@tokenbridge/core';
import { describeTokenProviderContract, startDatoCmsSimulator, steadyClock } from '@tokenbridge/testing';
import { datocms } from '@tokenbridge/datocms';
import { WRONG_API_TOKEN } from './support';

describeTokenProviderContract('datocms', async () => {
  const sim = await startDatoCmsSimulator({ now: steadyClock(), rateLimit: false });
  const events: TransportEvent[] = [];
  const push = (event: TransportEvent): void => {
    events.push(event);
  };
  const common = { baseUrl: sim.url, retry: { baseMs: 1, capMs: 5 }, hooks: { onRequest: push, onResponse: push, onRetry: push, onError: push } };
  const provider = datocms({ apiToken: sim.credential, ...common });
  const providerWithBadCredential = datocms({ apiToken: WRONG_API_TOKEN, ...common });
  return {
    provider,
    providerWithBadCredential,
    simulator: sim,
    createInput: (name) => ({ name, extra: { roleId: sim.roleId, canAccessCda: true } }),
    stored: (id) => {
      const token = sim.store.get(id);
      if (token === undefined) return undefined;
      const { name, can_access_cda, can_access_cda_preview, can_access_cma, hardcoded_type } = token.attributes;
      // The secret and the last-access buckets are left out: neither is the caller's to keep.
      return {
        name,
        description: null,
        expiresAt: null,
        kept: { can_access_cda, can_access_cda_preview, can_access_cma, hardcoded_type, role: token.relationships.role.data },
      };
    },
    unknownId: '999999',
    paths: { item: /^\/access_tokens\/[^/]+$/, collection: /^\/access_tokens$/ },
    events,
    credentials: [sim.credential, WRONG_API_TOKEN],
    close: async () => {
      await Promise.all([provider.close(), providerWithBadCredential.close()]);
      await sim.close();
    },
  };
});
