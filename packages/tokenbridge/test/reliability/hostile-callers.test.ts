import type { TaskEither } from 'fp-ts/TaskEither';
import { type AnyTokenProvider, TokenBridgeError, type TokenError, type TransportOptions, VENDORS as REGISTRY, fromEnv } from 'tokenbridge';
import { SIMULATORS } from '@tokenbridge/testing';
import { cli } from './support/cli';
import { fails, ok } from './support/results';
import { LeakSweep } from './support/sentinels';
import { CAPABILITIES, VENDORS, type VendorName, type VendorUnderTest, startVendor } from './support/vendors';

/**
 * Items 2, 4, 6 and 7 of "hostile inputs, round 2": what a caller hands the
 * library is checked where it is given. No credential goes over cleartext to
 * another host; headers cannot override Host, Content-Length or the
 * credential; every factory and call option is checked by a codec; names and
 * descriptions cannot hold controls, separators or bidi controls. Each is a
 * `Validation` error naming the option (never the credential's value), at the
 * factory or before any request.
 */

const sweep = new LeakSweep();
const CREDENTIAL_OPTION = (vendor: VendorName): string => REGISTRY[vendor].credential.option;
// The header the simulator reads the credential from ("x-api-key:", "Authorization: Bearer").
const CREDENTIAL_HEADER = (vendor: VendorName): string => SIMULATORS[vendor].auth.split(':')[0] ?? '';

/** The vendor's factory with `credential` on `baseUrl` and any other options (a JavaScript caller may pass anything), through the registry. */
function make(vendor: VendorName, credential: unknown, baseUrl: string, options: Record<string, unknown> = {}): AnyTokenProvider {
  return REGISTRY[vendor].connect({ credential: credential as string, baseUrl, settings: {}, transport: options as TransportOptions });
}

/** The configuration error `build` throws; fails the test when it throws nothing or something else. */
function configError(build: () => AnyTokenProvider): TokenBridgeError {
  let thrown: unknown;
  try {
    void build().close();
  } catch (error) {
    thrown = error;
  }
  expect(TokenBridgeError.isInstance(thrown)).toBe(true);
  const error = thrown as TokenBridgeError;
  sweep.record(error);
  expect(error.error).toMatchObject({ _tag: 'Validation', operation: 'configure' });
  return error;
}

describe.each(VENDORS)('%s', (vendor) => {
  let v: VendorUnderTest;
  let id: string;
  beforeAll(async () => {
    v = await startVendor(vendor);
    id = v.seed('caller target');
  });
  afterAll(async () => {
    sweep.record(v.events);
    sweep.addSecrets(v.secrets());
    await v.close();
  });

  describe('item 2: no credential over cleartext to another host', () => {
    it.each(['http://10.0.0.7', 'http://api.example.com:8080/base', 'http://128.0.0.1', 'http://[2001:db8::1]'])('%s: the factory refuses, naming baseUrl and the opt-in', (url) => {
      const error = configError(() => make(vendor, v.credential, url));
      expect(error.error).toMatchObject({ issues: [expect.objectContaining({ path: 'baseUrl' })] });
      expect(error.message).toContain('allowInsecureHttp: true');
      expect(error.message).toContain('test rigs only');
    });

    it('allowInsecureHttp: true opts in; https and loopback need nothing', async () => {
      for (const url of ['https://api.example.com', 'http://localhost:1', 'http://127.0.0.1:1', 'http://127.42.0.1:1', 'http://[::1]:1']) void make(vendor, v.credential, url).close();
      void make(vendor, v.credential, 'http://10.0.0.7', { allowInsecureHttp: true }).close();
      // The simulators on 127.0.0.1 keep working, under any spelling of a loopback address.
      const other = v.another({});
      await ok(other.get(id), sweep);
      const aliased = make(vendor, v.credential, v.baseUrl.replace('127.0.0.1', '127.1'), { limiter: false });
      try {
        await ok(aliased.get(id), sweep);
      } finally {
        await aliased.close();
      }
    });
  });

  describe('items 4 and 6: options are checked before any request', () => {
    beforeEach(() => v.requests.clear());
    afterEach(() => expect(v.requests.all()).toHaveLength(0));

    const header = CREDENTIAL_HEADER(vendor);
    it.each([
      ['Host', { Host: 'evil.example' }],
      ['host (any case)', { hOsT: 'evil.example' }],
      ['Content-Length', { 'Content-Length': '0' }],
      ['Transfer-Encoding', { 'Transfer-Encoding': 'chunked' }],
      ['the credential header', { [header]: 'another credential' }],
      ['the credential header in upper case', { [header.toUpperCase()]: 'another credential' }],
      ['a value past ASCII', { 'X-Note': 'caf\u00e9' }],
      ['a value holding a line break', { 'X-Note': 'a\r\nX-Injected: 1' }],
    ])('a call header %s is Validation naming it, nothing sent', async (_what, headers) => {
      const error = await fails(v.provider.get(id, { headers }), sweep);
      expect(error).toMatchObject({ _tag: 'Validation', issues: [expect.objectContaining({ path: expect.stringMatching(/^options\.headers/) })] });
      expect(JSON.stringify(error)).not.toContain('another credential');
    });

    it.each([
      ['"soon"', 'soon'],
      ['-1', -1],
      ['0', 0],
      ['2**31 (past what a timer holds)', 2 ** 31],
      ['Infinity', Infinity],
      ['NaN', NaN],
    ])('a call timeoutMs of %s is Validation naming options.timeoutMs, nothing sent', async (_what, timeoutMs) => {
      for (const task of [v.provider.get(id, { timeoutMs: timeoutMs as number }), v.provider.create(v.createInput('never sent'), { timeoutMs: timeoutMs as number })] as Array<TaskEither<TokenError, unknown>>) {
        expect(await fails(task, sweep)).toMatchObject({ _tag: 'Validation', issues: [expect.objectContaining({ path: 'options.timeoutMs' })] });
      }
    });
  });

  describe('item 6: factory options are checked by codecs at the factory', () => {
    it.each<[string, Record<string, unknown>, string]>([
      ['timeoutMs "soon"', { timeoutMs: 'soon' }, 'timeoutMs'],
      ['timeoutMs -1', { timeoutMs: -1 }, 'timeoutMs'],
      ['timeoutMs 2**31', { timeoutMs: 2 ** 31 }, 'timeoutMs'],
      ['retry.retries -1', { retry: { retries: -1 } }, 'retry.retries'],
      ['retry.retries 1.5', { retry: { retries: 1.5 } }, 'retry.retries'],
      ['retry.baseMs "fast"', { retry: { baseMs: 'fast' } }, 'retry.baseMs'],
      ['retry.maxRetryAfterMs NaN', { retry: { maxRetryAfterMs: NaN } }, 'retry.maxRetryAfterMs'],
      ['an unknown retry option', { retry: { attempts: 3 } }, 'retry.attempts'],
      ['limiter.maxConcurrent 0', { limiter: { maxConcurrent: 0 } }, 'limiter.maxConcurrent'],
      ['limiter.maxPerInterval -5', { limiter: { maxPerInterval: -5 } }, 'limiter.maxPerInterval'],
      ['limiter.intervalMs 0', { limiter: { intervalMs: 0 } }, 'limiter.intervalMs'],
      ['limiter true', { limiter: true }, 'limiter'],
      ['limiter.store without open()', { limiter: { store: { name: 'redis' } } }, 'limiter.store'],
      ['limiter.key empty', { limiter: { key: ' ' } }, 'limiter.key'],
      ['a limiter hook that is not a function', { hooks: { onLimiter: 'console.warn' } }, 'hooks.onLimiter'],
      ['maxResponseBytes -1', { maxResponseBytes: -1 }, 'maxResponseBytes'],
      ['maxResponseBytes 0', { maxResponseBytes: 0 }, 'maxResponseBytes'],
      ['headers that are not strings', { headers: { 'X-Count': 5 } }, 'headers.X-Count'],
      ['a Host header', { headers: { Host: 'evil.example' } }, 'headers.Host'],
      ['the credential header', { headers: { [CREDENTIAL_HEADER(vendor)]: 'another credential' } }, `headers.${CREDENTIAL_HEADER(vendor)}`],
      ['a hook that is not a function', { hooks: { onRequest: 'console.log' } }, 'hooks.onRequest'],
      ['a clock without its functions', { clock: {} }, 'clock'],
      ['allowInsecureHttp "yes"', { allowInsecureHttp: 'yes' }, 'allowInsecureHttp'],
      ['a misspelt option', { timeout: 5000 }, 'timeout'],
    ])('%s is Validation naming %s', (_what, options, path) => {
      const error = configError(() => make(vendor, v.credential, v.baseUrl, options));
      expect(error.error).toMatchObject({ issues: expect.arrayContaining([expect.objectContaining({ path })]) });
      expect(JSON.stringify(error.error) + error.stack).not.toContain('another credential');
    });

    it.each([
      ['a space inside', (c: string) => `${c.slice(0, 6)} ${c.slice(6)}`],
      ['a tab inside', (c: string) => `${c.slice(0, 6)}\t${c.slice(6)}`],
      ['a zero-width space', (c: string) => `${c.slice(0, 6)}\u200b${c.slice(6)}`],
      ['a non-ASCII letter', (c: string) => `${c.slice(0, 6)}\u00e9${c.slice(6)}`],
      ['a NUL', (c: string) => `${c}\u0000`],
      ['a trailing line break', (c: string) => `${c}\n`],
    ])('a credential holding %s is Validation naming the option, never the value', (_what, spoil) => {
      const bad = spoil(v.credential);
      const error = configError(() => make(vendor, bad, v.baseUrl));
      expect(error.error).toMatchObject({ issues: [expect.objectContaining({ path: CREDENTIAL_OPTION(vendor) })] });
      const shown = JSON.stringify(error) + error.message + String(error.stack);
      expect(shown).not.toContain(bad);
      expect(shown).not.toContain(v.credential.slice(6));
    });
  });

  describe('item 7: names and descriptions cannot hold controls, separators or bidi controls', () => {
    beforeEach(() => v.requests.clear());
    afterEach(() => expect(v.requests.all()).toHaveLength(0));

    const characters = [
      ['U+009B (C1 CSI)', '\u009b'],
      ['U+0085 (NEL)', '\u0085'],
      ['U+2028 (line separator)', '\u2028'],
      ['U+2029 (paragraph separator)', '\u2029'],
      ['U+202E (right-to-left override)', '\u202e'],
      ['U+2066 (left-to-right isolate)', '\u2066'],
      ['U+061C (Arabic letter mark)', '\u061c'],
      ['U+200F (right-to-left mark)', '\u200f'],
      ['U+001B (ESC)', '\u001b'],
      ['U+007F (DEL)', '\u007f'],
    ] as const;
    it.each(characters)('%s in a name: create and update give Validation on name', async (_what, c) => {
      const name = `invoice${c}fdp.exe`;
      for (const task of [v.provider.create({ ...v.createInput('x'), name }), v.provider.update(id, { name })]) {
        expect(await fails(task, sweep)).toMatchObject({ _tag: 'Validation', issues: [expect.objectContaining({ path: 'name' })] });
      }
    });

    if (CAPABILITIES[vendor].create.fields.includes('description')) {
      it.each(characters)('%s in a description: create and update give Validation on description', async (_what, c) => {
        const description = `line one${c}line two`;
        for (const task of [v.provider.create({ ...v.createInput('x'), description }), v.provider.update(id, { description })]) {
          expect(await fails(task, sweep)).toMatchObject({ _tag: 'Validation', issues: [expect.objectContaining({ path: 'description' })] });
        }
      });
    }
  });
});

describe('item 2 through the environment and the command line', () => {
  const env = { TOKENBRIDGE_DATOCMS_API_TOKEN: 'sentinel-env-credential-9a8b7c6d', TOKENBRIDGE_DATOCMS_URL: 'http://192.0.2.10' };

  it('fromEnv refuses a plain-http URL to another host, naming the variable and the opt-in', () => {
    let thrown: unknown;
    try {
      fromEnv({ env });
    } catch (error) {
      thrown = error;
    }
    expect(TokenBridgeError.isInstance(thrown)).toBe(true);
    expect((thrown as TokenBridgeError).error).toMatchObject({ _tag: 'Validation', issues: [{ path: 'TOKENBRIDGE_DATOCMS_URL' }] });
    expect((thrown as TokenBridgeError).message).toContain('TOKENBRIDGE_DATOCMS_ALLOW_INSECURE_HTTP=1');
    expect(JSON.stringify(thrown) + String((thrown as Error).stack)).not.toContain(env.TOKENBRIDGE_DATOCMS_API_TOKEN);
  });

  it('TOKENBRIDGE_<VENDOR>_ALLOW_INSECURE_HTTP=1 opts in; any other value is refused', async () => {
    const manager = fromEnv({ env: { ...env, TOKENBRIDGE_DATOCMS_ALLOW_INSECURE_HTTP: '1' } });
    expect(manager.names).toEqual(['datocms']);
    await manager.close();
    expect(() => fromEnv({ env: { ...env, TOKENBRIDGE_DATOCMS_ALLOW_INSECURE_HTTP: 'yes' } })).toThrow(/TOKENBRIDGE_DATOCMS_ALLOW_INSECURE_HTTP/);
  });

  it('the command line exits with the usage code, saying how to opt in', async () => {
    const run = await cli(['list'], env);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('TOKENBRIDGE_DATOCMS_URL');
    expect(run.stderr).toContain('ALLOW_INSECURE_HTTP=1');
    expect(run.stdout + run.stderr).not.toContain(env.TOKENBRIDGE_DATOCMS_API_TOKEN);
  });

  it('a credential variable holding whitespace or past ASCII is named, never shown', () => {
    for (const credential of ['sentinel env\u200bcredential', 'sentinel-env-clé']) {
      expect(() => fromEnv({ env: { TOKENBRIDGE_DATOCMS_API_TOKEN: credential } })).toThrow(/TOKENBRIDGE_DATOCMS_API_TOKEN/);
      try {
        fromEnv({ env: { TOKENBRIDGE_DATOCMS_API_TOKEN: credential } });
      } catch (error) {
        expect(JSON.stringify(error) + String((error as Error).stack)).not.toContain(credential);
      }
    }
  });
});

it('no secret shows in any error or event produced above', () => {
  expect(sweep.size).toBeGreaterThan(0);
  expect(sweep.leaks()).toEqual([]);
});
