import { randomUUID } from 'node:crypto';
import type { TransportEvent, TransportHooks } from '@tokenbridge/core';
import { describeTokenProviderContract, startKodexaSimulator, steadyClock } from '@tokenbridge/testing';
import { kodexa } from '@tokenbridge/kodexa';

const WRONG_KEY = 'kdx-wrong-key-0123456789abcdef';

function recordInto(events: TransportEvent[]): TransportHooks {
  const push = (event: TransportEvent): void => {
    events.push(event);
  };
  return { onRequest: push, onResponse: push, onRetry: push, onError: push };
}

describeTokenProviderContract('kodexa', async () => {
  const simulator = await startKodexaSimulator({ now: steadyClock() });
  const events: TransportEvent[] = [];
  const common = { baseUrl: simulator.url, retry: { baseMs: 1, capMs: 5 }, hooks: recordInto(events) };
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
});
