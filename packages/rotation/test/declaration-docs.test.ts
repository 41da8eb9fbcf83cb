import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import * as E from 'fp-ts/Either';
import * as TE from 'fp-ts/TaskEither';
import { type AnyTokenProvider, type SecretSink, createTokenManager, decodeDeclaration, memoryJournal } from '@tokenbridge/core';
import { main } from './examples/declare';
import { logged } from './support/console';
import { type Simulator, startSimulator } from './support/simulators';
import { VENDORS, providerOf } from './support/vendors';

/**
 * The root README's "Tokens as code" section: its declaration (every vendor,
 * every field) and its library example are the files under test/examples,
 * verbatim, and both work against the simulators.
 */

const README = readFileSync(path.join(__dirname, '..', '..', '..', 'README.md'), 'utf8');
const EXAMPLES = path.join(__dirname, 'examples');

describe("the README's declaration", () => {
  const text = readFileSync(path.join(EXAMPLES, 'tokens.json'), 'utf8');
  let sims: Simulator[];
  let providers: AnyTokenProvider[];
  beforeAll(async () => {
    sims = await Promise.all(VENDORS.map((vendor) => startSimulator(vendor)));
    providers = VENDORS.map((vendor, i) => providerOf(vendor, sims[i]?.url ?? '', sims[i]?.credential ?? ''));
  });
  afterAll(async () => {
    await Promise.all(providers.map((p) => p.close()));
    await Promise.all(sims.map((s) => s.close()));
  });

  it('is test/examples/tokens.json, verbatim', () => {
    expect(README).toContain(`\`\`\`json\n${text}\`\`\``);
  });

  it('plans and applies on every vendor: each token created and its secret delivered to every sink it names; then no changes', async () => {
    const declaration = decodeDeclaration(JSON.parse(text));
    if (E.isLeft(declaration)) throw declaration.left;
    // Its sinks are files and commands of a real deployment: here each one is a recording in memory under the same spec.
    const received = new Map<string, string>();
    const resolveSink = (spec: string): SecretSink => ({ spec, deliver: (secret) => TE.fromIO(() => void received.set(spec, secret.reveal())) });
    const [kodexa, softwareone, datocms] = providers as [AnyTokenProvider, AnyTokenProvider, AnyTokenProvider];
    const manager = createTokenManager({ providers: { kodexa, 'dato-prod': datocms, marketplace: softwareone }, journal: memoryJournal(), resolveSink });
    const plan = await manager.plan(declaration.right);
    expect(plan.actions.map((a) => [a.kind, a.providerKey, a.name])).toEqual([
      ['create', 'kodexa', 'ci deploy'],
      ['create', 'dato-prod', 'site build'],
      ['create', 'marketplace', 'billing export'],
    ]);
    expect(await manager.apply(plan)).toMatchObject({ status: 'applied' });
    expect([...received.keys()].sort()).toEqual(declaration.right.tokens.flatMap((t) => t.deliver).sort());
    expect(await manager.plan(declaration.right)).toMatchObject({ status: 'no-changes', actions: [] });
  });
});

describe("the README's library example", () => {
  it('is test/examples/declare.ts, verbatim', () => {
    expect(README).toContain(`\`\`\`ts\n${readFileSync(path.join(EXAMPLES, 'declare.ts'), 'utf8')}\`\`\``);
  });

  it('runs against the simulators: plan → apply → plan', async () => {
    expect(await logged(main)).toEqual([
      'plan: changes: create ci deploy, create site build, create billing export',
      'apply: applied, 3 secrets delivered',
      '.env holds KODEXA_TOKEN and SWO_TOKEN',
      'plan again: no-changes',
    ]);
  });
});
