import * as fs from 'node:fs';
import * as path from 'node:path';
import * as ts from 'typescript';
import { SIMULATORS } from '@tokenbridge/testing';
import * as umbrella from 'tokenbridge';
import { VENDORS, VENDOR_IDS, VENDOR_LIST, type VendorEntry } from 'tokenbridge';
import { missingFor } from './support/vendor-completeness';

/**
 * Issue 15, items 1 and 5: the vendor registry lists each vendor once, and
 * what derives from it holds for every entry. A vendor registered without a
 * simulator, a contract test, a README or a support-matrix column fails here.
 */

const ROOT = path.join(__dirname, '..', '..', '..');
const README = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');

function packageDir(entry: VendorEntry): string | undefined {
  try {
    return path.dirname(require.resolve(`${entry.packageName}/package.json`));
  } catch {
    return undefined;
  }
}

describe.each(VENDOR_LIST.map((v) => [v.id, v] as const))('registered vendor %s', (id, entry) => {
  it('has a simulator, a contract test, a README and a support-matrix column', () => {
    expect(missingFor({ id, displayName: entry.displayName, packageDir: packageDir(entry), simulators: Object.keys(SIMULATORS), readme: README })).toEqual([]);
  });

  it('is re-exported whole by the umbrella package', () => {
    const adapter = require(entry.packageName) as Record<string, unknown>;
    const exported = umbrella as unknown as Record<string, unknown>;
    expect(Object.keys(adapter).filter((name) => exported[name] !== adapter[name])).toEqual([]);
  });

  it('makes, through connect, a provider of its id with its capabilities', async () => {
    const provider = entry.connect({ credential: 'registry-test-credential', baseUrl: 'https://tokens.example', settings: {}, transport: {} });
    try {
      expect(provider.provider).toBe(id);
      expect(provider.capabilities).toEqual(entry.capabilities);
    } finally {
      await provider.close();
    }
  });

  it('has an id usable in variable names, and flags that fill fields its capabilities accept', () => {
    expect(id).toMatch(/^[a-z][a-z0-9]*$/);
    const accepted = [...entry.capabilities.create.extra, ...entry.capabilities.update.extra, ...entry.capabilities.delete.options];
    expect(entry.flags.filter((f) => !accepted.includes(f.field)).map((f) => f.flag)).toEqual([]);
    for (const setting of entry.settings) expect(setting.env).toMatch(/^[A-Z][A-Z0-9_]*$/);
  });
});

describe('the registry', () => {
  it('lists each vendor once, under its own id', () => {
    expect(new Set(VENDOR_IDS).size).toBe(VENDOR_IDS.length);
    for (const [key, entry] of Object.entries(VENDORS)) expect(entry.id).toBe(key);
    expect(new Set(VENDOR_LIST.map((v) => v.packageName)).size).toBe(VENDOR_LIST.length);
  });

  it('a flag shared by vendors means the same kind of value for each', () => {
    const kinds = new Map<string, Set<string>>();
    for (const flag of VENDOR_LIST.flatMap((v) => v.flags)) kinds.set(flag.flag, (kinds.get(flag.flag) ?? new Set()).add(flag.kind));
    expect([...kinds.entries()].filter(([, set]) => set.size > 1)).toEqual([]);
  });

  it('the completeness check names everything a vendor without them lacks', () => {
    const missing = missingFor({ id: 'newvendor', displayName: 'NewVendor', packageDir: path.join(ROOT, 'packages', 'no-such-package'), simulators: Object.keys(SIMULATORS), readme: README });
    expect(missing).toEqual([
      'a simulator (an entry of SIMULATORS in @tokenbridge/testing)',
      "a contract test (test/contract.test.ts calling describeTokenProviderContract('newvendor', …))",
      'a README',
      'a support-matrix column (run npm run docs)',
    ]);
  });
});

/** Every string literal and template text in `file`, comments and module specifiers (imports, re-exports) left out. */
function literals(file: string): string[] {
  const source = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  const found: string[] = [];
  const visit = (node: ts.Node): void => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier) return;
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node) || ts.isTemplateHead(node) || ts.isTemplateMiddle(node) || ts.isTemplateTail(node)) found.push(node.text);
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

function sources(dir: string, skip: (file: string) => boolean): string[] {
  return fs.readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((f) => path.join(dir, f))
    .filter((f) => f.endsWith('.ts') && !skip(f));
}

describe('no vendor name in code outside its package and the registry', () => {
  const names = VENDOR_LIST.flatMap((v) => [v.id, v.displayName]);
  const pattern = new RegExp(`\\b(${names.join('|')})\\b`, 'i');
  const shared = [
    ...sources(path.join(ROOT, 'packages', 'core', 'src'), () => false),
    ...sources(path.join(ROOT, 'packages', 'tokenbridge', 'src'), (f) => f.includes(`${path.sep}registry${path.sep}`)),
    // The testing package's shared parts: its own simulator table (simulators.ts) is keyed by vendor id.
    ...sources(path.join(ROOT, 'packages', 'testing', 'src'), (f) => !/testing[/\\]src[/\\](contract[/\\]|simulator[/\\]|[^/\\]+\.ts$)/.test(f) || f.endsWith('simulators.ts') || f.endsWith('index.ts') || f.endsWith('fixtures.ts')),
    ...sources(path.join(ROOT, 'scripts'), () => false),
  ];

  it.each(shared.map((f) => [path.relative(ROOT, f), f]))('%s', (_name, file) => {
    expect(literals(file).filter((text) => pattern.test(text))).toEqual([]);
  });
});
