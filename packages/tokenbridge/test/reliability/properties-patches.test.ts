import fc from 'fast-check';
import * as E from 'fp-ts/Either';
import type * as t from 'io-ts';
import {
  CloudflareCreateExtraC,
  CloudflarePatchExtraC,
  DatoCmsCreateExtraC,
  DatoCmsPatchExtraC,
  SoftwareOneCreateExtraC,
  KodexaCreateExtraC,
  KodexaPatchExtraC,
  SoftwareOnePatchExtraC,
  type TokenError,
  validateCreateInput,
  validatePatch,
} from 'tokenbridge';
import { LeakSweep } from './support/sentinels';
import { CAPABILITIES, VENDORS, type VendorName, type VendorUnderTest, startVendor } from './support/vendors';

/**
 * Property: an arbitrary patch (or create input) either passes the pre-flight
 * checks, and is sent, or is refused with `Validation` (`Unsupported` for a
 * field the vendor lacks) and nothing at all is sent.
 */

const RUNS = { numRuns: 100 };
const sweep = new LeakSweep();

const EXTRA_CODECS: Readonly<Record<VendorName, { readonly create: t.Decoder<unknown, unknown>; readonly patch: t.Decoder<unknown, unknown> }>> = {
  kodexa: { create: KodexaCreateExtraC, patch: KodexaPatchExtraC },
  softwareone: { create: SoftwareOneCreateExtraC, patch: SoftwareOnePatchExtraC },
  datocms: { create: DatoCmsCreateExtraC, patch: DatoCmsPatchExtraC },
  cloudflare: { create: CloudflareCreateExtraC, patch: CloudflarePatchExtraC },
};

const DAY = 86_400_000;
const CLOUDFLARE_POLICY = { effect: 'allow', resources: { 'com.cloudflare.api.account.zone.*': '*' }, permission_groups: [{ id: 'c8fed203ed3043cba015a93ad1616f1f' }] };
const goodName = fc.string({ minLength: 1, maxLength: 30 }).filter((n) => n.trim() !== '' && !/[\u0000-\u001f\u007f]/.test(n));
const future = fc.integer({ min: 1, max: 3650 }).map((days) => new Date(Date.now() + days * DAY));

/** Patches each vendor accepts: only fields it supports, with valid values. */
const VALID_PATCHES: Readonly<Record<VendorName, fc.Arbitrary<Record<string, unknown>>>> = {
  kodexa: fc.record({ name: goodName, expiresAt: fc.option(future, { nil: null }), ifVersion: fc.constantFrom('1', '2') }, { requiredKeys: [] }),
  softwareone: fc.record(
    {
      name: goodName,
      description: fc.option(fc.string({ maxLength: 10 }), { nil: null }),
      status: fc.constantFrom('active', 'disabled'),
      extra: fc.record({ moduleIds: fc.constantFrom(['MOD-2048'], [], ['MOD-1756', 'MOD-3141']), icon: fc.option(fc.constant('/icon.png'), { nil: null }) }, { requiredKeys: [] }),
    },
    { requiredKeys: [] },
  ),
  datocms: fc.record(
    { name: goodName, extra: fc.record({ roleId: fc.constant('1'), canAccessCda: fc.boolean(), canAccessCma: fc.boolean() }, { requiredKeys: [] }) },
    { requiredKeys: [] },
  ),
  cloudflare: fc.record(
    {
      name: goodName,
      expiresAt: fc.option(future, { nil: null }),
      status: fc.constantFrom('active', 'disabled'),
      extra: fc.record({ policies: fc.constant([CLOUDFLARE_POLICY]), condition: fc.constantFrom(null, { request_ip: { in: ['10.0.0.0/8'] } }) }, { requiredKeys: [] }),
    },
    { requiredKeys: [] },
  ),
};

/** Valid create inputs of each vendor. */
const VALID_INPUTS: Readonly<Record<VendorName, fc.Arbitrary<Record<string, unknown>>>> = {
  kodexa: fc.record({ name: goodName, expiresAt: fc.option(future, { nil: null }) }, { requiredKeys: ['name'] }),
  softwareone: fc.record(
    { name: goodName, description: fc.string({ maxLength: 10 }), extra: fc.record({ accountId: fc.constant('ACC-1234-5678'), moduleIds: fc.constant(['MOD-2048']) }) },
    { requiredKeys: ['name', 'extra'] },
  ),
  datocms: fc.record({ name: goodName, extra: fc.record({ roleId: fc.constant('1'), canAccessCda: fc.boolean() }, { requiredKeys: ['roleId'] }) }),
  cloudflare: fc.record({ name: goodName, expiresAt: fc.option(future, { nil: null }), extra: fc.record({ policies: fc.constant([CLOUDFLARE_POLICY]) }) }, { requiredKeys: ['name', 'extra'] }),
};

/** One wrong entry: a bad value, a wrong type, an unknown key, or a field a vendor lacks. */
const corruption = fc.constantFrom<Record<string, unknown>>(
  { name: '' },
  { name: '   ' },
  { name: 'x'.repeat(300) },
  { name: 'tab\there' },
  { name: 42 },
  { name: null },
  { description: 7 },
  { expiresAt: 'tomorrow' },
  { expiresAt: '2031-02-30T00:00:00Z' },
  { expiresAt: new Date(Number.NaN) },
  { expiresAt: new Date(Date.now() - DAY) },
  { status: 'expired' },
  { status: 'bogus' },
  { ifVersion: '' },
  { ifVersion: 3 },
  { colour: 'red' },
  { extra: { bogus: true } },
  { extra: 'extra' },
  { extra: { moduleIds: ['MOD-1'] } },
  { extra: { canAccessCda: 'yes' } },
);

const anyOf = (valid: fc.Arbitrary<Record<string, unknown>>): fc.Arbitrary<unknown> =>
  fc.oneof(valid, fc.tuple(valid, corruption).map(([base, bad]) => ({ ...base, ...bad })), fc.anything());

describe.each(VENDORS)('%s', (vendor) => {
  let v: VendorUnderTest;
  let id: string;
  beforeAll(async () => {
    v = await startVendor(vendor);
    id = v.seed('patch target');
  });
  afterAll(async () => {
    sweep.record(v.events);
    sweep.addSecrets(v.secrets());
    await v.close();
  });
  const ctx = (operation: 'create' | 'update') => ({ provider: vendor, operation });

  const seen = { valid: 0, refused: 0 };
  afterAll(() => {
    // Both sides of the property were exercised.
    expect(seen.valid).toBeGreaterThan(10);
    expect(seen.refused).toBeGreaterThan(10);
  });

  /** Checked alone, then through the provider: refused means refused the same way with no request; accepted means sent. */
  async function expectSentIffValid(checked: E.Either<TokenError, unknown>, call: () => Promise<E.Either<TokenError, unknown>>): Promise<void> {
    v.requests.clear();
    const result = await call();
    sweep.record(result);
    seen[E.isLeft(checked) ? 'refused' : 'valid'] += 1;
    if (E.isLeft(checked)) {
      expect(['Validation', 'Unsupported']).toContain(checked.left._tag);
      expect(result).toEqual(E.left(expect.objectContaining({ _tag: checked.left._tag })));
      expect(v.requests.all()).toHaveLength(0);
    } else {
      expect(v.requests.all().length).toBeGreaterThan(0);
    }
  }

  it('update: any patch validates and is sent, or is refused and nothing is sent', async () => {
    await fc.assert(
      fc.asyncProperty(anyOf(VALID_PATCHES[vendor]), async (patch) => {
        const checked = validatePatch(ctx('update'), CAPABILITIES[vendor], EXTRA_CODECS[vendor].patch, patch, v.clock.now());
        await expectSentIffValid(checked, () => v.provider.update(id, patch as never)());
      }),
      RUNS,
    );
  });

  it('create: any input validates and is sent, or is refused and nothing is sent', async () => {
    await fc.assert(
      fc.asyncProperty(anyOf(VALID_INPUTS[vendor]), async (input) => {
        const checked = validateCreateInput(ctx('create'), CAPABILITIES[vendor], EXTRA_CODECS[vendor].create, input, v.clock.now());
        await expectSentIffValid(checked, () => v.provider.create(input as never)());
      }),
      RUNS,
    );
  });
});

it('no secret shows in any error or event produced above', () => {
  expect(sweep.size).toBeGreaterThan(0);
  expect(sweep.leaks()).toEqual([]);
});
