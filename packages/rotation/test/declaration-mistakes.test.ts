import * as E from 'fp-ts/Either';
import { type AnyTokenProvider, DeclarationError, createTokenManager, decodeDeclaration, describeIssue } from '@tokenbridge/core';
import { sinkResolver } from '@tokenbridge/rotation';
import { type Simulator, startSimulator } from './support/simulators';
import { VENDORS, providerOf } from './support/vendors';
import { VENDOR_IDS } from 'tokenbridge';

/**
 * A declaration with every kind of mistake: each is reported at once, naming
 * the entry (index, name, provider) and the field, and none reaches a vendor.
 * First what the format alone rules out, then what each vendor's own checks
 * (capabilities, `extra` codecs, rotation support) and the sink resolver do.
 */

let sims: Simulator[];
let providers: Record<string, AnyTokenProvider>;
beforeAll(async () => {
  sims = await Promise.all(VENDORS.map((vendor) => startSimulator(vendor)));
  providers = Object.fromEntries(VENDORS.map((vendor, i) => [vendor, providerOf(vendor, sims[i]?.url ?? '', sims[i]?.credential ?? '')]));
});
afterAll(async () => {
  await Promise.all(Object.values(providers).map((p) => p.close()));
  await Promise.all(sims.map((s) => s.close()));
});

/** [path, the entry's index and name, what the message says]. */
type Expected = [string, { index: number; name?: string } | undefined, string];

function expectIssues(error: unknown, expected: Expected[]): void {
  expect(error).toBeInstanceOf(DeclarationError);
  const issues = (error as DeclarationError).issues;
  expect(issues.map((i) => [i.path, i.entry ? { index: i.entry.index, ...(i.entry.name !== undefined ? { name: i.entry.name } : {}) } : undefined, i.message])).toEqual(
    expected.map(([path, entry, message]) => [path, entry, expect.stringContaining(message)]),
  );
  // Each issue's path is its entry's plus its field; its one line names both.
  for (const issue of issues) {
    if (issue.entry) expect(issue.path).toBe(issue.field === '' ? `tokens[${issue.entry.index}]` : `tokens[${issue.entry.index}].${issue.field}`);
    expect(describeIssue(issue)).toContain(issue.message);
  }
  expect((error as DeclarationError).error).toMatchObject({ _tag: 'Validation', operation: 'configure', issues });
}

it('mistakes of the format: every one reported, by entry and field', () => {
  const decoded = decodeDeclaration({
    tokens: [
      { provider: 'kodexa', name: 'ok' },
      'not an object',
      { name: 'no provider' },
      { provider: 'kodexa', name: '  padded ' },
      { provider: 'kodexa', name: 'looks rotated tb-0mpufzeo0xtsg' },
      { provider: 'kodexa', name: 'typo', expire: '30d' },
      { provider: 'kodexa', name: 'bad expiry', expires: 'soon' },
      { provider: 'kodexa', name: 'bad rotate', rotate: { every: 'monthly', strategy: 'sometimes', grace: -1 } },
      { provider: 'kodexa', name: 'rotate typo', rotate: { evry: '30d' } },
      { provider: 'datocms', name: 'grace with regenerate', rotate: { every: '30d', strategy: 'regenerate', grace: '1h' } },
      { provider: 'kodexa', name: 'window', expires: '7d', rotate: { every: '5d', before: '7d' } },
      { provider: 'kodexa', name: 'sinks', deliver: ['dotenv:.env:A', 'dotenv:.env:A'] },
      { provider: 'kodexa', name: 'ok' },
      { provider: 'kodexa', name: 'bad types', description: 5, extra: [], deliver: 'dotenv:.env:A' },
    ],
    prune: ['kodexa', 7],
  });
  expectIssues(E.isLeft(decoded) ? decoded.left : undefined, [
    ['tokens[1]', { index: 1 }, 'expected an object'],
    ['tokens[2].provider', { index: 2, name: 'no provider' }, 'expected a non-empty string'],
    ['tokens[3].name', { index: 3, name: '  padded ' }, 'whitespace'],
    ['tokens[4].name', { index: 4, name: 'looks rotated tb-0mpufzeo0xtsg' }, "tokenbridge's rotation marker"],
    ['tokens[5].expire', { index: 5, name: 'typo' }, 'unknown field'],
    ['tokens[6].expires', { index: 6, name: 'bad expiry' }, 'expected a lifetime'],
    ['tokens[7].rotate.every', { index: 7, name: 'bad rotate' }, 'expected a duration'],
    ['tokens[7].rotate.strategy', { index: 7, name: 'bad rotate' }, "expected 'replace', 'regenerate' or 'dual'"],
    ['tokens[7].rotate.grace', { index: 7, name: 'bad rotate' }, 'expected a duration'],
    ['tokens[8].rotate.evry', { index: 8, name: 'rotate typo' }, 'unknown field'],
    ['tokens[9].rotate.grace', { index: 9, name: 'grace with regenerate' }, "strategy 'replace' only"],
    ['tokens[10].rotate.before', { index: 10, name: 'window' }, 'shorter than the declared lifetime'],
    ['tokens[11].deliver[1]', { index: 11, name: 'sinks' }, 'listed twice'],
    ['tokens[12].name', { index: 12, name: 'ok' }, 'same token as tokens[0]'],
    ['tokens[13].description', { index: 13, name: 'bad types' }, 'expected string'],
    ['tokens[13].extra', { index: 13, name: 'bad types' }, 'got an array'],
    ['tokens[13].deliver', { index: 13, name: 'bad types' }, 'got a string'],
    ['prune[1]', undefined, 'expected a provider name'],
  ]);
});

it("mistakes only each vendor's checks find: every one reported before any request", async () => {
  const manager = createTokenManager({ providers, resolveSink: sinkResolver() });
  const decoded = decodeDeclaration({
    tokens: [
      { provider: 'nowhere', name: 'x' },
      { provider: 'kodexa', name: 'k'.repeat(250) },
      { provider: 'kodexa', name: 'described', description: 'Kodexa tokens have none' },
      { provider: 'kodexa', name: 'past', expires: '2020-01-01' },
      { provider: 'kodexa', name: 'regenerated', rotate: { every: '30d', strategy: 'regenerate' } },
      { provider: 'datocms', name: 'no role', extra: { canAccessCma: 'yes' } },
      { provider: 'datocms', name: 'expiring', expires: '30d', extra: { roleId: sims[2]?.facts.roleId } },
      { provider: 'softwareone', name: 'unknown attribute', extra: { colour: 'red' } },
      { provider: 'softwareone', name: 'bad module', extra: { moduleIds: ['billing'] } },
      { provider: 'softwareone', name: 'bad sinks', deliver: ['ftp://somewhere', 'cmd:not json'] },
    ],
    prune: ['elsewhere'],
  });
  if (E.isLeft(decoded)) throw decoded.left;
  expectIssues(await manager.plan(decoded.right).catch((e: unknown) => e), [
    ['tokens[0].provider', { index: 0, name: 'x' }, `no provider is configured as "nowhere"; expected one of: ${VENDOR_IDS.join(', ')}`],
    ['tokens[1].name', { index: 1, name: 'k'.repeat(250) }, "longer than 238 characters: kodexa takes 255, and tokenbridge's marker needs 17"],
    ['tokens[2].description', { index: 2, name: 'described' }, 'kodexa does not support description'],
    ['tokens[3].expires', { index: 3, name: 'past' }, 'is in the past'],
    ['tokens[4].rotate.strategy', { index: 4, name: 'regenerated' }, 'kodexa has no regenerate action'],
    ['tokens[5].extra.roleId', { index: 5, name: 'no role' }, 'got nothing'],
    ['tokens[5].extra.canAccessCma', { index: 5, name: 'no role' }, 'expected boolean'],
    ['tokens[6].expires', { index: 6, name: 'expiring' }, 'datocms does not support expiresAt'],
    ['tokens[7].extra.colour', { index: 7, name: 'unknown attribute' }, 'unknown field'],
    ['tokens[8].extra.moduleIds[0]', { index: 8, name: 'bad module' }, 'expected'],
    ['tokens[9].deliver[0]', { index: 9, name: 'bad sinks' }, 'not a sink spec'],
    ['tokens[9].deliver[1]', { index: 9, name: 'bad sinks' }, 'not a sink spec'],
    ['prune[0]', undefined, 'no provider is configured as "elsewhere"'],
  ]);
  expect(sims.map((s) => s.requests())).toEqual(sims.map(() => []));
});
