import { startKodexaSimulator } from '@tokenbridge/testing';
import { TokenBridgeError, callbackSink, fromEnv, memoryJournal, readEnv } from 'tokenbridge';

const KEY = 'kdx-sentinel-key-5f1e2d3c';

function configError(run: () => unknown): TokenBridgeError {
  try {
    run();
  } catch (error) {
    if (TokenBridgeError.isInstance(error)) return error;
    throw error;
  }
  throw new Error('expected a configuration error');
}

describe('readEnv', () => {
  it('reads each vendor, with URL and environment', () => {
    expect(
      readEnv({
        TOKENBRIDGE_KODEXA_API_KEY: KEY,
        TOKENBRIDGE_KODEXA_URL: 'https://acme.kodexa.ai',
        TOKENBRIDGE_SOFTWAREONE_API_TOKEN: 'idt:TKN-0000-0001:x',
        TOKENBRIDGE_DATOCMS_API_TOKEN: 'abc',
        TOKENBRIDGE_DATOCMS_ENVIRONMENT: 'sandbox',
        UNRELATED: 'x',
      }),
    ).toEqual([
      { key: 'kodexa', vendor: 'kodexa', credential: { env: 'TOKENBRIDGE_KODEXA_API_KEY' }, baseUrl: 'https://acme.kodexa.ai', settings: {}, origin: 'environment' },
      { key: 'softwareone', vendor: 'softwareone', credential: { env: 'TOKENBRIDGE_SOFTWAREONE_API_TOKEN' }, settings: {}, origin: 'environment' },
      { key: 'datocms', vendor: 'datocms', credential: { env: 'TOKENBRIDGE_DATOCMS_API_TOKEN' }, settings: { environment: 'sandbox' }, origin: 'environment' },
    ]);
  });

  it('names further instances of a vendor with __<NAME>', () => {
    const configured = readEnv({
      TOKENBRIDGE_DATOCMS_API_TOKEN: 'a',
      TOKENBRIDGE_DATOCMS__PROD_EU_API_TOKEN: 'b',
      TOKENBRIDGE_DATOCMS__PROD_EU_URL: 'http://127.0.0.1:1',
    });
    expect(configured.map((c) => c.key)).toEqual(['datocms', 'datocms-prod-eu']);
    expect(configured[1]).toMatchObject({ credential: { env: 'TOKENBRIDGE_DATOCMS__PROD_EU_API_TOKEN' }, baseUrl: 'http://127.0.0.1:1' });
  });

  it.each<[string, Record<string, string>, string]>([
    ['a missing credential', { TOKENBRIDGE_KODEXA_URL: 'https://a.kodexa.ai' }, 'TOKENBRIDGE_KODEXA_API_KEY'],
    ['a missing Kodexa URL', { TOKENBRIDGE_KODEXA_API_KEY: KEY }, 'TOKENBRIDGE_KODEXA_URL'],
    ['an empty value', { TOKENBRIDGE_KODEXA_API_KEY: '  ', TOKENBRIDGE_KODEXA_URL: 'https://a.kodexa.ai' }, 'TOKENBRIDGE_KODEXA_API_KEY'],
    ['a malformed URL', { TOKENBRIDGE_KODEXA_API_KEY: KEY, TOKENBRIDGE_KODEXA_URL: `not a url ${KEY}` }, 'TOKENBRIDGE_KODEXA_URL'],
    ['a URL with credentials', { TOKENBRIDGE_DATOCMS_API_TOKEN: 'a', TOKENBRIDGE_DATOCMS_URL: `https://user:${KEY}@x.com` }, 'TOKENBRIDGE_DATOCMS_URL'],
    ['a setting of another vendor', { TOKENBRIDGE_DATOCMS_API_KEY: KEY }, 'TOKENBRIDGE_DATOCMS_API_KEY'],
    ['an instance name after one underscore', { TOKENBRIDGE_DATOCMS_STAGING_API_TOKEN: KEY }, 'TOKENBRIDGE_DATOCMS_STAGING_API_TOKEN'],
  ])('%s is an error naming the variable, never its value', (_name, env, variable) => {
    const error = configError(() => readEnv(env));
    expect(error.error).toMatchObject({ _tag: 'Validation', issues: [{ path: variable }] });
    expect(error.message).toContain(variable);
    expect(JSON.stringify(error) + error.stack).not.toContain(KEY);
  });

  it('hints at the __<NAME> form for an instance name after one underscore', () => {
    const error = configError(() => readEnv({ TOKENBRIDGE_DATOCMS_STAGING_API_TOKEN: 'abc' }));
    expect(error.message).toContain('an instance name follows two underscores: TOKENBRIDGE_DATOCMS__STAGING_API_TOKEN configures datocms-staging');
  });

  it('ignores TOKENBRIDGE_ variables that name no registered vendor', () => {
    expect(readEnv({ TOKENBRIDGE_DEBUG: '1', TOKENBRIDGE_NOVENDOR_API_TOKEN: 'x' })).toEqual([]);
  });
});

describe('fromEnv', () => {
  it('builds a manager with a provider per configured instance', async () => {
    const manager = fromEnv({
      env: { TOKENBRIDGE_DATOCMS_API_TOKEN: 'a', TOKENBRIDGE_DATOCMS__STAGING_API_TOKEN: 'b', TOKENBRIDGE_SOFTWAREONE_API_TOKEN: 'idt:TKN-0000-0001:x' },
    });
    expect([...manager.names].sort()).toEqual(['datocms', 'datocms-staging', 'softwareone']);
    expect(manager.provider('datocms-staging').provider).toBe('datocms');
    await manager.close();
  });

  it('gives an empty manager when nothing is configured', async () => {
    const manager = fromEnv({ env: {} });
    expect(manager.names).toEqual([]);
    await manager.close();
  });

  it('hands the journal and the sink resolver to the manager: rotations are journaled there, and resume rebuilds sinks with it', async () => {
    const sim = await startKodexaSimulator();
    const journal = memoryJournal();
    const received: string[] = [];
    const sink = callbackSink('store', (secret) => void received.push(secret.reveal()));
    const manager = fromEnv({ env: { TOKENBRIDGE_KODEXA_URL: sim.url, TOKENBRIDGE_KODEXA_API_KEY: sim.credential }, journal, resolveSink: (spec) => (spec === sink.spec ? sink : undefined) });
    try {
      const rotated = await manager.rotate({ provider: 'kodexa', id: sim.store.seed({ name: 'from env' }).id }, { deliver: [sink] });
      expect(journal.entries.filter((e) => e.rotationId === rotated.rotationId).map((e) => e.step)).toEqual(['planned', 'created', 'verified', 'delivered', 'done']);
      // A rotation that died right after it was planned: resume starts it again, delivering through the resolver.
      const old = sim.store.seed({ name: 'crashed' }).id;
      const planned = { rotationId: '0000000010abc', at: new Date().toISOString(), step: 'planned', providerKey: 'kodexa', provider: 'kodexa', strategy: 'replace' } as const;
      await journal.append({ ...planned, oldId: old, name: 'crashed tb-0000000010abc', revoke: { kind: 'never' }, sinks: [sink.spec], credentialId: null, retireId: null, restartOf: null })();
      const report = await manager.resume();
      expect(report.items).toEqual([expect.objectContaining({ rotationId: '0000000010abc', outcome: 'restarted' })]);
      expect(received).toHaveLength(2);
      expect(sim.store.secretOf(report.items[0]?.replacementId ?? '')).toBe(received[1]);
    } finally {
      await manager.close();
      await sim.close();
    }
  });
});
