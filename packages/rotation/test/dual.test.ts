import * as E from 'fp-ts/Either';
import { Secret, createTokenManager, memoryJournal, parseMarkedName } from '@tokenbridge/core';
import { callbackSink } from '@tokenbridge/rotation';
import { simulatedVendor } from './support/simulators';
import { VENDORS, tokenToRotate } from './support/vendors';

/** `strategy: 'dual'` over real HTTP: names, markers and name filters as each vendor's simulator has them. */
describe.each(VENDORS)('%s', (vendor) => {
  const rig = simulatedVendor(vendor);

  it('three dual rotations: always two live tokens of the credential, the older revoked each time, the newest in the sink', async () => {
    let now = Date.now();
    const received: string[] = [];
    const sink = callbackSink('memory', (secret) => void received.push(secret.reveal()));
    const manager = createTokenManager({ providers: { p: rig.provider }, journal: memoryJournal(), now: () => now });
    const created = await rig.provider.create({ ...tokenToRotate(vendor, rig.sim.facts, now), name: 'dual deploy' })();
    if (E.isLeft(created)) throw new Error(created.left.message);
    const members = () => rig.sim.live().filter((t) => parseMarkedName(t.name).base === 'dual deploy');
    let ref = created.right.id;
    const revoked: Array<string | undefined> = [];
    for (let i = 0; i < 3; i++) {
      const result = await manager.rotate({ provider: 'p', id: ref }, { strategy: 'dual', deliver: [sink] });
      revoked.push(result.revokedId);
      ref = result.replacement?.id ?? '';
      expect(members()).toHaveLength(2);
      expect(members().map((m) => m.id)).toContain(ref);
      expect(new Set(members().map((m) => parseMarkedName(m.name).credentialId)).size).toBe(1);
      now += 86_400_000;
    }
    // The first rotation completed the pair; each later one retired the older token.
    expect(revoked[0]).toBeUndefined();
    expect(revoked[1]).toBe(created.right.id);
    expect(revoked.slice(1).every((id) => id !== undefined && !members().some((m) => m.id === id))).toBe(true);
    expect(received).toHaveLength(3);
    expect(await rig.provider.rotation?.verifyCredential(new Secret(received[2] ?? ''))()).toEqual(E.right({ status: 'verified' }));
  });
});
