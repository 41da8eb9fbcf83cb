import { randomUUID } from 'node:crypto';
import type { TransportEvent, TransportHooks } from '@tokenbridge/core';
import { KODEXA_READINGS, describeTokenProviderContract, startKodexaSimulator, steadyClock } from '@tokenbridge/testing';
import { kodexa } from '@tokenbridge/kodexa';

const WRONG_KEY = 'kdx-wrong-key-0123456789abcdef';

function recordInto(events: TransportEvent[]): TransportHooks {
  const push = (event: TransportEvent): void => {
    events.push(event);
  };
  return { onRequest: push, onResponse: push, onRetry: push, onError: push };
}

// One simulator per combination of KODEXA_READINGS, shared by the scenarios run under it.
describeTokenProviderContract('kodexa', async (readings) => {
  const simulator = await startKodexaSimulator({ now: steadyClock(), readings });
  const events: TransportEvent[] = [];
  // The providers live through a combination's scenarios: the client-side pace (10 a second) would only add waiting.
  const common = { baseUrl: simulator.url, retry: { baseMs: 1, capMs: 5 }, limiter: false as const, hooks: recordInto(events) };
  const provider = kodexa({ ...common, apiKey: simulator.credential });
  const providerWithBadCredential = kodexa({ ...common, apiKey: WRONG_KEY });
  return {
    provider,
    providerWithBadCredential,
    simulator,
    createInput: (name) => ({ name }),
    stored: (id) => {
      const token = simulator.store.get(id);
      if (token === undefined) return undefined;
      // updatedOn and changeSequence are the server's to move on every write.
      const { id: tokenId, uuid, userId, createdOn } = token;
      return { name: token.name, description: null, expiresAt: token.expiresAt, kept: { id: tokenId, uuid, userId, createdOn } };
    },
    unknownId: randomUUID(),
    paths: { item: /^\/api\/access-tokens\/[^/]+$/, collection: /^\/api\/access-tokens$/ },
    events,
    credentials: [simulator.credential, WRONG_KEY],
    close: async () => {
      await Promise.all([provider.close(), providerWithBadCredential.close()]);
      await simulator.close();
    },
  };
}, { readings: KODEXA_READINGS });
