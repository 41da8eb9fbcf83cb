import type { TransportEvent } from '@tokenbridge/core';
import { DATOCMS_READINGS, describeTokenProviderContract, startDatoCmsSimulator, steadyClock } from '@tokenbridge/testing';
import { datocms } from '@tokenbridge/datocms';
import { WRONG_API_TOKEN } from './support';

/** The secret of a token whose role ("Editor") cannot manage API tokens. */
const READER_TOKEN = 'e0'.repeat(15);

// One simulator per combination of DATOCMS_READINGS, shared by the scenarios run under it.
describeTokenProviderContract('datocms', async (readings) => {
  const sim = await startDatoCmsSimulator({ now: steadyClock(), rateLimit: false, readings });
  sim.store.seed({ attributes: { name: 'reader', can_access_cma: true, token: READER_TOKEN }, relationships: { role: { data: { type: 'role', id: sim.editorRoleId } } } });
  const events: TransportEvent[] = [];
  const push = (event: TransportEvent): void => {
    events.push(event);
  };
  // The providers live through a combination's scenarios: the client-side pace would only add waiting.
  const common = { baseUrl: sim.url, retry: { baseMs: 1, capMs: 5 }, limiter: false as const, hooks: { onRequest: push, onResponse: push, onRetry: push, onError: push } };
  const provider = datocms({ apiToken: sim.credential, ...common });
  const providerWithBadCredential = datocms({ apiToken: WRONG_API_TOKEN, ...common });
  const restrictedReader = datocms({ apiToken: READER_TOKEN, ...common });
  return {
    provider,
    providerWithBadCredential,
    restrictedReader,
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
    credentials: [sim.credential, WRONG_API_TOKEN, READER_TOKEN],
    close: async () => {
      await Promise.all([provider.close(), providerWithBadCredential.close(), restrictedReader.close()]);
      await sim.close();
    },
  };
}, { readings: DATOCMS_READINGS, restrictedReader: true });
