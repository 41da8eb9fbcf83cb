import { Secret, type TransportEvent, type TransportHooks } from '@tokenbridge/core';
import { SOFTWAREONE_READINGS, describeTokenProviderContract, startSoftwareOneSimulator, steadyClock } from '@tokenbridge/testing';
import { softwareone } from '../src';

const WRONG_CREDENTIAL = 'idt:TKN-0000-0002:bm90LWEtcmVhbC1zZWNyZXQtYXQtYWxs';

// One simulator per combination of SOFTWAREONE_READINGS, shared by the scenarios run under it.
describeTokenProviderContract('softwareone', async (readings) => {
  const sim = await startSoftwareOneSimulator({ now: steadyClock(), readings });
  const events: TransportEvent[] = [];
  const hooks: TransportHooks = {
    onRequest: (e) => events.push(e),
    onResponse: (e) => events.push(e),
    onRetry: (e) => events.push(e),
    onError: (e) => events.push(e),
  };
  // The providers live through a combination's scenarios: the client-side pace would only add waiting.
  const common = { baseUrl: sim.url, retry: { baseMs: 1, capMs: 5 }, limiter: false as const, hooks };
  const provider = softwareone({ ...common, apiToken: sim.credential });
  const providerWithBadCredential = softwareone({ ...common, apiToken: new Secret(WRONG_CREDENTIAL) });
  return {
    provider,
    providerWithBadCredential,
    simulator: sim,
    createInput: (name) => ({ name, extra: { moduleIds: ['MOD-2048'] } }),
    stored: (id) => {
      const token = sim.store.get(id);
      if (token === undefined || token.status === 'Deleted') return undefined;
      return {
        name: token.name,
        description: token.description ?? null,
        expiresAt: null,
        kept: {
          status: token.status,
          icon: token.icon ?? null,
          account: token.account.id,
          modules: (token.modules ?? []).map((m) => m.id),
          extensions: token.extensions ?? null,
        },
      };
    },
    unknownId: 'TKN-9999-9999',
    paths: { item: /^\/public\/v1\/accounts\/api-tokens\/[^/]+$/, collection: /^\/public\/v1\/accounts\/api-tokens$/ },
    events,
    credentials: [sim.credential, WRONG_CREDENTIAL],
    close: async () => {
      await Promise.all([provider.close(), providerWithBadCredential.close()]);
      await sim.close();
    },
  };
}, { readings: SOFTWAREONE_READINGS });
