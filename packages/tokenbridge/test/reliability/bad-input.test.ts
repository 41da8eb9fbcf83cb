import type { TaskEither } from 'fp-ts/TaskEither';
import { type AnyTokenProvider, Secret, TokenBridgeError, type TokenError, createTokenManager, datocms, fromEnv, kodexa, softwareone } from 'tokenbridge';
import { runCli } from 'tokenbridge/cli';
import { fails } from './support/results';
import { LeakSweep } from './support/sentinels';
import { CAPABILITIES, VENDORS, type VendorUnderTest, startVendor } from './support/vendors';

/** Bad input from users: each is `Validation` (or `Unsupported` for a field the vendor lacks) and nothing is sent. */

const sweep = new LeakSweep();
const DAY = 86_400_000;

describe.each(VENDORS)('%s', (vendor) => {
  let v: VendorUnderTest;
  let id: string;
  const p = (): AnyTokenProvider => v.provider;
  beforeAll(async () => {
    v = await startVendor(vendor);
    id = v.seed('bad input target');
  });
  afterAll(async () => {
    sweep.record(v.events);
    await v.close();
  });

  describe('nothing is sent', () => {
    beforeEach(() => v.requests.clear());
    afterEach(() => expect(v.requests.all()).toHaveLength(0));

    const limit = CAPABILITIES[vendor].limits.nameMaxLength;
    it.each([
      ['empty', ''],
      ['whitespace', ' \t\n '],
      ['over-long', 'x'.repeat(limit + 1)],
      ['holding a control character', 'bell\u0007'],
    ])('a name that is %s: create and update give Validation on name', async (_what, name) => {
      for (const task of [p().create({ ...v.createInput('ok'), name }), p().update(id, { name })]) {
        expect(await fails(task, sweep)).toMatchObject({ _tag: 'Validation', issues: [expect.objectContaining({ path: 'name' })] });
      }
    });

    it.each([
      ['an invalid Date', new Date('not a date')],
      ['an impossible calendar date', '2031-02-30T00:00:00Z'],
      ['a date without a time or zone', '2031-01-31'],
      ['a local format', '31/01/2031'],
      ['a number', 1_900_000_000_000],
    ])('an expiry that is %s gives Validation on expiresAt', async (_what, expiresAt) => {
      for (const task of [p().create({ ...v.createInput('ok'), expiresAt: expiresAt as Date }), p().update(id, { expiresAt: expiresAt as Date })]) {
        expect(await fails(task, sweep)).toMatchObject({ _tag: 'Validation', issues: [expect.objectContaining({ path: 'expiresAt' })] });
      }
    });

    it('an expiry in the past gives Validation where the vendor has expiry, Unsupported where not', async () => {
      const past = new Date(v.clock.now() - DAY);
      const expected = CAPABILITIES[vendor].create.fields.includes('expiresAt') ? { _tag: 'Validation' } : { _tag: 'Unsupported', feature: 'expiresAt' };
      expect(await fails(p().create({ ...v.createInput('ok'), expiresAt: past }), sweep)).toMatchObject(expected);
      expect(await fails(p().update(id, { expiresAt: past }), sweep)).toMatchObject(expected);
    });

    const badIds = ['', '/', 'a/b', '../x', '..', '.', 'a\\b', '?', 'a?b=1', '#', 'a#b', ' ', 'a b', '\t', 'a\nb', '\u0000', 'a\u007fb', 'a\u0085b', '%2F', 'x'.repeat(201)];
    it.each(badIds.map((bad) => [JSON.stringify(bad).slice(0, 24), bad] as const))('the id %s gives Validation for every operation on one token', async (_shown, bad) => {
      const calls: Array<TaskEither<TokenError, unknown>> = [p().get(bad), p().update(bad, { name: 'x' }), p().delete(bad), p().update({ ...sampleToken(), id: bad }, { name: 'x' })];
      if (CAPABILITIES[vendor].operations.includes('regenerate')) calls.push(p().regenerate(bad));
      for (const task of calls) expect(await fails(task, sweep)).toMatchObject({ _tag: 'Validation' });
    });

    it.each([
      ['get(42)', () => p().get(42 as never)],
      ['get(null)', () => p().get(null as never)],
      ['get({})', () => p().get({} as never)],
      ['create(null)', () => p().create(null as never)],
      ["create('name')", () => p().create('name' as never)],
      ['create({ name: 5 })', () => p().create({ name: 5 } as never)],
      ['create with an unknown field', () => p().create({ ...v.createInput('ok'), colour: 'red' } as never)],
      ['create with extra of the wrong type', () => p().create({ ...v.createInput('ok'), extra: 'roles' } as never)],
      ['update(id, null)', () => p().update(id, null as never)],
      ['update(id, [])', () => p().update(id, [] as never)],
      ["update(id, { status: 'gone' })", () => p().update(id, { status: 'gone' } as never)],
      ['update(id, { extra: { unknown: 1 } })', () => p().update(id, { extra: { unknown: 1 } } as never)],
      ["list('all')", () => p().list('all' as never)],
      ['list({ pageSize: 0 })', () => p().list({ pageSize: 0 })],
      ['list({ pageSize: 2.5 })', () => p().list({ pageSize: 2.5 })],
      ["list({ status: 'bogus' })", () => p().list({ status: 'bogus' } as never)],
      ["list({ cursor: 'forged' })", () => p().list({ cursor: 'forged' })],
      ['delete(id, 5)', () => p().delete(id, 5 as never)],
      ["delete(id, { colour: 'red' })", () => p().delete(id, { colour: 'red' } as never)],
      ["get(id, { timeoutMs: 'soon' })", () => p().get(id, { timeoutMs: 'soon' as never })],
      ["get(id, { signal: 'stop' })", () => p().get(id, { signal: 'stop' as never })],
      ['get(id, { headers: { x: 1 } })', () => p().get(id, { headers: { x: 1 as never } })],
    ])('a wrong type from a JavaScript caller, %s, gives Validation', async (_call, run: () => TaskEither<TokenError, unknown>) => {
      expect(await fails(run(), sweep)).toMatchObject({ _tag: 'Validation' });
    });
  });

  it('every id is URL-encoded into the path, whatever it holds', async () => {
    for (const odd of ['é', 'a+b', 'a:b', 'a@b', "a'b", 'a;b', 'a,b', 'a=b', 'a&b', 'a$b', '[x]', '~x', '𝄞']) {
      v.requests.clear();
      await p().get(odd)();
      await p().delete(odd)();
      expect(v.requests.all().map((r) => r.path)).toEqual([v.paths.item(encodeURIComponent(odd)), v.paths.item(encodeURIComponent(odd))]);
    }
  });

  /** A token of this provider, as a caller may hand one back. */
  function sampleToken() {
    return { provider: vendor, id, name: 'x', description: null, status: 'active' as const, createdAt: null, updatedAt: null, expiresAt: null, lastUsedAt: null, version: null, extra: {}, raw: {} };
  }
});

describe('unknown providers', () => {
  it('the manager names the providers it has', async () => {
    const manager = createTokenManager({ providers: {} as Record<string, AnyTokenProvider> });
    expect(() => manager.provider('nope')).toThrow(TokenBridgeError);
    await expect(manager.rotate({ provider: 'nope', id: '1' })).rejects.toMatchObject({ error: { _tag: 'Validation' } });
    await expect(manager.inventory({ providers: ['nope'] }).next()).rejects.toMatchObject({ error: { _tag: 'Validation' } });
  });

  it('the command line exits with the usage code, naming the provider', async () => {
    const out: string[] = [];
    const code = await runCli(['get', 'nope', '1'], { stdout: { write: (t: string) => out.push(t) }, stderr: { write: (t: string) => out.push(t) }, env: {} });
    expect(code).toBe(2);
    expect(out.join('')).toContain('"nope"');
  });
});

describe('a missing or empty credential', () => {
  const baseUrl = 'http://127.0.0.1:9';
  it.each([
    ['kodexa without options', () => kodexa(undefined as never), 'apiKey'],
    ['kodexa without apiKey', () => kodexa({ baseUrl } as never), 'apiKey'],
    ['kodexa with an empty apiKey', () => kodexa({ apiKey: '', baseUrl }), 'apiKey'],
    ['kodexa with a blank Secret', () => kodexa({ apiKey: new Secret('   '), baseUrl }), 'apiKey'],
    ['softwareone without options', () => softwareone(undefined as never), 'apiToken'],
    ['softwareone with apiToken null', () => softwareone({ apiToken: null as never }), 'apiToken'],
    ['softwareone with a whitespace apiToken', () => softwareone({ apiToken: ' \n' }), 'apiToken'],
    ['datocms without options', () => datocms(undefined as never), 'apiToken'],
    ['datocms without apiToken', () => datocms({} as never), 'apiToken'],
    ['datocms with an empty Secret', () => datocms({ apiToken: new Secret('') }), 'apiToken'],
  ])('%s makes the factory throw a TokenBridgeError naming %s', (_case, make, option) => {
    let thrown: unknown;
    try {
      make();
    } catch (error) {
      thrown = error;
    }
    expect(TokenBridgeError.isInstance(thrown)).toBe(true);
    expect((thrown as TokenBridgeError).error).toMatchObject({ _tag: 'Validation', operation: 'configure', issues: [expect.objectContaining({ path: option })] });
    expect((thrown as TokenBridgeError).message).toContain(option);
  });

  it('from the environment, an empty variable is named', () => {
    expect(() => fromEnv({ env: { TOKENBRIDGE_DATOCMS_API_TOKEN: '' } })).toThrow(/TOKENBRIDGE_DATOCMS_API_TOKEN/);
    expect(() => fromEnv({ env: { TOKENBRIDGE_KODEXA_URL: 'http://127.0.0.1:9' } })).toThrow(/TOKENBRIDGE_KODEXA_API_KEY/);
  });
});

it('no secret shows in any error or event produced above', () => {
  expect(sweep.size).toBeGreaterThan(0);
  expect(sweep.leaks()).toEqual([]);
});
