import * as path from 'node:path';
import * as ts from 'typescript';
import { VENDOR_LIST } from 'tokenbridge';

/**
 * Issue 15, item 4: the umbrella package re-exports every adapter whole
 * (`export *`), so two adapters exporting one name would collide — and
 * TypeScript drops an ambiguous name from an `export *` instead of failing.
 * Every public name (values and types) of each registered adapter must be
 * its own, and none may shadow one of core's.
 */

const ROOT = path.join(__dirname, '..', '..', '..');

function entryOf(packageName: string): string {
  return path.join(path.dirname(require.resolve(`${packageName}/package.json`)), 'src', 'index.ts');
}

/** Every name each entry file exports, values and types, as the compiler sees them. */
function exportedNames(files: readonly string[]): Map<string, string[]> {
  const config = ts.getParsedCommandLineOfConfigFile(path.join(ROOT, 'tsconfig.json'), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => undefined });
  const program = ts.createProgram([...files], { ...(config?.options ?? {}), noEmit: true });
  const checker = program.getTypeChecker();
  return new Map(
    files.map((file) => {
      const source = program.getSourceFile(file);
      const symbol = source && checker.getSymbolAtLocation(source);
      return [file, symbol ? checker.getExportsOfModule(symbol).map((s) => s.getName()) : []];
    }),
  );
}

/** Names exported by more than one of `packages`, with who exports them. */
function collisions(names: ReadonlyMap<string, readonly string[]>): Array<[string, string[]]> {
  const owners = new Map<string, string[]>();
  for (const [owner, list] of names) for (const name of list) owners.set(name, [...(owners.get(name) ?? []), owner]);
  return [...owners].filter(([, who]) => who.length > 1);
}

describe('the public names of the adapters', () => {
  const adapters = VENDOR_LIST.map((v) => v.packageName);
  const files = new Map([...adapters, '@tokenbridge/core'].map((name) => [name, entryOf(name)]));
  let exported: Map<string, string[]>;

  beforeAll(() => {
    const byFile = exportedNames([...files.values()]);
    exported = new Map([...files].map(([name, file]) => [name, byFile.get(file) ?? []]));
  });

  it('are read from every registered adapter', () => {
    for (const name of adapters) expect((exported.get(name) ?? []).length).toBeGreaterThan(0);
  });

  it('never repeat between two adapters, nor shadow a name of core', () => {
    expect(collisions(exported)).toEqual([]);
  });

  it('the check finds a name two packages share', () => {
    expect(collisions(new Map([['a', ['ApiTokenC', 'x']], ['b', ['ApiTokenC']]]))).toEqual([['ApiTokenC', ['a', 'b']]]);
  });
});
