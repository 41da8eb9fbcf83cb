import { CLOUDFLARE_READINGS, type ContractSetup, type ResolvedCloudflareReadings, describeTokenProviderContract, recordingHooks, startCloudflareSimulator, steadyClock } from '@tokenbridge/testing';
import { cloudflare } from '@tokenbridge/cloudflare';
import { WRONG_API_TOKEN, ZONE_READER } from './support';

/** A provider of user-owned tokens, or of the simulator account's (through the accountId option). */
const setup = (owner: 'user' | 'account'): ContractSetup<ResolvedCloudflareReadings> =>
  async (readings) => {
    const sim = await startCloudflareSimulator({ now: steadyClock(), rateLimit: false, tokenQuota: false, readings });
    const { events, hooks } = recordingHooks();
    // The providers live through a combination's scenarios: the client-side pace would only add waiting.
    const common = {
      baseUrl: sim.url,
      retry: { baseMs: 1, capMs: 5 },
      limiter: false as const,
      hooks,
      ...(owner === 'account' ? { accountId: sim.accountId } : {}),
    };
    const provider = cloudflare({ apiToken: sim.credential, ...common });
    const providerWithBadCredential = cloudflare({ apiToken: WRONG_API_TOKEN, ...common });
    const tokens = owner === 'user' ? /^\/client\/v4\/user\/tokens/ : /^\/client\/v4\/accounts\/[0-9a-f]{32}\/tokens/;
    return {
      provider,
      providerWithBadCredential,
      simulator: sim,
      createInput: (name) => ({ name, extra: ZONE_READER }),
      stored: (id) => {
        const token = sim.store.get(id);
        if (token === undefined) return undefined;
        // Status, last use and modification time are the vendor's to move.
        const { policies, condition, not_before, issued_on } = token;
        return { name: token.name, description: null, expiresAt: token.expires_on ?? null, kept: { policies, condition, not_before, issued_on } };
      },
      unknownId: '0'.repeat(32),
      paths: { item: new RegExp(`${tokens.source}/[0-9a-f]{32}$`), collection: new RegExp(`${tokens.source}$`) },
      events,
      credentials: [sim.credential, WRONG_API_TOKEN],
      close: async () => {
        await Promise.all([provider.close(), providerWithBadCredential.close()]);
        await sim.close();
      },
    };
  };

// One simulator per combination of CLOUDFLARE_READINGS, shared by the scenarios run under it.
describeTokenProviderContract('cloudflare', setup('user'), { readings: CLOUDFLARE_READINGS });
// Account-owned tokens: the same operations under another path, every reading at its default (no readings given: the setup gets none).
describeTokenProviderContract('cloudflare (account-owned tokens)', setup('account'));
