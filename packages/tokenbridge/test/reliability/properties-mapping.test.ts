import fc from 'fast-check';
import { SOFTWAREONE_DEMO_ACCOUNT } from '@tokenbridge/testing';
import * as arb from './support/arbitraries';
import { fails, ok } from './support/results';
import { LeakSweep } from './support/sentinels';
import { type VendorUnderTest, startVendor } from './support/vendors';

/**
 * Property: wire -> neutral -> wire keeps every field the vendor sends. The
 * vendor's answer is served by the simulator (a 200 fault carrying the
 * generated body), read through the adapter, and written back through it; the
 * request the simulator logs is compared with what was served.
 */

const RUNS = { numRuns: 60 };
const RENAMED = 'renamed by a property';
const sweep = new LeakSweep();

let v: VendorUnderTest;
afterEach(async () => {
  sweep.record(v.events);
  await v.close();
});

function serve(path: string, body: unknown): void {
  v.faults.clear();
  v.requests.clear();
  v.faults.add({ method: 'GET', path, phase: 'before', kind: 'status', status: 200, body });
}

const time = (iso: string | null | undefined): number | null => (iso == null ? null : Date.parse(iso));

it('kodexa: raw is the AccessToken as sent; the PUT sends it all back, unknown fields included, with only the patch changed', async () => {
  v = await startVendor('kodexa');
  await fc.assert(
    fc.asyncProperty(arb.kodexaAccessToken(fc.uuid()), async (wire) => {
      serve(v.paths.item(wire.id), wire);
      const token = await ok(v.provider.get(wire.id), sweep);
      expect(token.raw).toEqual(wire);
      expect(token).toMatchObject({ id: wire.id, name: wire.name ?? '', version: wire.changeSequence == null ? null : String(wire.changeSequence) });
      expect([token.createdAt, token.updatedAt, token.expiresAt].map((d) => d?.getTime() ?? null)).toEqual([time(wire.createdOn), time(wire.updatedOn), time(wire.expiresAt)]);
      expect(token.extra).toMatchObject({ userId: wire.userId ?? wire.user?.id ?? null, uuid: wire.uuid ?? null });

      await v.provider.update(token, { name: RENAMED })();
      // The embedded user too: the PUT replaces the whole object.
      expect(v.requests.filter({ method: 'PUT' })[0]?.body).toEqual({ ...wire, name: RENAMED });
    }),
    RUNS,
  );
});

it('softwareone: raw is the token as sent without its secret; restating it writes nothing; its replacement carries every writable field', async () => {
  v = await startVendor('softwareone');
  const id = 'TKN-4321-8765';
  await fc.assert(
    fc.asyncProperty(arb.softwareOneApiToken(id), async (wire) => {
      serve(v.paths.item(id), wire);
      const token = await ok(v.provider.get(id), sweep);
      const { token: secret, ...withoutSecret } = wire;
      expect(token.raw).toEqual(withoutSecret);
      expect(token.secret?.reveal()).toBe(secret);
      expect(token).toMatchObject({ id, name: wire.name ?? '', description: wire.description ?? null, version: wire.revision === undefined ? null : String(wire.revision) });
      expect(token.extra).toEqual({
        vendorStatus: wire.status ?? null,
        account: wire.account ? { id: wire.account.id, ...(wire.account.name !== undefined ? { name: wire.account.name } : {}), ...(wire.account.type !== undefined ? { type: wire.account.type } : {}) } : null,
        modules: wire.modules ?? [],
        icon: wire.icon ?? null,
        extensions: wire.extensions ?? null,
      });
      if (secret !== undefined) sweep.addSecrets([secret]);

      const extra = token.extra as { icon: string | null; modules: Array<{ id: string }>; extensions: Array<{ id: string }> | null };
      const restated = {
        name: token.name,
        description: token.description,
        extra: { icon: extra.icon, moduleIds: extra.modules.map((m) => m.id), ...(extra.extensions !== null ? { extensions: extra.extensions.map((e) => e.id) } : {}) },
      };
      v.requests.clear();
      await ok(v.provider.update(token, restated), sweep);
      expect(v.requests.all()).toHaveLength(0);

      const replacement = v.provider.rotation?.replacementInput(token);
      if (replacement === undefined) throw new Error('softwareone offers rotation support');
      await v.provider.create(replacement)();
      expect(v.requests.filter({ method: 'POST', path: v.paths.collection })[0]?.body).toEqual({
        account: { id: wire.account?.id ?? SOFTWAREONE_DEMO_ACCOUNT.id },
        name: wire.name,
        ...(wire.description != null ? { description: wire.description } : {}),
        ...(wire.icon != null ? { icon: wire.icon } : {}),
        modules: (wire.modules ?? []).map((m) => ({ id: m.id })),
        ...(wire.extensions != null ? { extensions: wire.extensions } : {}),
      });
    }),
    RUNS,
  );
});

it('datocms: raw is the access_token as sent without its secret; the PUT sends back all four attributes and the role', async () => {
  v = await startVendor('datocms');
  const id = '4242';
  await fc.assert(
    fc.asyncProperty(arb.datoCmsAccessToken(fc.constant(id)), async (wire) => {
      serve(v.paths.item(id), { data: wire });
      const token = await ok(v.provider.get(id), sweep);
      const { token: secret, ...attributes } = wire.attributes;
      expect(token.raw).toEqual({ ...wire, attributes });
      expect(token.secret?.reveal()).toBe(secret ? secret : undefined);
      const role = wire.relationships?.role.data ?? null;
      expect(token.extra).toEqual({
        roleId: role?.id ?? null,
        canAccessCda: wire.attributes.can_access_cda,
        canAccessCdaPreview: wire.attributes.can_access_cda_preview,
        canAccessCma: wire.attributes.can_access_cma,
        hardcodedType: wire.attributes.hardcoded_type ? wire.attributes.hardcoded_type : null,
        lastCmaAccess: wire.attributes.last_cma_access ?? null,
        lastCdaAccess: wire.attributes.last_cda_access ?? null,
      });
      if (secret) sweep.addSecrets([secret]);

      v.requests.clear();
      if (wire.attributes.hardcoded_type) {
        // The project's built-in tokens cannot be updated: refused before any write.
        expect(await fails(v.provider.update(token, { name: RENAMED }), sweep)).toMatchObject({ _tag: 'Forbidden' });
        expect(v.requests.all()).toHaveLength(0);
        return;
      }
      await v.provider.update(token, { name: RENAMED })();
      expect(v.requests.filter({ method: 'PUT' })[0]?.body).toEqual({
        data: {
          type: 'access_token',
          id,
          attributes: {
            name: RENAMED,
            can_access_cda: wire.attributes.can_access_cda,
            can_access_cda_preview: wire.attributes.can_access_cda_preview,
            can_access_cma: wire.attributes.can_access_cma,
          },
          ...(role !== null ? { relationships: { role: { data: role } } } : {}),
        },
      });
    }),
    RUNS,
  );
});

it('no secret served above shows in any token, error or event', () => {
  expect(sweep.leaks()).toEqual([]);
});
