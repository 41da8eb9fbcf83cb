import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as E from 'fp-ts/Either';
import { createTokenManager, decodeDeclaration } from '@tokenbridge/core';
import { datocms } from '@tokenbridge/datocms';
import { kodexa } from '@tokenbridge/kodexa';
import { fileJournal, sinkResolver } from '@tokenbridge/rotation';
import { softwareone } from '@tokenbridge/softwareone';
import { startDatoCmsSimulator, startKodexaSimulator, startSoftwareOneSimulator } from '@tokenbridge/testing';

/** Declares a token on each vendor, then plan → apply → plan, on local simulators. */
export async function main(): Promise<void> {
  const [k, d, s] = await Promise.all([startKodexaSimulator(), startDatoCmsSimulator(), startSoftwareOneSimulator()]);
  const dir = await mkdtemp(join(tmpdir(), 'declare-example-'));
  const manager = createTokenManager({
    providers: {
      kodexa: kodexa({ apiKey: k.credential, baseUrl: k.url }),
      'dato-prod': datocms({ apiToken: d.credential, baseUrl: d.url }),
      marketplace: softwareone({ apiToken: s.credential, baseUrl: s.url }),
    },
    // Every create, rotation and prune is journaled here; resume() finishes what a crash left.
    journal: fileJournal({ path: join(dir, '.tokenbridge', 'journal.jsonl') }),
    // Sink paths are relative to the declaration's directory.
    resolveSink: sinkResolver({ baseDir: dir }),
  });
  try {
    const declaration = decodeDeclaration({
      tokens: [
        { provider: 'kodexa', name: 'ci deploy', expires: '90d', rotate: { every: '60d', grace: '24h' }, deliver: ['dotenv:.env:KODEXA_TOKEN'] },
        { provider: 'dato-prod', name: 'site build', extra: { roleId: d.roleId, canAccessCda: true }, deliver: ['json:secrets.json:datocms.cda'] },
        { provider: 'marketplace', name: 'billing export', description: 'Nightly', extra: { moduleIds: ['MOD-2048'] }, deliver: ['dotenv:.env:SWO_TOKEN'] },
      ],
    });
    // Every mistake at once, each naming its entry and field.
    if (E.isLeft(declaration)) throw declaration.left;
    const plan = await manager.plan(declaration.right);
    console.log(`plan: ${plan.status}: ${plan.actions.map((a) => `${a.kind} ${a.name}`).join(', ')}`);
    const result = await manager.apply(plan);
    console.log(`apply: ${result.status}, ${result.actions.flatMap((a) => a.delivered ?? []).length} secrets delivered`);
    const dotenv = await readFile(join(dir, '.env'), 'utf8');
    console.log(`.env holds ${dotenv.split('\n').filter(Boolean).map((line) => line.split('=')[0]).join(' and ')}`);
    console.log(`plan again: ${(await manager.plan(declaration.right)).status}`);
  } finally {
    await manager.close();
    await Promise.all([k.close(), d.close(), s.close()]);
  }
}
